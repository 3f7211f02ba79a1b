/** Cookies: reading, setting with every attribute (on responses and on the request), signing with rotation. */
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import fastifyCookie from "@fastify/cookie";
import { Fluid, HTMLResponse, JSONResponse, RedirectResponse, type Request } from "../../src/index.ts";
import { testConfig } from "../../src/testing/index.ts";
import { TempProject } from "../support/project.ts";

const project = TempProject.empty();
after(() => project.remove());

function newApp(values: Record<string, unknown> = {}): Fluid {
  return new Fluid(project.path("fluid"), { config: testConfig({ LOG_LEVEL: "silent", ...values }, { root: project.root }) });
}

/** The Set-Cookie lines of a response, as an array. */
function setCookies(headers: Record<string, unknown>): string[] {
  const value = headers["set-cookie"];
  return value === undefined ? [] : Array.isArray(value) ? value : [String(value)];
}

/** The value a Set-Cookie line gives its cookie. */
function cookieValue(line: string): string {
  return line.slice(line.indexOf("=") + 1, line.indexOf(";") === -1 ? undefined : line.indexOf(";"));
}

describe("cookies", () => {
  test("request.cookies reads the Cookie header", async () => {
    const app = newApp();
    app.get("/", (req) => req.cookies);
    const res = await app.inject({ url: "/", headers: { cookie: "a=1; b=hello%20there" } });
    assert.deepEqual(res.json(), { a: "1", b: "hello there" });
  });

  test("a Response sets and deletes cookies; defaults are path /, SameSite Lax, not HttpOnly nor Secure", async () => {
    const app = newApp();
    app.get("/set", () => new HTMLResponse("<p>ok</p>").setCookie("theme", "dark"));
    app.get("/all", () =>
      new JSONResponse({ ok: true }).setCookie("full", "v", {
        httpOnly: true,
        secure: true,
        sameSite: "strict",
        maxAge: 3600,
        expires: new Date("2030-01-02T03:04:05Z"),
        path: "/account",
        domain: "example.com",
      }),
    );
    app.get("/delete", () => new RedirectResponse("/").deleteCookie("theme").deleteCookie("full", { path: "/account", domain: "example.com" }));

    const set = await app.inject("/set");
    assert.equal(set.body, "<p>ok</p>");
    assert.deepEqual(setCookies(set.headers), ["theme=dark; Path=/; SameSite=Lax"]);

    const all = await app.inject("/all");
    assert.deepEqual(setCookies(all.headers), [
      "full=v; Max-Age=3600; Domain=example.com; Path=/account; Expires=Wed, 02 Jan 2030 03:04:05 GMT; HttpOnly; Secure; SameSite=Strict",
    ]);

    const deleted = await app.inject("/delete");
    assert.equal(deleted.statusCode, 307);
    const lines = setCookies(deleted.headers);
    assert.equal(lines.length, 2);
    assert.match(lines[0]!, /^theme=; Max-Age=0; Path=\/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; SameSite=Lax$/);
    assert.match(lines[1]!, /^full=; Max-Age=0; Domain=example\.com; Path=\/account; Expires=Thu, 01 Jan 1970/);
  });

  test("a handler returning a plain value sets cookies through the request", async () => {
    const app = newApp();
    app.post("/login", (req: Request) => {
      req.setCookie("seen", "yes", { maxAge: 60 });
      req.deleteCookie("old");
      return { ok: true };
    });
    const res = await app.inject({ method: "POST", url: "/login" });
    assert.deepEqual(res.json(), { ok: true });
    const lines = setCookies(res.headers);
    assert.equal(lines[0], "seen=yes; Max-Age=60; Path=/; SameSite=Lax");
    assert.match(lines[1]!, /^old=; Max-Age=0; Path=\//);
  });

  test("signed cookies: HttpOnly by default, read back verified; a changed one reads as undefined", async () => {
    const app = newApp({ SECRET_KEY: "current-key" });
    app.get("/set", () => new HTMLResponse("ok").setCookie("user", "42", { signed: true }));
    app.get("/read", (req) => ({ user: req.signedCookie("user") ?? null, renew: req.signedCookieNeedsRenewal("user") }));
    const set = await app.inject("/set");
    const [line] = setCookies(set.headers);
    assert.match(line!, /^user=42\.[A-Za-z0-9%+/]+; Path=\/; HttpOnly; SameSite=Lax$/);
    const signed = decodeURIComponent(cookieValue(line!));

    const read = await app.inject({ url: "/read", headers: { cookie: `user=${encodeURIComponent(signed)}` } });
    assert.deepEqual(read.json(), { user: "42", renew: false });
    const forged = signed.replace(/^42/, "43");
    const tampered = await app.inject({ url: "/read", headers: { cookie: `user=${encodeURIComponent(forged)}` } });
    assert.deepEqual(tampered.json(), { user: null, renew: false });
    const unsigned = await app.inject({ url: "/read", headers: { cookie: "user=42" } });
    assert.deepEqual(unsigned.json(), { user: null, renew: false });
  });

  test("rotation: a cookie signed with a key now in SECRET_KEY_FALLBACKS still verifies and asks for renewal", async () => {
    const before = newApp({ SECRET_KEY: "old-key" });
    before.get("/set", () => new HTMLResponse("ok").setCookie("user", "7", { signed: true }));
    const oldSigned = decodeURIComponent(cookieValue(setCookies((await before.inject("/set")).headers)[0]!));

    const rotated = newApp({ SECRET_KEY: "new-key", SECRET_KEY_FALLBACKS: ["old-key"] });
    rotated.get("/read", (req) => ({ user: req.signedCookie("user") ?? null, renew: req.signedCookieNeedsRenewal("user") }));
    rotated.get("/set", () => new HTMLResponse("ok").setCookie("user", "7", { signed: true }));
    assert.deepEqual((await rotated.inject({ url: "/read", headers: { cookie: `user=${encodeURIComponent(oldSigned)}` } })).json(), { user: "7", renew: true });
    const newSigned = decodeURIComponent(cookieValue(setCookies((await rotated.inject("/set")).headers)[0]!));
    assert.notEqual(newSigned, oldSigned, "new cookies are signed with the current key");
    assert.deepEqual((await rotated.inject({ url: "/read", headers: { cookie: `user=${encodeURIComponent(newSigned)}` } })).json(), { user: "7", renew: false });

    const dropped = newApp({ SECRET_KEY: "new-key" });
    dropped.get("/read", (req) => ({ user: req.signedCookie("user") ?? null }));
    assert.deepEqual((await dropped.inject({ url: "/read", headers: { cookie: `user=${encodeURIComponent(oldSigned)}` } })).json(), { user: null });
  });

  test("mistakes are 500s whose log line names the code: no SECRET_KEY for a signed cookie, bad names and attributes", async () => {
    const app = newApp();
    const errors: unknown[] = [];
    app.fastify.addHook("onError", async (_req, _reply, error) => void errors.push(error));
    app.get("/signed", () => new HTMLResponse("x").setCookie("a", "b", { signed: true }));
    app.get("/read", (req) => req.signedCookie("a") ?? null);
    app.get("/name", () => new HTMLResponse("x").setCookie("bad name", "b"));
    app.get("/none", () => new HTMLResponse("x").setCookie("a", "b", { sameSite: "none" }));
    app.get("/age", () => new HTMLResponse("x").setCookie("a", "b", { maxAge: 1.5 }));
    app.get("/path", () => new HTMLResponse("x").setCookie("a", "b", { path: "/x;y" }));
    for (const url of ["/signed", "/read", "/name", "/none", "/age", "/path"]) assert.equal((await app.inject(url)).statusCode, 500, url);
    const codes = errors.map((error) => (error as { code?: string }).code);
    assert.deepEqual(codes, ["WF_ERR_WEB_NO_SECRET_KEY", "WF_ERR_WEB_NO_SECRET_KEY", "WF_ERR_WEB_BAD_COOKIE", "WF_ERR_WEB_BAD_COOKIE", "WF_ERR_WEB_BAD_COOKIE", "WF_ERR_WEB_BAD_COOKIE"]);
    assert.match((errors[0] as Error).message, /^the signed cookie "a" needs SECRET_KEY, and the app config has none: set SECRET_KEY/);
    assert.match((errors[3] as Error).message, /sameSite "none" without secure: true/);
    assert.match((errors[5] as Error).message, /^cookie "a" cannot be written: option path is invalid: \/x;y$/);
  });

  test("a cookie set again replaces its line in place; lines of other cookies and of reply.header stay", async () => {
    const app = newApp();
    app.get("/", (req: Request) => {
      req.reply.header("set-cookie", "raw=1; Path=/");
      req.setCookie("theme", "light");
      req.setCookie("theme", "dark", { path: "/docs" }); // another cookie: another path
      req.setCookie("theme", "dark");
      return new HTMLResponse("ok").deleteCookie("gone").setCookie("gone", "back");
    });
    assert.deepEqual(setCookies((await app.inject("/")).headers), [
      "raw=1; Path=/",
      "theme=dark; Path=/; SameSite=Lax",
      "theme=dark; Path=/docs; SameSite=Lax",
      "gone=back; Path=/; SameSite=Lax",
    ]);
  });

  test("with @fastify/cookie registered by the app, Fastify plugins and WebFluid share the cookies both ways", async () => {
    const app = newApp();
    await app.fastify.register(fastifyCookie);
    // A Fastify-level route, as a plugin would write it.
    app.fastify.get("/plugin", async (request, reply) => {
      reply.setCookie("from", "plugin");
      return { seen: request.cookies.theme ?? null };
    });
    app.get("/app", (req: Request) => {
      req.setCookie("from", "app", { path: "/app" });
      req.reply.setCookie("plugin", "too");
      return { seen: req.cookies.theme ?? null };
    });
    const plugin = await app.inject({ url: "/plugin", headers: { cookie: "theme=dark" } });
    assert.deepEqual(plugin.json(), { seen: "dark" });
    assert.deepEqual(setCookies(plugin.headers), ["from=plugin; SameSite=Lax"]);
    const own = await app.inject({ url: "/app", headers: { cookie: "theme=dark" } });
    assert.deepEqual(own.json(), { seen: "dark" });
    assert.deepEqual(setCookies(own.headers), ["from=app; Path=/app; SameSite=Lax", "plugin=too; SameSite=Lax"]);
  });
});
