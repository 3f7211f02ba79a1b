/** The Redis session store, for `SESSION_STORE = redis://...` (or `rediss://` for TLS). */
import type { Redis } from "ioredis";
import { redisClient } from "./redis.ts";
import type { SessionRecord } from "./session.ts";
import { parseRecord, registerSessionStore, type SessionStore, type SessionStoreFactory } from "./session-stores.ts";

/**
 * Sessions in Redis: one key per session (`SESSION_KEY_PREFIX` + id), expiring with the session.
 * Not exported: the package's declarations then never reach ioredis's, which do not type-check
 * under `skipLibCheck: false` (they import the untyped `redis-errors`).
 */
class RedisSessionStore implements SessionStore {
  readonly #client: () => Redis;
  readonly #prefix: string;

  constructor(client: () => Redis, prefix: string) {
    this.#client = client;
    this.#prefix = prefix;
  }

  async load(id: string): Promise<SessionRecord | undefined> {
    const text = await this.#client().get(this.#prefix + id);
    return text === null ? undefined : parseRecord(text);
  }

  async save(id: string, record: SessionRecord, ttlSeconds: number): Promise<void> {
    await this.#client().set(this.#prefix + id, JSON.stringify(record), "EX", ttlSeconds);
  }

  async destroy(id: string): Promise<void> {
    await this.#client().del(this.#prefix + id);
  }
}

const redisStore: SessionStoreFactory = ({ value, config, fastify }) => {
  // Connected when the app starts (not when a command that never serves loads it), and closed with it.
  let client: Redis | undefined;
  fastify.addHook("onReady", async () => {
    client = redisClient(fastify, value);
  });
  return new RedisSessionStore(() => (client ??= redisClient(fastify, value)), config.get("SESSION_KEY_PREFIX"));
};
registerSessionStore("redis", redisStore);
registerSessionStore("rediss", redisStore);
