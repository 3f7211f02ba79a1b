/**
 * Registering an app's routes: the seed's `app.get(path, options)(handler)` and the usual
 * `app.get(path, handler)` / `app.get(path, options, handler)` forms. Routes added before
 * the Fastify instance exists wait for it.
 */
import type { FastifyInstance } from "fastify";
import { parseBodyForSchema } from "./body.ts";
import { AppError, AppErrorCode } from "./errors.ts";
import type { ResponseContext } from "./responses.ts";
import { fastifySchemaOf, pathParamNames, type InputOf, type OutputOf, type RouteSchemas } from "./route-schemas.ts";
import { routerHook, type RouterHook } from "./router-hooks.ts";
import type { Router } from "./router.ts";
import { fastifyHandler, toFastifyPath, webRouteConfig, type Handler, type RouteDecorator, type RouteInfo, type RouteMethod, type RouteOptions } from "./routing.ts";

/**
 * `app.get`, `app.post`, ...: adds a route for one method, in any of three forms.
 *
 * @example
 * ```ts
 * app.get("/health")(health);                            // the seed's style: returns health
 * app.get("/health", health);                            // returns the app
 * app.get("/", { responseClass: HTMLResponse }, home);   // returns the app
 * app.get("/items/{id}", { params: Type.Object({ id: Type.Integer() }) }, (request) => request.params.id); // a number
 * ```
 *
 * The handler's request is typed from the path (`/items/{id}` gives `params.id: string`) and
 * from the schema options (`params`, `query`, `body`, `headers`, `response`).
 */
export interface RouteAdder<App, Self = App, Prefix extends string = ""> {
  <P extends string, S extends RouteSchemas = {}>(path: P, options?: RouteOptions & S): RouteDecorator<App, InputOf<`${Prefix}${P}`, S>, OutputOf<S>>;
  <P extends string>(path: P, handler: Handler<App, InputOf<`${Prefix}${P}`, {}>>): Self;
  <P extends string, S extends RouteSchemas = {}>(path: P, options: RouteOptions & S, handler: Handler<App, InputOf<`${Prefix}${P}`, S>, OutputOf<S>>): Self;
}

/** A route in one object, for `app.route(...)`: any method(s), every option. */
export type RouteSpec<App, P extends string = string, S extends RouteSchemas = RouteSchemas, Prefix extends string = ""> = RouteOptions & {
  readonly [K in keyof S]: S[K];
} & {
  readonly method: RouteMethod | readonly RouteMethod[];
  readonly path: P;
  readonly handler: Handler<App, InputOf<`${Prefix}${P}`, S>, OutputOf<S>>;
};

export class RouteTable<App extends ResponseContext> {
  readonly #app: App;
  readonly #routes: RouteInfo[] = [];
  /** Every route with its options and handler, for the OpenAPI document. */
  readonly #declared: DeclaredRoute[] = [];
  /** `GET /items/:` for each route: two routes may not share a method and a path. */
  readonly #taken = new Map<string, string>();
  /** Registrations waiting for the Fastify instance. */
  readonly #pending: Array<(fastify: FastifyInstance) => void> = [];
  #fastify: FastifyInstance | undefined;

  constructor(app: App) {
    this.#app = app;
  }

  /** The `app.get`-style function of `method`. */
  adder(method: RouteMethod): RouteAdder<App> {
    return routeAdder<App, App>(method, (...route) => this.add(...route));
  }

  /** Adds the routes of `router` (and the routers it includes), with their full paths. */
  include(router: Router<App, string>): App {
    for (const route of router.flatten()) this.add(route.method, route.path, route.options, route.handler, route.origin);
    return this.#app;
  }

  /** Adds a route for each of the spec's methods. */
  addSpec(route: AnySpec<App>): App {
    for (const method of specMethods(route)) this.add(method, route.path, route, route.handler);
    return this.#app;
  }

