/**
 * `wf openapi <app>` on a temporary project: prints the document of the app's routes (with
 * the doc comments of its handlers and its config's title and version) without serving it.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { emptyProject } from "../support/examples.ts";

function project() {
  const p = emptyProject();
  p.linkDependency("typebox");
  p.write("app_configs/app.ini", "PACKAGE = fluid\nOPENAPI_TITLE = Pets\nOPENAPI_VERSION = 1.0\nPORT = 1\n");
  p.write(
    "fluid/main.ts",
    `import Type from "typebox";
import { Fluid, Router } from "webfluid";

/** Lists the pets. */
function listPets() {
  return [];
}

export function createApp(): Fluid {
  const app = new Fluid(import.meta);
  const pets = new Router({ prefix: "/pets", tags: ["pets"] });
  pets.get("", listPets);
  pets.get("/{id}", { params: Type.Object({ id: Type.Integer() }) }, function getPet(request) {
    return { id: request.params.id };
  });
  app.includeRouter(pets);
  app.onServe(() => {
    throw new Error("wf openapi must not serve");
  });
  return app;
}
`,
  );
  return p;
}

describe("wf openapi", () => {
  test("prints the document, indented, without starting the server", async () => {
    const p = project();
    const { code, stdout, stderr } = await p.wf(["openapi", "app"]);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^\{\n {2}"openapi": "3\.1\.0",\n/);
    const document = JSON.parse(stdout);
    assert.deepEqual(document.info, { title: "Pets", version: "1.0" });
    assert.deepEqual(Object.keys(document.paths), ["/pets", "/pets/{id}"]);
    assert.equal(document.paths["/pets"].get.summary, "Lists the pets.");
    assert.deepEqual(document.paths["/pets/{id}"].get.parameters, [{ name: "id", in: "path", required: true, schema: { type: "integer" } }]);
    assert.deepEqual(document.tags, [{ name: "pets" }]);
  });

  test("--compact prints one line; a missing app config is a one-line error", async () => {
    const p = project();
    const compact = await p.wf(["openapi", "app", "--compact"]);
    assert.equal(compact.code, 0, compact.stderr);
    assert.equal(compact.stdout.trim().split("\n").length, 1);
    assert.equal(JSON.parse(compact.stdout).openapi, "3.1.0");
    const missing = await p.wf(["openapi", "nope"]);
    assert.notEqual(missing.code, 0);
    assert.equal(missing.stderr.trim().split("\n").length, 1, missing.stderr);
  });
});
