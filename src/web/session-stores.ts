/**
 * Server-side session stores, chosen by `SESSION_STORE`: the cookie then holds only the
 * signed session id. Stores register themselves in the table: Redis from
 * redis-session-store.ts, the database from db/builtin.ts (so that the web area needs no db).
 */
import type { FastifyInstance } from "fastify";
import type { Config } from "../config/index.ts";
import { WebError, WebErrorCode } from "./errors.ts";
import type { SessionRecord } from "./session.ts";

/** Where sessions live when they are not in the cookie. Ids are random; records are JSON. */
export interface SessionStore {
  /** The record of `id`, or undefined when there is none (never stored, expired, destroyed). */
  load(id: string): Promise<SessionRecord | undefined>;
  /** Stores `record` under `id`, forgotten after `ttlSeconds` unless saved again. */
  save(id: string, record: SessionRecord, ttlSeconds: number): Promise<void>;
  destroy(id: string): Promise<void>;
  /** Run once the app has started: fails with a clear error when the store cannot work (a missing table). */
  check?(): Promise<void>;
}

/** What a store factory gets: the `SESSION_STORE` value, the app's config and Fastify instance. */
export interface SessionStoreTarget {
  /** `SESSION_STORE` as written: `redis://host/0`, `db`, `db:sessions`. */
  readonly value: string;
  readonly config: Config;
  readonly fastify: FastifyInstance;
  /** The app the store serves (a Fluid; the web area does not know its type). */
  readonly owner: object;
}

/** Makes the store of one app; throws a WebError (`BAD_SESSION_STORE`) when the target cannot be used. */
export type SessionStoreFactory = (target: SessionStoreTarget) => SessionStore;

const factories = new Map<string, SessionStoreFactory>();

/**
 * Adds a store for `SESSION_STORE` values of `scheme` (`db` for `db` and `db:<bind>`,
 * `redis` for `redis://...`); a second registration of a scheme replaces the first.
 */
export function registerSessionStore(scheme: string, factory: SessionStoreFactory): void {
  factories.set(scheme, factory);
}

/** The store `SESSION_STORE` names, or undefined for `cookie` (the data in the signed cookie). */
export function sessionStoreFor(fastify: FastifyInstance, config: Config, owner: object): SessionStore | undefined {
  const value = config.get("SESSION_STORE").trim();
  if (value === "" || value === "cookie") return undefined;
  const scheme = /^[a-z][a-z0-9+.-]*/i.exec(value)?.[0].toLowerCase() ?? "";
  const factory = factories.get(scheme);
  if (!factory || (value.length > scheme.length && value[scheme.length] !== ":")) {
    throw new WebError(
      WebErrorCode.BAD_SESSION_STORE,
      `SESSION_STORE ${JSON.stringify(value)} (${config.entry("SESSION_STORE")?.source}) is not a session store: use cookie, redis://host:port/db, ${factories.has("db") ? "db or db:<bind>" : "or (with webfluid/db) db or db:<bind>"}`,
    );
  }
  return factory({ value, config, fastify, owner });
}

/** A stored record, or undefined when the text is not one (written by something else). */
export function parseRecord(text: string): SessionRecord | undefined {
  try {
    return recordOf(JSON.parse(text));
  } catch {
    return undefined;
  }
}

/** The record in parsed JSON, or undefined when it is not one. */
export function recordOf(parsed: unknown): SessionRecord | undefined {
  const candidate = parsed as Partial<SessionRecord> | null;
  if (!candidate || typeof candidate.data !== "object" || candidate.data === null || Array.isArray(candidate.data)) return undefined;
  return { data: candidate.data, permanent: candidate.permanent === true, ...(typeof candidate.csrf === "string" ? { csrf: candidate.csrf } : {}) };
}
