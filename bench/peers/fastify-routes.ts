/**
 * bench/http.ts's two routes on a Fastify instance, for the two Fastify servers (the
 * reference, configured as WebFluid configures Fastify, and Fastify with its defaults):
 * `GET /health` as JSON and `GET /` from the tutorial's Nunjucks template.
 */
import type { FastifyInstance } from "fastify";
import { closeOnSignal, HEALTH, pageRenderer, type ServerArgs } from "./common.ts";

/** Adds the routes, listens on `args.port` and closes on SIGTERM. */
export async function serveRoutes(app: FastifyInstance, args: ServerArgs): Promise<void> {
  const page = pageRenderer(args.templates);
  app.get("/health", async () => HEALTH);
  app.get("/", async (_request, reply) => {
    reply.type("text/html; charset=utf-8");
    return page();
  });
  await app.listen({ host: "127.0.0.1", port: args.port });
  closeOnSignal(() => app.close());
}
