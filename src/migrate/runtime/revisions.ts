/**
 * What the runtime needs of revisions and of the script directory that holds them, as shapes
 * of its own: the script layer's `RevisionFile`, `RevisionModule` and `ScriptDirectory` fit
 * them, and the runtime never reads revision files or walks the graph itself.
 */
import type { Operations } from "../operations/index.ts";

/** The functions of a revision module: what an upgrade and a downgrade run. */
export interface RevisionFunctions {
  upgrade(op: Operations): unknown;
  downgrade(op: Operations): unknown;
}

/** A revision as the runtime runs, records and reports it. */
export interface RunnableRevision {
  readonly id: string;
  readonly bind: string;
  readonly message: string;
  /** Path shown to users (relative to the project root). */
  readonly shown: string;
  /** sha256 of the file's text, written to the version row: an edit after applying shows as drift. */
  readonly checksum: string;
}

/** Loads a revision's module when it is about to run. */
export interface RevisionLoader<R extends RunnableRevision> {
  load(revision: R): Promise<RevisionFunctions>;
}

/**
 * The script directory as the runtime reads it: revision modules, and the graph (to say where
 * a rolled-back run left a bind). Commands pass their `ScriptDirectory`.
 */
export interface RevisionSource<R extends RunnableRevision> extends RevisionLoader<R> {
  /** The app config, for the commands messages suggest. */
  readonly app?: string;
  readonly graph: { appliedHeads(bind: string, applied: ReadonlySet<string>): string[] };
}
