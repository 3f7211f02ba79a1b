// How `wf` loads TypeScript: WebFluid's own sources and the project's (config.ts with TC39
// decorators, main.ts, models, extensions, revisions), compiled by esbuild in synchronous,
// in-thread module hooks (module.registerHooks).
//
// Why not tsx's `register()`: its ESM hooks run on a separate thread, and every module of the
// process (about 900 for `wf migrate current`, nearly all plain JavaScript) pays a round trip
// to it, which cost about 0.9 s of each command's start-up. Here plain JavaScript goes straight
// to Node, and each TypeScript file is compiled once: the output is cached on disk, keyed by
// the file's path, size and modification time, so later runs read it back without compiling
// or even reading the source.
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { createRequire, registerHooks, setSourceMapsSupport } from "node:module";
import { homedir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

// esbuild itself is loaded only on a cache miss; its version keys the cache.
const require = createRequire(import.meta.url);
const esbuildVersion = require("esbuild/package.json").version;

const TYPESCRIPT = /\.(?:[cm]?ts|tsx)$/;
const CACHE_DIR = join(
  process.env.WF_TS_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "webfluid", "ts"),
  `esbuild-${esbuildVersion}`,
);
let cacheUsable = true;
// `using` / `await using` run natively where V8 has them (Node 24); esbuild would lower them
// to slower helpers for every target.
const NATIVE_USING = (() => {
  try {
    new Function("{ using x = null; }");
    return true;
  } catch {
    return false;
  }
})();

/**
 * A 53-bit hash of a short string (cyrb53), for cache file names: node:crypto would add
 * about 15 ms to every start of `wf` for hashing a few paths.
 */
function hash53(text) {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/** Compiles one TypeScript module to JavaScript of the given module format. */
function compile(file, format) {
  // An edit changes the modification time (nanoseconds on today's file systems) or the size.
  const { size, mtimeMs } = statSync(file);
  const cached = join(CACHE_DIR, `${hash53(`${format} ${NATIVE_USING} ${file}`)}-${size}-${mtimeMs}.js`);
  if (cacheUsable) {
    try {
      return readFileSync(cached, "utf8");
    } catch {
      // not compiled yet
    }
  }
  const source = readFileSync(file, "utf8");
  const { code } = require("esbuild").transformSync(source, {
    loader: file.endsWith("x") ? "tsx" : "ts",
    format: format === "module" ? "esm" : "cjs",
    // Node 22 runs everything but decorators natively; esbuild lowers TC39 decorators.
    target: "node22",
    supported: { using: NATIVE_USING },
    sourcefile: file,
    sourcemap: "inline",
  });
  if (cacheUsable) {
    try {
      mkdirSync(CACHE_DIR, { recursive: true });
      const temporary = `${cached}.${process.pid}.tmp`;
      writeFileSync(temporary, code);
      renameSync(temporary, cached); // atomic: concurrent processes never read half a file
    } catch {
      cacheUsable = false; // a read-only home: compile every time
    }
  }
  return code;
}

// Stack traces (--debug, logged errors) point into the TypeScript sources. Only files
// outside node_modules are mapped, and never code built at run time (`new Function`, which
// MikroORM and pino use on hot paths): mapping those costs microseconds on every request.
setSourceMapsSupport(true, { nodeModules: false, generatedCode: false });

// In a checkout of WebFluid (its src/ beside bin/), `webfluid` and `#cli` resolve to the
// TypeScript sources, through the package's "webfluid-source" export condition; an installed
// package has only its build, which the default conditions pick.
const FROM_SOURCE = existsSync(new URL("../src/index.ts", import.meta.url));

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (FROM_SOURCE && !context.conditions.includes("webfluid-source")) {
      context = { ...context, conditions: [...context.conditions, "webfluid-source"] };
    }
    try {
      return nextResolve(specifier, context);
    } catch (error) {
      // TypeScript's convention: `import "./models.js"` names models.ts.
      if (/^\.\.?\//.test(specifier) && specifier.endsWith(".js") && error?.code === "ERR_MODULE_NOT_FOUND") {
        return nextResolve(`${specifier.slice(0, -3)}.ts`, context);
      }
      throw error;
    }
  },
  load(url, context, nextLoad) {
    if (!url.startsWith("file:") || !TYPESCRIPT.test(url)) return nextLoad(url, context);
    const file = fileURLToPath(url);
    // Node decided the format from the extension and the nearest package.json "type".
    const format = url.endsWith(".cts") || context.format === "commonjs-typescript" ? "commonjs" : "module";
    return { format, source: compile(file, format), shortCircuit: true };
  },
});
