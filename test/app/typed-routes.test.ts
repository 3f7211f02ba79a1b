/**
 * Typed routes through inject: schemas validate params, query, headers and body before the
 * handler (failures are FastAPI's 422 list), response schemas shape the output, and bad
 * routes are refused at start with a coded one-line error.
 */
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import Type from "typebox";
import { AppError, Fluid, JSONResponse, type Request } from "../../src/index.ts";
import { testConfig } from "../../src/testing/index.ts";
import { TempProject } from "../support/project.ts";

const project = TempProject.empty();
after(() => project.remove());

function newApp(): Fluid {
  return new Fluid(project.path("fluid"), { config: testConfig({}, { root: project.root }) });
}

const json = { "content-type": "application/json" };
const Item = Type.Object({ name: Type.String({ minLength: 1 }), price: Type.Number({ minimum: 0 }), tags: Type.Array(Type.String()) });

describe("request schemas", () => {
  test("params, query, headers and body are validated, coerced and handed to the handler", async () => {
    const app = newApp();
    app.post(
      "/items/{id}",
      {
        params: Type.Object({ id: Type.Integer() }),
        query: Type.Object({ verbose: Type.Optional(Type.Boolean()), limit: Type.Integer({ default: 10 }) }),
        headers: Type.Object({ "x-tenant": Type.Integer() }),
        body: Item,
      },
      (request) => ({
        id: request.params.id,
        idType: typeof request.params.id,
        query: request.query,
        tenant: request.headers["x-tenant"],
        item: request.payload,
      }),
    );
    const res = await app.inject({
      method: "POST",
      url: "/items/7?verbose=true",
      headers: { ...json, "x-tenant": "3" },
      payload: { name: "pen", price: 1.5, tags: ["office"] },
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), {
      id: 7,
      idType: "number",
      query: { verbose: true, limit: 10 },
      tenant: 3,
      item: { name: "pen", price: 1.5, tags: ["office"] },
    });
  });

  test("failures answer 422 with a {loc, msg, type} entry per part, and the handler never runs", async () => {
    const app = newApp();
    let ran = 0;
    const handler = () => {
      ran += 1;
      return "ran";
    };
    app.get("/items/{id}", { params: Type.Object({ id: Type.Integer() }) }, handler);
    app.get("/search", { query: Type.Object({ q: Type.String({ maxLength: 3 }) }) }, handler);
    app.get("/tenant", { headers: Type.Object({ "x-tenant": Type.Integer() }) }, handler);
    app.post("/items", { body: Item }, handler);
    const cases: Array<[Parameters<Fluid["inject"]>[0], unknown]> = [
      ["/items/abc", [{ loc: ["path", "id"], msg: "Input should be a valid integer", type: "int_type" }]],
      ["/search", [{ loc: ["query", "q"], msg: "Field required", type: "missing" }]],
      ["/search?q=long", [{ loc: ["query", "q"], msg: "String should have at most 3 characters", type: "string_too_long" }]],
      [{ url: "/tenant", headers: { "x-tenant": "x" } }, [{ loc: ["header", "x-tenant"], msg: "Input should be a valid integer", type: "int_type" }]],
      [{ method: "POST", url: "/items", headers: json }, [{ loc: ["body"], msg: "Field required", type: "missing" }]],
      [{ method: "POST", url: "/items", headers: json, payload: { name: "pen", tags: [] } }, [{ loc: ["body", "price"], msg: "Field required", type: "missing" }]],
      [
        { method: "POST", url: "/items", headers: json, payload: { name: "pen", price: -1, tags: [] } },
        [{ loc: ["body", "price"], msg: "Input should be greater than or equal to 0", type: "greater_than_equal" }],
      ],
      [{ method: "POST", url: "/items", headers: json, payload: { name: "pen", price: 1, tags: ["a", {}] } }, [{ loc: ["body", "tags", 1], msg: "Input should be a valid string", type: "string_type" }]],
      [{ method: "POST", url: "/items", headers: json, payload: [] }, [{ loc: ["body"], msg: "Input should be a valid dictionary or object", type: "dict_type" }]],
    ];
    for (const [request, detail] of cases) {
      const res = await app.inject(request);
      assert.equal(res.statusCode, 422, `${JSON.stringify(request)}: ${res.body}`);
      assert.deepEqual(res.json(), { detail }, JSON.stringify(request));
    }
    assert.equal(ran, 0);
    const notJson = await app.inject({ method: "POST", url: "/items", headers: { "content-type": "text/plain" }, payload: "{}" });
    assert.equal(notJson.statusCode, 415, "the content type is checked before the schema");
    const malformed = await app.inject({ method: "POST", url: "/items", headers: json, payload: "{" });
    assert.equal(malformed.statusCode, 400);
  });

  test("a JSON body is validated as sent, without coercion; path, query and headers are coerced from text", async () => {
    const app = newApp();
    const Body = Type.Object({ value: Type.String(), count: Type.Optional(Type.Integer()), flag: Type.Optional(Type.Boolean()), list: Type.Optional(Type.Array(Type.String())) });
    app.post("/things/{id}", { params: Type.Object({ id: Type.Integer() }), query: Type.Object({ n: Type.Number() }), headers: Type.Object({ "X-Count": Type.Integer() }), body: Body }, (request) => ({
      id: request.params.id,
      n: request.query.n,
      count: request.headers["x-count"],
      body: request.payload,
    }));
    const post = (payload: unknown) => app.inject({ method: "POST", url: "/things/7?n=1.5", headers: { ...json, "x-count": "2" }, payload: payload as object });
    const ok = await post({ value: "five", count: 5, flag: false, list: ["a"] });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual(ok.json(), { id: 7, n: 1.5, count: 2, body: { value: "five", count: 5, flag: false, list: ["a"] } });
    const refused: Array<[unknown, unknown]> = [
      [{ value: 5 }, { loc: ["body", "value"], msg: "Input should be a valid string", type: "string_type" }],
      [{ value: "v", count: "5" }, { loc: ["body", "count"], msg: "Input should be a valid integer", type: "int_type" }],
      [{ value: "v", flag: "true" }, { loc: ["body", "flag"], msg: "Input should be a valid boolean", type: "bool_type" }],
      [{ value: "v", list: "a" }, { loc: ["body", "list"], msg: "Input should be a valid list", type: "list_type" }],
      [{ value: null }, { loc: ["body", "value"], msg: "Input should be a valid string", type: "string_type" }],
    ];
    for (const [payload, issue] of refused) {
      const res = await post(payload);
      assert.equal(res.statusCode, 422, `${JSON.stringify(payload)}: ${res.body}`);
      assert.deepEqual(res.json(), { detail: [issue] }, JSON.stringify(payload));
    }
    const badQuery = await app.inject({ method: "POST", url: "/things/7?n=x", headers: { ...json, "x-count": "2" }, payload: { value: "v" } });
    assert.deepEqual(badQuery.json(), { detail: [{ loc: ["query", "n"], msg: "Input should be a valid number", type: "float_type" }] });
    const noHeader = await app.inject({ method: "POST", url: "/things/7?n=1", headers: json, payload: { value: "v" } });
    assert.deepEqual(noHeader.json(), { detail: [{ loc: ["header", "x-count"], msg: "Field required", type: "missing" }] }, "a header schema's names are lower-cased");
  });

  test("path parameters without a schema are strings named by the path", async () => {
    const app = newApp();
    app.get("/users/{user}/posts/{post}", (request) => request.params);
    const res = await app.inject("/users/ann/posts/12");
    assert.deepEqual(res.json(), { user: "ann", post: "12" });
  });
});

