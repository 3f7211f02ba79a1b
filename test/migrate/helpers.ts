/**
 * Shared test plumbing for Migrate: an ORM per model version on a test database, and running
 * operations through the real compiler and operation runner.
 */
import type { EntitySchema } from "@mikro-orm/core";
import { MikroORM as MySqlORM } from "@mikro-orm/mysql";
import { MikroORM as PostgreSqlORM } from "@mikro-orm/postgresql";
import { MikroORM as SqliteORM } from "@mikro-orm/sqlite";
import { autogenerate, type AutogenerateResult } from "../../src/migrate/autogenerate/index.ts";
import { Compiler, SqlOperationRunner, connectionRunner, type CompiledStatement } from "../../src/migrate/dialect/index.ts";
import type { Dialect, Operation } from "../../src/migrate/vocabulary/index.ts";
import type { TestDatabase } from "../support/databases.ts";

/** Fresh entity schemas for one ORM. */
export type Entities = () => EntitySchema[];

type Location = { dbName: string } | { clientUrl: string };

function options(location: Location, entities: Entities, connect: boolean) {
  return { ...location, entities: entities(), connect, discovery: { warnWhenNoEntities: false }, allowGlobalContext: true };
}
const initSqlite = (o: ReturnType<typeof options>) => SqliteORM.init(o);
const initPostgreSql = (o: ReturnType<typeof options>) => PostgreSqlORM.init(o);
const initMySql = (o: ReturnType<typeof options>) => MySqlORM.init(o);

/** A MikroORM instance of any supported driver. */
export type MikroORM =
  | Awaited<ReturnType<typeof initSqlite>>
  | Awaited<ReturnType<typeof initPostgreSql>>
  | Awaited<ReturnType<typeof initMySql>>;

function init(dialect: Dialect, location: Location, entities: Entities, connect = true): Promise<MikroORM> {
  const o = options(location, entities, connect);
  if (dialect === "sqlite") return initSqlite(o);
  if (dialect === "postgresql") return initPostgreSql(o);
  return initMySql(o);
}

/** A MikroORM instance on a test database holding `entities` (fresh schema objects each call). */
export function openOrm(db: TestDatabase, entities: Entities): Promise<MikroORM> {
  return init(db.dialect, db.dialect === "sqlite" ? { dbName: db.name } : { clientUrl: db.uri }, entities);
}

/** A MikroORM instance that never connects, for offline compiling. */
export function offlineOrm(dialect: Dialect, entities: Entities = () => []): Promise<MikroORM> {
  return init(dialect, { dbName: "offline" }, entities, false);
}

/** Compiles and runs operations on the ORM's database; returns the statements that ran. */
export async function apply(orm: MikroORM, ops: readonly Operation[]): Promise<CompiledStatement[]> {
  const statements: CompiledStatement[] = [];
  const compiler = await Compiler.online(orm);
  const runner = new SqlOperationRunner(compiler, connectionRunner(orm), { onStatement: (s) => statements.push(s) });
  for (const op of ops) await runner.run(op);
  return statements;
}

/** Autogenerate, leaving nothing out. */
export function compare(orm: MikroORM): Promise<AutogenerateResult> {
  return autogenerate(orm);
}

/** Creates a fresh database, runs `fn`, always drops it. */
export async function withDatabase<T>(create: () => Promise<TestDatabase>, fn: (db: TestDatabase) => Promise<T>): Promise<T> {
  const db = await create();
  try {
    return await fn(db);
  } finally {
    await db.drop();
  }
}

/** Runs `fn` with ORMs open for each entity set on `db`, closing them afterwards. */
export async function withOrms<T>(db: TestDatabase, sets: Entities[], fn: (...orms: MikroORM[]) => Promise<T>): Promise<T> {
  const orms: MikroORM[] = [];
  try {
    for (const set of sets) orms.push(await openOrm(db, set));
    return await fn(...orms);
  } finally {
    for (const orm of orms) await orm.close(true);
  }
}

/** A readable dump of operations for assertion messages. */
export function describeOps(ops: readonly Operation[]): string {
  return ops.map((op) => JSON.stringify(op)).join("\n");
}
