import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { ConfigErrorCode, configuredBinds, loadConfig } from "../../src/config/index.ts";
import { TempProject } from "../support/project.ts";

const projects: TempProject[] = [];
after(() => projects.forEach((p) => p.remove()));

function project(files: Record<string, string>): TempProject {
  const p = TempProject.empty();
  projects.push(p);
  for (const [path, text] of Object.entries(files)) p.write(path, text);
  return p;
}

const CONFIG_TS = `
import { registerConfig } from "webfluid";

@registerConfig(20)
export class High { ORDER = "high"; FROM_HIGH = true; }

@registerConfig(10)
export class Low { ORDER = "low"; FROM_LOW = 1; SQLALCHEMY_BINDS = { cls: "sqlite:///cls.db" }; PORT = 9000; }

class ByCall { ORDER = "call"; BY_CALL = "yes"; }
registerConfig(5, ByCall);
`;

describe("loadConfig", () => {
  test("stacks defaults < config classes by priority < ini < WF_ environment", async () => {
    const p = project({
      "app_configs/app.ini": "ORDER = ini\nINI_ONLY = 1\nPORT = 8001\n",
      "fluid/config.ts": CONFIG_TS,
    });
    const config = await loadConfig({ name: "app", root: p.root, env: { WF_PORT: "8002" } });
    assert.equal(config.get("ORDER"), "ini");
    assert.equal(config.entry("ORDER")?.source, "app_configs/app.ini");
    assert.equal(config.get("FROM_HIGH"), true);
    assert.equal(config.entry("FROM_HIGH")?.source, "config class High (priority 20)");
    assert.equal(config.get("BY_CALL"), "yes");
    assert.equal(config.get("INI_ONLY"), true);
    assert.equal(config.get("PORT"), 8002);
    assert.equal(config.entry("PORT")?.source, "environment");
    assert.equal(config.get("HOST"), "127.0.0.1");
    assert.equal(config.entry("HOST")?.source, "default");

    const withoutIni = await loadConfig({ name: "app", root: p.root, env: {} });
    assert.equal(withoutIni.get("PORT"), 8001);
  });

  test("higher class priority wins over lower, whatever the declaration order", async () => {
    const p = project({ "app_configs/app.ini": "", "fluid/config.ts": CONFIG_TS });
    const config = await loadConfig({ name: "app", root: p.root, env: {} });
    assert.equal(config.get("ORDER"), "high");
    assert.equal(config.get("PORT"), 9000);
  });

  test("known keys keep their type: PORT = 1 is a number, EXT_ switches are booleans", async () => {
    const p = project({ "app_configs/app.ini": "PORT = 1\nEXT_FOO = 1\nDEBUG = yes\nRATE = 0.5\n" });
    const config = await loadConfig({ name: "app", root: p.root, env: {} });
    assert.equal(config.get("PORT"), 1);
    assert.equal(config.get("EXT_FOO"), true);
    assert.equal(config.get("DEBUG"), true);
    assert.equal(config.get("RATE"), 0.5);
  });

  test("[binds] adds to binds from config classes; aliases map to canonical keys", async () => {
    const p = project({
      "app_configs/app2.ini": "EXT_DB = 1\nDATABASE_URI = sqlite:///app2.db\n[binds]\ntest = sqlite:///test.db\n",
      "fluid/config.ts": CONFIG_TS,
    });
    const config = await loadConfig({ name: "app2", root: p.root, env: {} });
    assert.deepEqual(config.get("SQLALCHEMY_BINDS"), { cls: "sqlite:///cls.db", test: "sqlite:///test.db" });
    assert.equal(config.get("EXT_SQLALCHEMY"), true);
    assert.equal(config.get("EXT_DB"), true);
  });

  test("the binds: DATABASE_URI is default, SQLALCHEMY_BINDS and [binds] the named ones, each with its key", async () => {
    const p = project({
      "app_configs/app.ini": 'DATABASE_URI = sqlite:///app.db\nSQLALCHEMY_BINDS = {"json": "sqlite:///json.db"}\n[binds]\ntest = sqlite:///test.db\n',
    });
    const config = await loadConfig({ name: "app", root: p.root, env: {} });
    assert.deepEqual(configuredBinds(config), {
      default: { uri: "sqlite:///app.db", key: "DATABASE_URI" },
      json: { uri: "sqlite:///json.db", key: "SQLALCHEMY_BINDS.json" },
      test: { uri: "sqlite:///test.db", key: "SQLALCHEMY_BINDS.test" },
    });
  });

  test("SQLALCHEMY_BINDS that does not map names to URIs is a bad value, wherever it is set", async () => {
    const broken = project({ "app_configs/app.ini": "SQLALCHEMY_BINDS = {test: 1}\n[binds]\nother = sqlite:///o.db\n" });
    await assert.rejects(loadConfig({ name: "app", root: broken.root, env: {} }), {
      code: ConfigErrorCode.BAD_VALUE,
      message: /^app_configs\/app\.ini:1: SQLALCHEMY_BINDS starts like JSON but does not parse/,
    });
    const list = project({ "app_configs/app.ini": 'SQLALCHEMY_BINDS = ["sqlite:///a.db"]\n' });
    await assert.rejects(loadConfig({ name: "app", root: list.root, env: {} }), {
      code: ConfigErrorCode.BAD_VALUE,
      message: /^app_configs\/app\.ini:1: SQLALCHEMY_BINDS must be a JSON object/,
    });
    const numbers = project({
      "app_configs/app.ini": "",
      "fluid/config.ts": `import { registerConfig } from "webfluid";\nregisterConfig(1, class Binds { SQLALCHEMY_BINDS = { test: 5 } });\n`,
    });
    const config = await loadConfig({ name: "app", root: numbers.root, env: {} });
    assert.throws(() => configuredBinds(config), {
      code: ConfigErrorCode.BAD_VALUE,
      message: 'SQLALCHEMY_BINDS (config class Binds (priority 1)) must map bind names to URIs, e.g. {"test": "sqlite:///test.db"}, or use a [binds] section',
    });
  });

  test("relative paths resolve against the project root, never the cwd", async () => {
    const p = project({ "app_configs/app.ini": "UPLOADS = data/uploads\n" });
    const config = await loadConfig({ name: "app", cwd: p.path("app_configs"), env: {} });
    assert.equal(config.root, p.root);
    assert.equal(config.path("UPLOADS"), p.path("data/uploads"));
    assert.equal(config.path("/abs/x"), "/abs/x");
  });

  test("PACKAGE chooses the folder whose config.ts is loaded", async () => {
    const p = project({
      "app_configs/app.ini": "PACKAGE = other\n",
      "other/config.ts": `import { registerConfig } from "webfluid";\nregisterConfig(1, class OtherConfig { WHICH = "other" });\n`,
    });
    const config = await loadConfig({ name: "app", root: p.root, env: {} });
    assert.equal(config.get("WHICH"), "other");
    assert.equal(config.get("PACKAGE"), "other");
  });

  test("no app_configs/ anywhere above is a clear error", async () => {
    const p = project({ "readme.txt": "" });
    await assert.rejects(loadConfig({ name: "app", cwd: p.root }), (error: Error & { code?: string }) => {
      assert.equal(error.code, ConfigErrorCode.NO_ROOT);
      assert.match(error.message, /^no app_configs\/ folder in .* or any parent folder; run wf inside a WebFluid project \(wf new <dir> creates one\)$/);
      return true;
    });
  });

  test("WF_ROOT names the project root, wherever wf runs", async () => {
    const p = project({ "app_configs/app.ini": "PORT = 8123\n" });
    const elsewhere = project({ "readme.txt": "" });
    const config = await loadConfig({ name: "app", cwd: elsewhere.root, env: { WF_ROOT: p.root } });
    assert.equal(config.root, p.root);
    assert.equal(config.get("PORT"), 8123);
    await assert.rejects(loadConfig({ name: "app", cwd: p.root, env: { WF_ROOT: elsewhere.root } }), {
      code: ConfigErrorCode.NO_ROOT,
      message: `WF_ROOT is ${JSON.stringify(elsewhere.root)}, which holds no app_configs/ folder; point WF_ROOT at the project root, or unset it to search from the current folder`,
    });
  });

  test("an unknown app config lists the known ones", async () => {
    const p = project({ "app_configs/app.ini": "", "app_configs/app2.ini": "" });
    await assert.rejects(loadConfig({ name: "prod", root: p.root }), {
      code: ConfigErrorCode.UNKNOWN_APP,
      message: 'unknown app config "prod": app_configs/prod.ini does not exist; known app configs: app, app2',
    });
  });

  test("a malformed ini line is reported with file and line", async () => {
    const p = project({ "app_configs/app.ini": "PORT = 8000\noops\n" });
    await assert.rejects(loadConfig({ name: "app", root: p.root }), {
      code: ConfigErrorCode.INI_SYNTAX,
      message: /^app_configs\/app\.ini:2: expected KEY = value/,
    });
  });

  test("a bad value for a known key names the source", async () => {
    const p = project({ "app_configs/app.ini": "PORT = http\n" });
    await assert.rejects(loadConfig({ name: "app", root: p.root, env: {} }), {
      code: ConfigErrorCode.BAD_VALUE,
      message: 'app_configs/app.ini:1: PORT must be a number, got "http"',
    });
    const q = project({ "app_configs/app.ini": "" });
    await assert.rejects(loadConfig({ name: "app", root: q.root, env: { WF_PORT: "x" } }), {
      message: 'environment variable WF_PORT: PORT must be a number, got "x"',
    });
  });

  test("numbers out of their key's range fail at load (so in wf config), wherever they are set", async () => {
    const cases: Array<[string, string]> = [
      ["MAX_CONTENT_LENGTH = -5", 'MAX_CONTENT_LENGTH must be a whole number from 1 to 2147483647, got "-5"'],
      ["MAX_CONTENT_LENGTH = 0.5", 'MAX_CONTENT_LENGTH must be a whole number from 1 to 2147483647, got "0.5"'],
      ["MAX_CONTENT_LENGTH = 1e400", 'MAX_CONTENT_LENGTH must be a whole number from 1 to 2147483647, got "1e400"'],
      ["PORT = 99999", 'PORT must be a whole number from 0 to 65535, got "99999"'],
      ["PORT = -1", 'PORT must be a whole number from 0 to 65535, got "-1"'],
      ["PORT = 80.5", 'PORT must be a whole number from 0 to 65535, got "80.5"'],
    ];
    for (const [line, message] of cases) {
      const p = project({ "app_configs/app.ini": `${line}\n` });
      await assert.rejects(loadConfig({ name: "app", root: p.root, env: {} }), { code: ConfigErrorCode.BAD_VALUE, message: `app_configs/app.ini:1: ${message}` });
    }
    const env = project({ "app_configs/app.ini": "" });
    await assert.rejects(loadConfig({ name: "app", root: env.root, env: { WF_PORT: "70000" } }), {
      message: 'environment variable WF_PORT: PORT must be a whole number from 0 to 65535, got "70000"',
    });
    const inClass = project({
      "app_configs/app.ini": "",
      "fluid/config.ts": `import { registerConfig } from "webfluid";\nregisterConfig(1, class Big { MAX_CONTENT_LENGTH = Infinity });\n`,
    });
    await assert.rejects(loadConfig({ name: "app", root: inClass.root, env: {} }), {
      message: "config class Big (priority 1): MAX_CONTENT_LENGTH must be a whole number from 1 to 2147483647, got Infinity",
    });
    const fine = project({ "app_configs/app.ini": "PORT = 0\nMAX_CONTENT_LENGTH = 10\n" });
    assert.equal((await loadConfig({ name: "app", root: fine.root, env: {} })).get("PORT"), 0);
  });

  test("TRUST_PROXY takes a boolean, a number of proxies or addresses from an ini file, and refuses anything else", async () => {
    const cases: Array<[string, unknown]> = [["true", true], ["0", false], ["2", 2], ["10.0.0.0/8", "10.0.0.0/8"], ["127.0.0.1, ::1/128, loopback", "127.0.0.1, ::1/128, loopback"]];
    for (const [text, value] of cases) {
      const p = project({ "app_configs/app.ini": `TRUST_PROXY = ${text}\n` });
      assert.deepEqual((await loadConfig({ name: "app", root: p.root, env: {} })).get("TRUST_PROXY"), value, text);
    }
    for (const text of ["nonsense", "2.5", "-1", "10.0.0.0/33", "10.0.0.1, example.com"]) {
      const p = project({ "app_configs/app.ini": `TRUST_PROXY = ${text}\n` });
      await assert.rejects(loadConfig({ name: "app", root: p.root, env: {} }), {
        code: ConfigErrorCode.BAD_VALUE,
        message: `app_configs/app.ini:1: TRUST_PROXY must be true/false, a whole number of proxies, or proxy addresses and subnets separated by commas (10.0.0.1, 10.0.0.0/8, loopback), got ${JSON.stringify(text)}`,
      });
    }
  });

  test("keys that take one of a few words refuse any other at load, wherever they are set", async () => {
    const p = project({ "app_configs/app.ini": "LOG_FORMAT = colour\n" });
    await assert.rejects(loadConfig({ name: "app", root: p.root, env: {} }), {
      code: ConfigErrorCode.BAD_VALUE,
      message: 'app_configs/app.ini:1: LOG_FORMAT must be one of auto, json, pretty, got "colour"',
    });
    const env = project({ "app_configs/app.ini": "" });
    await assert.rejects(loadConfig({ name: "app", root: env.root, env: { WF_LOG_LEVEL: "loud" } }), {
      message: 'environment variable WF_LOG_LEVEL: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"',
    });
    const fine = project({ "app_configs/app.ini": "LOG_FORMAT = pretty\nLOG_LEVEL = debug\n" });
    assert.equal((await loadConfig({ name: "app", root: fine.root, env: {} })).get("LOG_FORMAT"), "pretty");
  });

  test("a config.ts that fails to compile names the file and the error", async () => {
    const p = project({ "app_configs/app.ini": "", "fluid/config.ts": "export class Broken {\n  X = ;\n}\n" });
    await assert.rejects(loadConfig({ name: "app", root: p.root }), (error: Error & { code?: string }) => {
      assert.equal(error.code, ConfigErrorCode.LOAD_FAILED);
      assert.match(error.message, /^could not load fluid\/config\.ts: .*config\.ts:2:\d+: ERROR: /);
      return true;
    });
  });

  test("a config.ts that throws on import names the file and the error", async () => {
    const p = project({ "app_configs/app.ini": "", "fluid/config.ts": 'throw new TypeError("no config for you");\n' });
    await assert.rejects(loadConfig({ name: "app", root: p.root }), {
      code: ConfigErrorCode.LOAD_FAILED,
      message: "could not load fluid/config.ts: TypeError: no config for you",
    });
  });

  test("config classes of one project never leak into another", async () => {
    const a = project({ "app_configs/app.ini": "", "fluid/config.ts": CONFIG_TS });
    const b = project({ "app_configs/app.ini": "" });
    await loadConfig({ name: "app", root: a.root, env: {} });
    const config = await loadConfig({ name: "app", root: b.root, env: {} });
    assert.equal(config.get("ORDER"), undefined);
  });

  test("require() names the missing key and where to set it", async () => {
    const p = project({ "app_configs/app.ini": "" });
    const config = await loadConfig({ name: "app", root: p.root, env: {} });
    assert.throws(() => config.require(["MAIL_SERVER"], "extension MAIL"), {
      code: ConfigErrorCode.MISSING_KEY,
      message: "extension MAIL needs MAIL_SERVER, which is not set; set it in app_configs/app.ini, a config class or WF_MAIL_SERVER",
    });
  });
});
