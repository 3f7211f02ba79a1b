/**
 * An app's lifecycle: its hooks by phase, and the phases themselves (prepare, start up,
 * serve, shut down), each run once however often it is asked for.
 */

/** Work run at start, once serving, or at shutdown; may be async. */
export type LifecycleHook = () => unknown;

/** What the phases do beyond running hooks; the app supplies it. */
export interface LifecycleSteps {
  /** Completes the app: config classes (outside `wf`), enabled extensions. */
  prepare(): Promise<void>;
  /** Readies the HTTP server, after the startup hooks. */
  ready(): Promise<void>;
  /** Stops accepting connections and lets in-flight requests finish, before the shutdown hooks. */
  close(): Promise<void>;
  /** Runs a hook as the app's own code (in its context). */
  run(hook: LifecycleHook): unknown;
  /** Reports a shutdown hook that failed (the others still run). */
  failed(error: unknown): void;
}

type Phase = "startup" | "shutdown";

/** The hooks and phases of one app. */
export class Lifecycle {
  readonly #steps: LifecycleSteps;
  /** Hooks by phase: extensions' first at start, last at shutdown. */
  readonly #hooks: Record<Phase, { extension: LifecycleHook[]; app: LifecycleHook[] }> = {
    startup: { extension: [], app: [] },
    shutdown: { extension: [], app: [] },
  };
  readonly #serve: LifecycleHook[] = [];
  #prepared: Promise<void> | undefined;
  #started: Promise<void> | undefined;
  #closed: Promise<void> | undefined;

  constructor(steps: LifecycleSteps) {
    this.#steps = steps;
  }

  /** Files a startup or shutdown hook as an extension's or as the app's own. */
  add(phase: Phase, hook: LifecycleHook, byExtension: boolean): void {
    this.#hooks[phase][byExtension ? "extension" : "app"].push(hook);
  }

  /** Files a hook run once the app listens. */
  addServe(hook: LifecycleHook): void {
    this.#serve.push(hook);
  }

  prepare(): Promise<void> {
    return (this.#prepared ??= this.#steps.prepare());
  }

  /** Prepares, runs the startup hooks (extensions' first), readies the server. */
  startup(): Promise<void> {
    return (this.#started ??= (async () => {
      await this.prepare();
      const { extension, app } = this.#hooks.startup;
      for (const hook of [...extension, ...app]) await this.#steps.run(hook);
      await this.#steps.ready();
    })());
  }

  /** Runs the serve hooks, in registration order. */
  async serve(): Promise<void> {
    for (const hook of this.#serve) await this.#steps.run(hook);
  }

  /**
   * Closes the server, then runs the shutdown hooks in reverse order (the app's own first,
   * extensions' last); every hook runs even when one fails, and then shutdown rejects.
   */
  shutdown(): Promise<void> {
    return (this.#closed ??= (async () => {
      await this.#steps.close();
      const { extension, app } = this.#hooks.shutdown;
      const errors: unknown[] = [];
      for (const hook of [...extension, ...app].reverse()) {
        try {
          await this.#steps.run(hook);
        } catch (error) {
          errors.push(error);
          this.#steps.failed(error);
        }
      }
      if (errors.length > 0) throw new AggregateError(errors, "shutdown hooks failed");
    })());
  }
}
