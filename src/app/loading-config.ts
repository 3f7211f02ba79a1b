/**
 * The app config being loaded by `wf` (or the testing helpers): `new Fluid(import.meta)`
 * inside the factory picks it up, so `main.ts` never names an app config itself. Held in
 * AsyncLocalStorage, so apps loaded side by side each get their own; kept on `globalThis`
 * so that two copies of this module still agree.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { Config } from "../config/index.ts";

const KEY = Symbol.for("webfluid.app.loadingConfig");
const storage = ((globalThis as Record<symbol, unknown>)[KEY] ??= new AsyncLocalStorage<Config>()) as AsyncLocalStorage<Config>;

/** Runs `fn` with `config` as the config of every Fluid created meanwhile. */
export function withLoadingConfig<T>(config: Config, fn: () => Promise<T>): Promise<T> {
  return storage.run(config, fn);
}

/** The config of the app being loaded, if any. */
export function loadingConfig(): Config | undefined {
  return storage.getStore();
}
