import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { pathToFileURL } from "node:url";
import { emptyProject, example } from "../support/examples.ts";
import { REPO_ROOT } from "../support/project.ts";

describe("wf config", () => {
  test("prints every key with its value and source, secrets masked", async () => {
    const p = example();
    p.write("app_configs/app.ini", p.read("app_configs/app.ini").replace(/^SECRET_KEY = .*$/m, "SECRET_KEY = hunter2") + "STORE_URI = postgresql://me:pw@db/app\n");
    const { code, stdout, stderr } = await p.wf(["config", "app"], { env: { WF_PORT: "9000" } });
    assert.equal(code, 0, stderr);
    const lines = stdout.split("\n");
    assert.match(lines[0]!, /^KEY\s+VALUE\s+SOURCE$/);
    const row = (key: string) => lines.find((l) => l.startsWith(`${key} `))?.split(/\s{2,}/);
    assert.deepEqual(row("MYEXT_BAR"), ["MYEXT_BAR", '"crazy"', "config class MyConfig (priority 10)"]);
    assert.deepEqual(row("PORT"), ["PORT", "9000", "environment"]);
    assert.deepEqual(row("HOST"), ["HOST", '"127.0.0.1"', "app_configs/app.ini"]);
    assert.deepEqual(row("FACTORY"), ["FACTORY", '"createApp"', "default"]);
    assert.deepEqual(row("SECRET_KEY"), ["SECRET_KEY", '"********"', "app_configs/app.ini"]);
    assert.deepEqual(row("STORE_URI"), ["STORE_URI", '"postgresql://me:********@db/app"', "app_configs/app.ini"]);
    assert.doesNotMatch(stdout, /hunter2|:pw@/);
    // No secret in a switch, an empty list or a key prefix: shown as they are.
    assert.deepEqual(row("CORS_SUPPORTS_CREDENTIALS"), ["CORS_SUPPORTS_CREDENTIALS", "false", "default"]);
    assert.deepEqual(row("SECRET_KEY_FALLBACKS"), ["SECRET_KEY_FALLBACKS", "[]", "default"]);
    assert.deepEqual(row("SESSION_KEY_PREFIX"), ["SESSION_KEY_PREFIX", '"session:"', "default"]);
  });

  test("warns about a key that looks like a misspelt known one, and only about that", async () => {
    const p = example();
    p.write("app_configs/app.ini", p.read("app_configs/app.ini") + "PROT = 9000\nSHUTDOWN_TIMOUT = 5\nMY_OWN_SETTING = 1\n");
    const { code, stderr } = await p.wf(["config", "app"]);
    assert.equal(code, 0, stderr);
    assert.deepEqual(stderr.trim().split("\n"), [
      "warning: PROT (app_configs/app.ini) is not a key WebFluid or an extension reads; did you mean PORT?",
      "warning: SHUTDOWN_TIMOUT (app_configs/app.ini) is not a key WebFluid or an extension reads; did you mean SHUTDOWN_TIMEOUT?",
    ]);
  });

  test("wf jobs names where the scheduler was switched off", async () => {
    const p = example();
    const { code, stderr } = await p.wf(["jobs", "app"], { env: { WF_EXT_SCHEDULER: "0" } });
    assert.equal(code, 0, stderr);
    assert.match(stderr, /^note: EXT_SCHEDULER is off \(environment variable WF_EXT_SCHEDULER\): these jobs will not run$/m);
  });

  test("WF_ROOT names the project from any folder", async () => {
    const p = example();
    const elsewhere = emptyProject();
    const { code, stdout, stderr } = await elsewhere.wf(["config", "app", "--json"], { env: { WF_ROOT: p.root } });
    assert.equal(code, 0, stderr);
    assert.equal((JSON.parse(stdout) as Record<string, { value: unknown }>).MYEXT_BAR?.value, "crazy");
  });

  test("--json gives value and source per key", async () => {
    const p = example();
    const { code, stdout } = await p.wf(["config", "app", "--json"]);
    assert.equal(code, 0);
    const json = JSON.parse(stdout) as Record<string, { value: unknown; source: string }>;
    assert.deepEqual(json.SESSION_COOKIE_SECURE, { value: true, source: "config class MyConfig (priority 10)" });
  });
});

