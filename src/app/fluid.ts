/**
 * `Fluid`: the app object. Its config, package folder and templates live here; the Fastify
 * instance is built in http-server.ts, routes are registered by route-table.ts, and the
 * lifecycle (prepare, start, serve, shut down) runs in lifecycle.ts.
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest, InjectOptions, LightMyRequestResponse } from "fastify";
import {
  appNameFromEnv,
  buildConfig,
  buildLayers,
  ConfigError,
  ConfigErrorCode,
  importConfigFile,
  misspelledKeys,
  readConfigSources,
  type Config,
  type ConfigSources,
} from "../config/index.ts";
import { checkRequiredKeys, enabledExtensions, extensionsOf, isExpanding, type Extension } from "../ext/index.ts";
import { csrfProtects } from "../web/csrf.ts";
import { secretKeys } from "../web/signing.ts";
import { appCreated, appShutDown, runInApp } from "./current-app.ts";
import { closeFastify, createFastify } from "./http-server.ts";
import { Lifecycle, type LifecycleHook } from "./lifecycle.ts";
import { loadingConfig } from "./loading-config.ts";
import { openapiDocument, type OpenAPIDocument } from "./openapi/document.ts";
import { RouteTable, type RouteAdder, type RouteSpec } from "./route-table.ts";
import { schemaBuildError, type RouteSchemas } from "./route-schemas.ts";
import type { Router } from "./router.ts";
import type { RouteInfo } from "./routing.ts";
import { serve, type ServeOptions } from "./serve.ts";
import { Templates, type TemplateFilter, type TemplateTest } from "./templates.ts";
import { keepNextTickMaps } from "./tick-maps.ts";

declare module "../ext/extension.ts" {
  /** Extensions are added to Fluids (ext/ sits below the app core, so the app core says so). */
  interface ExtensionApp extends Fluid {}
}

const FLUID = Symbol.for("webfluid.Fluid");

export interface FluidOptions {
  /** Use this config instead of the one `wf` is loading (or `WF_APP`, default `app`). */
  readonly config?: Config;
}

/**
 * A WebFluid app.
 *
 * @example
 * ```ts
 * export function createApp(): Fluid {
 *   const app = new Fluid(import.meta);
 *   app.get("/health")(() => ({ status: "ok" }));
 *   return app;
 * }
 * if (import.meta.main) await createApp().mix();
 * ```
 */
export class Fluid {
  readonly config: Config;
  /** The app package folder (holding main.ts, templates/, static/). */
  readonly packageDir: string;
  readonly [FLUID] = true;

