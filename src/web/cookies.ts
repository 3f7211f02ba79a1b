/**
 * Cookies: read from the Cookie header when first asked for, written as Set-Cookie lines
 * when set, with secure defaults (path `/`, SameSite Lax, HttpOnly for signed cookies),
 * checked, and signed with SECRET_KEY (rotation-aware, see signing.ts).
 *
 * WebFluid does this itself rather than through @fastify/cookie, which runs two hooks and
 * makes a Map and an object on every request, cookies or not (bench/README.md has the
 * cost). An app with Fastify plugins that need @fastify/cookie registers it
 * (docs/security.md); its lines and WebFluid's go out together.
 */
import { parseCookie, stringifySetCookie, type SetCookie } from "cookie";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Config } from "../config/index.ts";
import { noSecretKey, WebError, WebErrorCode } from "./errors.ts";
import { createSigner, secretKeys, type Signer, type Unsigned } from "./signing.ts";

/** The attributes of a cookie a response sets. */
export interface CookieOptions {
  /** Seconds until it expires (`Max-Age`); without it (and `expires`) the browser forgets it when it closes. */
  readonly maxAge?: number;
  /** When it expires (`Expires`); `maxAge` is preferred. */
  readonly expires?: Date;
  /** Default `/`: sent with every path of the site. */
  readonly path?: string;
  /** Default none: sent to this host only, not its subdomains. */
  readonly domain?: string;
  /** Sent over HTTPS only. Default false. */
  readonly secure?: boolean;
  /** Hidden from JavaScript in the page. Default false, true for a signed cookie. */
  readonly httpOnly?: boolean;
  /** Default `lax`: not sent with cross-site POSTs, sent when following a link. `none` needs `secure`. */
  readonly sameSite?: "lax" | "strict" | "none" | "Lax" | "Strict" | "None";
  /** Signed with SECRET_KEY, so that the client cannot change it; read it back with `request.signedCookie(name)`. */
  readonly signed?: boolean;
}

/** Where a cookie to delete lives: the `path` and `domain` it was set with. */
export interface DeleteCookieOptions {
  readonly path?: string;
  readonly domain?: string;
}

const WEB = Symbol.for("webfluid.web");

/** What the web layer keeps per app, reachable from each request. */
interface WebState {
  readonly config: Config;
  /** Signs `signed: true` cookies; undefined without SECRET_KEY. */
  readonly cookieSigner: Signer | undefined;
}

/** Keeps the app's web state (its config and the signer of `signed: true` cookies) on its Fastify instance. */
export function installCookies(fastify: FastifyInstance, config: Config): void {
  const keys = secretKeys(config);
  const state: WebState = { config, cookieSigner: keys && createSigner(keys, "cookie") };
  fastify.decorate(WEB, state);
}

/** The app's web state, from any request of the app (plugins' child contexts included). */
export function webState(request: FastifyRequest): WebState {
  return (request.server as unknown as Record<typeof WEB, WebState>)[WEB];
}

// RFC 6265 cookie-name: a token (no separators, controls or spaces).
const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Sets a cookie on the reply, with WebFluid's defaults; `signed` signs the value with SECRET_KEY. */
export function setCookie(reply: FastifyReply, name: string, value: string, options: CookieOptions = {}): void {
  if (!COOKIE_NAME.test(name)) throw badCookie(name, "is not a valid cookie name: use letters, digits, `-` and `_`");
  const sameSite = (options.sameSite ?? "lax").toLowerCase();
  if (sameSite !== "lax" && sameSite !== "strict" && sameSite !== "none") {
    throw badCookie(name, `has sameSite ${JSON.stringify(options.sameSite)}: use "lax", "strict" or "none"`);
  }
  if (sameSite === "none" && options.secure !== true) {
    throw badCookie(name, `has sameSite "none" without secure: true, and browsers drop such cookies; add secure: true`);
  }
  if (options.maxAge !== undefined && !Number.isInteger(options.maxAge)) {
    throw badCookie(name, `has maxAge ${options.maxAge}: give whole seconds`);
  }
  let sent = value;
  if (options.signed) {
    const signer = webState(reply.request).cookieSigner;
    if (!signer) throw noSecretKey(`the signed cookie ${JSON.stringify(name)}`);
    sent = signer.sign(value);
  }
  writeCookie(reply, name, sent, {
    path: options.path ?? "/",
    domain: options.domain,
    secure: options.secure ?? false,
    httpOnly: options.httpOnly ?? options.signed === true,
    sameSite: sameSite as "lax" | "strict" | "none",
    maxAge: options.maxAge,
    expires: options.expires,
  });
}

