/**
 * Fastify 5 as it ships (`Fastify()`: logger off), serving bench/http.ts's two routes.
 *
 * node bench/peers/fastify.ts --port 3000 --templates <dir>
 */
import Fastify from "fastify";
import { serverArgs } from "./common.ts";
import { serveRoutes } from "./fastify-routes.ts";

await serveRoutes(Fastify(), serverArgs());