  readonly #routes = new RouteTable<Fluid>(this);
  readonly #lifecycle = new Lifecycle({
    prepare: () => this.#prepare(),
    ready: async () => {
      try {
        await this.fastify.ready();
      } catch (error) {
        throw schemaBuildError(error) ?? error;
      }
    },
    close: async () => {
      if (this.#fastify) await closeFastify(this.#fastify);
    },
    run: (hook) => this.run(hook),
    failed: (error) => this.log.error({ err: error }, "shutdown hook failed"),
  });
  #fastify: FastifyInstance | undefined;
  /** Set when the app was created outside `wf`: config.ts is imported at prepare(). */
  readonly #standalone: ConfigSources | undefined;
  readonly #templates = new Templates(() => ({
    directory: join(this.packageDir, "templates"),
    noCache: this.config.get("DEBUG"),
  }));

  constructor(meta: ImportMeta | string, options: FluidOptions = {}) {
    this.packageDir = packageDirOf(meta);
    let config = options.config ?? loadingConfig();
    if (!config) {
      this.#standalone = readConfigSources({ name: appNameFromEnv(), cwd: this.packageDir });
      config = buildConfig(this.#standalone);
    }
    this.config = config;
    appCreated(this);
  }

  /**
   * The Fastify instance underneath: register any Fastify plugin or hook on it. Created on
   * first use (at the latest when the app starts), so that outside `wf` the options it
   * takes from the config (logging, limits, timeouts, the web features: see http-server.ts)
   * see config.ts, which is imported at prepare().
   */
  get fastify(): FastifyInstance {
    if (!this.#fastify) {
      this.#fastify = createFastify(this);
      this.#routes.attach(this.#fastify);
    }
    return this.#fastify;
  }

  /** The app's logger (pino), also Fastify's `fastify.log`. */
  get log(): FastifyBaseLogger {
    return this.fastify.log;
  }

  /** The app config name (`app` for `app_configs/app.ini`). */
  get name(): string {
    return this.config.name;
  }

  /** The project root (the folder holding `app_configs/`). */
  get root(): string {
    return this.config.root;
  }

  /** Adds a GET route (it answers HEAD too): `app.get(path)(handler)`, `app.get(path, handler)` or `app.get(path, options, handler)`. */
  readonly get: RouteAdder<Fluid> = this.#routes.adder("GET");
  /** Adds a POST route, in the forms of {@link Fluid.get}. */
  readonly post: RouteAdder<Fluid> = this.#routes.adder("POST");
  /** Adds a PUT route, in the forms of {@link Fluid.get}. */
  readonly put: RouteAdder<Fluid> = this.#routes.adder("PUT");
  /** Adds a PATCH route, in the forms of {@link Fluid.get}. */
  readonly patch: RouteAdder<Fluid> = this.#routes.adder("PATCH");
  /** Adds a DELETE route, in the forms of {@link Fluid.get}. */
  readonly delete: RouteAdder<Fluid> = this.#routes.adder("DELETE");

  /** Any method(s), with every option in one object. */
  route<P extends string, S extends RouteSchemas = {}>(route: RouteSpec<Fluid, P, S>): this {
    this.#routes.addSpec(route);
    return this;
  }

  /**
   * Adds the routes of `router` and of the routers it includes, under their prefixes, with
   * their tags and request hooks. The router's routes are taken now: routes added to it later
   * are not included.
   */
  includeRouter(router: Router<Fluid, string>): this {
    this.#routes.include(router);
    return this;
  }

  /** Every route, in registration order (what `wf routes` prints). */
  routes(): readonly RouteInfo[] {
    return this.#routes.list();
  }

  /**
   * The app's OpenAPI 3.1 document, built from its routes (what `GET /openapi.json` and
   * `wf openapi` give): title, version and description from OPENAPI_TITLE (default: the app
   * config name), OPENAPI_VERSION and OPENAPI_DESCRIPTION. Call it once the app is prepared
   * (`wf`, `inject()` and `startup()` prepare it) so that extensions' routes are in it.
   */
  openapi(): OpenAPIDocument {
    const config = this.config;
    const sessions = secretKeys(config) !== undefined;
    return openapiDocument({
      title: String(config.get("OPENAPI_TITLE") ?? "") || this.name,
      version: String(config.get("OPENAPI_VERSION") ?? "0.1.0"),
      description: (config.get("OPENAPI_DESCRIPTION") as string | undefined) || undefined,
      routes: this.#routes.declared(),
      packageDir: this.packageDir,
      sessionCookie: sessions ? config.get("SESSION_COOKIE_NAME") : undefined,
      csrf: csrfProtects(config),
    });
  }

  /**
   * Runs `hook` when the app starts (before it accepts requests), in registration order;
   * extensions' hooks first.
   */
  onStartup(hook: LifecycleHook): this {
    this.#lifecycle.add("startup", hook, isExpanding(this));
    return this;
  }

  /**
   * Runs `hook` at shutdown, after in-flight requests finished, in reverse registration
   * order; extensions' hooks last.
   */
  onShutdown(hook: LifecycleHook): this {
    this.#lifecycle.add("shutdown", hook, isExpanding(this));
    return this;
  }

  /**
   * Runs `hook` once the app listens for requests (`mix()`, `wf run`), never under
   * `inject()`, tests or other `wf` commands: where in-process jobs start.
   */
  onServe(hook: LifecycleHook): this {
    this.#lifecycle.addServe(hook);
    return this;
  }

  /** Extensions added so far. */
  extensions(): readonly Extension[] {
    return extensionsOf(this);
  }

  /**
   * Runs `fn` as this app's code: inside it, and in everything it awaits, `db` and
   * `scheduler` are this app's. Requests, lifecycle hooks and jobs run this way already;
   * use it for scripts, tests and commands that work on one app among several.
   *
   * @example
   * ```ts
   * await app.run(() => db.createAll());
   * ```
   */
  run<T>(fn: () => T): T {
    return runInApp(this, fn);
  }

  /**
   * Renders `<package>/templates/<name>` to a string. Given the request the page is for (a
   * handler's `request.raw`), the template can call `csrf_token()`, as in what `render()`
   * returns from a handler.
   */
  render(name: string, context: Readonly<Record<string, unknown>> = {}, request?: FastifyRequest): string {
    return this.#templates.render(name, context, request);
  }

  /**
   * Gives every template of the app `name`: a value (`{{ site_name }}`) or a function the
   * template calls (`{{ my_ext() }}`), as Jinja's `env.globals`. A render's own context wins
   * over a global of the same name. Extensions call it in `setup(app)`.
   *
   * @example
   * ```ts
   * app.templateGlobal("my_ext", () => "Hello from MyExtension");
   * ```
   */
  templateGlobal(name: string, value: unknown): this {
    this.#templates.addGlobal(name, value);
    return this;
  }

  /**
   * Adds the filter `name`: `{{ price | money("EUR") }}` calls `fn(price, "EUR")` and prints
   * what it returns (escaped, unless it is marked safe). Not async: templates render
   * synchronously.
   */
  templateFilter(name: string, fn: TemplateFilter): this {
    this.#templates.addFilter(name, fn);
    return this;
  }

  /** Adds the test `name`: `{% if user is admin %}` calls `fn(user)`. Not async. */
  templateTest(name: string, fn: TemplateTest): this {
    this.#templates.addTest(name, fn);
    return this;
  }

  /**
   * Completes the app without starting anything: config classes (outside `wf`) and the
   * extensions the app config enables. Idempotent.
   */
  prepare(): Promise<void> {
    return this.#lifecycle.prepare();
  }

  /** Prepares, runs startup hooks and readies Fastify. Idempotent. */
  startup(): Promise<void> {
    return this.#lifecycle.startup();
  }

  /** Starts the app, listens, then runs `onServe` hooks; resolves with the address. */
  async listen(options: { readonly host: string; readonly port: number }): Promise<string> {
    keepNextTickMaps();
    await this.startup();
    // In the app's context, which every request then inherits (http-server.ts).
    const address = await this.run(() => this.fastify.listen(options));
    await this.#lifecycle.serve();
    return address;
  }

  /**
   * Stops accepting connections, lets in-flight requests finish, then runs shutdown
   * hooks (stop jobs, close databases). Idempotent.
   */
  async shutdown(): Promise<void> {
    try {
      await this.#lifecycle.shutdown();
    } finally {
      appShutDown(this);
    }
  }

  /**
   * Serves the app on HOST/PORT (or `options`) until SIGINT/SIGTERM, then shuts down
   * gracefully and exits. Resolves with the address once listening.
   */
  mix(options: ServeOptions = {}): Promise<string> {
    return serve(this, options);
  }

  /** Fastify's `inject()`: a request without a socket, for tests. Starts the app first. */
  async inject(options: InjectOptions | string): Promise<LightMyRequestResponse> {
    await this.startup();
    return this.fastify.inject(options);
  }

  async #prepare(): Promise<void> {
    if (this.#standalone) {
      await importConfigFile(this.#standalone);
      this.config.replaceLayers(buildLayers(this.#standalone));
    }
    for (const extension of await enabledExtensions(this.config)) extension.expandFluid(this);
    checkRequiredKeys(this);
    const fastify = this.fastify; // created now, from the complete config
    // The document and docs pages (OPENAPI_URL, DOCS_URL, REDOC_URL), loaded only for apps that serve them.
    if (this.config.get("OPENAPI_URL")) {
      const { installOpenAPI } = await import("./openapi/install.ts");
      installOpenAPI(fastify, { config: this.config, name: this.name, root: this.root, openapi: () => this.openapi(), declaredRoutes: () => this.#routes.declared() });
    }
    for (const warning of misspelledKeys(this.config)) this.log.warn(warning);
  }

}

/** True for a Fluid, even one created by another copy of this module. */
export function isFluid(value: unknown): value is Fluid {
  return typeof value === "object" && value !== null && (value as { [FLUID]?: boolean })[FLUID] === true;
}

function packageDirOf(meta: ImportMeta | string): string {
  if (typeof meta !== "string") {
    if (meta.dirname) return meta.dirname;
    if (meta.url) return dirname(fileURLToPath(meta.url));
    throw new ConfigError(
      ConfigErrorCode.NOT_ESM,
      `new Fluid(import.meta) was given an empty import.meta: the app package is loaded as CommonJS; add "type": "module" to the project's package.json`,
    );
  }
  return meta.startsWith("file:") ? dirname(fileURLToPath(meta)) : meta;
}
