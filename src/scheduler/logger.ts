/**
 * Where the scheduler writes its log lines. Any pino-style logger fits (Fastify's `app.log`).
 */
import { lazyRequire } from "../lazy-require.ts";

/** Log methods the scheduler calls: `(fields, message)`, as pino takes them. */
export interface SchedulerLogger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

let fallback: SchedulerLogger | undefined;

/** The logger used when none is configured: pino on stdout, named `webfluid.scheduler`. */
export function defaultLogger(): SchedulerLogger {
  return (fallback ??= lazyRequire<typeof import("pino")>("pino").pino({ name: "webfluid.scheduler" }));
}