  add(method: RouteMethod, path: string, options: RouteOptions, handler: AnyHandler<App>, from?: RouteOrigin<App>): App {
    const url = toFastifyPath(path);
    const where = `${method} ${path}`;
    const config = webRouteConfig(options, where);
    const schema = fastifySchemaOf(options, options.schema, where, pathParamNames(url), options.statusCode);
    this.#claim(method, url, where);
    const register = (fastify: FastifyInstance) =>
      fastify.route({
        method,
        url,
        schema,
        config,
        onRequest: from && from.hooks.length > 0 ? from.hooks.map((hook) => routerHook(this.#app, hook)) : undefined,
        preValidation: schema?.body ? parseBodyForSchema : undefined,
        handler: fastifyHandler(this.#app, handler, options),
      });
    if (this.#fastify) register(this.#fastify);
    else this.#pending.push(register);
    const name = options.name ?? (handler.name || "(anonymous)");
    this.#routes.push(from ? { method, path: url, name, router: from.router, tags: from.tags } : { method, path: url, name });
    this.#declared.push({ method, path: url, name, options, handler, routerTags: from?.tags ?? [] });
    return this.#app;
  }

  /**
   * Refuses a second route with the same method and path (parameter names aside:
   * `/items/{id}` and `/items/{key}` are one path), naming both.
   */
  #claim(method: RouteMethod, url: string, where: string): void {
    const path = url.replace(/:[A-Za-z_][A-Za-z0-9_]*/g, ":");
    const first = this.#taken.get(`${method} ${path}`);
    if (first !== undefined) {
      throw new AppError(AppErrorCode.DUPLICATE_ROUTE, `route ${where} is declared twice (first as ${first}); remove one, or give it another method or path`);
    }
    this.#taken.set(`${method} ${path}`, where);
    // A GET route answers HEAD too, unless a HEAD route for its path came first.
    if (method === "GET" && !this.#taken.has(`HEAD ${path}`)) this.#taken.set(`HEAD ${path}`, `${where}, which answers HEAD too`);
  }

  /** Registers the waiting routes on `fastify`, and later ones at once. */
  attach(fastify: FastifyInstance): void {
    this.#fastify = fastify;
    for (const register of this.#pending.splice(0)) register(fastify);
  }

  /** Every route, in registration order. */
  list(): readonly RouteInfo[] {
    return this.#routes;
  }

  /** Every route with its options and handler, in registration order. */
  declared(): readonly DeclaredRoute[] {
    return this.#declared;
  }
}

/** A route as declared: what the OpenAPI document is built from. */
export interface DeclaredRoute {
  readonly method: RouteMethod;
  /** Fastify's form: `/items/:id`. */
  readonly path: string;
  /** The `name` option, else the handler's name, else `(anonymous)`. */
  readonly name: string;
  readonly options: RouteOptions;
  readonly handler: (...args: never[]) => unknown;
  /** The tags of the routers around the route, outermost first. */
  readonly routerTags: readonly string[];
}

/**
 * A handler of any route, as the table stores it: its input types were checked where the route
 * was declared (`never` accepts every handler's request type).
 */
export type AnyHandler<App> = Handler<App, never>;

/** Where a route declared on a router came from, and what the routers around it add. */
export interface RouteOrigin<App> {
  /** The innermost router's name, for `wf routes`. */
  readonly router: string;
  /** The routers' tags, outermost first. */
  readonly tags: readonly string[];
  /** The routers' request hooks, outermost first. */
  readonly hooks: ReadonlyArray<RouterHook<App>>;
}

/** A route spec of any route (its types were checked where it was declared). */
export type AnySpec<App> = RouteOptions & { readonly method: RouteMethod | readonly RouteMethod[]; readonly path: string; readonly handler: AnyHandler<App> };

export function specMethods(route: { readonly method: RouteMethod | readonly RouteMethod[] }): readonly RouteMethod[] {
  return typeof route.method === "string" ? [route.method] : route.method;
}

/**
 * The `get`-style function of `method` for an app or a router: the three forms, each ending
 * in `add`, which returns `Self` (the app, or the router).
 */
export function routeAdder<App, Self, Prefix extends string = "">(
  method: RouteMethod,
  add: (method: RouteMethod, path: string, options: RouteOptions, handler: AnyHandler<App>) => Self,
): RouteAdder<App, Self, Prefix> {
  return ((path: string, first?: RouteOptions | AnyHandler<App>, second?: AnyHandler<App>) => {
    if (typeof first === "function") return add(method, path, {}, first);
    const options = first ?? {};
    if (typeof second === "function") return add(method, path, options, second);
    return (handler: AnyHandler<App>) => {
      add(method, path, options, handler);
      return handler;
    };
  }) as RouteAdder<App, Self, Prefix>;
}