/** Tells the browser to forget a cookie (it must match the `path` and `domain` it was set with). */
export function deleteCookie(reply: FastifyReply, name: string, options: DeleteCookieOptions = {}): void {
  if (!COOKIE_NAME.test(name)) throw badCookie(name, "is not a valid cookie name: use letters, digits, `-` and `_`");
  writeCookie(reply, name, "", { path: options.path ?? "/", domain: options.domain, maxAge: 0, expires: new Date(0), sameSite: "lax" });
}

/** The attributes of a Set-Cookie line. */
export type CookieAttributes = Omit<SetCookie, "name" | "value">;

/** Each reply's Set-Cookie lines written here, by cookie (name, domain, path). */
const written = new WeakMap<FastifyReply, Map<string, string>>();

/**
 * Adds the Set-Cookie line of `name` to the reply as given (no defaults, no checks of the
 * name). A cookie set again (same name, domain and path) replaces its earlier line in
 * place, as a browser would keep only the last; lines written by others (a plugin,
 * `reply.header`) stay.
 */
export function writeCookie(reply: FastifyReply, name: string, value: string, attributes: CookieAttributes): void {
  let line: string;
  try {
    line = stringifySetCookie({ ...attributes, name, value });
  } catch (error) {
    // The cookie package names the attribute (`option path is invalid: ...`).
    throw badCookie(name, `cannot be written: ${(error as Error).message}`);
  }
  let lines = written.get(reply);
  if (!lines) written.set(reply, (lines = new Map()));
  const key = `${name};${attributes.domain ?? ""};${attributes.path ?? ""}`;
  const replaced = lines.get(key);
  lines.set(key, line);
  const header = reply.getHeader("set-cookie");
  if (header === undefined) {
    reply.header("set-cookie", line);
    return;
  }
  const all = Array.isArray(header) ? [...header] : [String(header)];
  const at = replaced === undefined ? -1 : all.indexOf(replaced);
  if (at === -1) all.push(line);
  else all[at] = line;
  reply.removeHeader("set-cookie");
  reply.header("set-cookie", all);
}

/** Each request's cookies, parsed on first read. */
const parsed = new WeakMap<FastifyRequest, Readonly<Record<string, string | undefined>>>();

/** The cookies the client sent with `request` (its Cookie header), parsed once. */
export function requestCookies(request: FastifyRequest): Readonly<Record<string, string | undefined>> {
  let cookies = parsed.get(request);
  if (!cookies) {
    const header = request.headers.cookie;
    parsed.set(request, (cookies = header ? parseCookie(header) : {}));
  }
  return cookies;
}

/**
 * A signed cookie of the request, verified with SECRET_KEY or one of SECRET_KEY_FALLBACKS;
 * undefined when it is missing or does not verify (changed by the client, or signed with a
 * key no longer configured).
 */
export function unsignCookie(request: FastifyRequest, value: string | undefined, name: string): (Unsigned & { valid: true }) | undefined {
  const signer = webState(request).cookieSigner;
  if (!signer) throw noSecretKey(`the signed cookie ${JSON.stringify(name)}`);
  if (value === undefined) return undefined;
  const result = signer.unsign(value);
  return result.valid ? result : undefined;
}

function badCookie(name: string, problem: string): WebError {
  return new WebError(WebErrorCode.BAD_COOKIE, `cookie ${JSON.stringify(name)} ${problem}`);
}
