/**
 * Heavy dependencies (Fastify, its static plugin, pino, Nunjucks) are loaded when they are
 * first needed, not when `webfluid` is imported: config.ts imports `webfluid`, so every
 * `wf` command would otherwise pay for them (about 0.1 s), also those that never serve
 * (`wf migrate`, `wf config`). They are CommonJS packages, so `require` loads them
 * synchronously, from the same module cache an `import` of them uses.
 */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** `require(name)`, typed as the caller says. */
export function lazyRequire<T>(name: string): T {
  return require(name) as T;
}
