/**
 * The revision graph: pure data in, pure data out (no files, no database), as Alembic's
 * `script/revision.py`. Each bind has its own history (`downRevision` edges stay inside
 * a bind); `dependsOn` edges may cross binds, so one graph holds every bind and orders
 * work across them.
 */
import { MigrateError } from "../errors.ts";

/** What the graph needs to know about a revision. */
export interface RevisionNode {
  readonly id: string;
  readonly bind: string;
  /** Parents in the same bind: none for a root, several for a merge. */
  readonly downRevisions: readonly string[];
  /** Revisions (of any bind) that must be applied first. */
  readonly dependsOn: readonly string[];
  readonly message: string;
}

export class RevisionGraph {
  readonly #nodes = new Map<string, RevisionNode>();
  readonly #children = new Map<string, string[]>();
  /** Every revision, parents before children (stable: ties keep the input order). */
  readonly order: readonly RevisionNode[];

  /** Named in hints (`wf migrate history app`). */
  readonly #app: string;

  constructor(nodes: readonly RevisionNode[], app = "<app>") {
    this.#app = app;
    for (const node of nodes) {
      const previous = this.#nodes.get(node.id);
      if (previous) {
        throw new MigrateError(
          "WF_ERR_MIGRATE_DUPLICATE_REVISION",
          `revision ${node.id} is defined twice (binds "${previous.bind}" and "${node.bind}"); give one of the files a new revision id`,
        );
      }
      this.#nodes.set(node.id, node);
      this.#children.set(node.id, []);
    }
    for (const node of nodes) {
      for (const parent of node.downRevisions) {
        const found = this.#nodes.get(parent);
        if (!found) throw missing(node, parent, "downRevision");
        if (found.bind !== node.bind) {
          throw new MigrateError(
            "WF_ERR_MIGRATE_BAD_REVISION",
            `revision ${node.id} (bind "${node.bind}") has downRevision ${parent} from bind "${found.bind}"; a bind's history stays in its folder: use dependsOn to order across binds`,
          );
        }
        this.#children.get(parent)!.push(node.id);
      }
      for (const dependency of node.dependsOn) if (!this.#nodes.has(dependency)) throw missing(node, dependency, "dependsOn");
    }
    this.order = this.#topologicalOrder(nodes);
  }

  get size(): number {
    return this.#nodes.size;
  }

  has(id: string): boolean {
    return this.#nodes.has(id);
  }

  get(id: string): RevisionNode {
    const node = this.#nodes.get(id);
    if (!node) throw unknownRevision(id, undefined, this.#app);
    return node;
  }

  /** A full id or a unique prefix of one (at least 3 characters, as Alembic). */
  resolve(idOrPrefix: string, bind?: string): RevisionNode {
    const exact = this.#nodes.get(idOrPrefix);
    if (exact && (!bind || exact.bind === bind)) return exact;
    const matches = [...this.#nodes.values()].filter(
      (node) => node.id.startsWith(idOrPrefix) && (!bind || node.bind === bind),
    );
    if (matches.length === 1 && idOrPrefix.length >= 3) return matches[0]!;
    if (matches.length === 1) {
      throw new MigrateError(
        "WF_ERR_MIGRATE_AMBIGUOUS_REVISION",
        `revision prefix "${idOrPrefix}" is too short: give at least 3 characters (${matches[0]!.id} starts with it)`,
      );
    }
    if (matches.length > 1) {
      throw new MigrateError(
        "WF_ERR_MIGRATE_AMBIGUOUS_REVISION",
        `revision prefix "${idOrPrefix}" matches ${matches.length} revisions (${matches.map((n) => n.id).join(", ")}); give more characters`,
      );
    }
    throw unknownRevision(idOrPrefix, bind, this.#app);
  }

  /** Every revision of a bind, parents first. */
  revisions(bind: string): RevisionNode[] {
    return this.order.filter((node) => node.bind === bind);
  }

  /** Binds that have at least one revision. */
  binds(): string[] {
    return [...new Set(this.order.map((node) => node.bind))];
  }

  /** Revisions of `bind` that no revision of the bind builds on. */
  heads(bind: string): string[] {
    return this.revisions(bind)
      .filter((node) => this.#children.get(node.id)!.length === 0)
      .map((node) => node.id);
  }

  /** Roots of `bind` (no downRevision). */
  bases(bind: string): string[] {
    return this.revisions(bind)
      .filter((node) => node.downRevisions.length === 0)
      .map((node) => node.id);
  }

  /** Revisions of `bind` that more than one revision builds on. */
  branchPoints(bind: string): string[] {
    return this.revisions(bind)
      .filter((node) => this.#children.get(node.id)!.length > 1)
      .map((node) => node.id);
  }

  children(id: string): readonly string[] {
    return this.#children.get(this.get(id).id)!;
  }

  /** `ids` and everything they need (downRevisions and dependsOn, across binds). */
  closure(ids: Iterable<string>): Set<string> {
    return reachable(ids, (id) => {
      const node = this.get(id);
      return [...node.downRevisions, ...node.dependsOn];
    });
  }

  /** `ids` and everything that needs them (children and dependents, across binds). */
  dependents(ids: Iterable<string>): Set<string> {
    const needs = new Map<string, string[]>();
    for (const node of this.order) {
      for (const parent of [...node.downRevisions, ...node.dependsOn]) {
        needs.set(parent, [...(needs.get(parent) ?? []), node.id]);
      }
    }
    return reachable(ids, (id) => needs.get(id) ?? []);
  }

  /** What to apply, in order, so that every revision in `targets` is applied. */
  upgradePlan(applied: ReadonlySet<string>, targets: Iterable<string>): RevisionNode[] {
    const wanted = this.closure(targets);
    return this.order.filter((node) => wanted.has(node.id) && !applied.has(node.id));
  }

  /** What to unapply, children first, so that only revisions in `keep` (and their needs) stay. */
  downgradePlan(applied: ReadonlySet<string>, remove: Iterable<string>): RevisionNode[] {
    const doomed = this.dependents(remove);
    return this.order.filter((node) => doomed.has(node.id) && applied.has(node.id)).reverse();
  }

  /** The heads of `bind` among `applied`: what `current` shows. */
  appliedHeads(bind: string, applied: ReadonlySet<string>): string[] {
    return this.revisions(bind)
      .filter((node) => applied.has(node.id))
      .filter((node) => !this.#children.get(node.id)!.some((child) => applied.has(child)))
      .map((node) => node.id);
  }

  #topologicalOrder(nodes: readonly RevisionNode[]): RevisionNode[] {
    const indegree = new Map<string, number>();
    const after = new Map<string, string[]>();
    for (const node of nodes) {
      const parents = new Set([...node.downRevisions, ...node.dependsOn]);
      indegree.set(node.id, parents.size);
      for (const parent of parents) after.set(parent, [...(after.get(parent) ?? []), node.id]);
    }
    const position = new Map(nodes.map((node, index) => [node.id, index]));
    const ready = nodes.filter((node) => indegree.get(node.id) === 0).map((node) => node.id);
    const order: RevisionNode[] = [];
    while (ready.length > 0) {
      ready.sort((a, b) => position.get(a)! - position.get(b)!);
      const id = ready.shift()!;
      order.push(this.#nodes.get(id)!);
      for (const next of after.get(id) ?? []) {
        const left = indegree.get(next)! - 1;
        indegree.set(next, left);
        if (left === 0) ready.push(next);
      }
    }
    if (order.length !== nodes.length) {
      const stuck = nodes.filter((node) => indegree.get(node.id)! > 0).map((node) => node.id);
      throw new MigrateError(
        "WF_ERR_MIGRATE_BAD_REVISION",
        `revisions ${stuck.join(", ")} form a cycle through downRevision/dependsOn; fix those fields`,
      );
    }
    return order;
  }
}

/** `start` and every id reachable from it through `next`. */
function reachable(start: Iterable<string>, next: (id: string) => readonly string[]): Set<string> {
  const seen = new Set<string>();
  const stack = [...start];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...next(id));
  }
  return seen;
}

function missing(node: RevisionNode, id: string, field: string): MigrateError {
  return new MigrateError(
    "WF_ERR_MIGRATE_BAD_REVISION",
    `revision ${node.id} (bind "${node.bind}") has ${field} ${id}, which no revision file defines; restore that revision or fix ${field}`,
  );
}

function unknownRevision(id: string, bind: string | undefined, app: string): MigrateError {
  return new MigrateError(
    "WF_ERR_MIGRATE_UNKNOWN_REVISION",
    `no revision "${id}"${bind ? ` in bind "${bind}"` : ""}; wf migrate history ${app} lists the revisions`,
  );
}
