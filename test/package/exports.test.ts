/** The package's entry points: every subpath in package.json resolves, by name, to its area's surface. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";

const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
  name: string;
  bin: Record<string, string>;
  exports: Record<string, unknown>;
};

describe("package entry points", () => {
  test("exports exactly the documented subpaths", () => {
    assert.deepEqual(Object.keys(pkg.exports).sort(), [".", "./db", "./mail", "./migrate", "./package.json", "./register", "./scheduler", "./testing"]);
    assert.deepEqual(pkg.bin, { wf: "./bin/wf.js" });
  });

  test("each subpath imports by package name", async () => {
    const root = await import("webfluid");
    for (const name of ["Fluid", "registerConfig", "HTTPException", "HTMLResponse", "render", "Extension", "WebFluidError"]) {
      assert.ok(name in root, `webfluid exports ${name}`);
    }
    const db = await import("webfluid/db");
    for (const name of ["db", "p", "select", "Database", "discoverModels"]) assert.ok(name in db, `webfluid/db exports ${name}`);
    const scheduler = await import("webfluid/scheduler");
    for (const name of ["scheduler", "IntervalTrigger", "CronTrigger", "DateTrigger"]) assert.ok(name in scheduler, `webfluid/scheduler exports ${name}`);
    const mail = await import("webfluid/mail");
    for (const name of ["mail", "Mailer", "MailError"]) assert.ok(name in mail, `webfluid/mail exports ${name}`);
    const migrate = await import("webfluid/migrate");
    for (const name of ["Operations", "defineMigrateEnv", "commands"]) assert.ok(name in migrate, `webfluid/migrate exports ${name}`);
    const testing = await import("webfluid/testing");
    for (const name of ["createTestApp", "testConfig"]) assert.ok(name in testing, `webfluid/testing exports ${name}`);
  });

  test("the package name and the source agree (one module instance)", async () => {
    const byName = await import("webfluid");
    const byPath = await import("../../src/index.ts");
    assert.equal(byName.Fluid, byPath.Fluid);
  });
});
