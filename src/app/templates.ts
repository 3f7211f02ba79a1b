/**
 * Nunjucks (Jinja syntax) templates from `<package>/templates`, autoescaped, with the
 * globals, filters and tests the app and its extensions add (Jinja's `env.globals`,
 * `env.filters`, `env.tests`). Additions are kept here and handed to Nunjucks when the
 * environment is built (on the first render), so that an extension can add them while the
 * app is being built, before anything renders, and Nunjucks is loaded only by apps that
 * render.
 */
import type { FastifyRequest } from "fastify";
import type nunjucks from "nunjucks";
import { lazyRequire } from "../lazy-require.ts";
import { csrfToken } from "../web/csrf.ts";
import { AppError, AppErrorCode } from "./errors.ts";

export interface TemplateOptions {
  readonly directory: string;
  /** Re-read templates on every render (development). */
  readonly noCache: boolean;
}

/** A template filter: `{{ value | name(arg) }}` calls `fn(value, arg)`; it returns what is printed. */
export type TemplateFilter = (value: never, ...args: never[]) => unknown;
/** A template test: `{% if value is name(arg) %}` calls `fn(value, arg)`; truthy or not. */
export type TemplateTest = (value: never, ...args: never[]) => unknown;

type Kind = "global" | "filter" | "test";

/** Where the template says the name: `{{ name() }}`, `{{ x | name }}`, `{% if x is name %}`. */
const METHOD: Record<Kind, string> = { global: "templateGlobal", filter: "templateFilter", test: "templateTest" };

/**
 * Names a template cannot take over: the words of the template language, the globals
 * Nunjucks and WebFluid give every template, and Nunjucks' own filters and tests.
 */
const KEYWORDS = ["true", "false", "none", "True", "False", "None", "and", "or", "not", "in", "is", "if", "else", "elif", "endif", "for", "endfor", "set", "block", "extends", "include", "import", "from", "macro", "call", "raw", "filter", "loop", "super", "caller", "self"];
const RESERVED: Record<Kind, readonly string[]> = {
  global: [...KEYWORDS, "range", "cycler", "joiner", "csrf_token"],
  filter: KEYWORDS,
  test: KEYWORDS,
};
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The app's template environment: created on first render, with what was added before. */
export class Templates {
  readonly #options: () => TemplateOptions;
  readonly #added: Record<Kind, Map<string, unknown>> = { global: new Map(), filter: new Map(), test: new Map() };
  #env: nunjucks.Environment | undefined;
  /** The request of the render in progress. */
  #request: FastifyRequest | undefined;
  /** Set when the render in progress called `csrf_token()` without a request; every render ends with it cleared. */
  #withoutRequest = false;

  /** `options` is read when the environment is built (the config is complete by then). */
  constructor(options: () => TemplateOptions) {
    this.#options = options;
  }

  /** Adds a global: a value, or a function the template calls. */
  addGlobal(name: string, value: unknown): void {
    if (value === undefined) throw badAddition("global", name, "its value is undefined; pass a value or a function");
    this.#add("global", name, value);
  }

  addFilter(name: string, fn: unknown): void {
    this.#add("filter", name, syncFunction("filter", name, fn));
  }

  addTest(name: string, fn: unknown): void {
    this.#add("test", name, syncFunction("test", name, fn));
  }

  /** Renders `name`; `request` is the one `csrf_token()` makes a token for. */
  render(name: string, context: Readonly<Record<string, unknown>>, request?: FastifyRequest): string {
    const environment = this.#environment();
    // Renders are synchronous, so the request is known for exactly this render (and set back
    // for a render that a helper starts inside another).
    const outer = this.#request;
    this.#request = request;
    try {
      return environment.render(name, context);
    } catch (error) {
      // Nunjucks wraps what a global throws in an error of its own, without the code.
      if (!this.#withoutRequest) throw error;
      throw new AppError(
        AppErrorCode.NO_REQUEST,
        `${name}: csrf_token() was called in a template rendered outside a request; return render(...) from a route handler, or pass the request: app.render(name, context, request.raw)`,
      );
    } finally {
      this.#request = outer;
      this.#withoutRequest = false;
    }
  }

  /** `csrf_token()`: a global rather than a key added to every render's context, which costs every page a copy of it. */
  #csrfToken(): string {
    if (!this.#request) {
      this.#withoutRequest = true;
      throw new Error("csrf_token() needs the request the page is rendered for");
    }
    return csrfToken(this.#request);
  }

  #add(kind: Kind, name: string, value: unknown): void {
    if (typeof name !== "string" || !IDENTIFIER.test(name)) {
      throw badAddition(kind, String(name), "the name must be an identifier (letters, digits and _, not starting with a digit), as my_ext");
    }
    if (RESERVED[kind].includes(name) || (kind !== "global" && builtIn(kind, name))) {
      throw badAddition(kind, name, `${JSON.stringify(name)} is a name templates already have; choose another name`);
    }
    if (this.#added[kind].has(name)) {
      throw badAddition(kind, name, `a template ${kind} ${JSON.stringify(name)} was added before (by the app or an extension); choose another name`);
    }
    this.#added[kind].set(name, value);
    if (this.#env) install(this.#env, kind, name, value);
  }

  #environment(): nunjucks.Environment {
    if (this.#env) return this.#env;
    const nunjucks = lazyRequire<typeof import("nunjucks")>("nunjucks");
    const options = this.#options();
    const loader = new nunjucks.FileSystemLoader(options.directory, { noCache: options.noCache });
    const env = new nunjucks.Environment(loader, { autoescape: true });
    // A render's own `csrf_token`, if it passes one, wins: Nunjucks looks in the context first.
    env.addGlobal("csrf_token", () => this.#csrfToken());
    for (const kind of ["global", "filter", "test"] as const) {
      for (const [name, value] of this.#added[kind]) install(env, kind, name, value);
    }
    this.#env = env;
    return env;
  }
}

function install(env: nunjucks.Environment, kind: Kind, name: string, value: unknown): void {
  if (kind === "global") env.addGlobal(name, value);
  else if (kind === "filter") env.addFilter(name, value as (...args: unknown[]) => unknown);
  // addTest is Nunjucks' (since 3.0) but missing from its type declarations.
  else (env as nunjucks.Environment & { addTest(name: string, fn: unknown): void }).addTest(name, value);
}

/** Nunjucks' own filters (`upper`, `default`, ...) and tests (`defined`, `odd`, ...). */
function builtIn(kind: "filter" | "test", name: string): boolean {
  const module = kind === "filter" ? "nunjucks/src/filters.js" : "nunjucks/src/tests.js";
  return Object.hasOwn(lazyRequire<Record<string, unknown>>(module), name);
}

/** Templates render synchronously: a filter or test must be a plain (not async) function. */
function syncFunction(kind: Kind, name: string, fn: unknown): unknown {
  if (typeof fn !== "function") {
    throw badAddition(kind, String(name), `a ${kind} must be a function, got ${fn === null ? "null" : typeof fn}`);
  }
  if (fn.constructor.name === "AsyncFunction") {
    throw badAddition(kind, String(name), `templates render synchronously, so a ${kind} cannot be async; compute the value in the handler and pass it to render()`);
  }
  return fn;
}

function badAddition(kind: Kind, name: string, why: string): AppError {
  return new AppError(AppErrorCode.BAD_TEMPLATE_HELPER, `${METHOD[kind]}(${JSON.stringify(name)}): ${why}`);
}
