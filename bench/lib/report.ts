/** The tables a benchmark prints at the end. */
import { describePair, type PairResult } from "./compare.ts";
import { pct, type Sample } from "./load.ts";

export interface ReportContext {
  readonly title: string;
  /** Lines printed under the title: settings, layout, versions. */
  readonly notes: readonly string[];
  /**
   * The server every other one is paired with: adds a table per case ranking the servers
   * by their ratio to it.
   */
  readonly reference?: string;
}

/**
 * Prints medians per pairing and case, the ratios and whether the goals are met, and the
 * standings against the reference; returns true when every goal is met.
 */
export function printReport(results: readonly PairResult[], context: ReportContext): boolean {
  const rows = results.map((r) => {
    const ratio = median(r.ratios);
    const cpuRatio = median(cpuRatios(r));
    const goal = r.pairing.goals?.[r.case.name];
    const ok = goal === undefined || (goal.of === "CPU" ? cpuRatio : ratio) >= goal.min;
    return {
      ok,
      cells: [
        r.case.name,
        describePair(r.pairing),
        both(r, (s) => s.rps, num),
        ratio.toFixed(3),
        `${Math.min(...r.ratios).toFixed(3)}-${Math.max(...r.ratios).toFixed(3)}`,
        both(r, (s) => s.cpuUsPerRequest, fixed1),
        cpuRatio.toFixed(3),
        goal ? `${goal.of} >= ${goal.min.toFixed(2)} ${ok ? "met" : "MISSED"}` : "-",
        both(r, (s) => s.serverCpu, pct),
        r.a.some((s) => s.dbCpuUsPerRequest > 0) ? both(r, (s) => s.dbCpuUsPerRequest, fixed1) : "-",
        pct(median([...r.a, ...r.b].map((s) => s.loadCpu))),
        pct(median([...r.a, ...r.b].map((s) => s.otherCpu))),
        both(r, (s) => s.latencyP99, (n) => n.toFixed(0)),
        `${Math.max(...r.a.map((s) => s.rssMb)).toFixed(0)} / ${Math.max(...r.b.map((s) => s.rssMb)).toFixed(0)}`,
      ],
    };
  });
  console.log(`\n${context.title}`);
  for (const note of context.notes) console.log(`  ${note}`);
  console.log("");
  const header = ["case", "a vs b", "req/s a / b", "ratio", "range", "CPU us/req a / b", "CPU ratio", "goal", "server CPU a / b", "DB CPU us/req a / b", "loadgen", "other", "p99 ms a / b", "RSS MB a / b"];
  printTable(header, rows.map((row) => row.cells));
  if (context.reference) printStandings(results, context.reference);
  console.log(
    [
      "",
      "req/s: median over rounds, each round on a fresh pair of servers. ratio: median of the per-round ratios of req/s a/b (paired runs); range: lowest and highest.",
      "CPU us/req: server process CPU time (user + system, all threads) per request; CPU ratio: b/a of it, per round, median",
      "  (1.0 = as efficient; it hardly moves when other jobs share the machine, unlike req/s).",
      "A/A control: the reference against a second reference: how far two identical servers differ on this machine today.",
      "DB CPU us/req: CPU of the PostgreSQL backends serving the bench database, per request.",
      "server CPU: server CPU time per wall second (100% = its core is saturated, so req/s measures the server, not the load generator).",
      "loadgen: load generator CPU (near 100%: it may be the limit). other: CPU used meanwhile by other processes and the kernel, in cores",
      "  (the database server does not count here; on SQLite and HTTP more than a few % means the machine was shared and req/s is noisy).",
      "RSS MB: server resident memory at the end of a measured run, highest over the rounds (each round's servers are fresh).",
    ].join("\n"),
  );
  const missed = rows.filter((row) => !row.ok).map((row) => `${row.cells[0]} (${row.cells[1]})`);
  console.log(missed.length === 0 ? "\nall goals met" : `\ngoals missed: ${missed.join(", ")}`);
  return missed.length === 0;
}

/** Per case, every server paired with `reference`, best first: its req/s and CPU ratios to it. */
function printStandings(results: readonly PairResult[], reference: string): void {
  const cases = [...new Set(results.map((r) => r.case.name))];
  for (const name of cases) {
    const against = results.filter((r) => r.case.name === name && r.pairing.b.name === reference);
    if (against.length === 0) continue;
    console.log(`\n${name}: against ${reference} (each paired with it on fresh servers)`);
    const rows = against
      .map((r) => ({ r, ratio: median(r.ratios) }))
      .sort((x, y) => y.ratio - x.ratio)
      .map(({ r, ratio }) => [
        r.pairing.label ? `${r.pairing.a.name} (${r.pairing.label})` : r.pairing.a.name,
        ratio.toFixed(2),
        median(cpuRatios(r)).toFixed(2),
        num(median(r.a.map((s) => s.rps))),
        median(r.a.map((s) => s.cpuUsPerRequest)).toFixed(1),
      ]);
    printTable(["server", "req/s ratio", "CPU ratio", "req/s", "CPU us/req"], rows);
  }
}

function printTable(header: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((cell, i) => (i <= 1 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ");
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const row of rows) console.log(line(row));
}

/** b/a of CPU time per request, per round. */
function cpuRatios(r: PairResult): number[] {
  return r.a.map((s, i) => r.b[i]!.cpuUsPerRequest / s.cpuUsPerRequest);
}

/** The medians of `metric` over the rounds, for a and for b: `a / b`. */
function both(r: PairResult, metric: (sample: Sample) => number, format: (n: number) => string): string {
  return `${format(median(r.a.map(metric)))} / ${format(median(r.b.map(metric)))}`;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function fixed1(n: number): string {
  return n.toFixed(1);
}

function num(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}
