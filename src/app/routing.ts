/**
 * Routes: the seed's `app.get(path, options)(handler)` and the usual
 * `app.get(path, handler)` / `app.get(path, options, handler)` forms, registered on Fastify.
 */
import type { FastifyReply, FastifyRequest, FastifySchema, HTTPMethods, RouteHandlerMethod } from "fastify";
import { AppError, AppErrorCode } from "./errors.ts";
import { JSONResponse, Response, type ResponseContext, type ResponseInit } from "./responses.ts";
import { Request } from "./request.ts";
import type { Fluid } from "./fluid.ts";
import type { InputOf, RouteInput, RouteSchemas, UntypedInput } from "./route-schemas.ts";
import { WEB_ROUTE_CONFIG, webRouteOptionsProblem, type SecurityHeadersOptions, type WebRouteOptions } from "../web/index.ts";

/**
 * A route handler: receives the request, returns a body or a Response. `Input` types the
 * request's `params`, `query`, `payload` and `headers`; `Output` is what the route's
 * response schema allows it to return (besides a Response).
 */
export type Handler<App = unknown, Input extends RouteInput = UntypedInput, Output = unknown> = (
  request: Request<App, Input>,
) => Output | Response | Promise<Output | Response>;

/** A response class a returned value is wrapped in (HTMLResponse makes strings HTML). */
export type ResponseClass = new (content: unknown, init?: ResponseInit) => Response;

/**
 * A route's options. The schemas (`params`, `query`, `body`, `headers`, `response`: TypeBox,
 * see route-schemas.ts) validate the request, shape the response and type the handler.
 */
export interface RouteOptions extends RouteSchemas {
  /** Wraps returned values that are not responses already. */
  readonly responseClass?: ResponseClass;
  /** Status for returned values (default 200). */
  readonly statusCode?: number;
  /**
   * A raw Fastify JSON schema (body, querystring, params, headers, response), validated the
   * same way but typing nothing: prefer the `params`, `query`, `body`, `headers` and `response` options.
   */
  readonly schema?: FastifySchema;
  /** Name shown by `wf routes` (default: the handler's name). */
  readonly name?: string;
  /**
   * `false` turns CSRF protection off for this route (an API authenticated by a bearer
   * token, not by the session cookie). Default true.
   */
  readonly csrf?: boolean;
  /** This route's changes to the app's security headers, or false for none (docs/security.md). */
  readonly securityHeaders?: false | SecurityHeadersOptions;
  /** This route's rate limits instead of RATELIMIT_DEFAULT (`"5/minute"`), or false for none (docs/security.md). */
  readonly rateLimit?: string | false;
  // The OpenAPI document (`/openapi.json`, `/docs`; docs/app.md#openapi-and-docs).
  /** A one-line summary (default: the first paragraph of the handler's doc comment, else its name). */
  readonly summary?: string;
  /** A longer description, Markdown (default: the rest of the handler's doc comment). */
  readonly description?: string;
  /** Tags grouping the route in the docs, after those of the routers around it. */
  readonly tags?: readonly string[];
  /** The operation's id for client generators (default: the handler's name, when unique). */
  readonly operationId?: string;
  /** Marks the route deprecated in the docs. */
  readonly deprecated?: boolean;
  /** `false` leaves the route out of the OpenAPI document (it is still served). Default true. */
  readonly includeInSchema?: boolean;
}

/** A route as `wf routes` lists it. */
export interface RouteInfo {
  readonly method: string;
  readonly path: string;
  readonly name: string;
  /** The router the route was declared on (its name), for routes of an included router. */
  readonly router?: string;
  /** The tags of the routers around the route, outermost first. */
  readonly tags?: readonly string[];
}

/**
 * The request of a route with path `Path` and schemas `Schemas`, for a handler written apart
 * from its route: `(request: RequestOf<"/items/{id}", { params: typeof ItemId }>) => ...`.
 */
export type RequestOf<Path extends string, Schemas extends RouteSchemas = {}, App = Fluid> = Request<App, InputOf<Path, Schemas>>;

