/**
 * The app's logger: pino, writing JSON lines for log collectors or readable, coloured lines
 * for a person at a terminal (`LOG_FORMAT`). Every line names the app and, under
 * `wf run --workers`, the worker that wrote it.
 */
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from "fastify";
import { workerIdFromEnv, type Config } from "../config/index.ts";
import { lazyRequire } from "../lazy-require.ts";

export function createLogger(config: Config): FastifyBaseLogger {
  const { pino } = lazyRequire<typeof import("pino")>("pino");
  const worker = workerIdFromEnv();
  const options = {
    level: config.get("LOG_LEVEL"),
    base: worker === undefined ? { app: config.name } : { app: config.name, worker },
    serializers: { req: requestFields, res: replyFields },
  };
  if (!writesPretty(config.get("LOG_FORMAT"))) return pino(options);
  // Loaded only here: a production process never pays for the pretty printer.
  const pretty = lazyRequire<typeof import("pino-pretty")>("pino-pretty").build;
  // Synchronous, so that lines are not lost when the process exits right after writing them.
  return pino(options, pretty({ sync: true, translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname" }));
}

// `{ req }` and `{ res }` in a log call write what Fastify's own serializers write (pino's
// default one for `err` stays).
function requestFields(request: FastifyRequest): Record<string, unknown> {
  return {
    method: request.method,
    url: request.url,
    version: request.headers?.["accept-version"],
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

function replyFields(reply: FastifyReply): Record<string, unknown> {
  return { statusCode: reply.statusCode };
}

/** `auto` is pretty when a person reads the output (a terminal, which `--reload` keeps). */
function writesPretty(format: "auto" | "json" | "pretty"): boolean {
  return format === "pretty" || (format === "auto" && process.stdout.isTTY === true);
}
