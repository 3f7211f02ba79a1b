/**
 * Plumbing of the Migrate bench: the generated projects, its timed child processes, its
 * databases (as both sides address them), and schema fingerprints to check that both sides
 * built the same schema.
 */
import { DatabaseSync } from "node:sqlite";
import pg from "pg";
import { SQLITE_NOW } from "../../src/db/sqlite-platform.ts";
import type { TestDatabase } from "../../test/support/databases.ts";
import { run, type ChildResult } from "../../test/support/processes.ts";
import { TempProject } from "../../test/support/project.ts";

/**
 * A generated project: `webfluid` and `@mikro-orm` (for the reference's entities)
 * resolvable, an app config `app` whose database is `DATABASE_URI`, and `files`.
 */
export function makeProject(files: Readonly<Record<string, string>>): TempProject {
  const project = TempProject.empty();
  project.linkDependency("@mikro-orm");
  const base: Record<string, string> = {
    "package.json": `${JSON.stringify({ name: "migrate-bench", private: true, type: "module" })}\n`,
    "app_configs/app.ini": "PACKAGE = fluid\nEXT_SQLALCHEMY = 1\nDATABASE_URI = ${DATABASE_URI:-sqlite:///app.db}\n",
    "fluid/main.ts": `import { Fluid } from "webfluid";\n\nexport function createApp(): Fluid {\n  return new Fluid(import.meta);\n}\n`,
  };
  for (const [name, text] of Object.entries({ ...base, ...files })) project.write(name, text);
  return project;
}

/** Runs `node <args>` in `cwd` to completion (3 min at most); throws with its output when it fails. */
export async function node(args: readonly string[], options: { cwd: string; env?: Record<string, string> }): Promise<ChildResult> {
  const result = await run(process.execPath, args, { ...options, timeoutMs: 180_000 });
  if (result.code !== 0) {
    throw new Error(`node ${args.join(" ")} (in ${options.cwd}) exited with ${result.code ?? "a signal"}:\n${result.stdout.slice(-2000)}\n${result.stderr.slice(-4000)}`);
  }
  return result;
}

/** The JSON line a bench child prints last. */
export function lastJson<T>(stdout: string): T {
  const line = stdout.trim().split("\n").at(-1) ?? "";
  return JSON.parse(line) as T;
}

/** How MikroORM addresses a database: a file path (SQLite) or a URL. */
export function mikroUri(db: TestDatabase): string {
  return db.dialect === "sqlite" ? db.name : db.uri;
}

/** Is a PostgreSQL server reachable at `uri`? (the reason when not) */
export async function postgresProblem(uri: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: uri, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("select 1");
    return undefined;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.end().catch(() => undefined);
  }
}

// ---------------------------------------------------------------------------------------------
// Schema fingerprints
// ---------------------------------------------------------------------------------------------

const VERSION_TABLES = new Set(["wf_migrate_version", "mikro_orm_migrations", "sqlite_sequence"]);

