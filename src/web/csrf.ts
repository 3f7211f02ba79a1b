/**
 * CSRF protection: while the app has a SECRET_KEY (so sessions), every request of an unsafe
 * method (POST, PUT, PATCH, DELETE) to a route must carry the token of its session, in the
 * `X-CSRF-Token` header (or Flask-WTF's `X-CSRFToken`) or the `csrf_token` form field;
 * otherwise it is answered 403 `{"detail": ...}` before the handler runs. The session keeps
 * a random secret; each token handed out is that secret masked with fresh random bytes, so
 * that no two pages carry the same token (nothing for a compression side channel to find).
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Config } from "../config/index.ts";
import { webRouteOptions } from "./route-options.ts";
import { INTERNALS } from "./session.ts";
import { sessionOf, type SessionSettings } from "./sessions.ts";
import { secretKeys } from "./signing.ts";

/** Methods that must not change anything, so need no token. */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS", "TRACE"]);

/** Where a token is looked for, in order. */
const TOKEN_HEADERS = ["x-csrf-token", "x-csrftoken"] as const;
export const TOKEN_FIELD = "csrf_token";

/** Whether requests of `method` to a route with the `csrf` option must carry a token: an unsafe method, protection not turned off. */
export function routeNeedsCsrfToken(method: string, csrf: boolean | undefined): boolean {
  return !SAFE_METHODS.has(method) && csrf !== false;
}

/** Whether `request` must carry a CSRF token (see {@link routeNeedsCsrfToken}); a 404 needs none. */
export function needsCsrfToken(request: FastifyRequest): boolean {
  // The method first: a safe one (most requests) settles it without reading
  // request.routeOptions, which Fastify builds anew on every read.
  if (SAFE_METHODS.has(request.method) || request.is404) return false;
  return routeNeedsCsrfToken(request.method, webRouteOptions(request.routeOptions).csrf);
}

/** Whether the app checks CSRF tokens: it has sessions (a SECRET_KEY) and WTF_CSRF_ENABLED is on. */
export function csrfProtects(config: Config): boolean {
  return secretKeys(config) !== undefined && config.get("WTF_CSRF_ENABLED") !== false;
}

/** Adds the check, when {@link csrfProtects} says the app has it. */
export function installCsrf(fastify: FastifyInstance, config: Config, sessions: SessionSettings | undefined): void {
  if (!sessions || !csrfProtects(config)) return;
  // A callback hook, not an async one: safe methods (most requests) pass without a promise.
  fastify.addHook("preHandler", (request, reply, done) => {
    if (!needsCsrfToken(request)) return done();
    const sent = submittedToken(request);
    // Answered here: the chain stops (done is not called).
    if (sent === undefined) return void reply.code(403).send({ detail: "The CSRF token is missing." });
    const secret = sessionOf(request)[INTERNALS].csrfSecret(false);
    if (secret === undefined || !tokenMatches(sent, secret)) return void reply.code(403).send({ detail: "The CSRF token is invalid." });
    done();
  });
}

/** A token for the request's session (made, and the session saved, on first use): `request.csrfToken()`, `csrf_token()`. */
export function csrfToken(request: FastifyRequest): string {
  const secret = Buffer.from(sessionOf(request, "a CSRF token")[INTERNALS].csrfSecret(true)!, "base64url");
  const pad = randomBytes(secret.length);
  return Buffer.concat([pad, xor(pad, secret)]).toString("base64url");
}

/** True when `token` unmasks to `secret`; compared in constant time. */
export function tokenMatches(token: string, secret: string): boolean {
  const raw = Buffer.from(secret, "base64url");
  const bytes = Buffer.from(token, "base64url");
  if (raw.length === 0 || bytes.length !== raw.length * 2) return false;
  return timingSafeEqual(xor(bytes.subarray(0, raw.length), bytes.subarray(raw.length)), raw);
}

function xor(a: Uint8Array, b: Uint8Array): Buffer {
  const out = Buffer.alloc(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! ^ b[i]!;
  return out;
}

/** The token the request carries: a header, or the `csrf_token` field of a form body. */
function submittedToken(request: FastifyRequest): string | undefined {
  for (const name of TOKEN_HEADERS) {
    const value = request.headers[name];
    if (typeof value === "string" && value !== "") return value;
  }
  const body: unknown = request.body;
  if (Buffer.isBuffer(body) || typeof body === "string") {
    if (!/^application\/x-www-form-urlencoded\b/i.test(request.headers["content-type"] ?? "")) return undefined;
    return new URLSearchParams(body.toString()).get(TOKEN_FIELD) ?? undefined;
  }
  if (body instanceof URLSearchParams) return body.get(TOKEN_FIELD) ?? undefined;
  if (typeof body === "object" && body !== null) {
    const field = (body as Record<string, unknown>)[TOKEN_FIELD];
    return typeof field === "string" ? field : undefined;
  }
  return undefined;
}
