/**
 * Routers: routes declared apart from the app (one file per area, as FastAPI's APIRouter),
 * under a path prefix, with tags and request hooks of their own, then included in the app
 * with `app.includeRouter(router)`. Routers include routers; the prefixes, tags and hooks of
 * the routers around a route add up, outermost first.
 */
import { AppError, AppErrorCode } from "./errors.ts";
import type { Fluid } from "./fluid.ts";
import { routeAdder, specMethods, type AnyHandler, type AnySpec, type RouteAdder, type RouteOrigin, type RouteSpec } from "./route-table.ts";
import type { RouterHook } from "./router-hooks.ts";
import type { RouteSchemas } from "./route-schemas.ts";
import type { RouteMethod, RouteOptions } from "./routing.ts";

export interface RouterOptions<Prefix extends string = string> {
  /**
   * Prepended to the paths of the router's routes: `"/items"` (starts with `/`, does not end
   * with one). Its parameters (`"/{id}/reviews"`) type `request.params` as the path's do.
   */
  readonly prefix?: Prefix;
  /** Tags of the router's routes (for grouping them in API documentation). */
  readonly tags?: readonly string[];
  /** The name `wf routes` shows for the router's routes (default: its prefix, or `router`). */
  readonly name?: string;
}

/** A route of a router, as declared. */
interface Declared<App> {
  readonly method: RouteMethod;
  readonly path: string;
  readonly options: RouteOptions;
  readonly handler: AnyHandler<App>;
}

/** A route ready for the app: its full path and where it came from. */
export interface FlatRoute<App> extends Declared<App> {
  readonly origin: RouteOrigin<App>;
}

/**
 * Routes declared apart from the app, with the app's route methods.
 *
 * @example
 * ```ts
 * export const items = new Router({ prefix: "/items", tags: ["items"] });
 * items.get("/{id}", { params: Type.Object({ id: Type.Integer() }) }, (request) => getItem(request.params.id));
 * app.includeRouter(items); // GET /items/{id}
 * ```
 */
export class Router<App = Fluid, Prefix extends string = string> {
  readonly prefix: string;
  readonly tags: readonly string[];
  readonly name: string;
  readonly #routes: Array<Declared<App> | Router<App, string>> = [];
  readonly #hooks: Array<RouterHook<App>> = [];

  constructor(options: RouterOptions<Prefix> = {}) {
    const prefix = options.prefix ?? "";
    if (prefix !== "" && (!prefix.startsWith("/") || prefix.endsWith("/"))) {
      throw new AppError(AppErrorCode.BAD_ROUTE, `router prefix ${JSON.stringify(prefix)} must start with "/" and not end with one, as "/items"`);
    }
    this.prefix = prefix;
    this.tags = options.tags ?? [];
    this.name = options.name ?? (prefix || "router");
  }

  /** Adds a GET route (it answers HEAD too), in the forms of `app.get`; returns the router. */
  readonly get: RouteAdder<App, this, Prefix> = this.#adder("GET");
  /** Adds a POST route, in the forms of `app.get`. */
  readonly post: RouteAdder<App, this, Prefix> = this.#adder("POST");
  /** Adds a PUT route, in the forms of `app.get`. */
  readonly put: RouteAdder<App, this, Prefix> = this.#adder("PUT");
  /** Adds a PATCH route, in the forms of `app.get`. */
  readonly patch: RouteAdder<App, this, Prefix> = this.#adder("PATCH");
  /** Adds a DELETE route, in the forms of `app.get`. */
  readonly delete: RouteAdder<App, this, Prefix> = this.#adder("DELETE");

  /** Any method(s), with every option in one object, as `app.route`. */
  route<P extends string, S extends RouteSchemas = {}>(route: RouteSpec<App, P, S, Prefix>): this {
    const spec = route as AnySpec<App>;
    for (const method of specMethods(spec)) this.#add(method, spec.path, spec, spec.handler);
    return this;
  }

  /** Includes `router`'s routes under this router's prefix, tags and hooks. */
  includeRouter(router: Router<App, string>): this {
    if ((router as Router<App, string>) === this) throw new AppError(AppErrorCode.BAD_ROUTE, `router ${this.name} cannot include itself`);
    this.#routes.push(router);
    return this;
  }

  /**
   * Runs `hook` before each request to the router's routes (and those of the routers it
   * includes), before the body is read: return a Response (or throw HTTPException) to answer
   * without running the route.
   */
  beforeRequest(hook: RouterHook<App>): this {
    this.#hooks.push(hook);
    return this;
  }

  /**
   * The routes with their full paths, the innermost router's name, and the tags and hooks of
   * `outer` then this router's; what the app registers when it includes the router.
   */
  flatten(outer: Omit<RouteOrigin<App>, "router"> = { tags: [], hooks: [] }, prefix = "", seen: ReadonlySet<Router<App, string>> = new Set()): Array<FlatRoute<App>> {
    if (seen.has(this as Router<App, string>)) throw new AppError(AppErrorCode.BAD_ROUTE, `router ${this.name} includes itself through another router`);
    const inner = new Set(seen).add(this as Router<App, string>);
    const tags = [...outer.tags, ...this.tags.filter((tag) => !outer.tags.includes(tag))];
    const hooks = [...outer.hooks, ...this.#hooks];
    const path = prefix + this.prefix;
    return this.#routes.flatMap((route) =>
      route instanceof Router
        ? route.flatten({ tags, hooks }, path, inner)
        : [{ ...route, path: path + route.path, origin: { router: this.name, tags, hooks } }],
    );
  }

  #adder(method: RouteMethod): RouteAdder<App, this, Prefix> {
    return routeAdder<App, this, Prefix>(method, (...route) => this.#add(...route));
  }

  #add(method: RouteMethod, path: string, options: RouteOptions, handler: AnyHandler<App>): this {
    // "" is the prefix itself (`/items`), "/" the prefix and a slash (`/items/`).
    if (!path.startsWith("/") && !(path === "" && this.prefix !== "")) {
      throw new AppError(AppErrorCode.BAD_ROUTE, `route path ${JSON.stringify(path)} of router ${this.name} must start with "/" (or be "" for the prefix itself)`);
    }
    this.#routes.push({ method, path, options, handler });
    return this;
  }
}
