/** Writing revision files by hand in a test project, in the format `wf migrate` writes. */
import { revisionSource } from "../../src/migrate/script/templates.ts";
import type { TempProject } from "./project.ts";

export interface HandRevision {
  readonly id: string;
  readonly down?: string | readonly string[] | null;
  readonly bind?: string;
  readonly dependsOn?: readonly string[];
  readonly message?: string;
  /** Body lines of upgrade(op) / downgrade(op), without indentation. */
  readonly upgrade: readonly string[];
  readonly downgrade: readonly string[];
}

/** Writes `additives/migrations/<app>/<bind>/versions/<id>.ts`; returns its path relative to the project. */
export function writeRevision(project: TempProject, app: string, r: HandRevision): string {
  const bind = r.bind ?? "default";
  const down = r.down === undefined || r.down === null ? [] : typeof r.down === "string" ? [r.down] : [...r.down];
  const path = `additives/migrations/${app}/${bind}/versions/${r.id}.ts`;
  project.write(
    path,
    revisionSource({
      id: r.id,
      bind,
      downRevisions: down,
      dependsOn: r.dependsOn ?? [],
      message: r.message ?? r.id,
      createdAt: "2026-01-01T00:00:00.000Z",
      upgrade: r.upgrade.map((line) => `  ${line}`).join("\n"),
      downgrade: r.downgrade.map((line) => `  ${line}`).join("\n"),
    }),
  );
  return path;
}

/** A revision creating table `name` with an id and a value column. */
export function tableRevision(id: string, down: string | null, name: string, extra: Partial<HandRevision> = {}): HandRevision {
  return {
    id,
    down,
    upgrade: [`op.createTable(${JSON.stringify(name)}, [op.column("id", "integer", { primary: true, autoincrement: true }), op.column("value", "string", { nullable: true })]);`],
    downgrade: [`op.dropTable(${JSON.stringify(name)});`],
    ...extra,
  };
}
