/** `wf new`, `wf test` and `wf --version`, through the real `wf`. */
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { emptyProject, example } from "../support/examples.ts";
import { REPO_ROOT } from "../support/project.ts";

const cleanup: Array<() => void> = [];
after(() => cleanup.forEach((remove) => remove()));

describe("wf new", () => {
  test("writes the starter: no migrations, no second app config, a .gitignore; prints the seed's sequence", async () => {
    const parent = mkdtempSync(join(tmpdir(), "wf-new-"));
    cleanup.push(() => rmSync(parent, { recursive: true, force: true }));
    const scratch = emptyProject();
    const { code, stdout, stderr } = await scratch.wf(["new", "my-project", "--webfluid", "file:/somewhere/webfluid.tgz"], { cwd: parent });
    assert.equal(code, 0, stderr);
    assert.equal(
      stdout,
      [
        "created my-project (webfluid: file:/somewhere/webfluid.tgz)",
        "next:",
        "  cd my-project",
        "  npm install",
        "  npx wf migrate init app",
        "  npx wf migrate revision app -a",
        "  npx wf migrate upgrade app",
        "  npx wf run app                   # then open http://127.0.0.1:8000",
        "",
      ].join("\n"),
    );
    const project = join(parent, "my-project");
    for (const file of [
      "package.json",
      "tsconfig.json",
      ".gitignore",
      "README.md",
      "app_configs/app.ini",
      "fluid/main.ts",
      "fluid/config.ts",
      "fluid/models.ts",
      "fluid/jobs.ts",
      "fluid/templates/index.html",
      "fluid/static/style.css",
      "extension/main.ts",
      "test/app.test.ts",
    ]) {
      assert.ok(existsSync(join(project, file)), `${file} exists`);
    }
    for (const absent of ["additives", "app_configs/app2.ini", "node_modules"]) {
      assert.ok(!existsSync(join(project, absent)), `${absent} is left out`);
    }
    const pkg = JSON.parse(readFileSync(join(project, "package.json"), "utf8")) as {
      name: string;
      type: string;
      engines: Record<string, string>;
      scripts: Record<string, string>;
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    assert.equal(pkg.name, "my-project");
    assert.equal(pkg.type, "module");
    assert.equal(pkg.engines.node, ">=22.18");
    assert.deepEqual(Object.keys(pkg.scripts).sort(), ["dev", "start", "test", "typecheck"]);
    assert.match(pkg.scripts.dev!, /--reload/);
    // The tutorial's schema library comes along (its routes declare their schemas with it).
    const tutorial = JSON.parse(readFileSync(join(REPO_ROOT, "examples", "tutorial", "package.json"), "utf8")) as { dependencies: Record<string, string> };
    assert.deepEqual(pkg.dependencies, { typebox: tutorial.dependencies.typebox, webfluid: "file:/somewhere/webfluid.tgz" });
    assert.deepEqual(Object.keys(pkg.devDependencies).sort(), ["@types/node", "typescript"]);
    assert.match(readFileSync(join(project, ".gitignore"), "utf8"), /^node_modules\/$[\s\S]*^\*\.db$/m);
    const secretLine = /^SECRET_KEY = .*$/m;
    const ini = readFileSync(join(project, "app_configs", "app.ini"), "utf8");
    assert.match(ini, /^SECRET_KEY = \$\{SECRET_KEY:-[0-9a-f]{64}\}$/m, "a random SECRET_KEY of its own");
    const exampleIni = readFileSync(join(REPO_ROOT, "examples", "tutorial", "app_configs", "app.ini"), "utf8");
    assert.equal(ini.replace(secretLine, ""), exampleIni.replace(secretLine, ""), "the rest of the ini as the example has it");

    // With WebFluid resolvable, the new project's app loads.
    mkdirSync(join(project, "node_modules"));
    symlinkSync(REPO_ROOT, join(project, "node_modules", "webfluid"), "dir");
    symlinkSync(join(REPO_ROOT, "node_modules", "typebox"), join(project, "node_modules", "typebox"), "dir");
    const routes = await scratch.wf(["routes", "app"], { cwd: project });
    assert.equal(routes.code, 0, routes.stderr);
    assert.match(routes.stdout, /GET\s+\/health/);

    const other = await scratch.wf(["new", "other-project", "--webfluid", "^0.1.0"], { cwd: parent });
    assert.equal(other.code, 0, other.stderr);
    assert.notEqual(readFileSync(join(parent, "other-project", "app_configs", "app.ini"), "utf8").match(secretLine)![0], ini.match(secretLine)![0]);

    const again = await scratch.wf(["new", "my-project", "--webfluid", "^0.1.0"], { cwd: parent });
    assert.equal(again.code, 1);
    assert.match(again.stderr, /^error: my-project is not empty; choose a new folder name, or empty it first \[WF_ERR_CLI_TARGET_NOT_EMPTY\]$/m);
  });
});

describe("wf test", () => {
  test("runs the project's tests (test/**/*.test.ts) with TypeScript loaded as wf loads it; a failure exits 1", async () => {
    const p = example();
    const passing = await p.wf(["test"]);
    assert.equal(passing.code, 0, passing.stdout + passing.stderr);
    assert.match(passing.stdout, /^ℹ pass 5$/m);

    const narrowed = await p.wf(["test", "--test-name-pattern=health"]);
    assert.equal(narrowed.code, 0, narrowed.stdout + narrowed.stderr);
    assert.match(narrowed.stdout, /^ℹ pass 1$/m);

    p.write("test/failing.test.ts", `import { test } from "node:test";\nimport assert from "node:assert/strict";\ntest("fails", () => assert.equal(1, 2));\n`);
    const failing = await p.wf(["test", "test/failing.test.ts"]);
    assert.equal(failing.code, 1);
    assert.match(failing.stdout, /^ℹ fail 1$/m);
  });
});

describe("wf --version", () => {
  test("-V and --version print the package's version", async () => {
    const p = emptyProject();
    const { version } = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string };
    for (const flag of ["--version", "-V"]) {
      const { code, stdout } = await p.wf([flag]);
      assert.equal(code, 0);
      assert.equal(stdout, `${version}\n`);
    }
  });
});