describe("wf routes", () => {
  test("lists method, path and handler of every route, extension routes included", async () => {
    const p = example();
    const { code, stdout, stderr } = await p.wf(["routes", "app"]);
    assert.equal(code, 0, stderr);
    const rows = stdout.trim().split("\n").map((l) => l.split(/\s{2,}/));
    assert.deepEqual(rows[0], ["METHOD", "PATH", "HANDLER", "ROUTER"]);
    assert.deepEqual(rows.slice(1), [
      ["GET", "/", "home", "pages"],
      ["GET", "/visits", "visits", "pages"],
      ["POST", "/visits", "setName", "pages"],
      ["GET", "/health", "health", "api"],
      ["GET", "/my-model", "getModel", "api"],
      ["POST", "/my-model", "addModel", "api"],
      ["GET", "/myext", "myextBar", "(app)"],
    ]);
  });

  test("shows which router a route came from once the app includes one", async () => {
    const p = emptyProject();
    p.write("app_configs/app.ini", "PACKAGE = fluid\n");
    p.write(
      "fluid/main.ts",
      `import { Fluid, Router } from "webfluid";
export function createApp(): Fluid {
  const app = new Fluid(import.meta);
  app.get("/", function home() { return "home"; });
  const items = new Router({ prefix: "/items" });
  items.get("/{id}", { params: { type: "object", properties: { id: { type: "integer" } } } }, function getItem(request) { return request.params.id; });
  const reviews = new Router({ prefix: "/{id}/reviews", name: "reviews" });
  reviews.get("", function listReviews() { return []; });
  return app.includeRouter(new Router({ prefix: "/api" }).includeRouter(items.includeRouter(reviews)));
}
`,
    );
    const { code, stdout, stderr } = await p.wf(["routes", "app"]);
    assert.equal(code, 0, stderr);
    assert.deepEqual(stdout.trim().split("\n").map((l) => l.split(/\s{2,}/)), [
      ["METHOD", "PATH", "HANDLER", "ROUTER"],
      ["GET", "/", "home", "(app)"],
      ["GET", "/api/items/:id", "getItem", "/items"],
      ["GET", "/api/items/:id/reviews", "listReviews", "reviews"],
    ]);
  });
});

describe("wf --help", () => {
  test("every command has help with its arguments", async () => {
    const p = example();
    const top = await p.wf(["--help"]);
    assert.equal(top.code, 0);
    for (const command of ["run", "config", "routes", "openapi", "new", "jobs", "mail", "migrate", "ext", "test"]) {
      assert.match(top.stdout, new RegExp(`^\\s+${command}\\b`, "m"));
      const help = await p.wf([command, "--help"]);
      assert.equal(help.code, 0, `${command} --help`);
      assert.match(help.stdout, new RegExp(`^Usage: wf ${command} `, "m"));
      assert.match(help.stdout, /Examples?:/);
    }
  });

  test("loads only the command line: no Migrate, database, server or fetch code", async () => {
    const p = example();
    const record = join(p.root, "modules.json");
    const preload = pathToFileURL(join(REPO_ROOT, "test", "support", "record-modules.mjs")).href;
    const nodeOptions = `${process.env.NODE_OPTIONS ?? ""} --import=${preload}`;
    const help = await p.wf(["--help"], { env: { NODE_OPTIONS: nodeOptions, WF_RECORD_MODULES: record } });
    assert.equal(help.code, 0, help.stderr);
    const loaded = JSON.parse(readFileSync(record, "utf8")) as { files: string[]; builtins: string[] };
    const heavy = loaded.files.filter((url) => /\/(?:src|dist)\/(migrate|db|scheduler|mail)\/|node_modules\/(@mikro-orm|kysely|fastify|pg-boss|nunjucks|pino|nodemailer)\//.test(url));
    assert.deepEqual(heavy, [], "modules wf --help should not load");
    // An ESM import of node:http evaluates all its exports, undici's fetch and WebSocket included.
    assert.deepEqual(loaded.builtins.filter((name) => /undici|^http$/.test(name)), []);
    assert.ok(loaded.files.length < 60, `wf --help loaded ${loaded.files.length} files`);
  });

  test("an unknown command or a bad option value exits non-zero with one line", async () => {
    const p = example();
    const unknown = await p.wf(["serve", "app"]);
    assert.notEqual(unknown.code, 0);
    assert.match(unknown.stderr, /unknown command 'serve'/);
    const badPort = await p.wf(["run", "app", "--port", "http"]);
    assert.notEqual(badPort.code, 0);
    assert.match(badPort.stderr, /"http" is not a port number/);
  });
});

describe("wf ext", () => {
  test("lists and runs the commands extensions add", async () => {
    const p = example();
    const list = await p.wf(["ext", "app"]);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /^COMMAND\s+EXTENSION\s+DESCRIPTION\nbar\s+MYEXT\s+print MYEXT_BAR$/m);
    const run = await p.wf(["ext", "app", "bar"]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout.trim(), "crazy");
    const unknown = await p.wf(["ext", "app", "nope"]);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /^error: no extension of "app" has a command "nope"; available: bar \[WF_ERR_EXT_UNKNOWN_COMMAND\]$/m);
  });
});
