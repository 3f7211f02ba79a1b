/**
 * Load and comparison: autocannon drives one server at a time from this process; each
 * pairing of servers gets fresh servers every round, and each case is measured on both in
 * alternating order, round after round.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import autocannon, { type Result } from "autocannon";
import { CLOCK_TICKS, processCpuSeconds, startServer, type Layout, type ServerProcess, type ServerSpec } from "./processes.ts";

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

/** One route every pairing is measured on. */
export interface Case {
  /** Shown in the report, e.g. `GET /health (JSON)` or `sqlite GET /my-model?id=1`. */
  readonly name: string;
  readonly target: Target;
  /** Seconds of warm-up per fresh server, when this case needs more or less than the settings' `warmup`. */
  readonly warmup?: number;
}

/** The least acceptable ratio of a pairing on a case: of req/s (a/b), or of CPU time per request (b/a: 1 = as efficient). */
export interface Goal {
  readonly of: "req/s" | "CPU";
  readonly min: number;
}

/** Two servers compared: `a` against `b`, ratios a/b. */
export interface Pairing {
  readonly a: ServerSpec;
  readonly b: ServerSpec;
  /** Shown before the pair in the report (e.g. `A/A control`). */
  readonly label?: string;
  /** Goals by case name. */
  readonly goals?: Readonly<Record<string, Goal>>;
}

/** Every round of one pairing on one case. */
export interface PairResult {
  readonly pairing: Pairing;
  readonly case: Case;
  readonly a: Sample[];
  readonly b: Sample[];
  /** a/b of req/s, per round (each round's runs were back to back, so drift between rounds cancels). */
  readonly ratios: number[];
}

/** A server profiled in the last round, for the summaries after the report. */
export interface Profiled {
  readonly name: string;
  readonly dir: string;
  /** Requests it served under load (warm-up included). */
  readonly requests: number;
}

export interface CompareSettings extends LoadSettings {
  readonly duration: number;
  /** Seconds of load per fresh server and case before the measured runs (unless the case says otherwise). */
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
  readonly layout: Layout;
  /** When set, every server runs under `node --cpu-prof` into a folder of its own below this one. */
  readonly profiles?: string;
  /** Checks a pair's first servers before anything is measured (same answers, for instance). */
  readonly check?: (a: ServerProcess, b: ServerProcess) => Promise<void>;
}

/**
 * Runs `rounds` rounds. In each round every pairing gets a fresh pair of servers (a server
 * that has served for minutes drifts, so long-lived servers would compare their age), which
 * is warmed up on every case, then measured on every case: `a` first in odd rounds and `b`
 * first in even ones (A/B, B/A, ...), so that neither always gets the warmer or cooler
 * slot; then both are stopped. Waiting for quiet and redoing disturbed pairs share one time
 * budget (`patience`), so a busy machine makes the run longer by a bounded amount, then it
 * measures as it can.
 */
export async function compare(
  pairings: readonly Pairing[],
  cases: readonly Case[],
  settings: CompareSettings,
  log = console.log,
): Promise<{ results: PairResult[]; profiled: Profiled[] }> {
  const patience = new Patience(settings.patience * 1000, log);
  const results = pairings.map((pairing) => cases.map((c): PairResult => ({ pairing, case: c, a: [], b: [], ratios: [] })));
  let profiled: Profiled[] = [];
  for (let round = 0; round < settings.rounds; round++) {
    profiled = [];
    for (const [p, pairing] of pairings.entries()) {
      const dirs = settings.profiles ? (["a", "b"] as const).map((side) => join(settings.profiles!, `${slug(pairing[side].name)}-${p + 1}${side}-round${round + 1}`)) : [];
      const a = await startServer(pairing.a, settings.layout, dirs[0]);
      let b: ServerProcess | undefined;
      try {
        b = await startServer(pairing.b, settings.layout, dirs[1]);
        if (round === 0) await settings.check?.(a, b);
        const order = round % 2 === 0 ? [a, b] : [b, a];
        for (const c of cases) {
          for (const server of order) {
            const warm = await measure(server, c.target, c.warmup ?? settings.warmup, settings);
            log(`  round ${round + 1}/${settings.rounds}  warm-up  ${describePair(pairing)}  ${c.name}: ${server.name} ${fmt(warm.rps)} req/s`);
          }
        }
        for (const [i, c] of cases.entries()) {
          const result = results[p]![i]!;
          const [sa, sb] = await measurePair(a, b, order, c.target, settings, patience, log, `round ${round + 1}  ${describePair(pairing)}  ${c.name}`);
          result.a.push(sa);
          result.b.push(sb);
          result.ratios.push(sa.rps / sb.rps);
          log(
            `  round ${round + 1}/${settings.rounds}  ${describePair(pairing)}  ${c.name}: ${fmt(sa.rps)} / ${fmt(sb.rps)} req/s, ratio ${(sa.rps / sb.rps).toFixed(3)}` +
              `  (server CPU ${pct(sa.serverCpu)}/${pct(sb.serverCpu)}, loadgen ${pct(sa.loadCpu)}/${pct(sb.loadCpu)}, other ${pct(sa.otherCpu)}/${pct(sb.otherCpu)})`,
          );
        }
      } finally {
        await Promise.all([a.stop(), b?.stop()]);
      }
      dirs.forEach((dir, i) => profiled.push({ name: (i === 0 ? a : b!).name, dir, requests: (i === 0 ? a : b!).served }));
    }
  }
  return { results: results.flat(), profiled };
}

/**
 * Measures `target` on both servers back to back, in `order`; redoes the pair (up to twice,
 * keeping the least disturbed) while other processes used more than `maxOther` cores.
 */
async function measurePair(
  a: ServerProcess,
  b: ServerProcess,
  order: readonly ServerProcess[],
  target: Target,
  settings: CompareSettings,
  patience: Patience,
  log: (line: string) => void,
  what: string,
): Promise<[Sample, Sample]> {
  let best: { pair: [Sample, Sample]; other: number } | undefined;
  for (let attempt = 1; ; attempt++) {
    const started = Date.now();
    const samples = new Map<ServerProcess, Sample>();
    for (const server of order) {
      await patience.waitForQuiet(settings.quiet);
      samples.set(server, await measure(server, target, settings.duration, settings));
    }
    const pair: [Sample, Sample] = [samples.get(a)!, samples.get(b)!];
    const other = Math.max(pair[0].otherCpu, pair[1].otherCpu);
    if (!best || other < best.other) best = { pair, other };
    if (!(other > settings.maxOther) || attempt === 3 || !patience.spend(Date.now() - started)) return best.pair;
    log(`  ${what}: other processes used ${pct(other)} of a core meanwhile (> ${pct(settings.maxOther)}): redoing the pair`);
  }
}

/** `a vs b`, after the pairing's label when it has one. */
export function describePair(pairing: Pairing): string {
  return `${pairing.label ? `${pairing.label}: ` : ""}${pairing.a.name} vs ${pairing.b.name}`;
}

function slug(name: string): string {
  return name.replace(/[^\w.-]+/g, "-");
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
      total += processCpuSeconds(Number(pid)) || 0;
    } catch {
      // exited meanwhile
    }
  }
  return total;
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString("en-US").padStart(7);
}

function pct(n: number): string {
  return `${Math.round(n * 100)}%`;
}

function describe(target: Target): string {
  return `${target.method} ${target.path}`;
}
