import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { Extension, Fluid } from "../../src/index.ts";
import { ExtErrorCode } from "../../src/ext/index.ts";
import { createTestApp, testConfig } from "../../src/testing/index.ts";
import { TempProject } from "../support/project.ts";

const projects: TempProject[] = [];
after(() => projects.forEach((p) => p.remove()));

class GreeterExtension extends Extension {
  readonly name = "GREETER";
  override readonly defaults = { GREETER_WORD: "hello", PORT: 1 };
  setups = 0;

  protected setup(app: Fluid): void {
    this.setups++;
    app.get("/greet")(() => ({ word: app.config.get("GREETER_WORD") }));
  }
}

class StrictExtension extends Extension {
  readonly name = "STRICT";
  override readonly required = ["STRICT_TOKEN"];
  protected setup(): void {}
}

describe("Extension", () => {
  test("defaults sit below every other source; expandFluid runs setup once", async () => {
    const ext = new GreeterExtension();
    const plain = new Fluid(process.cwd(), { config: testConfig() });
    ext.expandFluid(plain);
    ext.expandFluid(plain);
    assert.equal(ext.setups, 1);
    assert.deepEqual((await plain.inject("/greet")).json(), { word: "hello" });
    assert.equal(plain.config.get("PORT"), 8000, "framework defaults stay below... and earlier defaults win");
    assert.equal(plain.config.entry("GREETER_WORD")?.source, "extension GREETER");

    const configured = new Fluid(process.cwd(), { config: testConfig({ GREETER_WORD: "hi", GREETER_LOUD: true }) });
    new GreeterExtension().expandFluid(configured);
    assert.deepEqual((await configured.inject("/greet")).json(), { word: "hi" });
    assert.deepEqual(configured.config.withPrefix("GREETER_"), { GREETER_LOUD: true, GREETER_WORD: "hi" }, "an extension reads its keys by prefix");
  });

  test("a missing required key fails when the app starts, naming the key; a set one passes", async () => {
    const app = new Fluid(process.cwd(), { config: testConfig() });
    new StrictExtension().expandFluid(app);
    await assert.rejects(app.startup(), {
      code: "WF_ERR_CONFIG_MISSING_KEY",
      message: /^extension STRICT needs STRICT_TOKEN, which is not set; set it in app_configs\/test\.ini, a config class or WF_STRICT_TOKEN$/,
    });
    const configured = new Fluid(process.cwd(), { config: testConfig({ STRICT_TOKEN: "t" }) });
    new StrictExtension().expandFluid(configured);
    await configured.startup();
    await configured.shutdown();
  });
});

describe("enabling extensions from config", () => {
  function project(ini: string): TempProject {
    const p = TempProject.empty();
    projects.push(p);
    p.write("app_configs/app.ini", ini);
    p.write(
      "fluid/main.ts",
      `import { Fluid } from "webfluid";\nexport function createApp() { return new Fluid(import.meta); }\n`,
    );
    p.write(
      "ext/hello.ts",
      `import { Extension, type Fluid } from "webfluid";
export default class Hello extends Extension {
  readonly name = "HELLO";
  override readonly defaults = { HELLO_TO: "world" };
  protected setup(app: Fluid) { app.get("/hello")(() => ({ to: app.config.get("HELLO_TO") })); }
}
`,
    );
    return p;
  }

  test("EXTENSIONS loads third-party extensions by path relative to the project root", async () => {
    const p = project("EXTENSIONS = ./ext/hello.ts\n");
    const app = await createTestApp("app", { root: p.root });
    assert.deepEqual((await app.inject("/hello")).json(), { to: "world" });
    await app.shutdown();
  });

  test("built-in extensions register themselves and start in their order: the database, then the scheduler", async () => {
    const p = project("EXT_SCHEDULER = 1\nEXT_SQLALCHEMY = 1\nDATABASE_URI = sqlite:///:memory:\n");
    const app = await createTestApp("app", { root: p.root });
    assert.deepEqual(app.extensions().map((extension) => extension.name), ["SQLALCHEMY", "SCHEDULER"]);
    await app.shutdown();
  });

  test("an EXT_ switch naming no built-in extension is a clear error", async () => {
    const p = project("EXT_NOPE = 1\n");
    await assert.rejects(createTestApp("app", { root: p.root }), {
      code: ExtErrorCode.UNKNOWN_BUILTIN,
      message: "EXT_NOPE (app_configs/app.ini) names no built-in extension; built-in: EXT_MAIL, EXT_SCHEDULER, EXT_SQLALCHEMY; list third-party extensions in EXTENSIONS instead",
    });
  });

  test("an EXTENSIONS entry that cannot load, or exports no extension, is a clear error", async () => {
    await assert.rejects(createTestApp("app", { root: project("EXTENSIONS = ./ext/missing.ts\n").root }), {
      code: ExtErrorCode.LOAD_FAILED,
      message: /^could not load extension "\.\/ext\/missing\.ts" from EXTENSIONS: /,
    });
    const p = project("EXTENSIONS = ./ext/none.ts\n");
    p.write("ext/none.ts", "export const x = 1;\n");
    await assert.rejects(createTestApp("app", { root: p.root }), {
      code: ExtErrorCode.NO_EXTENSION,
      message: "./ext/none.ts: the module exports no Extension; export a class extending Extension (or an instance) as default",
    });
  });
});
