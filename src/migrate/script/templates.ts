/** The source text `wf migrate` writes: env.ts for each template, and revision files. */
import type { RevisionNode } from "./revision-graph.ts";

export type TemplateName = "single-db" | "multi-db";

export function envSource(template: TemplateName, binds: readonly string[]): string {
  const bindNote =
    template === "multi-db"
      ? ` * Multi-db template: one history per bind (${binds.join(", ")}), each in its own folder
 * with its own version table. A bind added later starts its own history on the next revision.`
      : ` * Single-db template: one history, for DATABASE_URI, in default/versions/. Binds added
 * later start their own histories beside it on the next revision.`;
  return `/**
 * Migrate settings for this app config (read by every \`wf migrate\` command).
${bindNote}
 */
import { defineMigrateEnv } from "webfluid/migrate";

export default defineMigrateEnv({
  template: "${template}",
  // Table recording the applied revisions, in each bind's database.
  versionTable: "wf_migrate_version",
  // "per-revision": a revision and its version row commit together where DDL is transactional;
  // "per-run": a whole upgrade/downgrade of a bind commits once (Alembic's default); "none".
  transactionMode: "per-revision",
  // Seconds upgrade, downgrade and stamp wait for another process's migration (WF_ERR_MIGRATE_LOCKED after).
  lockTimeout: 600,
  // Return false to keep an object out of autogenerate (Alembic's include_object).
  includeObject: (_object, _bind) => true,
});
`;
}

/** What a revision file is written from: its graph node, when, and its two bodies. */
export interface RevisionSource extends RevisionNode {
  readonly createdAt: string;
  /** Indented statements (without the function braces). */
  readonly upgrade: string;
  readonly downgrade: string;
}

export function revisionSource(r: RevisionSource): string {
  const down = r.downRevisions.length === 0 ? "null" : r.downRevisions.length === 1 ? JSON.stringify(r.downRevisions[0]) : JSON.stringify(r.downRevisions);
  return `/**
 * ${r.message.replace(/\*\//g, "* /") || "(no message)"}
 *
 * Revision: ${r.id} (bind "${r.bind}")
 * Revises: ${r.downRevisions.join(", ") || "(root)"}
 * Created: ${r.createdAt}
 */
import type { Operations } from "webfluid/migrate";

export const revision = ${JSON.stringify(r.id)};
export const downRevision: string | string[] | null = ${down};
export const dependsOn: string[] = ${JSON.stringify(r.dependsOn)};
export const message = ${JSON.stringify(r.message)};
export const createdAt = ${JSON.stringify(r.createdAt)};

export async function upgrade(op: Operations): Promise<void> {
${r.upgrade || "  // nothing to do"}
}

export async function downgrade(op: Operations): Promise<void> {
${r.downgrade || "  // nothing to do"}
}
`;
}

/** `add user email` -> `add_user_email`, for file names. */
export function slug(message: string): string {
  return (
    message
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "_")
      .replace(/^_+|_+$/g, "")
      .slice(0, 40) || "revision"
  );
}
