/**
 * The servers under test run in child processes; the load generator runs in the bench
 * process. With two CPUs or more, `taskset` pins the bench process (load generator) to one
 * CPU and every server to another, so that they never compete for a core and both servers
 * get exactly the same one. Every child is killed at the end, on error and on Ctrl-C.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { availableParallelism, setPriority } from "node:os";
import { profileFlags, WF_BIN, type TempProject } from "./project.ts";

/** Where the load generator and the servers run. */
export interface Layout {
  /** CPU of the bench process (load generator), or undefined when not pinned. */
  readonly loadCpu: number | undefined;
  /** CPU of every server child, or undefined when not pinned. */
  readonly serverCpu: number | undefined;
  /** One line for the report. */
  readonly description: string;
}

/**
 * Pins this process to the first allowed CPU and reserves the second for servers (when
 * `pin` and possible); with `priority`, raises this process to nice -10, which the
 * servers inherit.
 */
export function planLayout(pin: boolean, priority = false): Layout {
  const nice = priority ? raisePriority() : "";
  const cpus = allowedCpus();
  const why = !pin
    ? "pinning disabled (--no-pin)"
    : process.platform !== "linux"
      ? "pinning needs Linux"
      : cpus.length < 2
        ? `only ${cpus.length} CPU allowed`
        : spawnSync("taskset", ["-V"]).status !== 0
          ? "taskset not found"
          : undefined;
  if (why !== undefined) {
    return { loadCpu: undefined, serverCpu: undefined, description: `not pinned (${why}); ${cpus.length} CPUs shared by load generator, servers and database${nice}` };
  }
  const [loadCpu, serverCpu] = cpus as [number, number, ...number[]];
  // -a: every thread of this process (libuv pool, V8 workers), not only the main one.
  execFileSync("taskset", ["-a", "-p", "-c", String(loadCpu), String(process.pid)], { stdio: "ignore" });
  return {
    loadCpu,
    serverCpu,
    description: `load generator (autocannon, this process) on CPU ${loadCpu}; server under test (one child process at a time under load) on CPU ${serverCpu}; database servers unpinned${nice}`,
  };
}

/** Sets every thread of this process to nice -10 (children inherit it); says what it did. */
function raisePriority(): string {
  try {
    for (const tid of readdirSync(`/proc/${process.pid}/task`)) setPriority(Number(tid), -10);
    return "; bench and servers at nice -10";
  } catch (error) {
    return `; priority not raised (${(error as Error).message})`;
  }
}

/** CPUs this process may run on (Linux cpuset aware), else 0..n-1. */
function allowedCpus(): number[] {
  try {
    const line = readFileSync("/proc/self/status", "utf8").match(/^Cpus_allowed_list:\s*(.+)$/m)?.[1];
    if (line) {
      return line.split(",").flatMap((part) => {
        const [from, to = from] = part.trim().split("-").map(Number) as [number, number?];
        return Array.from({ length: to - from + 1 }, (_, i) => from + i);
      });
    }
  } catch {
    // not Linux: fall through
  }
  return Array.from({ length: availableParallelism() }, (_, i) => i);
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Kills every child still running, synchronously: the last resort when the bench process exits. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const child of live) child.kill("SIGKILL");
  });
}

/** A server under test, in its own child process. */
export class ServerProcess {
  readonly name: string;
  readonly url: string;
  readonly child: ChildProcess;
  /** Successful requests served under load so far (warm-up included), for per-request profiles. */
  served = 0;
  #output = "";
  readonly #exited: Promise<void>;

