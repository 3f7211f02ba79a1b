/**
 * One Redis connection per app and URI, shared by the features that keep state in Redis
 * (sessions, rate limits), and closed with the app.
 *
 * While the server is unreachable the client keeps reconnecting; each command waits for at
 * most two reconnection attempts, then fails, so a caller decides what an outage means
 * (rate limits let requests through, see docs/security.md). The outage is logged once as a
 * warning, and its end once.
 */
import type { FastifyInstance } from "fastify";
import type { Redis } from "ioredis";
import { maskUri } from "../config/index.ts";
import { lazyRequire } from "../lazy-require.ts";

const clients = new WeakMap<FastifyInstance, Map<string, Redis>>();

/** The app's client for `uri` (`redis://host:port/db`, `rediss://` for TLS), opened on first use. */
export function redisClient(fastify: FastifyInstance, uri: string): Redis {
  let byUri = clients.get(fastify);
  if (!byUri) {
    const opened = new Map<string, Redis>();
    byUri = opened;
    clients.set(fastify, opened);
    fastify.addHook("onClose", async () => {
      await Promise.all([...opened.values()].map((client) => client.quit().catch(() => client.disconnect())));
    });
  }
  let client = byUri.get(uri);
  if (!client) {
    const { Redis: RedisClient } = lazyRequire<typeof import("ioredis")>("ioredis");
    // A short connect timeout: a request waiting on an unreachable server waits this long per attempt.
    client = new RedisClient(uri, { lazyConnect: false, maxRetriesPerRequest: 2, connectTimeout: 2000 });
    logOutages(fastify, client, maskUri(uri));
    byUri.set(uri, client);
  }
  return client;
}

/** Logs the first error of an outage (without one, ioredis prints every retry to stderr) and its end. */
function logOutages(fastify: FastifyInstance, client: Redis, where: string): void {
  let down = false;
  client.on("error", (error: Error) => {
    if (down) return;
    down = true;
    fastify.log.warn(`Redis at ${where} is unreachable (${error.message}); reconnecting`);
  });
  client.on("ready", () => {
    if (!down) return;
    down = false;
    fastify.log.info(`Redis at ${where} is reachable again`);
  });
}
