/** CSRF protection: unsafe methods need the session's token (header or form field); without it a 403 and the handler never runs. */
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { AppError, Fluid, HTMLResponse, render, type Request } from "../../src/index.ts";
import { testConfig } from "../../src/testing/index.ts";
import { TempProject } from "../support/project.ts";
import { cookieHeader } from "./support.ts";

const project = TempProject.empty();
after(() => project.remove());
project.write("fluid/templates/form.html", `<form method="post" action="/add"><input type="hidden" name="csrf_token" value="{{ csrf_token() }}"></form>`);

function newApp(values: Record<string, unknown> = {}) {
  const app = new Fluid(project.path("fluid"), { config: testConfig({ LOG_LEVEL: "silent", SECRET_KEY: "k", ...values }, { root: project.root }) });
  const added: string[] = [];
  app.get("/form", () => render("form.html"));
  app.get("/token", (req: Request) => ({ token: req.csrfToken() }));
  app.route({ method: ["POST", "PUT", "PATCH", "DELETE"], path: "/add", handler: async (req: Request) => {
    added.push(req.method);
    return { added: added.length };
  } });
  app.post("/api", { csrf: false }, () => {
    added.push("api");
    return { added: added.length };
  });
  return { app, added };
}

const FORM = { "content-type": "application/x-www-form-urlencoded" };

function tokenIn(html: string): string {
  return /name="csrf_token" value="([^"]+)"/.exec(html)![1]!;
}

describe("CSRF protection", () => {
  test("a form carrying the token of its session posts; the template's csrf_token() and request.csrfToken() both work", async () => {
    const { app, added } = newApp();
    const page = await app.inject("/form");
    const token = tokenIn(page.body);
    const cookie = cookieHeader(page);
    assert.match(cookie, /^session=/, "the token's secret is saved in the session");
    const posted = await app.inject({ method: "POST", url: "/add", headers: { ...FORM, cookie }, payload: `csrf_token=${encodeURIComponent(token)}&x=1` });
    assert.equal(posted.statusCode, 200, posted.body);
    const second = tokenIn((await app.inject({ url: "/form", headers: { cookie } })).body);
    assert.notEqual(second, token, "masked afresh on every render");
    const fromHandler = (await app.inject({ url: "/token", headers: { cookie } })).json().token as string;
    for (const [method, headers] of [
      ["PUT", { "x-csrf-token": second }],
      ["PATCH", { "x-csrftoken": fromHandler }],
      ["DELETE", { "x-csrf-token": token }],
    ] as const) {
      const res = await app.inject({ method, url: "/add", headers: { ...headers, cookie } });
      assert.equal(res.statusCode, 200, `${method}: ${res.body}`);
    }
    assert.deepEqual(added, ["POST", "PUT", "PATCH", "DELETE"]);
  });

  test("a missing, wrong or other session's token is a 403 {detail} and the handler never runs", async () => {
    const { app, added } = newApp();
    const page = await app.inject("/form");
    const cookie = cookieHeader(page);
    const token = tokenIn(page.body);
    const otherPage = await app.inject("/form");
    const cases: Array<[string, Record<string, string>, string, string]> = [
      ["no token, with the session cookie (a cross-site form)", { ...FORM, cookie }, "x=1", "The CSRF token is missing."],
      ["no session at all", FORM, `csrf_token=${encodeURIComponent(token)}`, "The CSRF token is invalid."],
      ["a wrong token", { ...FORM, cookie }, "csrf_token=AAAA", "The CSRF token is invalid."],
      // The first character: the last one of base64url text may carry only padding bits.
      ["a token changed by one character", { "x-csrf-token": (token.startsWith("A") ? "B" : "A") + token.slice(1), cookie }, "", "The CSRF token is invalid."],
      ["the token of another session", { ...FORM, cookie }, `csrf_token=${encodeURIComponent(tokenIn(otherPage.body))}`, "The CSRF token is invalid."],
      ["the field in a JSON body (only forms and headers count)", { "content-type": "application/json", cookie }, JSON.stringify({ csrf_token: token }), "The CSRF token is missing."],
    ];
    for (const [name, headers, payload, detail] of cases) {
      const res = await app.inject({ method: "POST", url: "/add", headers, payload });
      assert.equal(res.statusCode, 403, name);
      assert.deepEqual(res.json(), { detail }, name);
    }
    assert.deepEqual(added, [], "no handler ran");
    assert.equal((await app.inject({ method: "POST", url: "/nowhere", headers: { cookie } })).statusCode, 404, "an unknown path stays a 404");
  });

  test("csrf: false on a route, WTF_CSRF_ENABLED = 0, or no SECRET_KEY turn the check off", async () => {
    const { app, added } = newApp();
    assert.equal((await app.inject({ method: "POST", url: "/api" })).statusCode, 200);
    assert.equal((await app.inject({ method: "POST", url: "/add" })).statusCode, 403);
    assert.deepEqual(added, ["api"]);
    for (const values of [{ WTF_CSRF_ENABLED: false }, { SECRET_KEY: undefined }]) {
      const off = newApp(values);
      assert.equal((await off.app.inject({ method: "POST", url: "/add" })).statusCode, 200, JSON.stringify(values));
    }
  });

  test("csrf_token() in app.render: with the request its token posts; without one a WF_ERR_APP_NO_REQUEST; a context's own csrf_token wins", async () => {
    const { app } = newApp();
    app.get("/by-hand", { responseClass: HTMLResponse }, (req: Request) => app.render("form.html", {}, req.raw));
    app.get("/own", () => render("form.html", { csrf_token: () => "mine" }));
    const page = await app.inject("/by-hand");
    const posted = await app.inject({ method: "POST", url: "/add", headers: { ...FORM, cookie: cookieHeader(page) }, payload: `csrf_token=${encodeURIComponent(tokenIn(page.body))}` });
    assert.equal(posted.statusCode, 200, posted.body);
    assert.equal(tokenIn((await app.inject("/own")).body), "mine");
    assert.throws(() => app.render("form.html"), (error: AppError) => {
      assert.equal(error.code, "WF_ERR_APP_NO_REQUEST");
      assert.match(error.message, /^form\.html: csrf_token\(\) was called in a template rendered outside a request; .*app\.render\(name, context, request\.raw\)/);
      return true;
    });
  });

  test("clear() and regenerate() give a new token secret: old tokens stop working", async () => {
    const { app } = newApp();
    app.post("/login", (req: Request) => {
      req.session.regenerate();
      req.session.set("user", "ann");
      return { token: req.csrfToken() };
    });
    const page = await app.inject("/form");
    const before = tokenIn(page.body);
    const login = await app.inject({ method: "POST", url: "/login", headers: { "x-csrf-token": before, cookie: cookieHeader(page) } });
    assert.equal(login.statusCode, 200);
    const cookie = cookieHeader(login);
    assert.equal((await app.inject({ method: "POST", url: "/add", headers: { "x-csrf-token": before, cookie } })).statusCode, 403);
    assert.equal((await app.inject({ method: "POST", url: "/add", headers: { "x-csrf-token": login.json().token, cookie } })).statusCode, 200);
  });
});
