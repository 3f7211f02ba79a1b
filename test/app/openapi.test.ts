/**
 * The OpenAPI document and the docs pages through inject: the document is valid OpenAPI 3.1
 * (checked by @apidevtools/swagger-parser against the specification's JSON Schema) and says
 * what the routes declare; the switches turn the routes off; the pages load their files from
 * the app under their own Content-Security-Policy; ReDoc says how to install it when missing.
 */
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import SwaggerParser from "@apidevtools/swagger-parser";
import Type from "typebox";
import { AppError, ConfigError, Fluid, HTMLResponse, Router, type OpenAPIDocument } from "../../src/index.ts";
import { testConfig } from "../../src/testing/index.ts";
import { TempProject } from "../support/project.ts";

const project = TempProject.empty();
after(() => project.remove());
// A handler's doc comment is read from the app package's files.
project.write(
  "fluid/items.ts",
  `/**
 * Lists the items.
 *
 * Newest first; at most \`limit\` of them.
 *
 * @example GET /api/items?limit=5
 */
export function listItems() {
  return [];
}
`,
);

function newApp(values: Record<string, unknown> = {}, root = project.root): Fluid {
  return new Fluid(`${root}/fluid`, { config: testConfig(values, { root, name: "shop" }) });
}

/** The document as JSON, for reading deep into it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

async function documentOf(app: Fluid): Promise<Json> {
  const response = await app.inject("/openapi.json");
  assert.equal(response.statusCode, 200);
  assert.match(String(response.headers["content-type"]), /^application\/json/);
  const document: Json = response.json() satisfies OpenAPIDocument;
  // validate() dereferences in place: give it a copy.
  await SwaggerParser.validate(structuredClone(document));
  return document;
}

const Item = Type.Object({ id: Type.Integer(), name: Type.String({ minLength: 1 }), tags: Type.Array(Type.String()) }, { $id: "Item" });
const NotFound = Type.Object({ detail: Type.String() }, { description: "No such item" });

function shop(values: Record<string, unknown> = {}): Fluid {
  const app = newApp(values);
  const items = new Router({ prefix: "/items", tags: ["items"] });
  function listItems() {
    return [];
  }
  items.get("", { query: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, description: "how many" })) }), response: Type.Array(Item) }, listItems);
  items.get("/{id}", { params: Type.Object({ id: Type.Integer() }), response: { 200: Item, 404: NotFound } }, function getItem(request) {
    return { id: request.params.id, name: "pen", tags: [] };
  });
  items.post("", { body: Type.Omit(Item, ["id"]), response: { 201: Item }, statusCode: 201, summary: "Add an item", description: "Stores it.", operationId: "addItem", tags: ["admin"] }, (request) => ({ id: 1, ...request.payload }));
  items.delete("/{id}", { deprecated: true }, function removeItem() {
    return null;
  });
  app.includeRouter(new Router({ prefix: "/api", tags: ["api"] }).includeRouter(items));
  app.get("/", { responseClass: HTMLResponse }, function home() {
    return "<p>home</p>";
  });
  app.get("/internal", { includeInSchema: false }, () => "hidden");
  app.get("/files/{name}", (request) => request.params.name);
  return app;
}

describe("the OpenAPI document", () => {
  test("is valid OpenAPI 3.1 and describes each route from its schemas and options", async () => {
    const document = await documentOf(shop({ OPENAPI_VERSION: "2.1.0", OPENAPI_DESCRIPTION: "The **shop**." }));
    assert.equal(document.openapi, "3.1.0");
    assert.deepEqual(document.info, { title: "shop", version: "2.1.0", description: "The **shop**." });
    assert.deepEqual(Object.keys(document.paths), ["/api/items", "/api/items/{id}", "/", "/files/{name}"], "hidden and framework routes left out");
    assert.deepEqual(document.tags, [{ name: "api" }, { name: "items" }, { name: "admin" }]);

    const list = document.paths["/api/items"].get;
    assert.equal(list.summary, "Lists the items.", "the doc comment's first paragraph");
    assert.equal(list.description, "Newest first; at most `limit` of them.");
    assert.equal(list.operationId, "listItems");
    assert.deepEqual(list.tags, ["api", "items"]);
    assert.deepEqual(list.parameters, [{ name: "limit", in: "query", required: false, schema: { type: "integer", minimum: 1, description: "how many" }, description: "how many" }]);
    assert.deepEqual(list.responses["200"].content["application/json"].schema, { type: "array", items: { $ref: "#/components/schemas/Item" } });
    assert.deepEqual(list.responses["422"].content["application/json"].schema, { $ref: "#/components/schemas/HTTPValidationError" });

    const get = document.paths["/api/items/{id}"].get;
    assert.equal(get.summary, "Get Item", "no doc comment: the handler's name");
    assert.deepEqual(get.parameters, [{ name: "id", in: "path", required: true, schema: { type: "integer" } }]);
    assert.deepEqual(Object.keys(get.responses), ["200", "404", "422"]);
    assert.equal(get.responses["404"].description, "No such item");

    const add = document.paths["/api/items"].post;
    assert.deepEqual([add.summary, add.description, add.operationId, add.tags], ["Add an item", "Stores it.", "addItem", ["api", "items", "admin"]]);
    assert.equal(add.requestBody.required, true);
    assert.deepEqual(add.requestBody.content["application/json"].schema.required, ["name", "tags"]);
    assert.deepEqual(Object.keys(add.responses), ["201", "422"]);

    const remove = document.paths["/api/items/{id}"].delete;
    assert.equal(remove.deprecated, true);
    assert.deepEqual(remove.parameters, [{ name: "id", in: "path", required: true, schema: { type: "string" } }], "untyped path parameters are strings");
    assert.equal(remove.responses["422"], undefined, "nothing validated, no 422");

    assert.deepEqual(document.paths["/"].get.responses["200"].content, { "text/html": { schema: { type: "string" } } });
    assert.deepEqual(document.paths["/files/{name}"].get.parameters.map((p: { name: string }) => p.name), ["name"]);

    assert.deepEqual(Object.keys(document.components!.schemas as object), ["Item", "ValidationError", "HTTPValidationError"]);
    assert.deepEqual((document.components!.schemas as Record<string, unknown>).Item, {
      type: "object",
      required: ["id", "name", "tags"],
      properties: { id: { type: "integer" }, name: { type: "string", minLength: 1 }, tags: { type: "array", items: { type: "string" } } },
    });
    assert.equal(document.components!.securitySchemes, undefined, "no sessions, no scheme");
    assert.deepEqual(shop().openapi(), await documentOf(shop()), "app.openapi() is what the route serves");
  });

  test("the 422 schema is the shape validation errors have", async () => {
    const app = shop();
    const document = await documentOf(app);
    const invalid = await app.inject({ method: "POST", url: "/api/items", headers: { "content-type": "application/json" }, payload: { name: "", tags: [] } });
    assert.equal(invalid.statusCode, 422);
    const schema = (document.components!.schemas as Record<string, { properties: Record<string, unknown> }>).ValidationError!;
    for (const issue of invalid.json().detail) assert.deepEqual(Object.keys(issue).sort(), Object.keys(schema.properties).sort());
  });

  test("tuples become prefixItems, references to an $id point at its component, and operationIds stay unique", async () => {
    const app = newApp();
    const Node = Type.Cyclic({ Node: Type.Object({ name: Type.String(), children: Type.Array(Type.Ref("Node")) }) }, "Node");
    app.post("/tree", { body: Node }, function save() {
      return null;
    });
    app.get("/pair", { response: Type.Tuple([Type.String(), Type.Number()]) }, function save() {
      return ["a", 1] as [string, number];
    });
    const document = await documentOf(app);
    assert.deepEqual((document.components!.schemas as Record<string, unknown>).Node, {
      type: "object",
      required: ["name", "children"],
      properties: { name: { type: "string" }, children: { type: "array", items: { $ref: "#/components/schemas/Node" } } },
    });
    assert.deepEqual(document.paths["/pair"]!.get as unknown, {
      summary: "Save",
      operationId: "save_get_pair",
      responses: { "200": { description: "Successful Response", content: { "application/json": { schema: { type: "array", prefixItems: [{ type: "string" }, { type: "number" }], minItems: 2, items: false } } } } },
    });
    assert.equal((document.paths["/tree"]!.post as { operationId: string }).operationId, "save_post_tree");
  });

  test("two routes given one operationId fail, naming both", async () => {
    const app = newApp();
    app.get("/a", { operationId: "same" }, () => 1);
    app.get("/b", { operationId: "same" }, () => 2);
    assert.throws(() => app.openapi(), (error: unknown) => error instanceof AppError && /route GET \/b: operationId "same" is also given to GET \/a/.test(error.message));
  });

  test("with sessions, the session cookie and the CSRF header are security schemes", async () => {
    const document = await documentOf(shop({ SECRET_KEY: "s3cret", SESSION_COOKIE_NAME: "sid" }));
    assert.deepEqual(Object.keys(document.components!.securitySchemes as object), ["session", "csrfToken"]);
    assert.deepEqual((document.components!.securitySchemes as Record<string, object>).session, {
      type: "apiKey",
      in: "cookie",
      name: "sid",
      description: "The session cookie, signed with SECRET_KEY.",
    });
  });

  test("with CSRF on, unsafe routes require the session and a token and may answer 403; safe routes and csrf: false routes do not", async () => {
    const app = shop({ SECRET_KEY: "s3cret" });
    app.post("/hooks", { csrf: false }, function receiveHook() {
      return null;
    });
    const document = await documentOf(app);
    const operation = (path: string, method: string) => document.paths[path]![method] as { security?: unknown; responses: Record<string, unknown> };
    for (const [path, method] of [["/api/items", "post"], ["/api/items/{id}", "delete"]] as const) {
      assert.deepEqual(operation(path, method).security, [{ session: [], csrfToken: [] }], `${method} ${path}`);
      assert.equal((operation(path, method).responses["403"] as { description: string }).description, "The CSRF token is missing or invalid");
    }
    for (const [path, method] of [["/api/items", "get"], ["/api/items/{id}", "get"], ["/hooks", "post"]] as const) {
      assert.equal(operation(path, method).security, undefined, `${method} ${path}`);
      assert.equal(operation(path, method).responses["403"], undefined, `${method} ${path}`);
    }
    // What the document says is what the app does.
    assert.equal((await app.inject({ method: "POST", url: "/api/items", payload: { name: "pen", tags: [] } })).statusCode, 403);
    assert.equal((await app.inject({ method: "POST", url: "/hooks" })).statusCode, 200);
    const withoutCsrf = await documentOf(shop({ SECRET_KEY: "s3cret", WTF_CSRF_ENABLED: false }));
    assert.equal((withoutCsrf.paths["/api/items"]!.post as { security?: unknown }).security, undefined);
    assert.equal((await documentOf(shop())).paths["/api/items"]!.post!.hasOwnProperty("security"), false);
  });
});

describe("the docs routes", () => {
  test("Swagger UI at /docs loads its files from the app, under a policy without inline scripts", async () => {
    const app = shop({ OPENAPI_TITLE: "Shop API" });
    const page = await app.inject("/docs");
    assert.equal(page.statusCode, 200);
    assert.match(String(page.headers["content-type"]), /^text\/html/);
    assert.match(page.body, /<title>Shop API - Swagger UI<\/title>/);
    assert.match(page.body, /data-openapi-url="\/openapi.json"/);
    const scripts = [...page.body.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.deepEqual(scripts.map(([, attributes, body]) => [attributes, body]), [[' src="/docs/assets/swagger-ui-bundle.js"', ""], [' src="/docs/assets/init.js"', ""]]);
    const policy = String(page.headers["content-security-policy"]);
    assert.match(policy, /script-src 'self';/);
    assert.doesNotMatch(policy, /unsafe-eval|script-src[^;]*unsafe-inline|https:/);
    for (const [file, type] of [["swagger-ui-bundle.js", /javascript/], ["swagger-ui.css", /text\/css/], ["init.js", /javascript/], ["favicon-32x32.png", /image\/png/]] as const) {
      const asset = await app.inject(`/docs/assets/${file}`);
      assert.equal(asset.statusCode, 200, file);
      assert.match(String(asset.headers["content-type"]), type, file);
    }
    const bundle = await app.inject("/docs/assets/swagger-ui-bundle.js");
    const again = await app.inject({ url: "/docs/assets/swagger-ui-bundle.js", headers: { "if-none-match": String(bundle.headers.etag) } });
    assert.equal(again.statusCode, 304);
    assert.equal((await app.inject("/docs/assets/index.html")).statusCode, 404, "only the page's files are served");
    assert.ok(!app.routes().some((route) => /docs|openapi|redoc/.test(route.path)), "the framework's routes are not the app's");
  });

  test("with sessions, the page carries a CSRF token for Try it out", async () => {
    const page = await shop({ SECRET_KEY: "s3cret" }).inject("/docs");
    assert.match(page.body, /data-csrf-token="[A-Za-z0-9_-]{20,}"/);
    assert.doesNotMatch((await shop().inject("/docs")).body, /data-csrf-token/);
  });

  test("ReDoc at /redoc once the project installs redoc, else a 404 saying how", async () => {
    const bare = TempProject.empty();
    after(() => bare.remove());
    const missing = await newApp({}, bare.root).inject("/redoc");
    assert.equal(missing.statusCode, 404);
    assert.match(missing.body, /npm install redoc/);
    assert.match(missing.body, /href="\/docs"/);
    assert.equal((await newApp({}, bare.root).inject("/redoc/assets/redoc.standalone.js")).statusCode, 404);

    bare.linkDependency("redoc");
    const app = newApp({}, bare.root);
    const page = await app.inject("/redoc");
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<redoc spec-url="\/openapi.json"><\/redoc>/);
    assert.match(page.body, /<script src="\/redoc\/assets\/redoc.standalone.js"><\/script>/);
    assert.match(String(page.headers["content-security-policy"]), /worker-src 'self' blob:/);
    const bundle = await app.inject("/redoc/assets/redoc.standalone.js");
    assert.equal(bundle.statusCode, 200);
    assert.ok(bundle.rawPayload.length > 100_000);
  });

  test("OPENAPI_URL, DOCS_URL and REDOC_URL move or turn off the routes; no document, no pages", async () => {
    const moved = shop({ OPENAPI_URL: "/api/schema.json", DOCS_URL: "/api/docs" });
    assert.equal((await moved.inject("/openapi.json")).statusCode, 404);
    assert.equal((await moved.inject("/api/schema.json")).statusCode, 200);
    assert.match((await moved.inject("/api/docs")).body, /data-openapi-url="\/api\/schema.json"/);
    assert.equal((await moved.inject("/api/docs/assets/init.js")).statusCode, 200);

    const noDocs = shop({ DOCS_URL: null, REDOC_URL: "" });
    assert.equal((await noDocs.inject("/openapi.json")).statusCode, 200);
    assert.equal((await noDocs.inject("/docs")).statusCode, 404);
    assert.equal((await noDocs.inject("/docs/assets/swagger-ui-bundle.js")).statusCode, 404);
    assert.equal((await noDocs.inject("/redoc")).statusCode, 404);

    for (const off of [null, ""]) {
      const none = shop({ OPENAPI_URL: off });
      for (const url of ["/openapi.json", "/docs", "/redoc"]) assert.equal((await none.inject(url)).statusCode, 404, `${url} with OPENAPI_URL ${JSON.stringify(off)}`);
    }
  });

  test("a bad URL, or a route on a docs URL, fails at start naming the key", async () => {
    await assert.rejects(shop({ DOCS_URL: "docs" }).startup(), (error: unknown) => error instanceof ConfigError && /^DOCS_URL \(override\) must be a path starting with "\/"/.test(error.message));
    const app = newApp();
    app.get("/docs", () => "mine");
    await assert.rejects(app.startup(), (error: unknown) => error instanceof AppError && error.message === "route GET /docs takes the URL of DOCS_URL (the API docs page); set DOCS_URL to another path, or empty to turn it off");
    const mine = newApp({ DOCS_URL: "" });
    mine.get("/docs", () => "mine");
    assert.equal((await mine.inject("/docs")).body, "mine");
  });
});
