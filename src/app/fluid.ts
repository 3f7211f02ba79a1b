/**
 * `Fluid`: the app object. Wraps a Fastify instance with the seed's routing style,
 * configuration, templates, extensions and a lifecycle (prepare, start, serve, shut down).
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyBaseLogger, FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import type nunjucks from "nunjucks";
import {
  buildConfig,
  buildLayers,
  ConfigError,
  ConfigErrorCode,
  importConfigFile,
  readConfigSources,
  type Config,
  type ConfigSources,
} from "../config/index.ts";
import { enabledExtensions, type Extension } from "../ext/index.ts";
import { lazyRequire } from "../lazy-require.ts";
import { activeConfig } from "./context.ts";
import { AppError, AppErrorCode } from "./errors.ts";
import { installBodyParser, parseBodyForSchema } from "./body.ts";
import { installErrorHandlers } from "./http-errors.ts";
import { serve, type ServeOptions } from "./serve.ts";
import {
  fastifyHandler,
  ROUTE_METHODS,
  toFastifyPath,
  type Handler,
  type RouteDecorator,
  type RouteInfo,
  type RouteMethod,
  type RouteOptions,
} from "./routing.ts";
import { createTemplates } from "./templates.ts";

const FLUID = Symbol.for("webfluid.Fluid");

/** Work run at start or shutdown; may be async. */
export type LifecycleHook = () => unknown;

export interface FluidOptions {
  /** Use this config instead of the one `wf` is loading (or `WF_APP`, default `app`). */
  readonly config?: Config;
}

