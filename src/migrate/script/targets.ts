/**
 * Turning a target (`head`, `heads`, `base`, `+N`, `-N`, an id or unique prefix, each
 * optionally as `<bind>@...`) into the ordered revisions to apply or unapply.
 * Pure: the graph, the applied set and the configured binds in, revisions out.
 */
import { MigrateError } from "../errors.ts";
import type { RevisionGraph, RevisionNode } from "./revision-graph.ts";

export interface TargetScope {
  /** The app config, for the commands messages suggest. */
  readonly app?: string;
  /** The configured binds of the app config, `default` first. */
  readonly binds: readonly string[];
  /** `--bind B`: only this bind. */
  readonly bind?: string;
}

interface ParsedTarget {
  readonly binds: readonly string[];
  readonly explicitBind: boolean;
  readonly spec: string;
}

function parse(target: string, scope: TargetScope): ParsedTarget {
  const at = /^([A-Za-z_][\w-]*)@(.+)$/.exec(target);
  const bind = at ? at[1]! : scope.bind;
  if (bind !== undefined) configuredBind(bind, scope);
  return { binds: bind ? [bind] : scope.binds, explicitBind: bind !== undefined, spec: at ? at[2]! : target };
}

/** `bind`, when the app config configures it; `WF_ERR_MIGRATE_UNKNOWN_BIND` listing those it does otherwise. */
export function configuredBind(bind: string, scope: TargetScope): string {
  if (!scope.binds.includes(bind)) {
    throw new MigrateError(
      "WF_ERR_MIGRATE_UNKNOWN_BIND",
      `bind "${bind}" is not configured${scope.app ? ` for "${scope.app}"` : ""} (configured: ${scope.binds.join(", ")}); check --bind or the target's "<bind>@" part`,
    );
  }
  return bind;
}

/** Revisions to apply, in order, to reach `target` (default `head` on every bind). */
export function planUpgrade(graph: RevisionGraph, applied: ReadonlySet<string>, target: string, scope: TargetScope): RevisionNode[] {
  const { binds, spec, explicitBind } = parse(target, scope);
  if (spec === "base") return [];
  if (spec === "head") return graph.upgradePlan(applied, binds.flatMap((bind) => singleHead(graph, bind, scope.app)));
  if (spec === "heads") return graph.upgradePlan(applied, binds.flatMap((bind) => graph.heads(bind)));
  const relative = /^\+(\d+)$/.exec(spec);
  if (relative) {
    if (Number(relative[1]) === 0) return [];
    const bind = singleBind(graph, binds, applied, explicitBind, spec);
    return graph.upgradePlan(applied, [stepForward(graph, bind, applied, Number(relative[1]))]);
  }
  const node = graph.resolve(spec, explicitBind ? binds[0] : undefined);
  return graph.upgradePlan(applied, [node.id]);
}

/** Revisions to unapply, children first, to go down to `target` (default `-1`). */
export function planDowngrade(graph: RevisionGraph, applied: ReadonlySet<string>, target: string, scope: TargetScope): RevisionNode[] {
  const { binds, spec, explicitBind } = parse(target, scope);
  if (spec === "base") return graph.downgradePlan(applied, binds.flatMap((bind) => graph.bases(bind)));
  const relative = /^-(\d+)$/.exec(spec);
  if (relative) {
    if (Number(relative[1]) === 0) return [];
    const bind = singleBind(graph, binds, applied, explicitBind, spec);
    return graph.downgradePlan(applied, [stepBack(graph, bind, applied, Number(relative[1]))]);
  }
  if (spec === "head" || spec === "heads" || spec.startsWith("+")) {
    throw new MigrateError(
      "WF_ERR_MIGRATE_BAD_TARGET",
      `"${target}" is not a downgrade target; use -N, base, or a revision id`,
    );
  }
  const node = graph.resolve(spec, explicitBind ? binds[0] : undefined);
  if (!applied.has(node.id)) {
    throw new MigrateError(
      "WF_ERR_MIGRATE_BAD_TARGET",
      `revision ${node.id} is not applied on bind "${node.bind}", so there is nothing to downgrade to; wf migrate current ${scope.app ?? "<app>"} shows what is`,
    );
  }
  return graph.downgradePlan(applied, graph.children(node.id));
}

/**
 * What `stamp` records, per bind it touches: the revisions of that bind that must be applied
 * for `target` (`head`/`heads`, `base`, an id or prefix, each optionally `<bind>@...`).
 * A revision id belongs to one bind, so it touches only that bind; `head`, `heads` and
 * `base` touch every bind in scope. Binds come in the scope's order (the lock order).
 */
