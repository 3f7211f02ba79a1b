/**
 * `log`: the logger of the app in context, for code that has no request or app at hand (a
 * job, a service module), as `db` is its database. Outside any app (a plain script) it
 * writes JSON lines at `info`.
 */
import type { FastifyBaseLogger } from "fastify";
import { lazyRequire } from "../lazy-require.ts";
import { currentApp } from "./current-app.ts";

type LevelName = "fatal" | "error" | "warn" | "info" | "debug" | "trace";

/** The logging methods of pino, as on `app.log` and `request.log`. */
export type ContextLog = Pick<FastifyBaseLogger, LevelName>;

let outsideApps: FastifyBaseLogger | undefined;

function target(): FastifyBaseLogger {
  const app = currentApp();
  if (app) return app.log;
  return (outsideApps ??= lazyRequire<typeof import("pino")>("pino").pino({ base: null }));
}

function forward(level: LevelName): FastifyBaseLogger[LevelName] {
  return ((...args: unknown[]) => {
    const logger = target();
    Reflect.apply(logger[level], logger, args);
  }) as FastifyBaseLogger[LevelName];
}

/**
 * @example
 * ```ts
 * import { log } from "webfluid";
 * export async function heart() { log.info("heart: beat"); }
 * ```
 */
export const log: ContextLog = {
  fatal: forward("fatal"),
  error: forward("error"),
  warn: forward("warn"),
  info: forward("info"),
  debug: forward("debug"),
  trace: forward("trace"),
};
