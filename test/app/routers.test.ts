/**
 * Routers through inject: prefixes, nesting, typed routes on a router, per-router request
 * hooks (outermost first, able to answer instead of the route), the routes list, and bad
 * prefixes and duplicates across routers.
 */
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import Type from "typebox";
import { AppError, Fluid, HTTPException, JSONResponse, Router } from "../../src/index.ts";
import { testConfig } from "../../src/testing/index.ts";
import { TempProject } from "../support/project.ts";

const project = TempProject.empty();
after(() => project.remove());

function newApp(): Fluid {
  return new Fluid(project.path("fluid"), { config: testConfig({}, { root: project.root }) });
}

describe("routers", () => {
  test("a router's routes are served under its prefix, nested routers under both, typed as on the app", async () => {
    const app = newApp();
    const items = new Router({ prefix: "/items", tags: ["items"] });
    items.get("/{id}", { params: Type.Object({ id: Type.Integer() }) }, (request) => ({ id: request.params.id }));
    items.post("/", { body: Type.Object({ name: Type.String() }), statusCode: 201 }, (request) => ({ created: request.payload.name }));
    const reviews = new Router({ prefix: "/{id}/reviews", tags: ["reviews"], name: "reviews" });
    reviews.get("", (request) => ({ item: request.params.id, reviews: [] }));
    const api = new Router({ prefix: "/api", tags: ["api"] }).includeRouter(items.includeRouter(reviews));
    app.get("/", () => "home");
    app.includeRouter(api);

    assert.deepEqual((await app.inject("/api/items/3")).json(), { id: 3 });
    const created = await app.inject({ method: "POST", url: "/api/items/", headers: { "content-type": "application/json" }, payload: { name: "pen" } });
    assert.equal(created.statusCode, 201);
    assert.deepEqual(created.json(), { created: "pen" });
    assert.deepEqual((await app.inject("/api/items/3/reviews")).json(), { item: "3", reviews: [] });
    const invalid = await app.inject("/api/items/x");
    assert.equal(invalid.statusCode, 422);
    assert.deepEqual(invalid.json().detail[0].loc, ["path", "id"]);
    assert.equal((await app.inject("/items/3")).statusCode, 404);

    assert.deepEqual(
      app.routes().map((r) => [r.method, r.path, r.router, r.tags]),
      [
        ["GET", "/", undefined, undefined],
        ["GET", "/api/items/:id", "/items", ["api", "items"]],
        ["POST", "/api/items/", "/items", ["api", "items"]],
        ["GET", "/api/items/:id/reviews", "reviews", ["api", "items", "reviews"]],
      ],
    );
  });

  test("request hooks run before the router's routes only, outermost first, and may answer instead", async () => {
    const app = newApp();
    const calls: string[] = [];
    const admin = new Router({ prefix: "/admin" }).beforeRequest((request) => {
      calls.push(`admin ${request.path}`);
      if (request.headers.authorization !== "Bearer ok") throw new HTTPException(401, "Not authenticated", { "WWW-Authenticate": "Bearer" });
    });
    const reports = new Router({ prefix: "/reports" }).beforeRequest((request) => {
      calls.push(`reports ${request.path}`);
      if (request.queryParams.has("closed")) return new JSONResponse({ detail: "closed today" }, { status: 503 });
      return undefined;
    });
    reports.post("/", { body: Type.Object({ n: Type.Integer() }) }, (request) => {
      calls.push("handler");
      return { n: request.payload.n };
    });
    admin.includeRouter(reports);
    app.get("/open", () => {
      calls.push("open");
      return "ok";
    });
    app.includeRouter(admin);

    const denied = await app.inject({ method: "POST", url: "/admin/reports/", headers: { "content-type": "application/json" }, payload: "{not json" });
    assert.equal(denied.statusCode, 401, "the hook answers before the body is read");
    assert.equal(denied.headers["www-authenticate"], "Bearer");
    assert.deepEqual(denied.json(), { detail: "Not authenticated" });
    assert.deepEqual(calls.splice(0), ["admin /admin/reports/"]);

    const auth = { authorization: "Bearer ok", "content-type": "application/json" };
    const closed = await app.inject({ method: "POST", url: "/admin/reports/?closed", headers: auth, payload: { n: 1 } });
    assert.equal(closed.statusCode, 503);
    assert.deepEqual(closed.json(), { detail: "closed today" });
    assert.deepEqual(calls.splice(0), ["admin /admin/reports/", "reports /admin/reports/"]);

    const ok = await app.inject({ method: "POST", url: "/admin/reports/", headers: auth, payload: { n: 2 } });
    assert.deepEqual(ok.json(), { n: 2 });
    assert.deepEqual(calls.splice(0), ["admin /admin/reports/", "reports /admin/reports/", "handler"]);

    assert.equal((await app.inject("/open")).statusCode, 200);
    assert.deepEqual(calls.splice(0), ["open"], "an app route runs no router hook");
  });

  test("routes added to a router after the app included it are not served", async () => {
    const app = newApp();
    const late = new Router({ prefix: "/late" });
    late.get("/a", () => "a");
    app.includeRouter(late);
    late.get("/b", () => "b");
    assert.equal((await app.inject("/late/a")).statusCode, 200);
    assert.equal((await app.inject("/late/b")).statusCode, 404);
  });

  test("bad prefixes, paths and inclusions, and duplicates across routers, are coded one-line errors", () => {
    const code = (fn: () => unknown, expected: string, message: RegExp) =>
      assert.throws(fn, (error: unknown) => error instanceof AppError && error.code === expected && message.test(error.message) && !error.message.includes("\n"));
    code(() => new Router({ prefix: "items" }), "WF_ERR_APP_BAD_ROUTE", /^router prefix "items" must start with "\/"/);
    code(() => new Router({ prefix: "/items/" }), "WF_ERR_APP_BAD_ROUTE", /not end with one/);
    code(() => new Router({ prefix: "/items" }).get("x", () => 1), "WF_ERR_APP_BAD_ROUTE", /^route path "x" of router \/items must start with "\/"/);
    const a = new Router({ prefix: "/a" });
    code(() => a.includeRouter(a), "WF_ERR_APP_BAD_ROUTE", /cannot include itself/);
    const b = new Router({ prefix: "/b" }).includeRouter(a);
    a.includeRouter(b);
    code(() => newApp().includeRouter(a), "WF_ERR_APP_BAD_ROUTE", /includes itself through another router/);

    const app = newApp();
    app.get("/users/{id}", () => 1);
    const users = new Router({ prefix: "/users" });
    users.get("/{key}", () => 2);
    code(() => app.includeRouter(users), "WF_ERR_APP_DUPLICATE_ROUTE", /^route GET \/users\/\{key\} is declared twice \(first as GET \/users\/\{id\}\)/);
  });
});
