/** The table a benchmark prints at the end. */
import { median, type CaseResult } from "./load.ts";

export interface ReportContext {
  readonly title: string;
  /** Lines printed under the title: settings, layout, versions. */
  readonly notes: readonly string[];
}

/** Prints medians per case, the ratio WebFluid/reference and whether the goal is met; returns true when every goal is. */
export function printReport(results: readonly CaseResult[], context: ReportContext): boolean {
  const rows = results.map((r) => {
    const ratio = median(r.ratios);
    const ok = ratio >= r.goal;
    return {
      ok,
      cells: [
        r.name,
        num(median(r.webfluid.map((s) => s.rps))),
        num(median(r.reference.map((s) => s.rps))),
        ratio.toFixed(3),
        `${Math.min(...r.ratios).toFixed(3)}-${Math.max(...r.ratios).toFixed(3)}`,
        `>= ${r.goal.toFixed(2)} ${ok ? "met" : "MISSED"}`,
        `${median(r.webfluid.map((s) => s.cpuUsPerRequest)).toFixed(1)} / ${median(r.reference.map((s) => s.cpuUsPerRequest)).toFixed(1)}`,
        median(r.webfluid.map((s, i) => r.reference[i]!.cpuUsPerRequest / s.cpuUsPerRequest)).toFixed(3),
        `${pct(median(r.webfluid.map((s) => s.serverCpu)))} / ${pct(median(r.reference.map((s) => s.serverCpu)))}`,
        r.webfluid.some((s) => s.dbCpuUsPerRequest > 0)
          ? `${median(r.webfluid.map((s) => s.dbCpuUsPerRequest)).toFixed(1)} / ${median(r.reference.map((s) => s.dbCpuUsPerRequest)).toFixed(1)}`
          : "-",
        pct(median([...r.webfluid, ...r.reference].map((s) => s.loadCpu))),
        pct(median([...r.webfluid, ...r.reference].map((s) => s.otherCpu))),
        `${median(r.webfluid.map((s) => s.latencyP99)).toFixed(0)} / ${median(r.reference.map((s) => s.latencyP99)).toFixed(0)}`,
      ],
    };
  });
  const header = ["case", "WebFluid req/s", "reference req/s", "ratio", "range", "goal", "CPU us/req WF / ref", "CPU ratio", "server CPU WF / ref", "DB CPU us/req WF / ref", "loadgen", "other", "p99 ms WF / ref"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row.cells[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ");
  console.log(`\n${context.title}`);
  for (const note of context.notes) console.log(`  ${note}`);
  console.log("");
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const row of rows) console.log(line(row.cells));
  console.log(
    [
      "",
      "req/s: median over rounds. ratio: median of the per-round ratios of req/s WebFluid/reference (paired runs); range: lowest and highest.",
      "CPU us/req: server process CPU time (user + system, all threads) per request; CPU ratio: reference/WebFluid of it, per round, median",
      "  (1.0 = as efficient; it hardly moves when other jobs share the machine, unlike req/s).",
      "DB CPU us/req: CPU of the PostgreSQL backends serving the bench database, per request.",
      "server CPU: server CPU time per wall second (100% = its core is saturated, so req/s measures the server, not the load generator).",
      "loadgen: load generator CPU (near 100%: it may be the limit). other: CPU used meanwhile by other processes and the kernel, in cores",
      "  (the database server does not count here; on SQLite and HTTP more than a few % means the machine was shared and req/s is noisy).",
    ].join("\n"),
  );
  const all = rows.every((row) => row.ok);
  console.log(all ? "\nall goals met" : `\ngoals missed: ${rows.filter((row) => !row.ok).map((row) => row.cells[0]).join(", ")}`);
  return all;
}

function num(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

function pct(n: number): string {
  return `${Math.round(n * 100)}%`;
}
