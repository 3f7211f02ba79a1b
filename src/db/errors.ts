import { WebFluidError } from "../errors.ts";

/**
 * Codes of every database error, declared once. `docs/db.md` lists each of them with its
 * cause and fix, and a test keeps the two in step.
 */
export const DbErrorCode = {
  /** A database URI that cannot be parsed (no scheme, no database name, bad port, ...). */
  BAD_URI: "WF_ERR_DB_BAD_URI",
  /** A URI whose scheme is not one WebFluid supports. */
  UNSUPPORTED_URI: "WF_ERR_DB_UNSUPPORTED_URI",
  /** A URI query parameter the driver does not understand. */
  BAD_URI_PARAM: "WF_ERR_DB_BAD_URI_PARAM",
  /** The database server could not be reached (or the file could not be opened). */
  UNREACHABLE: "WF_ERR_DB_UNREACHABLE",
  /** The database was used before `db.configure()` (the extension is not enabled). */
  NOT_CONFIGURED: "WF_ERR_DB_NOT_CONFIGURED",
  /** `db.configure()` was called while binds are open. */
  ALREADY_OPEN: "WF_ERR_DB_ALREADY_OPEN",
  /** A bind name no configuration provides. */
  UNKNOWN_BIND: "WF_ERR_DB_UNKNOWN_BIND",
  /** A model used through an executor of another bind. */
  WRONG_BIND: "WF_ERR_DB_WRONG_BIND",
  /** A relation between models that live on different binds. */
  CROSS_BIND_RELATION: "WF_ERR_DB_CROSS_BIND_RELATION",
  /** Something that is not a `db.Model` class was given where a model is expected. */
  NOT_A_MODEL: "WF_ERR_DB_NOT_A_MODEL",
  /** A model defined with `db.Model` was never registered (not exported from models.ts). */
  UNREGISTERED_MODEL: "WF_ERR_DB_UNREGISTERED_MODEL",
  /** Two unrelated classes extend the same `db.Model(...)` base. */
  MODEL_CONFLICT: "WF_ERR_DB_MODEL_CONFLICT",
  /** MikroORM refused a model's definition (no primary key, bad `mappedBy`, ...). */
  BAD_MODEL: "WF_ERR_DB_BAD_MODEL",
  /** `<package>/models.ts` (or a file in `models/`) failed to import. */
  MODELS_IMPORT: "WF_ERR_DB_MODELS_IMPORT",
  /** A value in `where()`/`get()` that cannot be bound safely (NaN, Infinity, a function, ...). */
  BAD_VALUE: "WF_ERR_DB_BAD_VALUE",
  /** `result.one()` found no row. */
  NO_RESULT: "WF_ERR_DB_NO_RESULT",
  /** `result.one()` found more than one row. */
  MULTIPLE_RESULTS: "WF_ERR_DB_MULTIPLE_RESULTS",
  /** `e.em` / `e.kysely` read before the bind was opened. */
  NOT_OPEN: "WF_ERR_DB_NOT_OPEN",
  /** An executor used after its `await using` scope ended. */
  EXECUTOR_CLOSED: "WF_ERR_DB_EXECUTOR_CLOSED",
} as const;

/** One of the `WF_ERR_DB_*` codes. */
export type DbErrorCode = (typeof DbErrorCode)[keyof typeof DbErrorCode];

/**
 * A database mistake: a bad URI, an unreachable server, a model on the wrong bind, ...
 * The message is one line saying what is wrong, where (the config key, bind or model) and
 * how to fix it.
 *
 * @example
 * ```ts
 * try { await db.connect(); } catch (error) {
 *   if (error instanceof DbError && error.code === "WF_ERR_DB_UNREACHABLE") process.exit(1);
 * }
 * ```
 */
export class DbError extends WebFluidError<DbErrorCode> {
  constructor(code: DbErrorCode, message: string, options?: ErrorOptions & { statusCode?: number }) {
    super(code, oneLine(message), options);
  }
}

/** Collapses whitespace so that driver messages quoted in ours stay on one line. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
