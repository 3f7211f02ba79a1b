import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { emptyProject, example } from "../support/examples.ts";
import type { TempProject } from "../support/project.ts";

/** Runs wf and checks: exit 1, exactly one line on stderr, no stack trace. */
async function failsWithOneLine(p: TempProject, args: string[], pattern: RegExp, cwd?: string): Promise<void> {
  const { code, stderr } = await p.wf(args, { cwd });
  assert.equal(code, 1, stderr);
  const lines = stderr.trimEnd().split("\n");
  assert.equal(lines.length, 1, `one line expected, got:\n${stderr}`);
  assert.match(lines[0]!, pattern);
}

describe("bad input through wf", () => {
  test("no app_configs/ in the folder or above", async () => {
    const p = emptyProject();
    await failsWithOneLine(p, ["run", "app"], /^error: no app_configs\/ folder in .* or any parent folder; run wf inside a WebFluid project \(wf new <dir> creates one\) \[WF_ERR_CONFIG_NO_ROOT\]$/);
  });

  test("unknown app config lists the known ones", async () => {
    const p = example();
    p.write("app_configs/app2.ini", "");
    await failsWithOneLine(p, ["config", "prod"], /^error: unknown app config "prod": app_configs\/prod\.ini does not exist; known app configs: app, app2 \[WF_ERR_CONFIG_UNKNOWN_APP\]$/);
  });

  test("malformed ini line: file and line number", async () => {
    const p = example();
    p.write("app_configs/app.ini", "PORT = 8000\n\nHOST 127.0.0.1\n");
    await failsWithOneLine(p, ["run", "app"], /^error: app_configs\/app\.ini:3: expected KEY = value, a \[binds\] header or a comment, got "HOST 127\.0\.0\.1" \[WF_ERR_CONFIG_INI_SYNTAX\]$/);
  });

  test("config.ts that fails to compile", async () => {
    const p = example();
    p.write("fluid/config.ts", p.read("fluid/config.ts").replace('MYEXT_BAR = "crazy";', 'MYEXT_BAR = "crazy"'.slice(0, -1) + " +;"));
    await failsWithOneLine(p, ["config", "app"], /^error: could not load fluid\/config\.ts: .*fluid\/config\.ts:\d+:\d+: ERROR: .* \[WF_ERR_CONFIG_LOAD_FAILED\]$/);
  });

  test("main.ts that fails to compile, or to import", async () => {
    const p = example();
    p.write("fluid/main.ts", p.read("fluid/main.ts").replace("export function createApp", "export functio createApp"));
    await failsWithOneLine(p, ["run", "app"], /^error: could not load fluid\/main\.ts: .*fluid\/main\.ts:\d+:\d+: ERROR: .* \[WF_ERR_APP_MAIN_LOAD_FAILED\]$/);
    const q = example();
    q.write("fluid/main.ts", `import "./nowhere.ts";\n` + q.read("fluid/main.ts"));
    await failsWithOneLine(q, ["routes", "app"], /^error: could not load fluid\/main\.ts: .*nowhere\.ts.* \[WF_ERR_APP_MAIN_LOAD_FAILED\]$/);
  });

  test("main.ts missing", async () => {
    const p = example();
    p.write("app_configs/app.ini", "PACKAGE = elsewhere\n");
    await failsWithOneLine(p, ["run", "app"], /^error: elsewhere\/main\.ts not found \(PACKAGE = elsewhere\); .* \[WF_ERR_APP_MAIN_MISSING\]$/);
  });

  test("factory missing names the exported functions", async () => {
    const p = example();
    p.write("fluid/main.ts", p.read("fluid/main.ts").replace("export function createApp", "export function makeApp"));
    await failsWithOneLine(p, ["run", "app"], /^error: fluid\/main\.ts has no exported function createApp \(FACTORY\); its exported functions: makeApp \[WF_ERR_APP_FACTORY_MISSING\]$/);
    p.write("app_configs/app.ini", p.read("app_configs/app.ini") + "FACTORY = makeApp\n");
    const ok = await p.wf(["routes", "app"]);
    assert.equal(ok.code, 0, ok.stderr);
  });

  test("factory returning something else than a Fluid", async () => {
    const p = example();
    p.write("fluid/main.ts", p.read("fluid/main.ts").replace("  return app;\n}", "  return { app };\n}"));
    await failsWithOneLine(p, ["routes", "app"], /^error: createApp\(\) in fluid\/main\.ts returned an object \(Object\), not a Fluid; .* \[WF_ERR_APP_FACTORY_RESULT\]$/);
  });

  test("a factory that throws names main.ts and the error", async () => {
    const p = example();
    p.write("fluid/main.ts", p.read("fluid/main.ts").replace("  const app = new Fluid(import.meta);", '  throw new Error("no app today");'));
    await failsWithOneLine(p, ["run", "app"], /^error: createApp\(\) in fluid\/main\.ts threw: .*no app today.* \[WF_ERR_APP_FACTORY_FAILED\]$/);
  });

  test("an enabled extension's missing required key stops wf run, naming the key", async () => {
    const p = example();
    p.write("app_configs/app.ini", p.read("app_configs/app.ini").replace(/^DATABASE_URI = .*$/m, ""));
    await failsWithOneLine(p, ["run", "app"], /^error: extension SQLALCHEMY needs DATABASE_URI, which is not set; set it in app_configs\/app\.ini, a config class or WF_DATABASE_URI \[WF_ERR_CONFIG_MISSING_KEY\]$/);
  });

  test("--host naming an address not on this machine: the listen error, host and port", async () => {
    const p = example();
    await failsWithOneLine(p, ["run", "app", "--host", "203.0.113.7", "--port", "8999"], /^error: could not listen on 203\.0\.113\.7:8999: .*EADDRNOTAVAIL.*; check HOST and PORT in app_configs\/app\.ini \[WF_ERR_APP_LISTEN_FAILED\]$/);
  });

  test(`a project whose package.json is not "type": "module"`, async () => {
    const p = example();
    p.write("package.json", p.read("package.json").replace(/"type": "module",\n\s*/, ""));
    await failsWithOneLine(p, ["routes", "app"], /^error: package\.json does not declare "type": "module"; WebFluid apps are ES modules: add "type": "module" to it \[WF_ERR_CONFIG_NOT_ESM\]$/);
  });

  test("--debug adds the stack trace", async () => {
    const p = example();
    p.write("app_configs/app.ini", "oops\n");
    const { code, stderr } = await p.wf(["--debug", "config", "app"]);
    assert.equal(code, 1);
    assert.match(stderr, /^error: app_configs\/app\.ini:1: /);
    assert.match(stderr, /\n\s+at /);
  });
});
