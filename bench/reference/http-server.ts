/**
 * The reference for bench/http.ts: the tutorial's `GET /health` and `GET /` written by
 * hand on bare Fastify 5 + Nunjucks, configured as WebFluid configures Fastify: a pino
 * logger at the same level with request logging off (so a child logger and a request id
 * per request), Nunjucks autoescaping with the template cache on (DEBUG off), the same
 * template file and context.
 *
 * node bench/reference/http-server.ts --port 3000 --templates <dir> [--log-level warn]
 */
import Fastify from "fastify";
import { serverArgs } from "../peers/common.ts";
import { serveRoutes } from "../peers/fastify-routes.ts";

const args = serverArgs();
await serveRoutes(Fastify({ logger: { level: args.logLevel }, disableRequestLogging: true }), args);