type RouteArgs<App> = [options?: RouteOptions] | [handler: Handler<App>] | [options: RouteOptions, handler: Handler<App>];

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

  #fastify: FastifyInstance | undefined;
  /** Routes added before Fastify is created, registered when it is. */
  readonly #pendingRoutes: Array<(fastify: FastifyInstance) => void> = [];
  /** Keys extensions require, checked once the config is complete (at prepare()). */
  readonly #required: Array<{ readonly keys: readonly string[]; readonly who: string }> = [];
  readonly #routes: RouteInfo[] = [];
  readonly #extensions = new Set<Extension>();
  /** Hooks by phase: extensions' first at start, last at shutdown. */
  readonly #startup = { extension: [] as LifecycleHook[], app: [] as LifecycleHook[] };
  readonly #shutdown = { extension: [] as LifecycleHook[], app: [] as LifecycleHook[] };
  readonly #serve: LifecycleHook[] = [];
  #expanding: Extension | undefined;
  /** Set when the app was created outside `wf`: config.ts is imported at prepare(). */
  readonly #standalone: ConfigSources | undefined;
  #templates: nunjucks.Environment | undefined;
  #prepared: Promise<void> | undefined;
  #started: Promise<void> | undefined;
  #closed: Promise<void> | undefined;

  constructor(meta: ImportMeta | string, options: FluidOptions = {}) {
    this.packageDir = packageDirOf(meta);
    let config = options.config ?? activeConfig();
    if (!config) {
      this.#standalone = readConfigSources({ name: process.env.WF_APP ?? "app", cwd: this.packageDir });
      config = buildConfig(this.#standalone);
    }
    this.config = config;
  }

  /**
   * The Fastify instance underneath: register any Fastify plugin or hook on it. Created on
   * first use (at the latest when the app starts), so that outside `wf` the options it
   * takes from the config (LOG_LEVEL, ACCESS_LOG, MAX_CONTENT_LENGTH, TRUST_PROXY) see
   * config.ts, which is imported at prepare().
   */
  get fastify(): FastifyInstance {
    if (!this.#fastify) {
      const Fastify = lazyRequire<typeof import("fastify").default>("fastify");
      const fastifyStatic = lazyRequire<typeof import("@fastify/static").default>("@fastify/static");
      const { pino } = lazyRequire<typeof import("pino")>("pino");
      const config = this.config;
      const logger: FastifyBaseLogger = pino({ level: logLevel(config), base: { app: config.name } });
      const fastify = Fastify({
        loggerInstance: logger,
        trustProxy: config.get("TRUST_PROXY"),
        disableRequestLogging: !config.get("ACCESS_LOG"),
        bodyLimit: config.get("MAX_CONTENT_LENGTH"),
      });
      installBodyParser(fastify);
      installErrorHandlers(fastify);
      const staticDir = join(this.packageDir, "static");
      if (existsSync(staticDir)) fastify.register(fastifyStatic, { root: staticDir, prefix: "/static/" });
      this.#fastify = fastify;
      for (const register of this.#pendingRoutes.splice(0)) register(fastify);
    }
    return this.#fastify;
  }

  /** The app's logger (pino, through Fastify). */
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

  get(path: string, options?: RouteOptions): RouteDecorator<Fluid>;
  get(path: string, handler: Handler<Fluid>): this;
  get(path: string, options: RouteOptions, handler: Handler<Fluid>): this;
  get(path: string, ...args: RouteArgs<Fluid>): RouteDecorator<Fluid> | this {
    return this.#method("GET", path, args);
  }

  post(path: string, options?: RouteOptions): RouteDecorator<Fluid>;
  post(path: string, handler: Handler<Fluid>): this;
  post(path: string, options: RouteOptions, handler: Handler<Fluid>): this;
  post(path: string, ...args: RouteArgs<Fluid>): RouteDecorator<Fluid> | this {
    return this.#method("POST", path, args);
  }

  put(path: string, options?: RouteOptions): RouteDecorator<Fluid>;
  put(path: string, handler: Handler<Fluid>): this;
  put(path: string, options: RouteOptions, handler: Handler<Fluid>): this;
  put(path: string, ...args: RouteArgs<Fluid>): RouteDecorator<Fluid> | this {
    return this.#method("PUT", path, args);
  }

  patch(path: string, options?: RouteOptions): RouteDecorator<Fluid>;
  patch(path: string, handler: Handler<Fluid>): this;
  patch(path: string, options: RouteOptions, handler: Handler<Fluid>): this;
  patch(path: string, ...args: RouteArgs<Fluid>): RouteDecorator<Fluid> | this {
    return this.#method("PATCH", path, args);
  }

  delete(path: string, options?: RouteOptions): RouteDecorator<Fluid>;
  delete(path: string, handler: Handler<Fluid>): this;
  delete(path: string, options: RouteOptions, handler: Handler<Fluid>): this;
  delete(path: string, ...args: RouteArgs<Fluid>): RouteDecorator<Fluid> | this {
    return this.#method("DELETE", path, args);
  }

  /** Any method(s), with every option in one object. */
  route(route: RouteOptions & { readonly method: RouteMethod | readonly RouteMethod[]; readonly path: string; readonly handler: Handler<Fluid> }): this {
    const methods = typeof route.method === "string" ? [route.method] : route.method;
    for (const method of methods) this.#addRoute(method, route.path, route, route.handler);
    return this;
  }

  /** Every route, in registration order (what `wf routes` prints). */
  routes(): readonly RouteInfo[] {
    return this.#routes;
  }

  /**
   * Runs `hook` when the app starts (before it accepts requests), in registration order;
   * extensions' hooks first.
   */
  onStartup(hook: LifecycleHook): this {
    this.#startup[this.#expanding ? "extension" : "app"].push(hook);
    return this;
  }

  /**
   * Runs `hook` at shutdown, after in-flight requests finished, in reverse registration
   * order; extensions' hooks last.
   */
  onShutdown(hook: LifecycleHook): this {
    this.#shutdown[this.#expanding ? "extension" : "app"].push(hook);
    return this;
  }

  /**
   * Runs `hook` once the app listens for requests (`mix()`, `wf run`), never under
   * `inject()`, tests or other `wf` commands: where in-process jobs start.
   */
  onServe(hook: LifecycleHook): this {
    this.#serve.push(hook);
    return this;
  }

  /** Adds an extension once: runs `setup` with its hooks filed as the extension's. */
  expandExtension(extension: Extension, setup: () => void): void {
    // Once per class: an extension listed in EXTENSIONS and also added by hand expands once.
    if ([...this.#extensions].some((known) => known === extension || known.constructor === extension.constructor)) return;
    this.#extensions.add(extension);
    const outer = this.#expanding;
    this.#expanding = extension;
    try {
      setup();
    } finally {
      this.#expanding = outer;
    }
  }

  /**
   * Fails at prepare() when one of `keys` has no value: extensions declare their required
   * keys while the app is built, and outside `wf` config.ts is imported after that.
   */
  requireConfig(keys: readonly string[], who: string): void {
    if (this.#prepared) this.config.require(keys, who);
    else this.#required.push({ keys, who });
  }

  /** Extensions added so far. */
  extensions(): readonly Extension[] {
    return [...this.#extensions];
  }

  /** Renders `<package>/templates/<name>` to a string. */
  render(name: string, context: Readonly<Record<string, unknown>> = {}): string {
    this.#templates ??= createTemplates({
      directory: join(this.packageDir, "templates"),
      noCache: this.config.get("DEBUG"),
    });
    return this.#templates.render(name, context);
  }

  /**
   * Completes the app without starting anything: config classes (outside `wf`) and the
   * extensions the app config enables. Idempotent.
   */
  prepare(): Promise<void> {
    this.#prepared ??= (async () => {
      if (this.#standalone) {
        await importConfigFile(this.#standalone);
        this.config.replaceLayers(buildLayers(this.#standalone));
      }
      for (const extension of await enabledExtensions(this.config)) extension.expandFluid(this);
      for (const { keys, who } of this.#required.splice(0)) this.config.require(keys, who);
      void this.fastify; // created now, from the complete config
    })();
    return this.#prepared;
  }

  /** Prepares, runs startup hooks and readies Fastify. Idempotent. */
  startup(): Promise<void> {
    this.#started ??= (async () => {
      await this.prepare();
      for (const hook of [...this.#startup.extension, ...this.#startup.app]) await hook();
      await this.fastify.ready();
    })();
    return this.#started;
  }

  /** Starts the app, listens, then runs `onServe` hooks; resolves with the address. */
  async listen(options: { readonly host: string; readonly port: number }): Promise<string> {
    await this.startup();
    const address = await this.fastify.listen(options);
    for (const hook of this.#serve) await hook();
    return address;
  }

  /**
   * Stops accepting connections, lets in-flight requests finish, then runs shutdown
   * hooks (stop jobs, close databases). Idempotent.
   */
  shutdown(): Promise<void> {
    this.#closed ??= (async () => {
      // Fastify closes idle keep-alive connections once, as close() starts; a connection
      // whose in-flight request finishes later would hold close() until keepAliveTimeout
      // (fastify/fastify#7044), so idle ones are swept while the close is pending.
      const fastify = this.#fastify;
      if (fastify) {
        const sweep = setInterval(() => fastify.server.closeIdleConnections(), 100);
        try {
          await fastify.close();
        } finally {
          clearInterval(sweep);
        }
      }
      const errors: unknown[] = [];
      for (const hook of [...this.#shutdown.extension, ...this.#shutdown.app].reverse()) {
        try {
          await hook();
        } catch (error) {
          errors.push(error);
          this.log.error({ err: error }, "shutdown hook failed");
        }
      }
      if (errors.length > 0) throw new AggregateError(errors, "shutdown hooks failed");
    })();
    return this.#closed;
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

  #method(method: RouteMethod, path: string, args: RouteArgs<Fluid>): RouteDecorator<Fluid> | this {
    const [first, second] = args;
    if (typeof first === "function") {
      this.#addRoute(method, path, {}, first);
      return this;
    }
    const options = first ?? {};
    if (typeof second === "function") {
      this.#addRoute(method, path, options, second);
      return this;
    }
    return (handler) => {
      this.#addRoute(method, path, options, handler);
      return handler;
    };
  }

  #addRoute(method: RouteMethod, path: string, options: RouteOptions, handler: Handler<Fluid>): void {
    const url = toFastifyPath(path);
    const register = (fastify: FastifyInstance) =>
      fastify.route({
        method,
        url,
        schema: options.schema,
        preValidation: options.schema?.body ? parseBodyForSchema : undefined,
        handler: fastifyHandler(this, handler, options),
      });
    if (this.#fastify) register(this.#fastify);
    else this.#pendingRoutes.push(register);
    this.#routes.push({ method, path: url, name: options.name ?? (handler.name || "(anonymous)") });
  }
}

/** True for a Fluid, even one created by another copy of this module. */
export function isFluid(value: unknown): value is Fluid {
  return typeof value === "object" && value !== null && (value as { [FLUID]?: boolean })[FLUID] === true;
}

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

function logLevel(config: Config): string {
  const level = config.get("LOG_LEVEL");
  if (LOG_LEVELS.includes(level)) return level;
  throw new ConfigError(
    ConfigErrorCode.BAD_VALUE,
    `LOG_LEVEL (${config.entry("LOG_LEVEL")?.source}) must be one of ${LOG_LEVELS.join(", ")}; got ${JSON.stringify(level)}`,
  );
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

export { ROUTE_METHODS };