  constructor(name: string, url: string, child: ChildProcess) {
    this.name = name;
    this.url = url;
    this.child = child;
    child.stdout?.on("data", (chunk: Buffer) => (this.#output += chunk));
    child.stderr?.on("data", (chunk: Buffer) => (this.#output += chunk));
    this.#exited = new Promise((resolve) => child.once("close", () => resolve()));
    void this.#exited.then(() => live.delete(child));
  }

  /** Everything the process printed so far. */
  output(): string {
    return this.#output;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** CPU seconds (user + system, every thread) the process has used so far; NaN off Linux. */
  cpuSeconds(): number {
    try {
      const stat = readFileSync(`/proc/${this.child.pid}/stat`, "utf8");
      // Fields after the command name (which may contain spaces): utime and stime are the 12th and 13th.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
    } catch {
      return Number.NaN;
    }
  }

  /** SIGTERM (graceful: profiles get written), then SIGKILL after `timeoutMs`. */
  async stop(timeoutMs = 15_000): Promise<void> {
    if (this.running) this.child.kill("SIGTERM");
    const timer = setTimeout(() => this.child.kill("SIGKILL"), timeoutMs);
    await this.#exited;
    clearTimeout(timer);
  }
}

/** Kernel clock ticks per second (the unit of /proc CPU times). */
export const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

export interface StartOptions {
  /** Shown in progress lines and the report. */
  readonly name: string;
  /** Arguments of `node` (flags, script, script arguments). */
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly port: number;
  readonly layout: Layout;
  /** Answers 200 once the server is ready. */
  readonly readyPath: string;
}

/** Starts a server child (pinned per the layout) and waits until it answers `readyPath`. */
export async function startServer(options: StartOptions): Promise<ServerProcess> {
  installExitHook();
  const pinned = options.layout.serverCpu !== undefined;
  const command = pinned ? "taskset" : process.execPath;
  // taskset execs node, so the child's pid is node's (CPU accounting and signals reach it).
  const args = pinned ? ["-c", String(options.layout.serverCpu), process.execPath, ...options.args] : [...options.args];
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] });
  live.add(child);
  const url = `http://127.0.0.1:${options.port}`;
  const server = new ServerProcess(options.name, url, child);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (!server.running) throw new Error(`${options.name} exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${server.output()}`);
    try {
      const response = await fetch(url + options.readyPath);
      if (response.ok) return server;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await server.stop(1000);
      throw new Error(`${options.name} did not answer ${options.readyPath} within 60 s:\n${server.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
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

/** The environment for server children: ours minus WebFluid config overrides, plus `extra`. */
export function serverEnv(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith("WF_") && key !== "DATABASE_URI") env[key] = value;
  }
  return { ...env, ...extra };
}

/**
 * Serves the temporary tutorial copy with the real `wf run app` on a free port (under
 * `node --cpu-prof` into `<profiles>/<name>` when profiling), as users run it.
 */
export async function startWebfluid(options: {
  readonly project: TempProject;
  readonly env: NodeJS.ProcessEnv;
  readonly layout: Layout;
  readonly profiles: string | undefined;
  readonly profileName: string;
}): Promise<ServerProcess> {
  const port = await freePort();
  return startServer({
    name: "WebFluid",
    args: [...profileFlags(options.profiles, options.profileName), WF_BIN, "run", "app", "--port", String(port)],
    cwd: options.project.root,
    env: options.env,
    port,
    layout: options.layout,
    readyPath: "/health",
  });
}

/**
 * Runs a benchmark's `main` with a cleanup stack: every function pushed on it runs (last
 * first) when `main` ends, fails, or the process gets SIGINT/SIGTERM.
 */
export async function runBench(main: (cleanup: Array<() => unknown>) => Promise<void>): Promise<void> {
  const cleanup: Array<() => unknown> = [];
  const unwind = async () => {
    for (const fn of cleanup.splice(0).reverse()) {
      try {
        await fn();
      } catch (error) {
        console.error(`cleanup failed: ${(error as Error).message}`);
      }
    }
  };
  const onSignal = (signal: NodeJS.Signals) => {
    console.error(`\n${signal}: stopping the servers and cleaning up`);
    void unwind().finally(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    await main(cleanup);
  } catch (error) {
    console.error(`\nbenchmark failed: ${(error as Error).stack ?? String(error)}`);
    process.exitCode = 1;
  } finally {
    await unwind();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