export function planStamp(graph: RevisionGraph, target: string, scope: TargetScope): Map<string, Set<string>> {
  const { binds, spec, explicitBind } = parse(target, scope);
  const ofBind = (bind: string, ids: Iterable<string>) => new Set([...graph.closure(ids)].filter((id) => graph.get(id).bind === bind));
  if (spec === "base") return new Map(binds.map((bind) => [bind, new Set<string>()]));
  if (spec === "head" || spec === "heads") return new Map(binds.map((bind) => [bind, ofBind(bind, graph.heads(bind))]));
  const node = graph.resolve(spec, explicitBind ? binds[0] : undefined);
  configuredBind(node.bind, scope);
  return new Map([[node.bind, ofBind(node.bind, [node.id])]]);
}

/** The one head of a bind, or an error naming the heads and suggesting merge. */
export function singleHead(graph: RevisionGraph, bind: string, app = "<app>"): string[] {
  const heads = graph.heads(bind);
  if (heads.length > 1) {
    throw new MigrateError(
      "WF_ERR_MIGRATE_MULTIPLE_HEADS",
      `bind "${bind}" has ${heads.length} heads (${heads.join(", ")}); join them with "wf migrate merge ${app} ${heads.join(" ")}", or upgrade to "heads"`,
    );
  }
  return heads;
}

/** Relative targets move along one history: say which when several binds have revisions. */
function singleBind(graph: RevisionGraph, binds: readonly string[], applied: ReadonlySet<string>, explicit: boolean, spec: string): string {
  if (explicit || binds.length === 1) return binds[0]!;
  const candidates = binds.filter((bind) =>
    spec.startsWith("-") ? graph.revisions(bind).some((node) => applied.has(node.id)) : graph.size > 0 && graph.revisions(bind).length > 0,
  );
  if (candidates.length === 1) return candidates[0]!;
  throw new MigrateError(
    "WF_ERR_MIGRATE_BAD_TARGET",
    `"${spec}" is relative and binds ${candidates.join(", ")} all have revisions; say which with --bind <name> or "<bind>@${spec}"`,
  );
}

function currentHead(graph: RevisionGraph, bind: string, applied: ReadonlySet<string>): string | undefined {
  const heads = graph.appliedHeads(bind, applied);
  if (heads.length > 1) {
    throw new MigrateError(
      "WF_ERR_MIGRATE_MULTIPLE_HEADS",
      `bind "${bind}" is at ${heads.length} revisions (${heads.join(", ")}); relative steps need one current revision: give a revision id instead`,
    );
  }
  return heads[0];
}

function stepForward(graph: RevisionGraph, bind: string, applied: ReadonlySet<string>, steps: number): string {
  const start = currentHead(graph, bind, applied);
  let at = start;
  for (let i = 0; i < steps; i++) {
    const next = at === undefined ? graph.bases(bind) : graph.children(at);
    if (next.length === 0) {
      throw new MigrateError(
        "WF_ERR_MIGRATE_BAD_TARGET",
        `cannot go ${steps} revisions up on bind "${bind}": only ${i} left above ${start ?? "base"}`,
      );
    }
    if (next.length > 1) {
      throw new MigrateError(
        "WF_ERR_MIGRATE_BAD_TARGET",
        `"+${steps}" is ambiguous on bind "${bind}": ${at ?? "base"} is followed by ${next.join(", ")}; give a revision id`,
      );
    }
    at = next[0]!;
  }
  return at!;
}

/** The oldest revision to remove so that `steps` revisions come off the current one. */
function stepBack(graph: RevisionGraph, bind: string, applied: ReadonlySet<string>, steps: number): string {
  let at = currentHead(graph, bind, applied);
  let oldest = at;
  for (let i = 0; i < steps; i++) {
    if (at === undefined) {
      throw new MigrateError(
        "WF_ERR_MIGRATE_BELOW_BASE",
        `cannot go ${steps} revisions down on bind "${bind}": only ${i} ${i === 1 ? "is" : "are"} applied; use "base" to unapply them all`,
      );
    }
    oldest = at;
    const parents = graph.get(at).downRevisions;
    if (parents.length > 1 && i < steps - 1) {
      throw new MigrateError(
        "WF_ERR_MIGRATE_BAD_TARGET",
        `"-${steps}" is ambiguous on bind "${bind}": ${at} merges ${parents.join(", ")}; give a revision id`,
      );
    }
    at = parents[0];
  }
  return oldest!;
}
