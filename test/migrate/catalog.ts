/**
 * The schema as the database's own catalog states it (information_schema on MariaDB,
 * pg_catalog on PostgreSQL, sqlite_master and pragmas on SQLite), read without MikroORM's
 * schema reader, so that tests of Migrate do not take MikroORM's comparator's word for it.
 */
import type { Dialect } from "../../src/migrate/vocabulary/index.ts";
import type { MikroORM } from "./helpers.ts";

export interface CatalogColumn {
  readonly type: string;
  readonly nullable: boolean;
  readonly default: string | null;
  readonly comment: string;
}

export interface CatalogTable {
  readonly comment: string;
  /** By column name (order left out: MariaDB appends a re-added column at the end). */
  readonly columns: Record<string, CatalogColumn>;
  /** CHECK clauses by constraint name; an unnamed column check of SQLite under `column <name>`. */
  readonly checks: Record<string, string>;
  /** Index definitions by index name. */
  readonly indexes: Record<string, string>;
}

export interface Catalog {
  readonly tables: Record<string, CatalogTable>;
  /** Native enum types (PostgreSQL) by name: their values. */
  readonly enumTypes: Record<string, string[]>;
}

type Row = Record<string, unknown>;

async function rows(orm: MikroORM, sql: string): Promise<Row[]> {
  return orm.em.getConnection().execute<Row[]>(sql, [], "all");
}

