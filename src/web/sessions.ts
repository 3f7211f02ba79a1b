/**
 * Loading and saving `request.session`. With the default `SESSION_STORE = cookie` the whole
 * session is in the cookie, signed with SECRET_KEY (readable by the client, not changeable);
 * with a server-side store the cookie holds only the signed, random session id. A session
 * is saved at the end of a request when it was modified, and, when permanent, on every
 * request (SESSION_REFRESH_EACH_REQUEST). A cookie that does not verify, has expired or
 * names no stored session gives an empty session, never an error.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { ConfigError, ConfigErrorCode, type Config } from "../config/index.ts";
import { deleteCookie, requestCookies, writeCookie } from "./cookies.ts";
import { needsCsrfToken } from "./csrf.ts";
import { noSecretKey } from "./errors.ts";
import { isAppRoute } from "./route-options.ts";
import { INTERNALS, randomSecret, Session, type SessionInternals, type SessionRecord } from "./session.ts";
import { recordOf, sessionStoreFor, type SessionStore } from "./session-stores.ts";
import { createSigner, secretKeys, type Signer } from "./signing.ts";

/** Browsers drop larger cookies (name, value and attributes count). */
const MAX_COOKIE_BYTES = 4093;

/** How an app keeps sessions, from its config. */
export interface SessionSettings {
  readonly signer: Signer;
  readonly store: SessionStore | undefined;
  readonly cookieName: string;
  readonly lifetime: number;
  readonly refreshEachRequest: boolean;
  readonly cookie: {
    readonly path: string;
    readonly domain: string | undefined;
    readonly secure: boolean;
    readonly httpOnly: boolean;
    readonly sameSite: "lax" | "strict" | "none";
  };
}

/** A request's session and where it came from. */
interface Loaded {
  readonly session: Session;
  /** The server-side id the cookie named (and the store knew). */
  readonly id: string | undefined;
  /** The request brought a session cookie that verified. */
  readonly fromCookie: boolean;
  /** That cookie was signed with a fallback key: send it again signed with the current one. */
  readonly renew: boolean;
}

const loaded = new WeakMap<FastifyRequest, Loaded>();
const SETTINGS = Symbol.for("webfluid.sessions");

/**
 * Reads the session settings (checking them now, so that a bad value stops the app at
 * start) and adds the hooks that load sessions before handlers and save them after.
 * Without SECRET_KEY there are no sessions, and using one is an error that says so.
 */
export function installSessions(fastify: FastifyInstance, config: Config, owner: object): SessionSettings | undefined {
  const keys = secretKeys(config);
  const storeValue = config.get("SESSION_STORE").trim();
  if (!keys) {
    if (storeValue !== "" && storeValue !== "cookie") throw noSecretKey(`SESSION_STORE = ${storeValue}`);
    fastify.decorate(SETTINGS, undefined);
    return undefined;
  }
  const settings: SessionSettings = {
    signer: createSigner(keys, "session"),
    store: sessionStoreFor(fastify, config, owner),
    cookieName: config.get("SESSION_COOKIE_NAME"),
    lifetime: positiveSeconds(config),
    refreshEachRequest: config.get("SESSION_REFRESH_EACH_REQUEST"),
    cookie: {
      path: config.get("SESSION_COOKIE_PATH"),
      domain: config.get("SESSION_COOKIE_DOMAIN") || undefined,
      secure: config.get("SESSION_COOKIE_SECURE"),
      httpOnly: config.get("SESSION_COOKIE_HTTPONLY"),
      sameSite: sameSiteOf(config),
    },
  };
  fastify.decorate(SETTINGS, settings);
  const store = settings.store;
  if (store) {
    if (store.check) fastify.addHook("onReady", () => store.check!());
    // A server-side session is loaded before the handler, so that `request.session` stays synchronous.
    fastify.addHook("preHandler", async (request) => {
      if (request.headers.cookie && wantsSession(request)) await loadFromStore(request, settings, store);
    });
  }
  // A callback hook, not an async one: most answers have no session to save, and an async
  // hook costs every request a promise and a turn of the microtask queue.
  fastify.addHook("onSend", (request, reply, _payload, done) => {
    const found = loaded.get(request);
    if (!found) return done();
    let saving: Promise<void> | undefined;
    try {
      saving = save(found, reply, settings);
    } catch (error) {
      return done(error as Error);
    }
    if (saving) saving.then(() => done(), done);
    else done();
  });
  return settings;
}

/** Routes added through WebFluid get `request.session`; the CSRF check needs it for unsafe methods. */
function wantsSession(request: FastifyRequest): boolean {
  return isAppRoute(request.routeOptions) || needsCsrfToken(request);
}

/**
 * The session of `request`: loaded before the handler (server-side stores), or read from the
 * cookie now (the cookie store); an empty one when the request brought none.
 *
 * @throws WebError `WF_ERR_WEB_NO_SECRET_KEY` when the app has no SECRET_KEY.
 */
export function sessionOf(request: FastifyRequest, what = "request.session"): Session {
  const found = loaded.get(request);
  if (found) return found.session;
  const settings = sessionSettings(request);
  if (!settings) throw noSecretKey(what);
  const fresh = settings.store ? undefined : readCookieSession(request, settings);
  const made: Loaded = fresh ?? { session: new Session(), id: undefined, fromCookie: false, renew: false };
  loaded.set(request, made);
  return made.session;
}

/** The app's session settings (undefined without SECRET_KEY), kept on its Fastify instance, which plugins' contexts inherit. */
export function sessionSettings(request: FastifyRequest): SessionSettings | undefined {
  return (request.server as unknown as Record<typeof SETTINGS, SessionSettings | undefined>)[SETTINGS];
}