describe("response schemas", () => {
  test("the output is shaped by the schema: fields it does not declare are dropped", async () => {
    const app = newApp();
    const Public = Type.Object({ id: Type.Integer(), name: Type.String() });
    app.get("/user", { response: Public }, () => ({ id: 1, name: "ann", passwordHash: "secret" }));
    app.post("/user", { statusCode: 201, response: Public }, () => ({ id: 2, name: "bob", passwordHash: "secret" }));
    app.get("/users/{id}", { response: { 200: Public, 404: Type.Object({ detail: Type.String() }) } }, (request) =>
      request.params.id === "1" ? { id: 1, name: "ann", token: "t" } : new JSONResponse({ detail: "no such user", extra: 1 }, { status: 404 }),
    );
    const got = await app.inject("/user");
    assert.equal(got.statusCode, 200);
    assert.match(String(got.headers["content-type"]), /^application\/json/);
    assert.equal(got.body, '{"id":1,"name":"ann"}');
    const created = await app.inject({ method: "POST", url: "/user" });
    assert.equal(created.statusCode, 201);
    assert.deepEqual(created.json(), { id: 2, name: "bob" });
    assert.deepEqual((await app.inject("/users/1")).json(), { id: 1, name: "ann" });
    const returned = await app.inject("/users/2");
    assert.equal(returned.statusCode, 404);
    assert.deepEqual(returned.json(), { detail: "no such user", extra: 1 }, "a Response the handler builds is sent as it is");
  });

  test("an output that does not fit its schema is a 500 that leaks nothing", async () => {
    const app = newApp();
    app.get("/broken", { response: Type.Object({ id: Type.Integer() }) }, () => ({ name: "no id" }) as never);
    const res = await app.inject("/broken");
    assert.equal(res.statusCode, 500);
    assert.deepEqual(res.json(), { detail: "Internal Server Error" });
  });
});

