/**
 * Registering an app's routes: the seed's `app.get(path, options)(handler)` and the usual
 * `app.get(path, handler)` / `app.get(path, options, handler)` forms. Routes added before
 * the Fastify instance exists wait for it.
 */
import type { FastifyInstance } from "fastify";
import { parseBodyForSchema } from "./body.ts";
import type { ResponseContext } from "./responses.ts";
import { fastifyHandler, toFastifyPath, webRouteConfig, type Handler, type RouteDecorator, type RouteInfo, type RouteMethod, type RouteOptions } from "./routing.ts";

/**
 * `app.get`, `app.post`, ...: adds a route for one method, in any of three forms.
 *
 * @example
 * ```ts
 * app.get("/health")(health);                            // the seed's style: returns health
 * app.get("/health", health);                            // returns the app
 * app.get("/", { responseClass: HTMLResponse }, home);   // returns the app
 * ```
 */
export interface RouteAdder<App> {
  (path: string, options?: RouteOptions): RouteDecorator<App>;
  (path: string, handler: Handler<App>): App;
  (path: string, options: RouteOptions, handler: Handler<App>): App;
}

/** A route in one object, for `app.route(...)`: any method(s), every option. */
export type RouteSpec<App> = RouteOptions & {
  readonly method: RouteMethod | readonly RouteMethod[];
  readonly path: string;
  readonly handler: Handler<App>;
};

export class RouteTable<App extends ResponseContext> {
  readonly #app: App;
  readonly #routes: RouteInfo[] = [];
  /** Registrations waiting for the Fastify instance. */
  readonly #pending: Array<(fastify: FastifyInstance) => void> = [];
  #fastify: FastifyInstance | undefined;

  constructor(app: App) {
    this.#app = app;
  }

  /** The `app.get`-style function of `method`. */
  adder(method: RouteMethod): RouteAdder<App> {
    return ((path: string, first?: RouteOptions | Handler<App>, second?: Handler<App>) => {
      if (typeof first === "function") return this.add(method, path, {}, first);
      const options = first ?? {};
      if (typeof second === "function") return this.add(method, path, options, second);
      return (handler: Handler<App>) => {
        this.add(method, path, options, handler);
        return handler;
      };
    }) as RouteAdder<App>;
  }

  /** Adds a route for each of the spec's methods. */
  addSpec(route: RouteSpec<App>): App {
    const methods = typeof route.method === "string" ? [route.method] : route.method;
    for (const method of methods) this.add(method, route.path, route, route.handler);
    return this.#app;
  }

  add(method: RouteMethod, path: string, options: RouteOptions, handler: Handler<App>): App {
    const url = toFastifyPath(path);
    const config = webRouteConfig(options, `${method} ${path}`);
    const register = (fastify: FastifyInstance) =>
      fastify.route({
        method,
        url,
        schema: options.schema,
        config,
        preValidation: options.schema?.body ? parseBodyForSchema : undefined,
        handler: fastifyHandler(this.#app, handler, options),
      });
    if (this.#fastify) register(this.#fastify);
    else this.#pending.push(register);
    this.#routes.push({ method, path: url, name: options.name ?? (handler.name || "(anonymous)") });
    return this.#app;
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
