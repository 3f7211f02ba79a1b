/**
 * Which app runs the code at hand: the app whose request, lifecycle hook, job or `wf`
 * command is in progress, tracked with AsyncLocalStorage. The batteries (`db`, `scheduler`)
 * keep one value per app in an {@link AppLocal} and resolve to the current app's, so two apps
 * in one process never share a database or a scheduler.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { AppError, AppErrorCode } from "./errors.ts";
import type { Fluid } from "./fluid.ts";

interface Apps {
  readonly storage: AsyncLocalStorage<Fluid>;
  /** Apps created and not shut down yet. */
  readonly live: Set<Fluid>;
}

const KEY = Symbol.for("webfluid.app.currentApp");
// On globalThis, so that two copies of this module (webfluid resolved twice) agree.
const apps = ((globalThis as Record<symbol, unknown>)[KEY] ??= { storage: new AsyncLocalStorage<Fluid>(), live: new Set<Fluid>() }) as Apps;

/** Runs `fn` (and everything it awaits) with `app` as the current app. */
export function runInApp<T>(app: Fluid, fn: () => T): T {
  return apps.storage.run(app, fn);
}

/** The app in context: the one whose request, hook, job or command runs this code. */
export function currentApp(): Fluid | undefined {
  return apps.storage.getStore();
}

/** Counts `app` among the apps of the process until {@link appShutDown}. */
export function appCreated(app: Fluid): void {
  apps.live.add(app);
}

export function appShutDown(app: Fluid): void {
  apps.live.delete(app);
}

/**
 * One value per app (its database, its scheduler), created on first use, and found from
 * the app in context.
 *
 * @example
 * ```ts
 * const databases = new AppLocal("db", () => new Database());
 * databases.current(); // the current app's database
 * ```
 */
export class AppLocal<T> {
  readonly #values = new WeakMap<Fluid, T>();
  readonly #what: string;
  readonly #create: (app: Fluid) => T;

  /**
   * @param what - How code reaches the values (`db`), for messages.
   * @param create - Makes the value of an app that has none yet.
   */
  constructor(what: string, create: (app: Fluid) => T) {
    this.#what = what;
    this.#create = create;
  }

  /** The value of `app`, created on first use. */
  of(app: Fluid): T {
    let value = this.#values.get(app);
    if (value === undefined) this.#values.set(app, (value = this.#create(app)));
    return value;
  }

  /** The values of the apps not shut down that have one. */
  live(): T[] {
    return [...apps.live].flatMap((app) => (this.#values.has(app) ? [this.#values.get(app)!] : []));
  }

  /**
   * The current app's value. Outside any app: the value of the only live app that has one,
   * or undefined when none has.
   *
   * @throws AppError `WF_ERR_APP_NO_CONTEXT` outside any app while several apps have one.
   */
  current(): T | undefined {
    const app = apps.storage.getStore();
    if (app) return this.of(app);
    const holders = [...apps.live].filter((candidate) => this.#values.has(candidate));
    if (holders.length <= 1) return holders.length === 1 ? this.#values.get(holders[0]!) : undefined;
    const names = holders.map((holder) => `"${holder.name}"`).join(", ");
    throw new AppError(
      AppErrorCode.NO_CONTEXT,
      `${this.#what} was used outside any app while ${holders.length} apps run (${names}): run the code inside one (a request handler, a startup or shutdown hook, a job, or app.run(fn)), or name the app with ${this.#what}.of(app)`,
    );
  }
}
