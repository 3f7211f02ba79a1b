/**
 * Load and comparison: autocannon drives one server at a time from this process; each
 * case is measured on WebFluid and on the reference in alternating order, round after
 * round, and summarised by medians.
 */
import { readdirSync, readFileSync } from "node:fs";
import autocannon, { type Result } from "autocannon";
import { CLOCK_TICKS, type ServerProcess } from "./processes.ts";

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
  };
}

/** One route measured on WebFluid (first) and the reference (second). */
export interface Case {
  /** Shown in the report, e.g. `GET /health` or `sqlite GET /my-model?id=1`. */
  readonly name: string;
  readonly target: Target;
  /** The least acceptable ratio WebFluid/reference of req/s. */
  readonly goal: number;
  readonly webfluid: ServerProcess;
  readonly reference: ServerProcess;
}

export interface CaseResult {
  readonly name: string;
  readonly goal: number;
  readonly webfluid: Sample[];
  readonly reference: Sample[];
  /** WebFluid/reference req/s, per round (paired runs, so drift between rounds cancels). */
  readonly ratios: number[];
}

export interface CompareSettings extends LoadSettings {
  readonly duration: number;
  readonly warmup: number;
  readonly rounds: number;
  /**
   * Before each run, wait until the rest of the machine uses at most this many cores:
   * other jobs on a shared machine skew a run far more than anything measured.
   */
  readonly quiet: number;
  /**
   * Redo a round's pair of runs (up to twice, keeping the least disturbed) when other
   * processes used more than this many cores during either run. Infinity: never.
   */
  readonly maxOther: number;
  /** Seconds the whole comparison may spend waiting for quiet and redoing pairs. */
  readonly patience: number;
}

/**
 * Warms every server up on every case, then runs `rounds` rounds; in each round every
 * case runs on both servers, WebFluid first in odd rounds and the reference first in
 * even ones (A/B, B/A, ...), so that neither always gets the warmer or cooler slot.
 * Waiting for quiet and redoing disturbed pairs share one time budget (`patience`), so a
 * busy machine makes the run longer by a bounded amount, then it measures as it can.
 */
export async function compare(cases: readonly Case[], settings: CompareSettings, log = console.log): Promise<CaseResult[]> {
  for (const c of cases) {
    for (const server of [c.webfluid, c.reference]) {
      log(`  warm-up  ${c.name.padEnd(34)} ${server.name}`);
      await measure(server, c.target, settings.warmup, settings);
    }
  }
  const patience = new Patience(settings.patience * 1000, log);
  const results = cases.map((c): CaseResult => ({ name: c.name, goal: c.goal, webfluid: [], reference: [], ratios: [] }));
  for (let round = 0; round < settings.rounds; round++) {
    for (const [i, c] of cases.entries()) {
      const result = results[i]!;
      const order = round % 2 === 0 ? (["webfluid", "reference"] as const) : (["reference", "webfluid"] as const);
      let best: { wf: Sample; ref: Sample; other: number } | undefined;
      for (let attempt = 1; ; attempt++) {
        const started = Date.now();
        const samples: Partial<Record<"webfluid" | "reference", Sample>> = {};
        for (const side of order) {
          await patience.waitForQuiet(settings.quiet);
          samples[side] = await measure(c[side], c.target, settings.duration, settings);
        }
        const wf = samples.webfluid!;
        const ref = samples.reference!;
        const other = Math.max(wf.otherCpu, ref.otherCpu);
        if (!best || other < best.other) best = { wf, ref, other };
        if (!(other > settings.maxOther) || attempt === 3 || !patience.spend(Date.now() - started)) break;
        log(`  round ${round + 1}  ${c.name}: other processes used ${pct(other)} of a core meanwhile (> ${pct(settings.maxOther)}): redoing the pair`);
      }
      const { wf, ref } = best!;
      result.webfluid.push(wf);
      result.reference.push(ref);
      result.ratios.push(wf.rps / ref.rps);
      log(
        `  round ${round + 1}/${settings.rounds}  ${c.name.padEnd(34)} WebFluid ${fmt(wf.rps)} req/s  reference ${fmt(ref.rps)} req/s  ratio ${(wf.rps / ref.rps).toFixed(3)}` +
          `  (server CPU ${pct(wf.serverCpu)}/${pct(ref.serverCpu)}, loadgen ${pct(wf.loadCpu)}/${pct(ref.loadCpu)}, other ${pct(wf.otherCpu)}/${pct(ref.otherCpu)})`,
      );
    }
  }
  return results;
}

/** The time a comparison may lose to a busy machine: waiting for quiet and redoing disturbed pairs. */
class Patience {
  #left: number;
  readonly #log: (line: string) => void;
  #exhausted = false;

  constructor(ms: number, log: (line: string) => void) {
    this.#left = ms;
    this.#log = log;
  }

  /** Takes `ms` from the budget; false (once logged) when it is spent. */
  spend(ms: number): boolean {
    this.#left -= ms;
    if (this.#left > 0) return true;
    if (!this.#exhausted) this.#log("  patience exhausted (--patience): measuring on, however busy the machine is; see the 'other' figures");
    this.#exhausted = true;
    return false;
  }

  /** Waits until other processes use at most `cores` cores (servers and load generator are idle now). */
  async waitForQuiet(cores: number): Promise<void> {
    for (let first = true; this.#left > 0; first = false) {
      const t0 = performance.now();
      const c0 = machineCpuSeconds();
      await new Promise((resolve) => setTimeout(resolve, 250));
      const elapsed = performance.now() - t0;
      const busy = (machineCpuSeconds() - c0) / (elapsed / 1000);
      if (!(busy > cores)) return;
      if (first) this.#log(`  waiting for the machine to calm down (other processes use ${pct(busy)} of a core)`);
      if (!this.spend(elapsed)) return;
    }
  }
}

/** Busy CPU seconds of the whole machine (all CPUs) since boot, from /proc/stat; NaN off Linux. */
function machineCpuSeconds(): number {
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
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      total += (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
    } catch {
      // exited meanwhile
    }
  }
  return total;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function fmt(n: number): string {
  return Math.round(n).toLocaleString("en-US").padStart(7);
}

function pct(n: number): string {
  return `${Math.round(n * 100)}%`;
}

function describe(target: Target): string {
  return `${target.method} ${target.path}`;
}