describe("bad routes are refused when declared or at start", () => {
  function refused(declare: (app: Fluid) => unknown, code: string, message: RegExp): void {
    assert.throws(
      () => declare(newApp()),
      (error: unknown) => {
        assert.ok(error instanceof AppError);
        assert.equal(error.code, code);
        assert.match(error.message, message);
        assert.doesNotMatch(error.message, /\n/);
        return true;
      },
    );
  }

  test("a params schema naming a parameter the path does not have", () => {
    refused(
      (app) => app.get("/items/{id}", { params: Type.Object({ id: Type.Integer(), slug: Type.String() }) }, () => 1),
      "WF_ERR_APP_BAD_ROUTE_SCHEMA",
      /^route GET \/items\/\{id\}: the params schema declares "slug", which the path does not have/,
    );
  });

  test("a value that is not a schema, and a Zod-like schema", () => {
    refused((app) => app.post("/x", { body: "Item" as never }, () => 1), "WF_ERR_APP_BAD_ROUTE_SCHEMA", /^route POST \/x: body must be a schema/);
    const zodLike = { _zod: {}, safeParse: () => ({}) };
    refused((app) => app.post("/x", { body: zodLike as never }, () => 1), "WF_ERR_APP_BAD_ROUTE_SCHEMA", /^route POST \/x: body is a Zod schema/);
  });

  test("a part given both as an option and in the raw schema", () => {
    refused(
      (app) => app.post("/x", { body: Item, schema: { body: { type: "object" } } }, () => 1),
      "WF_ERR_APP_BAD_ROUTE_SCHEMA",
      /^route POST \/x: body is given twice/,
    );
  });

  test("two routes with the same method and path, parameter names aside", () => {
    refused(
      (app) => {
        app.get("/items/{id}", () => 1);
        app.post("/items/{id}", () => 1);
        app.get("/items/{key}", () => 2);
      },
      "WF_ERR_APP_DUPLICATE_ROUTE",
      /^route GET \/items\/\{key\} is declared twice \(first as GET \/items\/\{id\}\)/,
    );
    refused(
      (app) => app.get("/x", () => 1).route({ method: "HEAD", path: "/x", handler: () => 1 }),
      "WF_ERR_APP_DUPLICATE_ROUTE",
      /^route HEAD \/x is declared twice \(first as GET \/x, which answers HEAD too\)/,
    );
  });

  test("a HEAD route declared before the GET route of its path replaces the GET's own HEAD", async () => {
    const app = newApp();
    const head = (request: Request) => {
      request.reply.header("x-head", "own");
      return "";
    };
    app.route({ method: "HEAD", path: "/x", handler: head });
    app.get("/x", () => "get");
    const res = await app.inject({ method: "HEAD", url: "/x" });
    assert.equal(res.headers["x-head"], "own");
    assert.equal((await app.inject("/x")).body, "get");
  });

  test("a schema that does not compile stops the app at start, naming the route", async () => {
    const app = newApp();
    app.post("/bad/{id}", { body: Type.Object({ name: { type: "strng" } as never }) }, () => 1);
    await assert.rejects(app.startup(), (error: unknown) => {
      assert.ok(error instanceof AppError);
      assert.equal(error.code, "WF_ERR_APP_BAD_ROUTE_SCHEMA");
      assert.match(error.message, /^route POST \/bad\/:id: its request schema does not compile \(schema is invalid/);
      return true;
    });
    const response = newApp();
    response.get("/r", { response: Type.Object({ n: { type: "nope" } as never }) }, () => ({ n: 1 }) as never);
    await assert.rejects(response.startup(), /route GET \/r: its response schema does not compile/);
  });
});