/** Lower case, no identifier quotes, single spaces, no redundant outer parentheses. */
export function normalizeClause(text: string): string {
  let clause = text.replace(/[`"]/g, "").replace(/\s+/g, " ").trim().toLowerCase();
  while (/^\(.*\)$/.test(clause) && balanced(clause.slice(1, -1))) clause = clause.slice(1, -1).trim();
  return clause;
}

function balanced(text: string): boolean {
  let depth = 0;
  for (const ch of text) {
    if (ch === "(") depth++;
    else if (ch === ")" && --depth < 0) return false;
  }
  return depth === 0;
}

/** The parenthesised text starting at `open` (an index of `(`), without the parentheses. */
function group(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "(") depth++;
    else if (text[i] === ")" && --depth === 0) return text.slice(open + 1, i);
  }
  return text.slice(open + 1);
}

/** Splits at commas outside parentheses and quotes. */
function topLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote = "";
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === quote) quote = "";
    } else if (ch === "'" || ch === '"' || ch === "`") quote = ch;
    else if (ch === "(") depth++;
    else if (ch === ")") depth--;
    else if (ch === "," && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts;
}

const unquote = (name: string) => name.replace(/^[`"[]|[`"\]]$/g, "");

/** CHECK clauses of a SQLite `create table` statement. */
function sqliteChecks(sql: string): Record<string, string> {
  const body = group(sql, sql.indexOf("("));
  const checks: Record<string, string> = {};
  for (const part of topLevel(body)) {
    const at = part.search(/\bcheck\s*\(/i);
    if (at < 0) continue;
    const clause = normalizeClause(group(part, part.indexOf("(", at)));
    const named = /^constraint\s+([`"]?[^`"\s]+[`"]?)/i.exec(part);
    const key = named ? unquote(named[1]!) : `column ${unquote(part.split(/\s+/)[0]!)}`;
    checks[key] = clause;
  }
  return checks;
}

function table(tables: Record<string, { comment: string; columns: Record<string, CatalogColumn>; checks: Record<string, string>; indexes: Record<string, string> }>, name: string) {
  return (tables[name] ??= { comment: "", columns: {}, checks: {}, indexes: {} });
}

async function readSqlite(orm: MikroORM): Promise<Catalog> {
  const tables: Record<string, CatalogTable> = {};
  for (const t of await rows(orm, "select name, sql from sqlite_master where type = 'table' and name not like 'sqlite_%'")) {
    const name = String(t.name);
    const entry = table(tables, name);
    for (const c of await rows(orm, `pragma table_info(${JSON.stringify(name)})`)) {
      entry.columns[String(c.name)] = {
        type: String(c.type).toLowerCase(),
        nullable: Number(c.notnull) === 0 && Number(c.pk) === 0,
        default: c.dflt_value === null || c.dflt_value === undefined ? null : String(c.dflt_value),
        comment: "",
      };
    }
    Object.assign(entry.checks, sqliteChecks(String(t.sql)));
  }
  for (const i of await rows(orm, "select name, tbl_name, sql from sqlite_master where type = 'index'")) {
    const entry = tables[String(i.tbl_name)];
    if (!entry) continue;
    const columns = await rows(orm, `pragma index_info(${JSON.stringify(String(i.name))})`);
    entry.indexes[String(i.name)] = `${i.sql ? "" : "auto "}${/\bunique\b/i.test(String(i.sql)) ? "unique " : ""}(${columns.map((c) => c.name).join(", ")})`;
  }
  return { tables, enumTypes: {} };
}

async function readPostgres(orm: MikroORM): Promise<Catalog> {
  const tables: Record<string, CatalogTable> = {};
  const inSchema = "n.nspname = current_schema()";
  for (const t of await rows(
    orm,
    `select c.relname as t, coalesce(obj_description(c.oid, 'pg_class'), '') as comment
       from pg_class c join pg_namespace n on n.oid = c.relnamespace where ${inSchema} and c.relkind = 'r'`,
  )) {
    table(tables, String(t.t)).comment = String(t.comment);
  }
  for (const c of await rows(
    orm,
    `select c.relname as t, a.attname as col, format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as notnull,
            pg_get_expr(d.adbin, d.adrelid) as def, coalesce(col_description(c.oid, a.attnum), '') as comment
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
       join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
       left join pg_attrdef d on d.adrelid = c.oid and d.adnum = a.attnum
      where ${inSchema} and c.relkind = 'r'`,
  )) {
    table(tables, String(c.t)).columns[String(c.col)] = {
      type: String(c.type),
      nullable: !c.notnull,
      default: c.def === null || c.def === undefined ? null : String(c.def),
      comment: String(c.comment),
    };
  }
  for (const k of await rows(
    orm,
    `select c.relname as t, k.conname as name, pg_get_constraintdef(k.oid) as def
       from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
      where ${inSchema} and k.contype = 'c'`,
  )) {
    table(tables, String(k.t)).checks[String(k.name)] = normalizeClause(String(k.def).replace(/^check\s*/i, ""));
  }
  for (const i of await rows(orm, "select tablename as t, indexname as name, indexdef as def from pg_indexes where schemaname = current_schema()")) {
    table(tables, String(i.t)).indexes[String(i.name)] = String(i.def).replace(/^.*? USING /, "");
  }
  const enumTypes: Record<string, string[]> = {};
  for (const e of await rows(
    orm,
    `select t.typname as name, e.enumlabel as label from pg_type t join pg_enum e on e.enumtypid = t.oid
       join pg_namespace n on n.oid = t.typnamespace where ${inSchema} order by t.typname, e.enumsortorder`,
  )) {
    (enumTypes[String(e.name)] ??= []).push(String(e.label));
  }
  return { tables, enumTypes };
}

async function readMySql(orm: MikroORM): Promise<Catalog> {
  const tables: Record<string, CatalogTable> = {};
  const here = "table_schema = database()";
  for (const t of await rows(orm, `select table_name as t, table_comment as comment from information_schema.tables where ${here} and table_type = 'BASE TABLE'`)) {
    table(tables, String(t.t)).comment = String(t.comment ?? "");
  }
  for (const c of await rows(
    orm,
    `select table_name as t, column_name as col, column_type as type, is_nullable as nullable, column_default as def, column_comment as comment
       from information_schema.columns where ${here}`,
  )) {
    const entry = tables[String(c.t)];
    if (!entry) continue; // a view
    entry.columns[String(c.col)] = {
      type: String(c.type),
      nullable: c.nullable === "YES",
      default: c.def === null || c.def === undefined ? null : String(c.def),
      comment: String(c.comment ?? ""),
    };
  }
  for (const k of await rows(
    orm,
    `select table_name as t, constraint_name as name, check_clause as clause from information_schema.check_constraints where constraint_schema = database()`,
  )) {
    const entry = tables[String(k.t)];
    if (entry) entry.checks[String(k.name)] = normalizeClause(String(k.clause));
  }
  for (const i of await rows(
    orm,
    `select table_name as t, index_name as name, non_unique as nonunique, group_concat(column_name order by seq_in_index) as cols
       from information_schema.statistics where ${here} group by table_name, index_name, non_unique`,
  )) {
    const entry = tables[String(i.t)];
    if (entry) entry.indexes[String(i.name)] = `${Number(i.nonunique) === 0 ? "unique " : ""}(${String(i.cols)})`;
  }
  return { tables, enumTypes: {} };
}

/** Reads the whole schema of the ORM's database from its catalog. */
export function readCatalog(orm: MikroORM, dialect: Dialect): Promise<Catalog> {
  if (dialect === "sqlite") return readSqlite(orm);
  if (dialect === "postgresql") return readPostgres(orm);
  return readMySql(orm);
}

/** What the models say beyond columns and keys: checks, comments and enum values, by table. */
export interface Constraints {
  readonly tables: Record<string, { comment: string; checks: Record<string, string>; comments: Record<string, string>; enums: Record<string, string> }>;
  readonly enumTypes: Record<string, string[]>;
}

/** The checks, comments and enum values of a catalog (enum values: MariaDB's `enum(...)` types; elsewhere they are checks). */
export function constraintsOf(catalog: Catalog): Constraints {
  const tables: Constraints["tables"] = {};
  for (const [name, t] of Object.entries(catalog.tables)) {
    const comments: Record<string, string> = {};
    const enums: Record<string, string> = {};
    for (const [column, c] of Object.entries(t.columns)) {
      if (c.comment) comments[column] = c.comment;
      if (/^enum\(/i.test(c.type)) enums[column] = c.type;
    }
    tables[name] = { comment: t.comment, checks: t.checks, comments, enums };
  }
  return { tables, enumTypes: catalog.enumTypes };
}
