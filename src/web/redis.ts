/**
 * One Redis connection per app and URI, shared by the features that keep state in Redis
 * (sessions, rate limits), and closed with the app.
 */
import type { FastifyInstance } from "fastify";
import type { Redis } from "ioredis";
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
    client = new RedisClient(uri, { lazyConnect: false, maxRetriesPerRequest: 2 });
    byUri.set(uri, client);
  }
  return client;
}