/** One line per table column (name, type, nullability, default) and per index / foreign key. */
export async function fingerprint(db: TestDatabase): Promise<Set<string>> {
  const lines = new Set<string>();
  if (db.dialect === "sqlite") {
    const sqlite = new DatabaseSync(db.name, { readOnly: true });
    try {
      const tables = sqlite.prepare("select name from sqlite_master where type = 'table' order by name").all() as { name: string }[];
      for (const { name } of tables) {
        if (VERSION_TABLES.has(name)) continue;
        for (const c of sqlite.prepare(`pragma table_info("${name}")`).all() as { name: string; type: string; notnull: number; dflt_value: string | null; pk: number }[]) {
          // WebFluid writes SQLite's current_timestamp as epoch milliseconds (src/db/sqlite-platform.ts): the same default
          const dflt = c.dflt_value === SQLITE_NOW.slice(1, -1) ? "current_timestamp" : c.dflt_value;
          // Both are SQLite's TEXT affinity: WebFluid declares strings varchar(n) so that their length is seen, MikroORM text.
          const type = c.type.toLowerCase().replace(/^varchar\(\d+\)$/, "text");
          lines.add(`column ${name}.${c.name} ${type} ${c.notnull ? "not null" : "null"} default=${dflt} pk=${c.pk}`);
        }
        for (const i of sqlite.prepare(`pragma index_list("${name}")`).all() as { name: string; unique: number; origin: string }[]) {
          const columns = (sqlite.prepare(`pragma index_info("${i.name}")`).all() as { name: string }[]).map((c) => c.name).join(",");
          lines.add(`index ${name}(${columns}) unique=${i.unique}${i.origin === "pk" ? " pk" : ""}`);
        }
        for (const f of sqlite.prepare(`pragma foreign_key_list("${name}")`).all() as { table: string; from: string; to: string }[]) {
          lines.add(`fk ${name}.${f.from} -> ${f.table}.${f.to}`);
        }
      }
    } finally {
      sqlite.close();
    }
    return lines;
  }
  const client = new pg.Client({ connectionString: db.uri });
  await client.connect();
  try {
    const columns = await client.query(
      `select table_name, column_name, data_type, character_maximum_length, numeric_precision, numeric_scale, is_nullable, column_default
       from information_schema.columns where table_schema = 'public'`,
    );
    for (const c of columns.rows) {
      if (VERSION_TABLES.has(c.table_name)) continue;
      const length = c.character_maximum_length ?? (c.data_type === "numeric" ? `${c.numeric_precision},${c.numeric_scale}` : "");
      lines.add(`column ${c.table_name}.${c.column_name} ${c.data_type}(${length}) ${c.is_nullable === "YES" ? "null" : "not null"} default=${c.column_default}`);
    }
    const indexes = await client.query(`select tablename, indexdef from pg_indexes where schemaname = 'public'`);
    for (const i of indexes.rows) {
      if (VERSION_TABLES.has(i.tablename)) continue;
      lines.add(`index ${i.tablename} ${String(i.indexdef).replace(/^.* USING /, "")} unique=${/UNIQUE/.test(i.indexdef)}`);
    }
    const fks = await client.query(
      `select tc.table_name, kcu.column_name, ccu.table_name as ref from information_schema.table_constraints tc
       join information_schema.key_column_usage kcu on tc.constraint_name = kcu.constraint_name and tc.table_schema = kcu.table_schema
       join information_schema.constraint_column_usage ccu on tc.constraint_name = ccu.constraint_name and tc.table_schema = ccu.table_schema
       where tc.constraint_type = 'FOREIGN KEY' and tc.table_schema = 'public'`,
    );
    for (const f of fks.rows) lines.add(`fk ${f.table_name}.${f.column_name} -> ${f.ref}`);
  } finally {
    await client.end();
  }
  return lines;
}

/** "same schema (N columns, ...)" or the count and first differences. */
export function compareFingerprints(a: Set<string>, b: Set<string>): { same: boolean; text: string } {
  const onlyA = [...a].filter((x) => !b.has(x));
  const onlyB = [...b].filter((x) => !a.has(x));
  const count = (set: Set<string>, kind: string) => [...set].filter((x) => x.startsWith(kind)).length;
  const tables = new Set([...a].filter((x) => x.startsWith("column ")).map((x) => x.split(" ")[1]!.split(".")[0])).size;
  const summary = `${tables} tables, ${count(a, "column ")} columns, ${count(a, "index ")} indexes, ${count(a, "fk ")} foreign keys`;
  if (onlyA.length === 0 && onlyB.length === 0) return { same: true, text: `same schema (${summary})` };
  const show = (list: string[]) => list.slice(0, 3).map((x) => `\n      ${x}`).join("");
  return {
    same: false,
    text: `schemas differ: ${onlyA.length} entries only in WebFluid's, ${onlyB.length} only in MikroORM's (WebFluid: ${summary})${show(onlyA)}${onlyB.length ? `\n    MikroORM only:${show(onlyB)}` : ""}`,
  };
}
