/**
 * Summary of a V8 `.cpuprofile` (from `node --cpu-prof`): where the busy time went, by
 * package and by function (self and inclusive time).
 *
 * Standalone: `node --import tsx bench/lib/profile.ts <file.cpuprofile | folder> [top]`.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { REPO_ROOT } from "../../test/support/project.ts";

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

const IDLE = new Set(["(idle)", "(root)"]);

export interface SummaryOptions {
  /** Rows per function table (default 25). */
  readonly top?: number;
  /** Requests the process served: adds a microseconds-per-request column. */
  readonly requests?: number;
}

/**
 * Renders the summary of the profile in `file` as text. Only samples from the first
 * HTTP request on count (start-up, module loading and the like are left out).
 */
export function summarizeProfile(file: string, options: SummaryOptions = {}): string {
  const { top = 25, requests } = options;
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const stackOf = (id: number): ProfileNode[] => {
    const stack: ProfileNode[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) stack.push(byId.get(at)!);
    return stack;
  };

  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const packages = new Map<string, number>();
  let busy = 0;
  let total = 0;
  let serving = false;
  profile.samples.forEach((id, i) => {
    const stack = stackOf(id);
    serving ||= stack.some((node) => node.callFrame.functionName === "parserOnIncoming");
    if (!serving) return;
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    total += dt;
    const node = stack[0]!;
    if (IDLE.has(node.callFrame.functionName)) return;
    busy += dt;
    add(self, key(node), dt);
    add(packages, packageOf(node), dt);
    const seen = new Set<string>();
    for (const frame of stack) {
      const k = key(frame);
      if (!seen.has(k)) {
        seen.add(k);
        add(inclusive, k, dt);
      }
    }
  });

  const perRequest = requests ? ` = ${((busy * 1000) / requests).toFixed(1)} us per request (${requests.toLocaleString("en-US")} requests)` : "";
  const lines = [
    `${file}`,
    `  from the first request on: sampled ${total.toFixed(0)} ms, busy (not idle) ${busy.toFixed(0)} ms${perRequest}`,
    `  columns: share of busy time, ms${requests ? ", us per request" : ""}`,
  ];
  const table = (title: string, map: Map<string, number>, n: number) => {
    lines.push(`  ${title}`);
    for (const [k, ms] of [...map].sort((a, b) => b[1] - a[1]).slice(0, n)) {
      const us = requests ? `${((ms * 1000) / requests).toFixed(2).padStart(8)} us` : "";
      lines.push(`    ${((ms / busy) * 100).toFixed(1).padStart(5)}%  ${ms.toFixed(0).padStart(7)} ms${us}  ${k}`);
    }
  };
  table("by package (self time)", packages, 15);
  table("top functions by self time", self, top);
  inclusive.delete("(root)");
  table("top functions by inclusive time", inclusive, top);
  return lines.join("\n");
}

/** Where one run's profiles go: `<dir>/<bench>-<date and time>`, `dir` relative to the repository. */
export function profileRunDir(dir: string, bench: string): string {
  return resolve(REPO_ROOT, dir, `${bench}-${new Date().toISOString().replace(/[:.]/g, "-").slice(0, 19)}`);
}

/** The main thread's profile among those `node --cpu-prof` wrote into `dir` (the largest). */
export function mainProfile(dir: string): string {
  const files = readdirSync(dir).filter((name) => name.endsWith(".cpuprofile")).map((name) => join(dir, name));
  if (files.length === 0) throw new Error(`no .cpuprofile in ${dir}`);
  return files.sort((a, b) => statSync(b).size - statSync(a).size)[0]!;
}

function add(map: Map<string, number>, key: string, ms: number): void {
  map.set(key, (map.get(key) ?? 0) + ms);
}

function key(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url ? ` ${shortUrl(url)}:${lineNumber + 1}` : "";
  return `${functionName || "(anonymous)"}${where}`;
}

function shortUrl(url: string): string {
  const path = url.replace(/^file:\/\//, "");
  const modules = path.lastIndexOf("/node_modules/");
  if (modules !== -1) return path.slice(modules + "/node_modules/".length);
  if (path.startsWith(REPO_ROOT)) return path.slice(REPO_ROOT.length);
  return path.replace(/^.*\/wf-tutorial-[^/]+\//, "<project>/");
}

function packageOf(node: ProfileNode): string {
  const { functionName, url } = node.callFrame;
  if (functionName.startsWith("(")) return functionName;
  if (!url) return "(native / V8 builtins)";
  if (url.startsWith("node:")) return "node: internals";
  const path = url.replace(/^file:\/\//, "");
  const modules = path.lastIndexOf("/node_modules/");
  if (modules !== -1) {
    const parts = path.slice(modules + "/node_modules/".length).split("/");
    return parts[0]!.startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  if (path.startsWith(`${REPO_ROOT}src/`)) return `webfluid src/${path.slice(REPO_ROOT.length + 4).split("/")[0]}`;
  if (path.startsWith(`${REPO_ROOT}bench/`)) return "bench (reference or peer server)";
  return "app (project code)";
}

if (import.meta.main) {
  const [path, top] = process.argv.slice(2);
  if (!path) {
    console.error("usage: node --import tsx bench/lib/profile.ts <file.cpuprofile | folder of them> [top]");
    process.exit(2);
  }
  console.log(summarizeProfile(statSync(path).isDirectory() ? mainProfile(path) : path, { top: top ? Number(top) : 25 }));
}
