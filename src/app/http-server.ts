/**
 * An app's Fastify instance, built from its config: the logger, WebFluid's body parser and
 * error handlers, the package's static files, and the app's context around every route
 * handler, so that `db` and `scheduler` in a handler are the app's.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteHandlerMethod } from "fastify";
import { lazyRequire } from "../lazy-require.ts";
import { installAccessLog } from "./access-log.ts";
import { installBodyParser } from "./body.ts";
import { currentApp, runInApp } from "./current-app.ts";
import type { Fluid } from "./fluid.ts";
import { clientErrorHandler, frameworkErrors, installErrorHandlers } from "./http-errors.ts";
import { httpLimits } from "./http-limits.ts";
import { lazyChildLoggers } from "./lazy-logger.ts";
import { createLogger } from "./logger.ts";
import { buildValidator } from "./validators.ts";
import { installWeb } from "../web/index.ts";

/**
 * Creates the Fastify instance of `app`; reads the config now (LOG_LEVEL, LOG_FORMAT, ACCESS_LOG,
 * MAX_CONTENT_LENGTH, TRUST_PROXY, REQUEST_TIMEOUT, REQUEST_HEADER_TIMEOUT, KEEPALIVE_TIMEOUT).
 */
export function createFastify(app: Fluid): FastifyInstance {
  const Fastify = lazyRequire<typeof import("fastify").default>("fastify");
  const fastifyStatic = lazyRequire<typeof import("@fastify/static").default>("@fastify/static");
  const config = app.config;
  const logger = createLogger(config);
  const limits = httpLimits(config);
  const fastify = Fastify({
    // The logger is not given to Fastify as its `loggerInstance`: with one, Fastify times
    // every request and listens for its end in order to log it, which ACCESS_LOG does its
    // own way (access-log.ts). Requests reach the app's logger through their child loggers,
    // the instance through `fastify.log`, set below.
    childLoggerFactory: lazyChildLoggers(logger),
    disableRequestLogging: true,
    trustProxy: config.get("TRUST_PROXY"),
    bodyLimit: config.get("MAX_CONTENT_LENGTH"),
    // Node's server: headersTimeout and the checking interval exist only as its options.
    http: limits,
    requestTimeout: limits.requestTimeout,
    keepAliveTimeout: limits.keepAliveTimeout,
    // No idle-socket timeout (`connectionTimeout`): it would also cut a slow handler or a
    // quiet streaming response; the request's arrival is bounded by the timeouts above.
    connectionTimeout: 0,
    // A request arriving on a kept-alive connection while the server closes is served (with
    // Connection: close) rather than refused with Fastify's own 503 body.
    return503OnClosing: false,
    frameworkErrors,
    clientErrorHandler,
    // JSON bodies are validated as sent, without type coercion (validators.ts).
    schemaController: { compilersFactory: { buildValidator } },
  });
  // Before anything is registered, so that plugins' instances inherit it.
  fastify.log = logger;
  // First, so that plugins registered later (static files, the user's) inherit it.
  fastify.addHook("onRoute", (route) => {
    route.handler = inApp(app, route.handler);
  });
  if (config.get("ACCESS_LOG")) installAccessLog(fastify);
  installBodyParser(fastify);
  installErrorHandlers(fastify);
  installWeb(fastify, config, app);
  const staticDir = join(app.packageDir, "static");
  if (existsSync(staticDir)) fastify.register(fastifyStatic, { root: staticDir, prefix: "/static/" });
  return fastify;
}

/**
 * Stops accepting connections and waits for in-flight requests. Fastify closes idle
 * keep-alive connections once, as close() starts; a connection whose in-flight request
 * finishes later would hold close() until keepAliveTimeout (fastify/fastify#7044), so idle
 * ones are swept while the close is pending.
 */
export async function closeFastify(fastify: FastifyInstance): Promise<void> {
  const sweep = setInterval(() => fastify.server.closeIdleConnections(), 100);
  try {
    await fastify.close();
  } finally {
    clearInterval(sweep);
  }
}

/**
 * The handler, in the app's context. A server that listens inside it (Fluid.listen) already
 * runs its requests there, since they inherit the context their server was started in;
 * entering it again would cost every request a new context frame.
 */
function inApp(app: Fluid, handler: RouteHandlerMethod): RouteHandlerMethod {
  return function handleInApp(this: FastifyInstance, request: FastifyRequest, reply: FastifyReply) {
    if (currentApp() === app) return handler.call(this, request, reply);
    return runInApp(app, () => handler.call(this, request, reply));
  };
}
