/**
 * Comparison of servers in pairs: every round starts a fresh pair per pairing, warms both
 * up, measures every case on both in alternating order, and stops them; the per-round
 * ratios are what the report summarises.
 */
import { join } from "node:path";
import { combineSamples, fmt, machineCpuSeconds, measure, pct, type LoadSettings, type Sample, type Target } from "./load.ts";
import { startServer, type Layout, type ServerProcess, type ServerSpec } from "./processes.ts";

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
  /** Each server's `duration` is measured in this many slices, alternating between the two servers. */
  readonly slices: number;
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
  for (let round = 1; round <= settings.rounds; round++) {
    profiled = [];
    for (const [p, pairing] of pairings.entries()) {
      const dirs = settings.profiles ? (["a", "b"] as const).map((side) => join(settings.profiles!, `${slug(pairing[side].name)}-${p + 1}${side}-round${round}`)) : [];
      const run = await pairRound(pairing, cases, round, dirs, settings, patience, log);
      for (const [i, [a, b]] of run.samples.entries()) {
        const result = results[p]![i]!;
        result.a.push(a);
        result.b.push(b);
        result.ratios.push(a.rps / b.rps);
      }
      profiled.push(...run.profiled);
    }
  }
  return { results: results.flat(), profiled };
}

/** One round of one pairing: a fresh pair of servers, warmed up and measured on every case, then stopped. */
async function pairRound(
  pairing: Pairing,
  cases: readonly Case[],
  round: number,
  profileDirs: readonly string[],
  settings: CompareSettings,
  patience: Patience,
  log: (line: string) => void,
): Promise<{ samples: [Sample, Sample][]; profiled: Profiled[] }> {
  const step = `round ${round}/${settings.rounds}  ${describePair(pairing)}`;
  const servers: ServerProcess[] = [];
  try {
    servers.push(await startServer(pairing.a, settings.layout, profileDirs[0]));
    servers.push(await startServer(pairing.b, settings.layout, profileDirs[1]));
    const [a, b] = servers as [ServerProcess, ServerProcess];
    if (round === 1) await settings.check?.(a, b);
    const order = round % 2 === 1 ? [a, b] : [b, a];
    for (const c of cases) {
      for (const server of order) {
        const warm = await measure(server, c.target, c.warmup ?? settings.warmup, settings);
        log(`  ${step}  ${c.name}: warm-up of ${server.name} ${fmt(warm.rps)} req/s`);
      }
    }
    const samples: [Sample, Sample][] = [];
    for (const c of cases) {
      const [sa, sb] = await measurePair(a, b, order, c.target, settings, patience, (line) => log(`  ${step}  ${c.name}: ${line}`));
      log(
        `  ${step}  ${c.name}: ${fmt(sa.rps)} / ${fmt(sb.rps)} req/s, ratio ${(sa.rps / sb.rps).toFixed(3)}` +
          `  (server CPU ${pct(sa.serverCpu)}/${pct(sb.serverCpu)}, loadgen ${pct(sa.loadCpu)}/${pct(sb.loadCpu)}, other ${pct(sa.otherCpu)}/${pct(sb.otherCpu)})`,
      );
      samples.push([sa, sb]);
    }
    return { samples, profiled: profileDirs.map((dir, i) => ({ name: servers[i]!.name, dir, requests: servers[i]!.served })) };
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
}

/**
 * Measures `target` on both servers in alternating slices (`order`, then reversed, and so on:
 * A B B A A B), so that the machine's drift over the seconds of a pair (clock speed, other
 * tenants of a virtual machine) falls on both alike; redoes the pair (up to twice, keeping
 * the least disturbed) while other processes used more than `maxOther` cores.
 */
async function measurePair(
  a: ServerProcess,
  b: ServerProcess,
  order: readonly ServerProcess[],
  target: Target,
  settings: CompareSettings,
  patience: Patience,
  log: (line: string) => void,
): Promise<[Sample, Sample]> {
  let best: { pair: [Sample, Sample]; other: number } | undefined;
  for (let attempt = 1; ; attempt++) {
    const started = Date.now();
    const slices = new Map<ServerProcess, Sample[]>([[a, []], [b, []]]);
    for (let slice = 0; slice < settings.slices; slice++) {
      for (const server of slice % 2 === 0 ? order : [...order].reverse()) {
        await patience.waitForQuiet(settings.quiet);
        slices.get(server)!.push(await measure(server, target, settings.duration / settings.slices, settings));
      }
    }
    const pair: [Sample, Sample] = [combineSamples(slices.get(a)!), combineSamples(slices.get(b)!)];
    const other = Math.max(pair[0].otherCpu, pair[1].otherCpu);
    if (!best || other < best.other) best = { pair, other };
    if (!(other > settings.maxOther) || attempt === 3 || !patience.spend(Date.now() - started)) return best.pair;
    log(`other processes used ${pct(other)} of a core meanwhile (> ${pct(settings.maxOther)}): redoing the pair`);
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
