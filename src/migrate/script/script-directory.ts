/**
 * The script directory of one app config: `additives/migrations/<app>/` with `env.ts` and
 * one `<bind>/versions/` folder per bind. Knows files; knows nothing of databases.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { describeLoadError } from "../../config/index.ts";
import { MigrateError } from "../errors.ts";
import { resolveEnv, type MigrateEnv, type ResolvedMigrateEnv } from "./env.ts";
import { checksumOf, importRevision, readRevisionFile, type RevisionFile, type RevisionModule } from "./revision-file.ts";
import { RevisionGraph } from "./revision-graph.ts";
import { envSource, revisionSource, slug, type RevisionSource, type TemplateName } from "./templates.ts";

export const MIGRATIONS_DIR = join("additives", "migrations");
const REVISION_FILE = /^[^.].*\.(ts|mts|js|mjs)$/;

/** `additives/migrations/<app>` under the project root. */
export function migrationsDir(root: string, app: string): string {
  return join(root, MIGRATIONS_DIR, app);
}

export class ScriptDirectory {
  readonly root: string;
  readonly app: string;
  readonly dir: string;
  readonly env: ResolvedMigrateEnv;
  readonly graph: RevisionGraph;
  readonly #files: ReadonlyMap<string, RevisionFile>;

  private constructor(root: string, app: string, env: ResolvedMigrateEnv, files: readonly RevisionFile[]) {
    this.root = root;
    this.app = app;
    this.dir = migrationsDir(root, app);
    this.env = env;
    this.graph = new RevisionGraph(files, app);
    this.#files = new Map(files.map((file) => [file.id, file]));
  }

  /** Creates the folder from a template (`wf migrate init`); every missing parent too. */
  static init(root: string, app: string, template: TemplateName, binds: readonly string[]): string[] {
    const dir = migrationsDir(root, app);
    if (existsSync(join(dir, "env.ts"))) {
      throw new MigrateError(
        "WF_ERR_MIGRATE_ALREADY_INITIALIZED",
        `${relative(root, dir)} is already initialized; revisions go there with wf migrate revision ${app} -a`,
      );
    }
    const created: string[] = [];
    for (const bind of template === "multi-db" ? binds : ["default"]) {
      const versions = join(dir, bind, "versions");
      mkdirSync(versions, { recursive: true });
      created.push(relative(root, versions));
    }
    writeFileSync(join(dir, "env.ts"), envSource(template, binds));
    created.unshift(relative(root, join(dir, "env.ts")));
    return created;
  }

  /** Reads env.ts and every revision header; `run init first` when there is no folder. */
  static async load(root: string, app: string): Promise<ScriptDirectory> {
    const dir = migrationsDir(root, app);
    const envFile = join(dir, "env.ts");
    if (!existsSync(envFile)) {
      throw new MigrateError(
        "WF_ERR_MIGRATE_NOT_INITIALIZED",
        `no migrations folder for app config "${app}" (${relative(root, dir)}/env.ts is missing); run init first: wf migrate init ${app}`,
      );
    }
    const env = resolveEnv(await importEnv(envFile, relative(root, envFile)));
    const files: RevisionFile[] = [];
    for (const bind of readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort()) {
      const versions = join(dir, bind, "versions");
      if (!existsSync(versions)) continue;
      for (const name of readdirSync(versions).filter((n) => REVISION_FILE.test(n) && !n.endsWith(".d.ts")).sort()) {
        const file = join(versions, name);
        files.push(await readRevisionFile(file, relative(root, file), bind));
      }
    }
    return new ScriptDirectory(root, app, env, files);
  }

  /** The revision file of an id (or unique prefix). */
  revision(idOrPrefix: string, bind?: string): RevisionFile {
    return this.#files.get(this.graph.resolve(idOrPrefix, bind).id)!;
  }

  /** Imports a revision's module (only when its upgrade or downgrade is about to run or be recorded). */
  load(revision: RevisionFile): Promise<RevisionModule> {
    return importRevision(revision.file, revision.shown);
  }

  revisions(bind?: string): RevisionFile[] {
    return this.graph.order.filter((node) => !bind || node.bind === bind).map((node) => this.#files.get(node.id)!);
  }

  /** Writes a new revision file in the bind's folder (created on demand: a new bind starts its own history). */
  writeRevision(source: Omit<RevisionSource, "id" | "createdAt"> & { id?: string; createdAt?: string }): RevisionFile {
    const id = source.id ?? newRevisionId();
    const createdAt = source.createdAt ?? new Date().toISOString();
    const versions = join(this.dir, source.bind, "versions");
    mkdirSync(versions, { recursive: true });
    const stamp = createdAt.replace(/[-:]/g, "").replace(/\..*$/, "").replace("T", "_");
    const file = join(versions, `${stamp}_${id}_${slug(source.message)}.ts`);
    const text = revisionSource({ ...source, id, createdAt });
    writeFileSync(file, text);
    return {
      id,
      bind: source.bind,
      downRevisions: source.downRevisions,
      dependsOn: source.dependsOn,
      message: source.message,
      createdAt,
      file,
      shown: relative(this.root, file),
      checksum: checksumOf(text),
    };
  }
}

/** 12 hex characters, as Alembic's. */
export function newRevisionId(): string {
  return randomBytes(6).toString("hex");
}

async function importEnv(file: string, shown: string): Promise<MigrateEnv> {
  try {
    const module = (await import(pathToFileURL(file).href)) as { default?: MigrateEnv };
    return module.default ?? {};
  } catch (error) {
    throw new MigrateError("WF_ERR_MIGRATE_ENV_LOAD_FAILED", `could not load ${shown}: ${describeLoadError(error)}`, { cause: error });
  }
}
