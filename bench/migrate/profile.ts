/**
 * Summary of a V8 `.cpuprofile` (`node --cpu-prof`) of a `wf migrate` child: busy time by
 * area (module loading, tsx/esbuild, MikroORM, WebFluid's Migrate, drivers, ...), and the top
 * functions by self and inclusive time.
 *
 * Standalone: `node --import tsx bench/migrate/profile.ts file.cpuprofile [top]`.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
  readonly startTime: number;
  readonly endTime: number;
}

export interface ProfileSummary {
  readonly file: string;
  readonly totalMs: number;
  readonly busyMs: number;
  readonly byArea: [string, number][];
  readonly self: [string, number][];
  readonly inclusive: [string, number][];
  /** Inclusive time under module evaluation/loading frames vs the rest. */
  readonly text: string;
}

function add(map: Map<string, number>, key: string, ms: number): void {
  map.set(key, (map.get(key) ?? 0) + ms);
}

function shortUrl(url: string): string {
  const path = url.replace(/^file:\/\//, "");
  const modules = path.lastIndexOf("/node_modules/");
  if (modules !== -1) return path.slice(modules + "/node_modules/".length);
  if (path.startsWith(REPO_ROOT)) return path.slice(REPO_ROOT.length);
  return path.replace(/^.*\/wf-mbench-[^/]+\//, "<project>/");
}

function key(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  return `${functionName || "(anonymous)"}${url ? ` ${shortUrl(url)}:${lineNumber + 1}` : ""}`;
}

/** The area a frame's self time counts for. */
function areaOf(node: ProfileNode): string {
  const { functionName, url } = node.callFrame;
  if (functionName === "(garbage collector)") return "(garbage collector)";
  if (functionName === "(program)") return "(program: V8 parse/compile, native)";
  if (!url) return "(V8 builtins / native)";
  if (url.startsWith("node:internal/modules")) return "node: module loader";
  if (url.startsWith("node:")) return "node: other internals";
  const path = url.replace(/^file:\/\//, "");
  const modules = path.lastIndexOf("/node_modules/");
  if (modules !== -1) {
    const parts = path.slice(modules + "/node_modules/".length).split("/");
    const pkg = parts[0]!.startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0]!;
    if (pkg === "tsx" || pkg === "esbuild" || pkg === "get-tsconfig") return "tsx/esbuild (loader, transform)";
    return pkg;
  }
  if (path.startsWith(`${REPO_ROOT}src/`)) return `webfluid src/${path.slice(REPO_ROOT.length + 4).split("/").slice(0, 2).join("/")}`;
  if (path.startsWith(`${REPO_ROOT}bench/`)) return "bench";
  return "project (models, revisions)";
}

/**
 * Reads and summarises one profile; with `window` ([from, to] in µs of the monotonic clock,
 * `process.hrtime.bigint() / 1000n`, which is the clock of the profile's timestamps), only
 * the samples taken within it.
 */
export function summarizeProfile(file: string, top = 20, window?: readonly [number, number]): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const areas = new Map<string, number>();
  let busy = 0;
  let total = 0;
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (window && (at < window[0] || at > window[1])) return;
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    total += dt;
    const node = byId.get(id)!;
    if (node.callFrame.functionName === "(idle)" || node.callFrame.functionName === "(root)") return;
    busy += dt;
    add(self, key(node), dt);
    add(areas, areaOf(node), dt);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const k = key(byId.get(at)!);
      if (!seen.has(k)) {
        seen.add(k);
        add(inclusive, k, dt);
      }
    }
  });
  inclusive.delete("(root)");
  const sorted = (map: Map<string, number>, n: number) => [...map].sort((a, b) => b[1] - a[1]).slice(0, n);
  const byArea = sorted(areas, 14);
  const selfTop = sorted(self, top);
  const inclusiveTop = sorted(inclusive, top);
  const span = window ? `window of ${((window[1] - window[0]) / 1000).toFixed(0)} ms: ` : "";
  const lines = [`  ${shortUrl(file)}: ${span}sampled ${total.toFixed(0)} ms, busy (on CPU) ${busy.toFixed(0)} ms, idle (waiting for I/O) ${(total - busy).toFixed(0)} ms; percentages of busy time`];
  const table = (title: string, rows: [string, number][]) => {
    lines.push(`  ${title}`);
    for (const [k, ms] of rows) lines.push(`    ${((ms / busy) * 100).toFixed(1).padStart(5)}%  ${ms.toFixed(0).padStart(6)} ms  ${k}`);
  };
  table("self time by area", byArea);
  table("top functions by self time", selfTop);
  table("top functions by inclusive time", inclusiveTop);
  return { file, totalMs: total, busyMs: busy, byArea, self: selfTop, inclusive: inclusiveTop, text: lines.join("\n") };
}

if (import.meta.main) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    console.error("usage: node --import tsx bench/migrate/profile.ts <file.cpuprofile> [top]");
    process.exit(2);
  }
  console.log(summarizeProfile(file, top ? Number(top) : 25).text);
}
