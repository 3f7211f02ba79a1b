import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { Fluid, HTMLResponse, HTTPException, PlainTextResponse, type Request } from "../../src/index.ts";
import { testConfig } from "../../src/testing/index.ts";
import { TempProject } from "../support/project.ts";

const project = TempProject.empty();
after(() => project.remove());
project.write("fluid/templates/page.html", "<h1>{{ title }}</h1>");

function newApp(values: Record<string, unknown> = {}): Fluid {
  return new Fluid(project.path("fluid"), { config: testConfig(values, { root: project.root }) });
}

/** Requests each URL and checks the status and body it gets. */
async function assertAnswers(app: Fluid, expected: ReadonlyArray<readonly [url: string, status: number, body: string]>): Promise<void> {
  for (const [url, status, body] of expected) {
    const res = await app.inject(url);
    assert.deepEqual([res.statusCode, res.body], [status, body], url);
  }
}

describe("routes", () => {
  test("the seed's style: app.get(path, options)(handler) returns the handler", async () => {
    const app = newApp();
    function health() {
      return { status: "ok" };
    }
    assert.equal(app.get("/health")(health), health);
    const res = await app.inject("/health");
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers["content-type"]), /^application\/json/);
    assert.deepEqual(res.json(), { status: "ok" });
  });

  test("a handler that sets an invalid header value gets the generic 500, never the message", async () => {
    const app = newApp({ LOG_LEVEL: "silent" });
    app.get("/bad-header", (request: Request) => {
      request.reply.header("x-note", "line one\r\nSet-Cookie: injected=1");
      return { ok: true };
    });
    app.get("/bad-response-header", () => new PlainTextResponse("x", { headers: { "x-note": "a\nb" } }));
    for (const url of ["/bad-header", "/bad-response-header"]) {
      const res = await app.inject(url);
      assert.equal(res.statusCode, 500, url);
      assert.deepEqual(res.json(), { detail: "Internal Server Error" }, url);
      assert.equal(res.headers["set-cookie"], undefined, url);
    }
  });

  test("a text response class given an object is a generic 500 for the client and WF_ERR_APP_BAD_RESPONSE in the log", async () => {
    const app = newApp({ LOG_LEVEL: "silent" });
    app.get("/page", { responseClass: HTMLResponse }, () => ({ not: "text" }));
    app.get("/text", () => new PlainTextResponse(["a", "b"]));
    // The same from async handlers: the answer fails after the handler's promise settled.
    app.get("/async-page", { responseClass: HTMLResponse }, async () => ({ not: "text" }));
    app.get("/async-text", async () => new PlainTextResponse(["a", "b"]));
    const errors: unknown[] = [];
    app.fastify.addHook("onError", async (_request, _reply, error) => void errors.push((error as { code?: string }).code));
    for (const url of ["/page", "/text", "/async-page", "/async-text"]) {
      const res = await app.inject(url);
      assert.equal(res.statusCode, 500, url);
      assert.deepEqual(res.json(), { detail: "Internal Server Error" }, url);
    }
    assert.deepEqual(errors, ["WF_ERR_APP_BAD_RESPONSE", "WF_ERR_APP_BAD_RESPONSE", "WF_ERR_APP_BAD_RESPONSE", "WF_ERR_APP_BAD_RESPONSE"]);
  });

  test("request.client is the peer's address unless TRUST_PROXY trusts the peer", async () => {
    const clientWith = async (trustProxy?: unknown) => {
      const app = newApp(trustProxy === undefined ? {} : { TRUST_PROXY: trustProxy });
      app.get("/client", (request) => request.client);
      return (await app.inject({ url: "/client", headers: { "x-forwarded-for": "9.9.9.9, 8.8.8.8" } })).body;
    };
    assert.equal(await clientWith(), "127.0.0.1", "a client cannot pick its own address");
    assert.equal(await clientWith("10.0.0.0/8"), "127.0.0.1", "a peer outside the trusted subnets is the client");
    assert.equal(await clientWith("127.0.0.1"), "8.8.8.8", "a trusted proxy's forwarded address, not the client-written one");
    assert.equal(await clientWith(1), "8.8.8.8", "one proxy hop");
    assert.equal(await clientWith(true), "9.9.9.9", "true trusts every hop");
  });

  test("app.get(path, handler), app.post(path, options, handler) and app.route()", async () => {
    const app = newApp();
    app.get("/a", () => "plain a");
    app.post("/b", { statusCode: 201 }, () => ({ created: true }));
    app.route({ method: ["PUT", "PATCH"], path: "/c", handler: (req) => ({ method: req.method }) });
    app.delete("/d", () => undefined);
    assert.equal((await app.inject("/a")).body, "plain a");
    const b = await app.inject({ method: "POST", url: "/b" });
    assert.equal(b.statusCode, 201);
    assert.deepEqual(b.json(), { created: true });
    assert.deepEqual((await app.inject({ method: "PATCH", url: "/c" })).json(), { method: "PATCH" });
    assert.equal((await app.inject({ method: "DELETE", url: "/d" })).body, "null");
    assert.deepEqual(
      app.routes().map((r) => `${r.method} ${r.path}`),
      ["GET /a", "POST /b", "PUT /c", "PATCH /c", "DELETE /d"],
    );
  });

  test("a synchronous handler: its value, undefined as null, a Response, a throw, a reply it sent itself, a thenable", async () => {
    const app = newApp({ LOG_LEVEL: "silent" });
    app.get("/value", () => ({ sync: true }));
    app.get("/nothing", () => undefined);
    app.get("/created", { statusCode: 201 }, () => ({ made: 1 }));
    app.get("/text", () => new PlainTextResponse("plain", { status: 202 }));
    app.get("/refused", () => {
      throw new HTTPException(403, "not yours");
    });
    app.get("/broken", () => {
      throw new Error("secret detail");
    });
    app.get("/by-hand", (request: Request) => request.reply.code(203).send("sent by hand"));
    // Not a promise, and its then() returns nothing: awaited all the same.
    app.get("/thenable", () => ({ then: (resolve: (value: unknown) => void) => void resolve({ thenable: true }) }));
    await assertAnswers(app, [
      ["/value", 200, '{"sync":true}'],
      ["/nothing", 200, "null"],
      ["/created", 201, '{"made":1}'],
      ["/text", 202, "plain"],
      ["/refused", 403, '{"detail":"not yours"}'],
      ["/broken", 500, '{"detail":"Internal Server Error"}'],
      ["/by-hand", 203, "sent by hand"],
      ["/thenable", 200, '{"thenable":true}'],
    ]);
  });

  test("an async handler: its value, undefined as null, a Response, a rejection of any kind, a reply it sent itself", async () => {
    const app = newApp({ LOG_LEVEL: "silent" });
    app.get("/value", async () => ({ async: true }));
    app.get("/nothing", async () => undefined);
    app.get("/created", { statusCode: 201 }, async () => ({ made: 1 }));
    app.get("/text", async () => new PlainTextResponse("plain", { status: 202 }));
    app.get("/refused", async () => {
      throw new HTTPException(403, "not yours");
    });
    app.get("/broken", async () => {
      throw new Error("secret detail");
    });
    app.get("/odd", () => Promise.reject("a string, not an Error"));
    app.get("/by-hand", async (request: Request) => request.reply.code(203).send("sent by hand"));
    app.get("/later", async (request: Request) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      void request.reply.code(204).send();
    });
    await assertAnswers(app, [
      ["/value", 200, '{"async":true}'],
      ["/nothing", 200, "null"],
      ["/created", 201, '{"made":1}'],
      ["/text", 202, "plain"],
      ["/refused", 403, '{"detail":"not yours"}'],
      ["/broken", 500, '{"detail":"Internal Server Error"}'],
      ["/odd", 500, '{"detail":"Internal Server Error"}'],
      ["/by-hand", 203, "sent by hand"],
      ["/later", 204, ""],
    ]);
  });

  test("path parameters in {name} and :name forms", async () => {
    const app = newApp();
    app.get("/users/{id}/posts/:post")((req) => req.pathParams);
    assert.deepEqual((await app.inject("/users/7/posts/9")).json(), { id: "7", post: "9" });
  });

  test("a path not starting with / is refused at definition", () => {
    assert.throws(() => newApp().get("health")(() => 1), { code: "WF_ERR_APP_BAD_ROUTE" });
  });
});

