/**
 * `request.session`: a mutable mapping of JSON values that lives across a client's requests,
 * typed by declaration merging of {@link SessionData}. The mapping only records what changed;
 * loading and saving it (a signed cookie, Redis, the database) is sessions.ts's business.
 */
import { randomBytes } from "node:crypto";

/**
 * The keys an app keeps in its sessions, and their types: declare them once and
 * `request.session.get("userId")` is typed. Keys not declared hold any {@link SessionValue}.
 *
 * @example
 * ```ts
 * declare module "webfluid" {
 *   interface SessionData { userId: number; visits: number }
 * }
 * const visits = (request.session.get("visits") ?? 0) + 1;
 * request.session.set("visits", visits);
 * ```
 */
export interface SessionData {}

/** What a session can hold: JSON values (they are stored as JSON). */
export type SessionValue = string | number | boolean | null | readonly SessionValue[] | { readonly [key: string]: SessionValue };

/** The type of `key`'s value: declared in {@link SessionData}, or any {@link SessionValue}. */
export type SessionValueOf<K extends string> = K extends keyof SessionData ? SessionData[K] : SessionValue;

/** A session as stores keep it: the data, whether it is permanent, and its CSRF secret. */
export interface SessionRecord {
  readonly data: Readonly<Record<string, SessionValue>>;
  readonly permanent: boolean;
  readonly csrf?: string;
}

/** A new random secret (32 bytes, base64url): session ids and CSRF secrets. */
export function randomSecret(): string {
  return randomBytes(32).toString("base64url");
}

/** The session's state that the saving code reads; not part of the mapping's API. */
export interface SessionInternals {
  readonly record: SessionRecord;
  readonly modified: boolean;
  readonly regenerated: boolean;
  /** No data and no CSRF secret: nothing to store. */
  readonly empty: boolean;
  /** The CSRF secret, created (and the session marked modified) when `create` is set. */
  csrfSecret(create: boolean): string | undefined;
}

export const INTERNALS = Symbol("webfluid.session.internals");

/** Made in Session's static block, where it can read what the mapping keeps private. */
let Internals: new (session: Session) => SessionInternals;

/**
 * The session of a request, as `request.session`: `get`, `set`, `delete`, `clear`, `has`,
 * iteration over `[key, value]` pairs. It is saved at the end of the request when it was
 * changed through these methods; after changing a value in place (an array's `push`), set
 * `modified = true`.
 *
 * @example
 * ```ts
 * app.post("/login", async (request) => {
 *   const user = await checkPassword(await request.form());
 *   request.session.regenerate();          // a new session id: no session fixation
 *   request.session.set("userId", user.id);
 *   request.session.permanent = true;      // kept PERMANENT_SESSION_LIFETIME, not until the browser closes
 *   return new RedirectResponse("/", { status: 303 });
 * });
 * ```
 */
export class Session implements Iterable<[string, SessionValue]> {
  readonly #data: Map<string, SessionValue>;
  #permanent: boolean;
  #csrf: string | undefined;
  #modified = false;
  #regenerated = false;
  /** What the saving code reads, made on first use. */
  #internals: SessionInternals | undefined;
  /** True when the request brought no valid session (a new visitor, an expired or changed cookie). */
  readonly isNew: boolean;

  constructor(record?: SessionRecord) {
    this.#data = new Map(Object.entries(record?.data ?? {}));
    this.#permanent = record?.permanent ?? false;
    this.#csrf = record?.csrf;
    this.isNew = record === undefined;
  }

  get<K extends string>(key: K): SessionValueOf<K> | undefined {
    return this.#data.get(key) as SessionValueOf<K> | undefined;
  }

  set<K extends string>(key: K, value: SessionValueOf<K>): this {
    this.#data.set(key, value as SessionValue);
    this.#modified = true;
    return this;
  }

  has(key: string): boolean {
    return this.#data.has(key);
  }

  /** Removes `key`; true when it was there. */
  delete(key: string): boolean {
    const had = this.#data.delete(key);
    if (had) this.#modified = true;
    return had;
  }

  /** Removes every key (logging out); the CSRF token goes too, and a new one is made when needed. */
  clear(): void {
    this.#data.clear();
    this.#csrf = undefined;
    this.#modified = true;
  }

  get size(): number {
    return this.#data.size;
  }

  keys(): IterableIterator<string> {
    return this.#data.keys();
  }

  values(): IterableIterator<SessionValue> {
    return this.#data.values();
  }

  entries(): IterableIterator<[string, SessionValue]> {
    return this.#data.entries();
  }

  [Symbol.iterator](): IterableIterator<[string, SessionValue]> {
    return this.#data.entries();
  }

  /** The data as a plain object. */
  toJSON(): Record<string, SessionValue> {
    return Object.fromEntries(this.#data);
  }

  /** Saved at the end of the request. Set it after changing a value in place. */
  get modified(): boolean {
    return this.#modified;
  }

  set modified(value: boolean) {
    this.#modified = value;
  }

  /**
   * A permanent session's cookie lasts PERMANENT_SESSION_LIFETIME; otherwise it ends when
   * the browser closes (the server forgets it after PERMANENT_SESSION_LIFETIME either way).
   */
  get permanent(): boolean {
    return this.#permanent;
  }

  set permanent(value: boolean) {
    if (value !== this.#permanent) this.#modified = true;
    this.#permanent = value;
  }

  /**
   * Gives the session a new id (server-side stores drop the old one) and a new CSRF token,
   * keeping its data: call it when a user logs in, so that a session id planted by someone
   * else before the login is worth nothing after it.
   */
  regenerate(): void {
    this.#regenerated = true;
    this.#csrf = undefined;
    this.#modified = true;
  }

  get [INTERNALS](): SessionInternals {
    return (this.#internals ??= new Internals(this));
  }

  static {
    // A class, not an object literal with getters: one of those costs about 2 us to make, on
    // every request that reads its session. `record` is built only when read (a session is saved).
    Internals = class implements SessionInternals {
      readonly #session: Session;

      constructor(session: Session) {
        this.#session = session;
      }

      get record(): SessionRecord {
        const session = this.#session;
        const csrf = session.#csrf;
        return { data: session.toJSON(), permanent: session.#permanent, ...(csrf ? { csrf } : {}) };
      }

      get modified(): boolean {
        return this.#session.#modified;
      }

      get regenerated(): boolean {
        return this.#session.#regenerated;
      }

      get empty(): boolean {
        return this.#session.#data.size === 0 && this.#session.#csrf === undefined;
      }

      csrfSecret(create: boolean): string | undefined {
        const session = this.#session;
        if (session.#csrf === undefined && create) {
          session.#csrf = randomSecret();
          session.#modified = true;
        }
        return session.#csrf;
      }
    };
  }
}
