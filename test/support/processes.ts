/**
 * Child processes for tests and benchmarks: a command run to completion, or one kept running
 * (its output captured, stopped with SIGTERM then SIGKILL), always with an environment free
 * of the caller's WebFluid overrides. A child still running when this process exits is killed.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";

/** How a child ended: its exit code (null when a signal ended it), its output, how long it ran. */
export interface ChildResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Wall-clock from spawn to exit, in milliseconds. */
  readonly ms: number;
}

export interface SpawnOptions {
  readonly cwd: string;
  /** Added to the clean environment (see {@link childEnv}). */
  readonly env?: Readonly<Record<string, string>>;
  /** A process group of its own, as a terminal gives (see {@link RunningChild.signalGroup}). */
  readonly detached?: boolean;
}

/**
 * Our environment without WebFluid config overrides (`WF_*` other than `WF_TEST_*`, and
 * `DATABASE_URI`), plus `extra`: a child sees only the settings its caller chose.
 */
export function childEnv(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if ((!key.startsWith("WF_") || key.startsWith("WF_TEST_")) && key !== "DATABASE_URI") env[key] = value;
  }
  return { ...env, ...extra };
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Kills every child still running, synchronously: the last resort when this process exits. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const child of live) child.kill("SIGKILL");
  });
}

/** A child process that keeps running until it exits or is stopped. */
export class RunningChild {
  readonly child: ChildProcess;
  #stdout = "";
  #stderr = "";
  #output = "";
  readonly #exit: Promise<ChildResult>;

  constructor(command: string, args: readonly string[], options: SpawnOptions) {
    installExitHook();
    const started = performance.now();
    this.child = spawn(command, args, {
      cwd: options.cwd,
      env: childEnv(options.env),
      stdio: ["ignore", "pipe", "pipe"],
      detached: options.detached ?? false,
    });
    live.add(this.child);
    this.child.stdout!.on("data", (chunk: Buffer) => {
      this.#stdout += chunk;
      this.#output += chunk;
    });
    this.child.stderr!.on("data", (chunk: Buffer) => {
      this.#stderr += chunk;
      this.#output += chunk;
    });
    this.#exit = new Promise((resolve) =>
      this.child.once("close", (code) => {
        live.delete(this.child);
        resolve({ code, stdout: this.#stdout, stderr: this.#stderr, ms: performance.now() - started });
      }),
    );
  }

  /** Everything the process printed so far, stdout and stderr interleaved. */
  output(): string {
    return this.#output;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resolves once the process has exited. */
  exited(): Promise<ChildResult> {
    return this.#exit;
  }

  /** Sends `signal` to every process of its group, as Ctrl-C in a terminal does (needs `detached`). */
  signalGroup(signal: NodeJS.Signals): void {
    process.kill(-this.child.pid!, signal);
  }

  /** SIGTERM (a graceful exit), then SIGKILL after `timeoutMs`; resolves once it has exited. */
  async stop(timeoutMs = 15_000): Promise<ChildResult> {
    if (this.running) this.child.kill("SIGTERM");
    const timer = setTimeout(() => this.child.kill("SIGKILL"), timeoutMs);
    const result = await this.#exit;
    clearTimeout(timer);
    return result;
  }
}

/** Runs `command` to completion (SIGKILL after `timeoutMs`); never rejects: the result says how it ended. */
export function run(command: string, args: readonly string[], options: SpawnOptions & { readonly timeoutMs?: number }): Promise<ChildResult> {
  const running = new RunningChild(command, args, options);
  const timer = setTimeout(() => running.child.kill("SIGKILL"), options.timeoutMs ?? 60_000);
  return running.exited().finally(() => clearTimeout(timer));
}

/** A child that serves HTTP on `url`. */
export class ServingChild extends RunningChild {
  readonly url: string;

  constructor(command: string, args: readonly string[], options: SpawnOptions & { readonly port: number }) {
    super(command, args, options);
    this.url = `http://127.0.0.1:${options.port}`;
  }

  /**
   * Resolves once the child answers `path` over HTTP (any status); rejects when it exits
   * first or stays silent for `timeoutMs` (then it is stopped).
   */
  async ready(path: string, name: string, timeoutMs = 30_000): Promise<this> {
    try {
      await waitUntil(async () => {
        if (!this.running) throw new Error(`${name} exited (${this.child.exitCode ?? this.child.signalCode}) before it answered ${path}:\n${this.output()}`);
        try {
          await fetch(this.url + path);
          return true;
        } catch {
          return false;
        }
      }, timeoutMs, () => `${name} did not answer ${path} within ${timeoutMs / 1000} s:\n${this.output()}`);
    } catch (error) {
      await this.stop(1000);
      throw error;
    }
    return this;
  }
}

/** Resolves when `child` has exited (at once if it already has). */
export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("close", () => resolve()));
}

/** A TCP port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Polls `check` every 100 ms until it returns true; bounded by `timeoutMs`. */
export async function waitUntil(check: () => Promise<boolean> | boolean, timeoutMs: number, message: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(message());
}
