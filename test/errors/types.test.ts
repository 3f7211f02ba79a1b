/**
 * Compile-time checks of the error types, run by `tsc --noEmit` (the runtime test only keeps
 * the file in the suite). `@ts-expect-error` lines are the negative cases: they fail the type
 * check if the error disappears.
 */
import { test } from "node:test";
import {
  AppError,
  AppErrorCode,
  ConfigError,
  describeError,
  isWebFluidError,
  type ErrorCode,
  type ErrorDescription,
} from "../../src/index.ts";
import { DbErrorCode } from "../../src/db/index.ts";
import { MigrateError, type MigrateErrorCode } from "../../src/migrate/index.ts";
import { SchedulerErrorCodes } from "../../src/scheduler/index.ts";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T extends true>(_: T): void {}

// Only compiled: never called.
function compileOnly(caught: unknown): void {
  // the short names are the literal codes
  expectType<Equal<typeof AppErrorCode.MAIN_MISSING, "WF_ERR_APP_MAIN_MISSING">>(true);
  expectType<Equal<typeof DbErrorCode.UNREACHABLE, "WF_ERR_DB_UNREACHABLE">>(true);
  expectType<Equal<typeof SchedulerErrorCodes.RUNNING, "WF_ERR_SCHEDULER_RUNNING">>(true);
  // @ts-expect-error no such code
  void AppErrorCode.NO_SUCH_CODE;

  // each area's class takes its own codes only
  new AppError(AppErrorCode.BAD_ROUTE, "route path must start with /");
  // @ts-expect-error a configuration code on an app error
  new AppError("WF_ERR_CONFIG_NO_ROOT", "wrong area");
  // @ts-expect-error a database code on a configuration error
  new ConfigError(DbErrorCode.BAD_URI, "wrong area");
  new MigrateError("WF_ERR_MIGRATE_LOCKED", "the migration lock could not be taken");
  // @ts-expect-error a misspelt full code
  new MigrateError("WF_ERR_MIGRATE_LOCK", "typo");
  const migrateCode: MigrateErrorCode = "WF_ERR_MIGRATE_BAD_TARGET";
  void migrateCode;

  // a caught WebFluid error carries one of the registry's codes
  if (isWebFluidError(caught)) {
    expectType<Equal<typeof caught.code, ErrorCode>>(true);
    // @ts-expect-error a code that does not exist never matches
    if (caught.code === "WF_ERR_DB_GONE") return;
  }
  const known = describeError("WF_ERR_DB_NO_RESULT");
  expectType<Equal<typeof known, ErrorDescription>>(true);
  const maybe = describeError(String(caught));
  expectType<Equal<typeof maybe, ErrorDescription | undefined>>(true);
}

test("error types compile (checked by tsc --noEmit)", () => {
  void compileOnly;
});
