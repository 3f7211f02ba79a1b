/**
 * The extension protocol. An extension has a `name`, config `defaults` (keys under its own
 * prefix), `required` keys, and `expandFluid(app)`, which registers it and then runs its
 * `setup`: routes, hooks, startup and shutdown work.
 */
import type { Config } from "../config/index.ts";
import { expandOnce, requireKeys } from "./app-extensions.ts";

/**
 * The app an extension is added to: a `Fluid`. The app core declares the two the same
 * (app/fluid.ts); this area sits below the app core and names only what it reads itself.
 */
export interface ExtensionApp {
  readonly config: Config;
}

/** A command an extension adds to `wf ext <app> <name> [args...]`. */
export interface ExtensionCommand {
  /** One line for `wf ext <app>`. */
  readonly description: string;
  /** Runs with the app built and prepared (not started); a number return is the exit code. */
  run(app: ExtensionApp, args: readonly string[]): unknown;
}

/**
 * Base class of every extension, built-in or third-party.
 *
 * @example
 * ```ts
 * export class MyExtension extends Extension {
 *   readonly name = "MYEXT";
 *   override readonly defaults = { MYEXT_BAR: "bar" };
 *   protected setup(app: Fluid) {
 *     app.get("/myext")(() => ({ bar: app.config.get("MYEXT_BAR") }));
 *   }
 * }
 * // in createApp(): new MyExtension().expandFluid(app);
 * ```
 */
export abstract class Extension {
  /** Shown in messages and `wf config`; by convention the prefix of its keys. */
  abstract readonly name: string;
  /** Lowest-precedence values for this extension's keys. */
  readonly defaults: Readonly<Record<string, unknown>> = {};
  /** Keys that must be set once defaults are applied; a missing one fails at start. */
  readonly required: readonly string[] = [];
  /** Commands run by `wf ext <app> <name>`. */
  readonly commands: Readonly<Record<string, ExtensionCommand>> = {};

  /**
   * Adds this extension to `app` (once per extension class): defaults, required keys
   * (checked when the app is prepared, once every config source is in), then `setup`.
   * Startup hooks added by extensions run before the app's own (so a database is open for
   * them), and their shutdown hooks after.
   */
  expandFluid(app: ExtensionApp): void {
    expandOnce(app, this, () => {
      app.config.addDefaults(`extension ${this.name}`, this.defaults);
      requireKeys(app, this.required, `extension ${this.name}`);
      this.setup(app);
    });
  }

  /** The extension's own work: routes, `app.onStartup`, `app.onShutdown`, ... */
  protected abstract setup(app: ExtensionApp): void;
}
