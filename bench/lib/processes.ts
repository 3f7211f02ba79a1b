/**
 * The servers under test run in child processes; the load generator runs in the bench
 * process. With two CPUs or more, `taskset` pins the bench process (load generator) to one
 * CPU and every server to another, so that they never compete for a core and both servers
 * get exactly the same one. Every child is killed at the end, on error and on Ctrl-C
 * (test/support/processes.ts).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { availableParallelism, setPriority } from "node:os";
import { freePort, ServingChild, type SpawnOptions } from "../../test/support/processes.ts";

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

/** A server under test, in its own child process. */
export class ServerProcess extends ServingChild {
  readonly name: string;
  /** Successful requests served under load so far (warm-up included), for per-request profiles. */
  served = 0;

  constructor(name: string, command: string, args: readonly string[], options: SpawnOptions & { readonly port: number }) {
    super(command, args, options);
    this.name = name;
  }

  /** CPU seconds (user + system, every thread) the process has used so far; NaN off Linux. */
  cpuSeconds(): number {
    return processCpuSeconds(this.child.pid!);
  }

  /** Resident memory of the server process now, in MB. */
  rssMb(): number {
    return processRssMb(this.child.pid!);
  }
}

/** Resident memory (VmRSS) of process `pid` in MB; NaN when it cannot be read (not Linux, gone). */
export function processRssMb(pid: number): number {
  try {
    const kb = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb === undefined ? Number.NaN : Number(kb) / 1024;
  } catch {
    return Number.NaN;
  }
}

/** CPU seconds (user + system, every thread) process `pid` has used so far; NaN when it cannot be read (not Linux, gone). */
export function processCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may contain spaces): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return Number.NaN;
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

/** How to start one server under test. */
export interface ServerSpec {
  /** Shown in progress lines and the report. */
  readonly name: string;
  /** Arguments of `node` (flags, script) before `--port <port>`, which is added. */
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * Starts a server child on a free port, pinned per the layout (under `node --cpu-prof` into
 * `profileDir` when set), and waits until it answers `GET /health` with a 2xx.
 */
export async function startServer(spec: ServerSpec, layout: Layout, profileDir?: string): Promise<ServerProcess> {
  const port = await freePort();
  const nodeArgs = [...(profileDir ? ["--cpu-prof", "--cpu-prof-dir", profileDir] : []), ...spec.args, "--port", String(port)];
  const pinned = layout.serverCpu !== undefined;
  // taskset execs node, so the child's pid is node's (CPU accounting and signals reach it).
  const command = pinned ? "taskset" : process.execPath;
  const args = pinned ? ["-c", String(layout.serverCpu), process.execPath, ...nodeArgs] : nodeArgs;
  const server = await new ServerProcess(spec.name, command, args, { cwd: spec.cwd, env: spec.env, port }).ready("/health", spec.name, 60_000);
  const health = await fetch(`${server.url}/health`);
  if (!health.ok) {
    await server.stop();
    throw new Error(`${spec.name}: GET /health answered ${health.status}:\n${server.output()}`);
  }
  return server;
}