describe("Request", () => {
  test("queryParams, headers, cookies, client, path", async () => {
    const app = newApp();
    app.get("/q")((req: Request) => ({
      id: req.queryParams.get("id"),
      tags: req.queryParams.getAll("tag"),
      agent: req.headers["user-agent"],
      session: req.cookies.session,
      path: req.path,
      client: req.client,
      same: req.app === app,
    }));
    const res = await app.inject({ url: "/q?id=3&tag=a&tag=b", headers: { "user-agent": "t", cookie: "session=abc; x=1" } });
    assert.deepEqual(res.json(), { id: "3", tags: ["a", "b"], agent: "t", session: "abc", path: "/q", client: "127.0.0.1", same: true });
  });

  test("json(), text() and form() read the body", async () => {
    const app = newApp();
    app.post("/json")(async (req) => ({ got: await req.json() }));
    app.post("/text")(async (req) => req.text());
    app.post("/form")(async (req) => Object.fromEntries(await req.form()));
    const json = await app.inject({ method: "POST", url: "/json", payload: { value: "x" } });
    assert.deepEqual(json.json(), { got: { value: "x" } });
    const text = await app.inject({ method: "POST", url: "/text", payload: "hello", headers: { "content-type": "text/plain" } });
    assert.equal(text.body, "hello");
    const form = await app.inject({
      method: "POST",
      url: "/form",
      payload: "a=1&b=two",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    assert.deepEqual(form.json(), { a: "1", b: "two" });
  });
});

describe("responses", () => {
  test("responseClass HTMLResponse makes a string HTML; render() uses the package's templates, autoescaped", async () => {
    const app = newApp();
    app.get("/", { responseClass: HTMLResponse })(() => "<p>hi</p>");
    app.get("/page", { responseClass: HTMLResponse })(async () => {
      const { render } = await import("../../src/index.ts");
      return render("page.html", { title: "<script>x</script>" });
    });
    const html = await app.inject("/");
    assert.match(String(html.headers["content-type"]), /^text\/html/);
    assert.equal(html.body, "<p>hi</p>");
    const page = await app.inject("/page");
    assert.equal(page.body, "<h1>&lt;script&gt;x&lt;/script&gt;</h1>");
    assert.equal(app.render("page.html", { title: "t" }), "<h1>t</h1>");
  });

  test("response objects set status and headers", async () => {
    const { JSONResponse, RedirectResponse, StreamingResponse, FileResponse } = await import("../../src/index.ts");
    const app = newApp();
    app.get("/json", () => new JSONResponse({ a: 1 }, { status: 202, headers: { "x-one": "1" } }));
    app.get("/text", () => new PlainTextResponse("t", { status: 418 }));
    app.get("/go", () => new RedirectResponse("/elsewhere"));
    app.get("/stream", () => new StreamingResponse(["a", "b", "c"], { mediaType: "text/plain" }));
    app.get("/file", () => new FileResponse(project.path("fluid/templates/page.html"), { filename: "page.html" }));
    const json = await app.inject("/json");
    assert.equal(json.statusCode, 202);
    assert.equal(json.headers["x-one"], "1");
    assert.deepEqual(json.json(), { a: 1 });
    assert.equal((await app.inject("/text")).statusCode, 418);
    const go = await app.inject("/go");
    assert.equal(go.statusCode, 307);
    assert.equal(go.headers.location, "/elsewhere");
    assert.equal((await app.inject("/stream")).body, "abc");
    const file = await app.inject("/file");
    assert.equal(file.body, "<h1>{{ title }}</h1>");
    assert.match(String(file.headers["content-disposition"]), /attachment; filename="page.html"/);
    assert.match(String(file.headers["content-type"]), /^text\/html/);
  });

  test("a relative FileResponse path resolves against the project root, not the current folder", async () => {
    const { FileResponse } = await import("../../src/index.ts");
    const app = newApp();
    app.get("/file", () => new FileResponse("fluid/templates/page.html"));
    assert.notEqual(process.cwd(), project.root);
    assert.equal((await app.inject("/file")).body, "<h1>{{ title }}</h1>");
  });

  test("text responses refuse objects with a 500 instead of sending [object Object]", async () => {
    const app = newApp();
    app.get("/html", { responseClass: HTMLResponse })(() => ({ status: "ok" }));
    app.get("/n", { responseClass: PlainTextResponse })(() => 42);
    const html = await app.inject("/html");
    assert.equal(html.statusCode, 500);
    assert.deepEqual(html.json(), { detail: "Internal Server Error" });
    assert.equal((await app.inject("/n")).body, "42");
  });
});

describe("errors", () => {
  test("HTTPException becomes {detail} with its status and headers", async () => {
    const app = newApp();
    app.get("/x")(() => {
      throw new HTTPException(401, "Not authenticated", { "www-authenticate": "Bearer" });
    });
    app.get("/y")(() => {
      throw new HTTPException(409, { reason: "taken" });
    });
    const x = await app.inject("/x");
    assert.equal(x.statusCode, 401);
    assert.equal(x.headers["www-authenticate"], "Bearer");
    assert.deepEqual(x.json(), { detail: "Not authenticated" });
    assert.deepEqual((await app.inject("/y")).json(), { detail: { reason: "taken" } });
  });

  test("any other error is a 500 that leaks nothing", async () => {
    const app = newApp();
    app.get("/boom")(() => {
      throw new Error("password=hunter2 at /srv/secret.ts");
    });
    const res = await app.inject("/boom");
    assert.equal(res.statusCode, 500);
    assert.deepEqual(res.json(), { detail: "Internal Server Error" });
    assert.doesNotMatch(res.body, /hunter2|secret/);
  });

  test("malformed JSON is a 400, an oversize body a 413, an unknown route a 404, all as {detail}", async () => {
    const app = newApp({ MAX_CONTENT_LENGTH: 64 });
    app.post("/json")(async (req) => req.json());
    const bad = await app.inject({ method: "POST", url: "/json", payload: "{not json", headers: { "content-type": "application/json" } });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().detail, /^Malformed JSON body/);
    const big = await app.inject({ method: "POST", url: "/json", payload: { v: "x".repeat(100) } });
    assert.equal(big.statusCode, 413);
    assert.deepEqual(big.json(), { detail: "Request body is too large" });
    const missing = await app.inject("/nope");
    assert.equal(missing.statusCode, 404);
    assert.deepEqual(missing.json(), { detail: "Not Found" });
  });

  test("a route's raw Fastify body schema validates the parsed JSON body; failures are 422s listing the field", async () => {
    const app = newApp();
    const schema = { body: { type: "object", required: ["value"], properties: { value: { type: "string" } } } };
    app.post("/v", { schema })(async (req) => ({ got: await req.json(), text: await req.text() }));
    const json = { "content-type": "application/json" };
    const ok = await app.inject({ method: "POST", url: "/v", payload: '{"value":"x"}', headers: json });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual(ok.json(), { got: { value: "x" }, text: '{"value":"x"}' });
    const missing = await app.inject({ method: "POST", url: "/v", payload: '{"other":1}', headers: json });
    assert.equal(missing.statusCode, 422);
    assert.deepEqual(missing.json(), { detail: [{ loc: ["body", "value"], msg: "Field required", type: "missing" }] });
    const malformed = await app.inject({ method: "POST", url: "/v", payload: '{"value":', headers: json });
    assert.equal(malformed.statusCode, 400);
    assert.match(malformed.json().detail, /^Malformed JSON body/);
    const poisoned = await app.inject({ method: "POST", url: "/v", payload: '{"value":"x","__proto__":{"a":1}}', headers: json });
    assert.equal(poisoned.statusCode, 400);
    const text = await app.inject({ method: "POST", url: "/v", payload: "value=x", headers: { "content-type": "text/plain" } });
    assert.equal(text.statusCode, 415, "a body that does not say it is JSON is refused before the schema");
  });

  test("prototype poisoning in JSON is refused with a 400", async () => {
    const app = newApp();
    app.post("/json")(async (req) => req.json());
    const res = await app.inject({
      method: "POST",
      url: "/json",
      payload: '{"__proto__": {"admin": true}}',
      headers: { "content-type": "application/json" },
    });
    assert.equal(res.statusCode, 400);
  });

  test("a missing template is a 500 for the client", async () => {
    const app = newApp();
    const { render } = await import("../../src/index.ts");
    app.get("/t", { responseClass: HTMLResponse })(() => render("missing.html"));
    assert.equal((await app.inject("/t")).statusCode, 500);
  });
});

describe("lifecycle", () => {
  test("startup hooks run in order before the first request; shutdown hooks in reverse", async () => {
    const app = newApp();
    const events: string[] = [];
    app.onStartup(() => void events.push("start 1"));
    app.onStartup(async () => void events.push("start 2"));
    app.onShutdown(() => void events.push("stop 1"));
    app.onShutdown(() => void events.push("stop 2"));
    app.get("/")(() => events.push("request"));
    await app.inject("/");
    await app.shutdown();
    assert.deepEqual(events, ["start 1", "start 2", "request", "stop 2", "stop 1"]);
  });

  test("shutdown lets an in-flight request finish", async () => {
    const app = newApp();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let arrived!: () => void;
    const handling = new Promise<void>((resolve) => (arrived = resolve));
    app.get("/slow")(async () => {
      arrived();
      await gate;
      return { done: true };
    });
    await app.startup();
    const address = await app.fastify.listen({ host: "127.0.0.1", port: 0 });
    const inFlight = fetch(`${address}/slow`).then((r) => r.json());
    await handling; // the request is in the handler: shutdown starts with it in flight
    const closed = app.shutdown();
    release();
    assert.deepEqual(await inFlight, { done: true });
    await closed;
  });
});
