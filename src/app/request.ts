/**
 * The request a handler receives: FastAPI's `Request` shape over Fastify's request.
 * Everything is computed on first access, so a handler pays only for what it reads.
 */
import type { IncomingHttpHeaders } from "node:http";
import type { FastifyReply, FastifyRequest } from "fastify";
import { formBody, jsonBody } from "./body.ts";
import { deleteCookie, requestCookies, setCookie, unsignCookie, type CookieOptions, type DeleteCookieOptions } from "../web/cookies.ts";
import type { Session } from "../web/session.ts";
import { sessionOf } from "../web/sessions.ts";
import { csrfToken } from "../web/csrf.ts";
import type { Fluid } from "./fluid.ts";
import type { RouteInput, UntypedInput } from "./route-schemas.ts";

/**
 * `App` is the app's type; `Input` types `params`, `query`, `payload` and `headers` from the
 * route's schemas (or its path), and is inferred where the route is declared.
 */
export class Request<App = Fluid, Input extends RouteInput = UntypedInput> {
  /** The app serving this request. */
  readonly app: App;
  /** Fastify's request, for anything not covered here. */
  readonly raw: FastifyRequest;
  /** Fastify's reply, to set headers or cookies before returning. */
  readonly reply: FastifyReply;
  #query: URLSearchParams | undefined;
  #json: unknown;

  constructor(raw: FastifyRequest, reply: FastifyReply, app: App) {
    this.raw = raw;
    this.reply = reply;
    this.app = app;
  }

  get method(): string {
    return this.raw.method;
  }

  /** Path and query, as sent. */
  get url(): string {
    return this.raw.url;
  }

  /** Path without the query. */
  get path(): string {
    const q = this.raw.url.indexOf("?");
    return q === -1 ? this.raw.url : this.raw.url.slice(0, q);
  }

  /** `?id=1&tag=a&tag=b` as URLSearchParams (`get`, `getAll`, `has`). */
  get queryParams(): URLSearchParams {
    if (!this.#query) {
      const q = this.raw.url.indexOf("?");
      this.#query = new URLSearchParams(q === -1 ? "" : this.raw.url.slice(q + 1));
    }
    return this.#query;
  }

  /** Values of `:name` / `{name}` segments of the route path. */
  get pathParams(): Readonly<Record<string, string>> {
    return (this.raw.params ?? {}) as Record<string, string>;
  }

  /** The headers, lower-case names; typed and coerced by the route's `headers` schema. */
  get headers(): Input["headers"] {
    return this.raw.headers;
  }

  /**
   * The path parameters: validated and typed by the route's `params` schema
   * (`{ id: Type.Integer() }` makes `params.id` a number), else strings named by the path.
   */
  get params(): Input["params"] {
    return (this.raw.params ?? {}) as Input["params"];
  }

  /** The query: validated, typed and coerced by the route's `query` schema, else strings (arrays when repeated). */
  get query(): Input["query"] {
    return (this.raw.query ?? {}) as Input["query"];
  }

  /**
   * The JSON body, validated by the route's `body` schema and typed by it. Without a body
   * schema use `await request.json()`.
   */
  get payload(): Input["payload"] {
    const body = this.raw.body;
    return (Buffer.isBuffer(body) ? undefined : body) as Input["payload"];
  }

  get cookies(): Readonly<Record<string, string | undefined>> {
    return requestCookies(this.raw);
  }

  /**
   * The value of a cookie set with `signed: true`, verified with SECRET_KEY (or one of
   * SECRET_KEY_FALLBACKS); undefined when it is missing or was changed by the client.
   */
  signedCookie(name: string): string | undefined {
    return unsignCookie(this.raw, this.cookies[name], name)?.value;
  }

  /**
   * True when the signed cookie `name` verified with one of SECRET_KEY_FALLBACKS only: set it
   * again to sign it with the current key.
   */
  signedCookieNeedsRenewal(name: string): boolean {
    return unsignCookie(this.raw, this.cookies[name], name)?.renew ?? false;
  }

  /**
   * Sets a cookie with whatever response the handler returns (for handlers that return plain
   * values); the options and defaults are those of `Response.setCookie`.
   */
  setCookie(name: string, value: string, options?: CookieOptions): void {
    setCookie(this.reply, name, value, options);
  }

  /** Deletes a cookie with whatever response the handler returns. */
  deleteCookie(name: string, options?: DeleteCookieOptions): void {
    deleteCookie(this.reply, name, options);
  }

  /**
   * The client's session: a mapping kept across its requests (in a signed cookie by default,
   * see SESSION_STORE), saved at the end of the request when changed. Needs SECRET_KEY.
   */
  get session(): Session {
    return sessionOf(this.raw);
  }

  /**
   * A CSRF token of the client's session, to send back with an unsafe request (POST, PUT,
   * PATCH, DELETE) in the `X-CSRF-Token` header or the `csrf_token` form field. Each call
   * gives a different string; all of them are valid for the session.
   */
  csrfToken(): string {
    return csrfToken(this.raw);
  }

  /** The client's address (X-Forwarded-For when TRUST_PROXY is set). */
  get client(): string {
    return this.raw.ip;
  }

  /** The raw body bytes (empty when there is none). */
  async body(): Promise<Buffer> {
    const body = this.raw.body;
    if (body === undefined || body === null) return Buffer.alloc(0);
    return Buffer.isBuffer(body) ? body : Buffer.from(typeof body === "string" ? body : JSON.stringify(body));
  }

  /** The body as UTF-8 text. */
  async text(): Promise<string> {
    return (await this.body()).toString("utf8");
  }

  /**
   * The body parsed as JSON. The request must say `Content-Type: application/json` (or
   * `application/*+json`), else the client gets a 415. Malformed JSON is a 400 for the client,
   * and prototype poisoning keys (`__proto__`, `constructor.prototype`) are refused.
   */
  async json<T = unknown>(): Promise<T> {
    this.#json ??= jsonBody(this.raw);
    return this.#json as T;
  }

  /** An `application/x-www-form-urlencoded` body; any other content type is a 415. */
  async form(): Promise<URLSearchParams> {
    return formBody(this.raw);
  }
}