/** Registers a route; returned by `app.get(path)` when no handler is given. */
export type RouteDecorator<App, Input extends RouteInput = UntypedInput, Output = unknown> = <H extends Handler<App, Input, Output>>(handler: H) => H;

/** `/users/{id}` (FastAPI style) becomes Fastify's `/users/:id`. */
export function toFastifyPath(path: string): string {
  if (!path.startsWith("/") && path !== "*") {
    throw new AppError(AppErrorCode.BAD_ROUTE, `route path ${JSON.stringify(path)} must start with "/"`);
  }
  return path.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, ":$1");
}

/** The route's config for Fastify: its web options, checked now (`where`: `GET /path`). */
export function webRouteConfig(options: RouteOptions, where: string): Record<string, WebRouteOptions> {
  const web: WebRouteOptions = { securityHeaders: options.securityHeaders, rateLimit: options.rateLimit, csrf: options.csrf };
  const problem = webRouteOptionsProblem(web);
  if (problem) throw new AppError(AppErrorCode.BAD_ROUTE, `route ${where}: ${problem}`);
  return { [WEB_ROUTE_CONFIG]: web };
}

/** Wraps a handler for Fastify: builds the Request, turns the result into a reply. */
export function fastifyHandler<App extends ResponseContext>(
  app: App,
  handler: Handler<App, never>,
  options: RouteOptions,
): RouteHandlerMethod {
  const responseClass = options.responseClass === JSONResponse ? undefined : options.responseClass;
  const statusCode = options.statusCode;
  const answer = (result: unknown, reply: FastifyReply): unknown => {
    if (result instanceof Response) return result.send(reply, app);
    if (result === reply || reply.sent) return reply;
    if (responseClass) return new responseClass(result, { status: statusCode }).send(reply, app);
    if (statusCode !== undefined) reply.code(statusCode);
    // Fastify waits forever on a handler that gives undefined; send null as FastAPI does.
    return result === undefined ? null : result;
  };
  // Not an async function: the answer of a synchronous handler goes out without a promise
  // or a turn of the microtask queue (Fastify sends a plain value at once, and catches a throw).
  return function route(this: unknown, raw: FastifyRequest, reply: FastifyReply) {
    // The route's schemas validated the input the handler's types describe.
    const result: unknown = handler(new Request(raw, reply, app) as Request<App, never>);
    if (result !== reply && isThenable(result)) return new LaterAnswer(result, answer, reply);
    return answer(result, reply);
  };
}

/**
 * What a route gives Fastify for a handler's promise: a thenable whose `then` (Fastify calls
 * it once, with its own callbacks) answers the settled value inside the one reaction it adds.
 * Chaining `answer` with `.then()` would make a second promise, and Fastify's `then` on it a
 * second microtask turn, for every request of an async handler. A class, so that a request
 * makes one object rather than an object literal with its own `then` and a closure for it.
 */
class LaterAnswer implements PromiseLike<unknown> {
  readonly #result: PromiseLike<unknown>;
  readonly #answer: (value: unknown, reply: FastifyReply) => unknown;
  readonly #reply: FastifyReply;

  constructor(result: PromiseLike<unknown>, answer: (value: unknown, reply: FastifyReply) => unknown, reply: FastifyReply) {
    this.#result = result;
    this.#answer = answer;
    this.#reply = reply;
  }

  then<A = unknown, B = never>(fulfilled?: ((value: unknown) => A | PromiseLike<A>) | null, rejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<A | B> {
    // Promise.resolve: a native promise as it is, any other thenable made a promise.
    return Promise.resolve(this.#result).then((value) => {
      let answered: unknown;
      try {
        answered = this.#answer(value, this.#reply);
      } catch (error) {
        if (rejected) return rejected(error);
        throw error;
      }
      return fulfilled ? fulfilled(answered) : (answered as A);
    }, rejected);
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function";
}

export const ROUTE_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const satisfies readonly HTTPMethods[];
export type RouteMethod = (typeof ROUTE_METHODS)[number];
