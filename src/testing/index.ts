/**
 * Test helpers: build an app from an app config (with overrides) and talk to it with
 * `app.inject()`, without a socket. Nothing is served and no job starts.
 */
import { createAppFromConfig, type Fluid } from "../app/index.ts";
import { codeLayer, Config, FRAMEWORK_DEFAULTS, loadConfig } from "../config/index.ts";

export interface TestAppOptions {
  /** Project root (default: found from the current directory). */
  readonly root?: string;
  /** Highest-precedence config values, e.g. `{ DATABASE_URI: "sqlite:///:memory:" }`. */
  readonly overrides?: Readonly<Record<string, unknown>>;
}

/**
 * Loads app config `name` as `wf run` would, with `overrides` on top, and starts the app
 * (extensions and startup hooks) without listening. Call `app.shutdown()` when done.
 *
 * @example
 * ```ts
 * const app = await createTestApp("app", { overrides: { DATABASE_URI: "sqlite:///:memory:" } });
 * const res = await app.inject("/health");
 * assert.deepEqual(res.json(), { status: "ok" });
 * await app.shutdown();
 * ```
 */
export async function createTestApp(name: string, options: TestAppOptions = {}): Promise<Fluid> {
  const config = await loadConfig({
    name,
    root: options.root,
    overrides: { LOG_LEVEL: "silent", ...options.overrides },
  });
  const app = await createAppFromConfig(config);
  await app.startup();
  return app;
}

/** A config from plain values over the framework defaults, for `new Fluid(dir, { config })`. */
export function testConfig(
  values: Readonly<Record<string, unknown>> = {},
  origin: { readonly root?: string; readonly name?: string } = {},
): Config {
  return new Config({ root: origin.root ?? process.cwd(), name: origin.name ?? "test" }, [
    codeLayer("default", FRAMEWORK_DEFAULTS, true),
    codeLayer("override", { LOG_LEVEL: "silent", ...values }),
  ]);
}
