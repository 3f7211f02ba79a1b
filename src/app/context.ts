/**
 * The app config being loaded by `wf` (or the testing helpers): `new Fluid(import.meta)`
 * inside the factory picks it up, so `main.ts` never names an app config itself.
 * Kept on `globalThis` so that two copies of this module still agree.
 */
import type { Config } from "../config/index.ts";

const ACTIVE = Symbol.for("webfluid.app.activeConfig");
const slot = globalThis as { [ACTIVE]?: Config };

/** Runs `fn` with `config` as the config of every Fluid created meanwhile. */
export async function withActiveConfig<T>(config: Config, fn: () => Promise<T> | T): Promise<T> {
  const previous = slot[ACTIVE];
  slot[ACTIVE] = config;
  try {
    return await fn();
  } finally {
    slot[ACTIVE] = previous;
  }
}

export function activeConfig(): Config | undefined {
  return slot[ACTIVE];
}