function cookieValue(request: FastifyRequest, settings: SessionSettings): { value: string; renew: boolean } | undefined {
  const raw = requestCookies(request)[settings.cookieName];
  if (!raw) return undefined;
  const unsigned = settings.signer.unsign(raw);
  return unsigned.valid ? { value: unsigned.value, renew: unsigned.renew } : undefined;
}

/** The cookie store's session: `base64url(JSON {data, permanent, csrf, t})`, signed; `t` is when it was saved. */
function readCookieSession(request: FastifyRequest, settings: SessionSettings): Loaded | undefined {
  const cookie = cookieValue(request, settings);
  if (!cookie) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cookie.value, "base64url").toString("utf8"));
    const saved = (parsed as { t?: unknown } | null)?.t;
    if (typeof saved !== "number" || saved + settings.lifetime < nowSeconds()) return undefined;
    const record = recordOf(parsed);
    return record && { session: new Session(record), id: undefined, fromCookie: true, renew: cookie.renew };
  } catch {
    return undefined;
  }
}

async function loadFromStore(request: FastifyRequest, settings: SessionSettings, store: SessionStore): Promise<void> {
  if (loaded.has(request)) return;
  const cookie = cookieValue(request, settings);
  const record = cookie ? await store.load(cookie.value) : undefined;
  loaded.set(
    request,
    record && cookie
      ? { session: new Session(record), id: cookie.value, fromCookie: true, renew: cookie.renew }
      : { session: new Session(), id: undefined, fromCookie: false, renew: false },
  );
}

/**
 * Saves the session when it needs it. Synchronous for the cookie store (and when there is
 * nothing to save, the common case): a promise only when a server-side store is written.
 */
function save(found: Loaded, reply: FastifyReply, settings: SessionSettings): Promise<void> | undefined {
  const state = found.session[INTERNALS];
  varyOnCookie(reply);
  const { store } = settings;
  if (state.empty) {
    // Nothing to keep: forget what the client had.
    if (!state.modified) return undefined;
    if (store && found.id) return store.destroy(found.id).then(() => forgetCookie(found, reply, settings));
    forgetCookie(found, reply, settings);
    return undefined;
  }
  const refresh = found.session.permanent && settings.refreshEachRequest;
  if (!state.modified && !refresh && !found.renew) return undefined;
  if (store) return saveInStore(found, reply, settings, store, state);
  const record = state.record;
  const payload = JSON.stringify({ ...record, t: nowSeconds() } satisfies SessionRecord & { t: number });
  const value = settings.signer.sign(Buffer.from(payload, "utf8").toString("base64url"));
  if (value.length + settings.cookieName.length > MAX_COOKIE_BYTES) {
    reply.log.warn(
      `the session cookie is ${value.length} bytes, more than browsers keep (${MAX_COOKIE_BYTES}): keep less in the session, or set SESSION_STORE to redis:// or db`,
    );
  }
  setSessionCookie(reply, settings, value, record.permanent);
  return undefined;
}

async function saveInStore(found: Loaded, reply: FastifyReply, settings: SessionSettings, store: SessionStore, state: SessionInternals): Promise<void> {
  const { record, regenerated } = state;
  if (regenerated && found.id) await store.destroy(found.id);
  const id = regenerated || !found.id ? randomSecret() : found.id;
  await store.save(id, record, settings.lifetime);
  setSessionCookie(reply, settings, settings.signer.sign(id), record.permanent);
}

function setSessionCookie(reply: FastifyReply, settings: SessionSettings, value: string, permanent: boolean): void {
  writeCookie(reply, settings.cookieName, value, { ...settings.cookie, maxAge: permanent ? settings.lifetime : undefined });
}

function forgetCookie(found: Loaded, reply: FastifyReply, settings: SessionSettings): void {
  if (found.fromCookie) deleteCookie(reply, settings.cookieName, { path: settings.cookie.path, domain: settings.cookie.domain });
}

function varyOnCookie(reply: FastifyReply): void {
  const vary = reply.getHeader("vary");
  const text = Array.isArray(vary) ? vary.join(", ") : vary === undefined ? "" : String(vary);
  if (!/(^|,)\s*(cookie|\*)\s*(,|$)/i.test(text)) reply.header("vary", text ? `${text}, Cookie` : "Cookie");
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

function positiveSeconds(config: Config): number {
  const lifetime = config.get("PERMANENT_SESSION_LIFETIME");
  if (Number.isInteger(lifetime) && lifetime > 0) return lifetime;
  throw new ConfigError(
    ConfigErrorCode.BAD_VALUE,
    `PERMANENT_SESSION_LIFETIME (${config.entry("PERMANENT_SESSION_LIFETIME")?.source}) must be a whole number of seconds above 0; got ${JSON.stringify(lifetime)}`,
  );
}

function sameSiteOf(config: Config): "lax" | "strict" | "none" {
  const value = String(config.get("SESSION_COOKIE_SAMESITE")).toLowerCase();
  if (value !== "lax" && value !== "strict" && value !== "none") {
    throw new ConfigError(
      ConfigErrorCode.BAD_VALUE,
      `SESSION_COOKIE_SAMESITE (${config.entry("SESSION_COOKIE_SAMESITE")?.source}) must be Lax, Strict or None; got ${JSON.stringify(config.get("SESSION_COOKIE_SAMESITE"))}`,
    );
  }
  if (value === "none" && !config.get("SESSION_COOKIE_SECURE")) {
    throw new ConfigError(
      ConfigErrorCode.BAD_VALUE,
      `SESSION_COOKIE_SAMESITE = None needs SESSION_COOKIE_SECURE = 1 (browsers drop SameSite=None cookies that are not Secure)`,
    );
  }
  return value;
}
