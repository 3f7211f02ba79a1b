/**
 * Revision files: their header (id, parents, message) is read from the text, so listing
 * commands (`current`, `history`, `heads`) never execute them; the module is imported
 * only when its `upgrade`/`downgrade` must run, or when the header is written in a shape
 * the reader does not know.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { describeLoadError } from "../../config/index.ts";
import { MigrateError } from "../errors.ts";
import type { RevisionFunctions, RunnableRevision } from "../runtime/revisions.ts";
import type { RevisionNode } from "./revision-graph.ts";

/** What a revision module exports: its header, and `upgrade(op)` / `downgrade(op)`. */
export interface RevisionModule extends RevisionFunctions {
  readonly revision: string;
  readonly downRevision: string | readonly string[] | null;
  readonly dependsOn?: string | readonly string[] | null;
  readonly message?: string;
  readonly createdAt?: string;
}

/** A revision file as the script directory knows it (`shown` and `checksum`: see the runtime's view). */
export interface RevisionFile extends RevisionNode, RunnableRevision {
  readonly file: string;
  readonly createdAt: string;
}

const FIELD = (name: string) => new RegExp(`^export const ${name}(?::[^=]+)? = (.+?);?\\s*$`, "m");

/** Reads a revision file's header; imports it only if the header is not in the usual shape. */
export async function readRevisionFile(file: string, shown: string, bind: string): Promise<RevisionFile> {
  const text = readFileSync(file, "utf8");
  const checksum = checksumOf(text);
  const header = parseHeader(text) ?? (await importRevision(file, shown));
  const id = header.revision;
  if (typeof id !== "string" || !/^[\w-]+$/.test(id)) {
    throw new MigrateError("WF_ERR_MIGRATE_BAD_REVISION", `${shown}: "revision" must be an id of letters, digits, _ or -; got ${JSON.stringify(id)}`);
  }
  return {
    id,
    bind,
    downRevisions: list(header.downRevision, shown, "downRevision"),
    dependsOn: list(header.dependsOn ?? null, shown, "dependsOn"),
    message: typeof header.message === "string" ? header.message : "",
    createdAt: typeof header.createdAt === "string" ? header.createdAt : "",
    file,
    shown,
    checksum,
  };
}

/** sha256 of a revision's text, line endings normalised. */
export function checksumOf(text: string): string {
  return createHash("sha256").update(text.replace(/\r\n/g, "\n")).digest("hex");
}

/** Imports a revision module, checking it has what a revision needs. */
export async function importRevision(file: string, shown: string): Promise<RevisionModule> {
  let module: Partial<RevisionModule>;
  try {
    module = (await import(pathToFileURL(file).href)) as Partial<RevisionModule>;
  } catch (error) {
    throw new MigrateError("WF_ERR_MIGRATE_REVISION_LOAD_FAILED", `could not load revision ${shown}: ${describeLoadError(error)}`, { cause: error });
  }
  for (const name of ["upgrade", "downgrade"] as const) {
    if (typeof module[name] !== "function") {
      throw new MigrateError("WF_ERR_MIGRATE_REVISION_LOAD_FAILED", `revision ${shown} exports no ${name}(op) function; add "export async function ${name}(op: Operations) { ... }"`);
    }
  }
  if (typeof module.revision !== "string") {
    throw new MigrateError("WF_ERR_MIGRATE_REVISION_LOAD_FAILED", `revision ${shown} exports no "revision" id; add export const revision = "<id>"`);
  }
  return module as RevisionModule;
}

type Header = Pick<RevisionModule, "revision" | "downRevision" | "dependsOn" | "message" | "createdAt">;

function parseHeader(text: string): Header | undefined {
  const values: Record<string, unknown> = {};
  for (const name of ["revision", "downRevision", "dependsOn", "message", "createdAt"]) {
    const match = FIELD(name).exec(text);
    if (!match) return undefined;
    try {
      values[name] = JSON.parse(match[1]!);
    } catch {
      return undefined;
    }
  }
  return values as unknown as Header;
}

function list(value: unknown, shown: string, field: string): string[] {
  if (value === null || value === undefined) return [];
  if (typeof value === "string") return [value];
  if (Array.isArray(value) && value.every((item) => typeof item === "string")) return [...value];
  throw new MigrateError("WF_ERR_MIGRATE_BAD_REVISION", `${shown}: ${field} must be a revision id, a list of ids, or null`);
}
