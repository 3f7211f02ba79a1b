/**
 * Compiles neutral operations to SQL for one database, online (against the live schema, read
 * once) or offline (against a schema state built from earlier operations, no connection).
 */
import type { Transaction } from "@mikro-orm/core";
import type { DatabaseSchema } from "@mikro-orm/sql";
import { MigrateError } from "../errors.ts";
import { isSchemaOperation, type Dialect, type Operation } from "../vocabulary/index.ts";
import { dialectContext, type DialectContext, type SqlOrm } from "./context.ts";
import { IMPLEMENTATIONS, type Implementation } from "./implementations.ts";
import { introspect } from "./introspect.ts";
import { emptySchema } from "./schema-state.ts";
import { CompileSession } from "./session.ts";
import type { CompiledStatement } from "./statements.ts";

/** Options of {@link Compiler.online}. */
export interface OnlineOptions {
  /** Read the schema inside this transaction (the runtime's). */
  readonly transaction?: Transaction;
}

/**
 * Turns operations into SQL statements for one database, keeping track of the schema they
 * leave behind so each operation compiles against the result of the previous ones.
 *
 * @example
 * ```ts
 * const compiler = await Compiler.online(orm);          // reads the live schema once
 * const sql = compiler.compileAll(upgradeOps);         // CompiledStatement[]
 *
 * const offline = Compiler.offline(ormWithoutConnection, earlierRevisionsOps);
 * process.stdout.write(toSqlScript(offline.compileAll(ops), offline.context));
 * ```
 */
export class Compiler {
  readonly context: DialectContext;
  readonly #session: CompileSession;
  readonly #reload: ((transaction?: Transaction) => Promise<DatabaseSchema>) | undefined;
  #stale = false;

  private constructor(context: DialectContext, state: DatabaseSchema, reload?: (transaction?: Transaction) => Promise<DatabaseSchema>) {
    this.context = context;
    this.#session = new CompileSession(context, state);
    this.#reload = reload;
  }

  /** A compiler starting from the live schema of the ORM's database. */
  static async online(orm: SqlOrm, options: OnlineOptions = {}): Promise<Compiler> {
    const context = dialectContext(orm);
    const reload = (transaction?: Transaction) => introspect(context, { transaction: transaction ?? options.transaction });
    return new Compiler(context, await reload(), reload);
  }

  /**
   * A compiler that never connects (the ORM may be initialised with `connect: false`),
   * starting from the schema `history` builds from nothing. Raw `execute` operations in the
   * history cannot be followed and are left out of the state.
   */
  static offline(orm: SqlOrm, history: readonly Operation[] = []): Compiler {
    const context = dialectContext(orm);
    const compiler = new Compiler(context, emptySchema(context));
    for (const op of history) if (isSchemaOperation(op)) compiler.compile(op);
    return compiler;
  }

  /** The database this compiler writes SQL for. */
  get dialect(): Dialect {
    return this.context.dialect;
  }

  /** The schema after everything compiled so far. */
  get schema(): DatabaseSchema {
    return this.#session.state;
  }

  /** True after raw SQL ran online: the state may be behind the database until {@link refresh}. */
  get stale(): boolean {
    return this.#stale;
  }

  /** Re-reads the live schema (online only), e.g. after raw SQL changed it. */
  async refresh(transaction?: Transaction): Promise<void> {
    if (!this.#reload) return;
    this.#session.reset(await this.#reload(transaction));
    this.#stale = false;
  }

  /**
   * Compiles one operation and advances the state. Raw `execute` marks an online compiler
   * stale, since it may have changed the schema behind the state's back. Operations arrive
   * validated: `Operations` (the `op` of revisions) checks every call before any runner
   * sees it; code that builds operations by hand runs `validateOperation` first.
   */
  compile(op: Operation): CompiledStatement[] {
    const implementation = IMPLEMENTATIONS[op.kind] as Implementation<Operation["kind"]> | undefined;
    if (!implementation) {
      throw new MigrateError("WF_ERR_MIGRATE_UNSUPPORTED_OPERATION", `no compiler for operation ${JSON.stringify(op.kind)}; add one to dialect/implementations.ts`);
    }
    const texts = implementation(op, this.#session);
    if (op.kind === "execute" && texts.length > 0 && this.#reload) this.#stale = true;
    return texts.map((text) => (typeof text === "string" ? { sql: text, operation: op } : { ...text, operation: op }));
  }

  /** Compiles operations in order. */
  compileAll(ops: readonly Operation[]): CompiledStatement[] {
    return ops.flatMap((op) => this.compile(op));
  }
}
