/**
 * Errors raised by Migrate, declared once. Each code is stable and documented; each message is
 * one line saying what is wrong, where, and how to fix it.
 */
import { WebFluidError } from "../errors.ts";

/** The codes Migrate raises, with what each one means. The docs list the same set. */
export const MIGRATE_ERROR_CODES = {
  /** An operation's arguments are malformed (empty name, unknown column type, ...). */
  WF_ERR_MIGRATE_INVALID_OPERATION: "an operation in a revision has invalid arguments",
  /** An operation names a table, column, index or constraint the schema does not have. */
  WF_ERR_MIGRATE_UNKNOWN_OBJECT: "an operation refers to a schema object that does not exist",
  /** An operation would create a table, column, index or constraint that already exists. */
  WF_ERR_MIGRATE_DUPLICATE_OBJECT: "an operation creates a schema object that already exists",
  /** No compiler is registered for an operation kind. */
  WF_ERR_MIGRATE_UNSUPPORTED_OPERATION: "an operation kind has no compiler for this database",
  /** The ORM handed to Migrate is not backed by a supported SQL driver. */
  WF_ERR_MIGRATE_UNSUPPORTED_DIALECT: "the database driver is not one Migrate supports",
  /** A data query was requested while compiling offline (`--sql`), where nothing can be read. */
  WF_ERR_MIGRATE_OFFLINE_QUERY: "a revision reads data, which `--sql` cannot do",
  /** An operation failed while running; the message names the operation and the statement. */
  WF_ERR_MIGRATE_OPERATION_FAILED: "an operation failed while running against the database",
  /** `wf migrate init` on a folder that already has env.ts. */
  WF_ERR_MIGRATE_ALREADY_INITIALIZED: "the migrations folder is already initialized",
  /** A command ran before `wf migrate init`. */
  WF_ERR_MIGRATE_NOT_INITIALIZED: "there is no migrations folder: run init first",
  /** The app config has no DATABASE_URI. */
  WF_ERR_MIGRATE_NO_DATABASE: "the app config names no database to migrate",
  /** env.ts failed to import. */
  WF_ERR_MIGRATE_ENV_LOAD_FAILED: "the migrations folder's env.ts could not be loaded",
  /** env.ts has a setting Migrate cannot use. */
  WF_ERR_MIGRATE_BAD_ENV: "a setting in env.ts is invalid",
  /** main.ts (imported for its models) failed to import. */
  WF_ERR_MIGRATE_MODELS_LOAD_FAILED: "the app's main.ts could not be imported to collect models",
  /** A revision file failed to import or lacks upgrade/downgrade. */
  WF_ERR_MIGRATE_REVISION_LOAD_FAILED: "a revision file could not be loaded",
  /** A revision file's header (id, downRevision, dependsOn) is malformed or inconsistent. */
  WF_ERR_MIGRATE_BAD_REVISION: "a revision file's id, downRevision or dependsOn is invalid",
  /** Two revision files carry the same id. */
  WF_ERR_MIGRATE_DUPLICATE_REVISION: "two revision files have the same id",
  /** A revision id or prefix matches nothing. */
  WF_ERR_MIGRATE_UNKNOWN_REVISION: "no revision has that id or prefix",
  /** A revision prefix matches several revisions. */
  WF_ERR_MIGRATE_AMBIGUOUS_REVISION: "a revision prefix matches several revisions",
  /** A bind has several heads where one is needed. */
  WF_ERR_MIGRATE_MULTIPLE_HEADS: "a bind has several heads: merge them",
  /** A target that does not apply (head for downgrade, +N past the head, ...). */
  WF_ERR_MIGRATE_BAD_TARGET: "the upgrade/downgrade target cannot be reached or is ambiguous",
  /** A downgrade would go below the first revision. */
  WF_ERR_MIGRATE_BELOW_BASE: "a downgrade goes below base",
  /** A bind that is not configured for the app config. */
  WF_ERR_MIGRATE_UNKNOWN_BIND: "the bind is not configured for this app config",
  /** Options that cannot be used together, or too few arguments. */
  WF_ERR_MIGRATE_BAD_OPTION: "command options are invalid",
  /** Autogenerate against a database that is not at head. */
  WF_ERR_MIGRATE_NOT_UP_TO_DATE: "the database is not up to date: upgrade first",
  /** A revision failed while running; the message says what state the database is in. */
  WF_ERR_MIGRATE_REVISION_FAILED: "a revision failed while running",
  /** Another process held the migration lock for too long. */
  WF_ERR_MIGRATE_LOCKED: "the migration lock could not be taken",
} as const;

/** A stable Migrate error code. */
export type MigrateErrorCode = keyof typeof MIGRATE_ERROR_CODES;

/**
 * An error Migrate raises on purpose: a stable `code` and a one-line message.
 *
 * @example
 * ```ts
 * throw new MigrateError("WF_ERR_MIGRATE_UNKNOWN_OBJECT",
 *   'dropColumn: table "user" has no column "age"; check the revision or the database');
 * ```
 */
export class MigrateError extends WebFluidError<MigrateErrorCode> {}
