/**
 * Plumbing of the Migrate bench: child processes (timed from spawn to exit), temporary
 * folders and databases (SQLite files, PostgreSQL databases under unique names) that are
 * removed at the end, on error and on Ctrl-C, and schema fingerprints to check that both
 * sides built the same schema.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { fileURLToPath } from "node:url";
import pg from "pg";
import type { Dialect } from "./generate.ts";
import { SQLITE_NOW } from "../../src/db/index.ts";

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const WF_BIN = join(REPO_ROOT, "bin", "wf.js");

// ---------------------------------------------------------------------------------------------
// Cleanup registry
// ---------------------------------------------------------------------------------------------

const cleanups: (() => Promise<void> | void)[] = [];
const children = new Set<ChildProcess>();
let cleaning: Promise<void> | undefined;

/** Runs every registered cleanup once (last registered first); safe to call twice. */
export function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const child of children) child.kill("SIGKILL");
    while (cleanups.length > 0) {
      const step = cleanups.pop()!;
      try {
        await step();
      } catch (error) {
        process.stderr.write(`cleanup: ${(error as Error).message}\n`);
      }
    }
  })();
  return cleaning;
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    process.stderr.write(`\n${signal}: removing temporary folders and databases...\n`);
    void cleanup().finally(() => process.exit(130));
  });
}

/** A temporary folder under the OS temp dir, removed by {@link cleanup}. */
export function tempRoot(): string {
  const root = mkdtempSync(join(tmpdir(), "wf-mbench-"));
  cleanups.push(() => rmSync(root, { recursive: true, force: true }));
  return root;
}

export function write(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/** A generated project folder: `webfluid` (and `@mikro-orm`, for the reference's entities) resolvable. */
export function makeProject(root: string, files: Record<string, string>): string {
  mkdirSync(join(root, "node_modules"), { recursive: true });
  symlinkSync(REPO_ROOT, join(root, "node_modules", "webfluid"), "dir");
  symlinkSync(join(REPO_ROOT, "node_modules", "@mikro-orm"), join(root, "node_modules", "@mikro-orm"), "dir");
  const base: Record<string, string> = {
    "package.json": `${JSON.stringify({ name: "migrate-bench", private: true, type: "module" })}\n`,
    "app_configs/app.ini": "PACKAGE = fluid\nEXT_SQLALCHEMY = 1\nDATABASE_URI = ${DATABASE_URI:-sqlite:///app.db}\n",
    "fluid/main.ts": `import { Fluid } from "webfluid";\n\nexport function createApp(): Fluid {\n  return new Fluid(import.meta);\n}\n`,
  };
  for (const [name, text] of Object.entries({ ...base, ...files })) write(join(root, name), text);
  return root;
}

// ---------------------------------------------------------------------------------------------
// Child processes
// ---------------------------------------------------------------------------------------------

export interface ChildResult {
  /** Wall-clock from spawn to exit. */
  readonly ms: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The environment for children: ours minus WF_* config overrides, plus `extra`. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith("WF_")) env[key] = value;
  return { ...env, ...extra };
}

/** Runs `node <args>` in `cwd` to completion; throws with its output when it fails. */
export function node(args: readonly string[], options: { cwd: string; env?: Record<string, string>; timeoutMs?: number }): Promise<ChildResult> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: options.cwd, env: childEnv(options.env ?? {}), stdio: ["ignore", "pipe", "pipe"] });
  children.add(child);
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk) => (stdout += chunk));
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 180_000);
  return new Promise((resolve, reject) => {
    child.on("close", (code, signal) => {
      const ms = performance.now() - started;
      clearTimeout(timer);
      children.delete(child);
      if (code === 0) resolve({ ms, stdout, stderr });
      else reject(new Error(`node ${args.join(" ")} (in ${options.cwd}) exited with ${code ?? signal}:\n${stdout.slice(-2000)}\n${stderr.slice(-4000)}`));
    });
  });
}

/** The JSON line a bench child prints last. */
export function lastJson<T>(stdout: string): T {
  const line = stdout.trim().split("\n").at(-1) ?? "";
  return JSON.parse(line) as T;
}

// ---------------------------------------------------------------------------------------------
// Databases
// ---------------------------------------------------------------------------------------------

export interface BenchDatabase {
  readonly dialect: Dialect;
  /** For WebFluid's DATABASE_URI. */
  readonly wfUri: string;
  /** For MikroORM: a file path (SQLite) or a URL. */
  readonly mikroUri: string;
  drop(): Promise<void>;
}

export interface Databases {
  create(label: string): Promise<BenchDatabase>;
}

function withDatabase(serverUri: string, database: string): string {
  const url = new URL(serverUri);
  url.pathname = `/${database}`;
  return url.toString();
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

export function databases(dialect: Dialect, root: string, postgresUri: string): Databases {
  let counter = 0;
  const stamp = `${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  if (dialect === "sqlite") {
    const dir = join(root, "databases");
    mkdirSync(dir, { recursive: true });
    return {
      async create(label) {
        const file = join(dir, `${String(++counter).padStart(3, "0")}_${label}.db`);
        return {
          dialect,
          wfUri: `sqlite:///${file}`,
          mikroUri: file,
          async drop() {
            for (const suffix of ["", "-journal", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
          },
        };
      },
    };
  }
  return {
    async create(label) {
      const name = `wf_mbench_${stamp}_${String(++counter).padStart(3, "0")}_${label}`.slice(0, 63);
      const admin = new pg.Client({ connectionString: postgresUri });
      await admin.connect();
      try {
        await admin.query(`create database "${name}"`);
      } finally {
        await admin.end();
      }
      let dropped = false;
      const drop = async () => {
        if (dropped) return;
        dropped = true;
        const client = new pg.Client({ connectionString: postgresUri });
        await client.connect();
        try {
          await client.query(`drop database if exists "${name}" with (force)`);
        } finally {
          await client.end();
        }
      };
      cleanups.push(drop);
      const uri = withDatabase(postgresUri, name);
      return { dialect, wfUri: uri, mikroUri: uri, drop };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Schema fingerprints
// ---------------------------------------------------------------------------------------------

const VERSION_TABLES = new Set(["wf_migrate_version", "mikro_orm_migrations", "sqlite_sequence"]);

/** One line per table column (name, type, nullability, default) and per index / foreign key. */
export async function fingerprint(db: BenchDatabase): Promise<Set<string>> {
  const lines = new Set<string>();
  if (db.dialect === "sqlite") {
    const sqlite = new DatabaseSync(db.mikroUri, { readOnly: true });
    try {
      const tables = sqlite.prepare("select name from sqlite_master where type = 'table' order by name").all() as { name: string }[];
      for (const { name } of tables) {
        if (VERSION_TABLES.has(name)) continue;
        for (const c of sqlite.prepare(`pragma table_info("${name}")`).all() as { name: string; type: string; notnull: number; dflt_value: string | null; pk: number }[]) {
          // WebFluid writes SQLite's current_timestamp as epoch milliseconds (src/db/sqlite-platform.ts): the same default
          const dflt = c.dflt_value === SQLITE_NOW.slice(1, -1) ? "current_timestamp" : c.dflt_value;
          lines.add(`column ${name}.${c.name} ${c.type.toLowerCase()} ${c.notnull ? "not null" : "null"} default=${dflt} pk=${c.pk}`);
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
  const client = new pg.Client({ connectionString: db.mikroUri });
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

// ---------------------------------------------------------------------------------------------
// Statistics
// ---------------------------------------------------------------------------------------------

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
