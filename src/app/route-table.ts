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
export interface RouteAdder<App> {
  <P extends string, S extends RouteSchemas = {}>(path: P, options?: RouteOptions & S): RouteDecorator<App, InputOf<P, S>, OutputOf<S>>;
  <P extends string>(path: P, handler: Handler<App, InputOf<P, {}>>): App;
  <P extends string, S extends RouteSchemas = {}>(path: P, options: RouteOptions & S, handler: Handler<App, InputOf<P, S>, OutputOf<S>>): App;
}

/** A route in one object, for `app.route(...)`: any method(s), every option. */
export type RouteSpec<App, P extends string = string, S extends RouteSchemas = RouteSchemas> = RouteOptions & {
  readonly [K in keyof S]: S[K];
} & {
  readonly method: RouteMethod | readonly RouteMethod[];
  readonly path: P;
  readonly handler: Handler<App, InputOf<P, S>, OutputOf<S>>;
};

export class RouteTable<App extends ResponseContext> {
  readonly #app: App;
  readonly #routes: RouteInfo[] = [];
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
    return ((path: string, first?: RouteOptions | AnyHandler<App>, second?: AnyHandler<App>) => {
      if (typeof first === "function") return this.add(method, path, {}, first);
      const options = first ?? {};
      if (typeof second === "function") return this.add(method, path, options, second);
      return (handler: AnyHandler<App>) => {
        this.add(method, path, options, handler);
        return handler;
      };
    }) as RouteAdder<App>;
  }

  /** Adds a route for each of the spec's methods. */
  addSpec(route: RouteOptions & { readonly method: RouteMethod | readonly RouteMethod[]; readonly path: string; readonly handler: AnyHandler<App> }): App {
    const methods = typeof route.method === "string" ? [route.method] : route.method;
    for (const method of methods) this.add(method, route.path, route, route.handler);
    return this.#app;
  }

  add(method: RouteMethod, path: string, options: RouteOptions, handler: AnyHandler<App>): App {
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
        preValidation: schema?.body ? parseBodyForSchema : undefined,
        handler: fastifyHandler(this.#app, handler, options),
      });
    if (this.#fastify) register(this.#fastify);
    else this.#pending.push(register);
    this.#routes.push({ method, path: url, name: options.name ?? (handler.name || "(anonymous)") });
    return this.#app;
  }

  /**
   * Refuses a second route with the same method and path (parameter names aside:
   * `/items/{id}` and `/items/{key}` are one path), naming both.
   */
  #claim(method: RouteMethod, url: string, where: string): void {
    const key = `${method} ${url.replace(/:[A-Za-z_][A-Za-z0-9_]*/g, ":")}`;
    const first = this.#taken.get(key);
    if (first !== undefined) {
      throw new AppError(AppErrorCode.DUPLICATE_ROUTE, `route ${where} is declared twice (first as ${first}); remove one, or give it another method or path`);
    }
    this.#taken.set(key, where);
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
}

/**
 * A handler of any route, as the table stores it: its input types were checked where the route
 * was declared (`never` accepts every handler's request type).
 */
type AnyHandler<App> = Handler<App, never>;
