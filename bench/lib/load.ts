/**
 * Load: autocannon drives one server from this process for a while, and the CPU the server,
 * the load generator, the database server and the rest of the machine used meanwhile is
 * accounted for.
 */
import { readdirSync, readFileSync } from "node:fs";
import autocannon, { type Result } from "autocannon";
import { CLOCK_TICKS, processCpuSeconds, type ServerProcess } from "./processes.ts";

/** What a case requests. */
export interface Target {
  readonly method: "GET" | "POST";
  /** Path and query. */
  readonly path: string;
  readonly body?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** One measured run of one case on one server. */
export interface Sample {
  /** 2xx responses per second. */
  readonly rps: number;
  readonly requests: number;
  /** Server CPU time (user + system, all threads) per request, in microseconds. */
  readonly cpuUsPerRequest: number;
  /** Server CPU time / wall time: 1 means the server used its whole core. */
  readonly serverCpu: number;
  /** Load generator CPU time / wall time (near 1: the load generator may be the limit). */
  readonly loadCpu: number;
  /** CPU of the database server processes (PostgreSQL) per request, in microseconds. */
  readonly dbCpuUsPerRequest: number;
  /**
   * CPU used meanwhile by everything else on the machine, in cores (NaN off Linux):
   * other processes (not the database server), and kernel time not charged to a process.
   */
  readonly otherCpu: number;
  readonly latencyP50: number;
  readonly latencyP99: number;
  /** Server resident memory at the end of the run, in MB (NaN off Linux). */
  readonly rssMb: number;
  /** Wall time of the run. */
  readonly seconds: number;
}

export interface LoadSettings {
  readonly connections: number;
  /** Text in the command line of the database server processes serving the bench (PostgreSQL: the database name). */
  readonly databaseProcess?: string;
}

/**
 * Runs `target` against `server` for `seconds`. Any error, timeout or non-2xx answer fails
 * the run: a benchmark of failing requests measures nothing.
 */
export async function measure(server: ServerProcess, target: Target, seconds: number, settings: LoadSettings): Promise<Sample> {
  const cpu0 = server.cpuSeconds();
  const load0 = process.cpuUsage();
  const machine0 = machineCpuSeconds();
  const db0 = databaseCpuSeconds(settings.databaseProcess);
  const t0 = performance.now();
  const result = await new Promise<Result>((resolve, reject) => {
    autocannon(
      {
        url: server.url + target.path,
        method: target.method,
        body: target.body,
        headers: target.headers ? { ...target.headers } : undefined,
        connections: settings.connections,
        duration: seconds,
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
  const wall = (performance.now() - t0) / 1000;
  const load = process.cpuUsage(load0);
  const cpu = server.cpuSeconds() - cpu0;
  const machine = machineCpuSeconds() - machine0;
  const db = databaseCpuSeconds(settings.databaseProcess) - db0;
  if (!server.running) throw new Error(`${server.name} exited during ${describe(target)}:\n${server.output()}`);
  const bad = result.errors + result.timeouts + result.non2xx;
  if (bad > 0) {
    const codes = Object.entries(result.statusCodeStats).map(([code, { count }]) => `${code}: ${count}`).join(", ");
    throw new Error(
      `${describe(target)} on ${server.name}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx (${codes}); server output:\n${server.output().slice(-4000)}`,
    );
  }
  const requests = result["2xx"];
  server.served += requests;
  return {
    rps: requests / result.duration,
    requests,
    cpuUsPerRequest: (cpu * 1e6) / requests,
    serverCpu: cpu / wall,
    loadCpu: (load.user + load.system) / 1e6 / wall,
    dbCpuUsPerRequest: (db * 1e6) / requests,
    otherCpu: (machine - cpu - db - (load.user + load.system) / 1e6) / wall,
    latencyP50: result.latency.p50,
    latencyP99: result.latency.p99,
    rssMb: server.rssMb(),
    seconds: wall,
  };
}

/**
 * The runs of one server as if they were one: totals over all of them (the p50 is the runs'
 * p50s averaged by requests, the p99 their worst; the memory, the last run's).
 */
export function combineSamples(samples: readonly Sample[]): Sample {
  const requests = sum(samples, (s) => s.requests);
  const seconds = sum(samples, (s) => s.seconds);
  const perRequest = (f: (s: Sample) => number) => sum(samples, (s) => f(s) * s.requests) / requests;
  const perSecond = (f: (s: Sample) => number) => sum(samples, (s) => f(s) * s.seconds) / seconds;
  return {
    rps: requests / sum(samples, (s) => s.requests / s.rps),
    requests,
    cpuUsPerRequest: perRequest((s) => s.cpuUsPerRequest),
    serverCpu: perSecond((s) => s.serverCpu),
    loadCpu: perSecond((s) => s.loadCpu),
    dbCpuUsPerRequest: perRequest((s) => s.dbCpuUsPerRequest),
    otherCpu: perSecond((s) => s.otherCpu),
    latencyP50: perRequest((s) => s.latencyP50),
    latencyP99: Math.max(...samples.map((s) => s.latencyP99)),
    rssMb: samples.at(-1)!.rssMb,
    seconds,
  };
}

function sum(samples: readonly Sample[], f: (s: Sample) => number): number {
  return samples.reduce((total, s) => total + f(s), 0);
}

/** Busy CPU seconds of the whole machine (all CPUs) since boot, from /proc/stat; NaN off Linux. */
export function machineCpuSeconds(): number {
  try {
    const fields = readFileSync("/proc/stat", "utf8").split("\n", 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal ...: everything but idle and iowait.
    const busy = fields.slice(0, 8).reduce((sum, value, i) => (i === 3 || i === 4 ? sum : sum + value), 0);
    return busy / CLOCK_TICKS;
  } catch {
    return Number.NaN;
  }
}

/**
 * CPU seconds used so far by the database server processes whose command line holds
 * `marker` (PostgreSQL backends show their database name there); 0 without a marker or off Linux.
 */
function databaseCpuSeconds(marker: string | undefined): number {
  if (!marker) return 0;
  let total = 0;
  let entries: string[];
  try {
    entries = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return 0;
  }
  for (const pid of entries) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(marker)) continue;
      total += processCpuSeconds(Number(pid)) || 0;
    } catch {
      // exited meanwhile
    }
  }
  return total;
}

export function fmt(n: number): string {
  return Math.round(n).toLocaleString("en-US").padStart(7);
}

export function pct(n: number): string {
  return `${Math.round(n * 100)}%`;
}

function describe(target: Target): string {
  return `${target.method} ${target.path}`;
}
