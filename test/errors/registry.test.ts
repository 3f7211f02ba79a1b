/**
 * The error registry: every area's short-name object is derived from it, and
 * `describeError` reads it. (docs/errors.md is checked against it in test/docs/.)
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { AppError, AppErrorCode, ConfigErrorCode, describeError, ExtErrorCode, isWebFluidError, WebErrorCode } from "webfluid";
import { DbErrorCode } from "webfluid/db";
import { MailErrorCodes } from "webfluid/mail";
import { MIGRATE_ERROR_CODES } from "webfluid/migrate";
import { SchedulerErrorCodes } from "webfluid/scheduler";
import { CliErrorCode } from "../../src/cli/errors.ts";
import { ERROR_CODES, type ErrorArea } from "../../src/error-codes.ts";

describe("error registry", () => {
  test("each area's short-name object lists exactly that area's codes, NAME -> WF_ERR_<AREA>_NAME", () => {
    const byArea: Record<Exclude<ErrorArea, "migrate">, Readonly<Record<string, string>>> = {
      config: ConfigErrorCode,
      app: AppErrorCode,
      ext: ExtErrorCode,
      cli: CliErrorCode,
      db: DbErrorCode,
      scheduler: SchedulerErrorCodes,
      web: WebErrorCode,
      mail: MailErrorCodes,
    };
    for (const [area, codes] of Object.entries(byArea)) {
      const expected = Object.keys(ERROR_CODES[area as ErrorArea]).map((code) => [code.slice(`WF_ERR_${area.toUpperCase()}_`.length), code]);
      assert.deepEqual(Object.entries(codes), expected, area);
    }
    assert.deepEqual(Object.keys(MIGRATE_ERROR_CODES), Object.keys(ERROR_CODES.migrate));
  });

  test("describeError gives a code's area, meaning and fix", () => {
    const error = new AppError(AppErrorCode.BAD_ROUTE, 'route path "health" must start with "/"');
    assert.ok(isWebFluidError(error));
    assert.deepEqual(describeError(error.code), { code: "WF_ERR_APP_BAD_ROUTE", area: "app", ...ERROR_CODES.app.WF_ERR_APP_BAD_ROUTE });
    assert.match(describeError("WF_ERR_DB_NO_RESULT").fix, /first\(\)/);
  });

  test("describeError knows every code, and no other string", () => {
    for (const [area, codes] of Object.entries(ERROR_CODES)) {
      for (const code of Object.keys(codes)) assert.equal(describeError(code)?.area, area, code);
    }
    assert.equal(describeError("WF_ERR_DB"), undefined);
    assert.equal(describeError("constructor"), undefined);
  });
});
