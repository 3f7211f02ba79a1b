// The app's own tests: `npm test` (node's test runner, TypeScript loaded as `wf` loads it).
import assert from "node:assert/strict";
import { test } from "node:test";
import { db } from "webfluid/db";
import { createTestApp, outbox } from "webfluid/testing";

// Each test builds the app from app_configs/app.ini, on a fresh in-memory SQLite database,
// with mail kept in an outbox instead of printed.
async function testApp() {
  const app = await createTestApp("app", { overrides: { DATABASE_URI: "sqlite:///:memory:", MAIL_BACKEND: "memory" } });
  await db.createAll(); // the tables of the models, without migrations
  return app;
}

test("GET /health answers ok", async () => {
  const app = await testApp();
  const res = await app.inject("/health");
  assert.equal(res.statusCode, 200);
  assert.deepEqual(res.json(), { status: "ok" });
  await app.shutdown();
});

test("a model posted to /my-model can be read back, and a welcome mail goes out", async () => {
  const app = await testApp();
  const created = await app.inject({ method: "POST", url: "/my-model", payload: { value: "hello" } });
  assert.equal(created.statusCode, 200);
  const { model_id } = created.json() as { model_id: number };
  const read = await app.inject(`/my-model?id=${model_id}`);
  assert.equal(read.json().value, "hello");
  const mails = await outbox(app).waitFor(1); // send() delivers in the background
  assert.equal(mails[0]?.subject, `Welcome, model ${model_id}`);
  assert.match(mails[0]?.plain ?? "", /"hello"/);
  await app.shutdown();
});

test("/my-model answers model_id as a number from POST and GET alike; a wrong field is a 422 naming it", async () => {
  const app = await testApp();
  const created = (await app.inject({ method: "POST", url: "/my-model", payload: { value: "v" } })).json();
  const read = (await app.inject(`/my-model?id=${created.model_id}`)).json();
  assert.equal(typeof created.model_id, "number");
  assert.deepEqual(read, created);
  const wrong = await app.inject({ method: "POST", url: "/my-model", payload: { value: 5 } });
  assert.equal(wrong.statusCode, 422);
  assert.deepEqual(wrong.json(), { detail: [{ loc: ["body", "value"], msg: "Input should be a valid string", type: "string_type" }] });
  const noId = await app.inject("/my-model?id=one");
  assert.deepEqual(noId.json(), { detail: [{ loc: ["query", "id"], msg: "Input should be a valid integer", type: "int_type" }] });
  await app.shutdown();
});

test("the home page shows the extension's my_ext() and a Health Check button with its script", async () => {
  const app = await testApp();
  const home = await app.inject("/");
  assert.match(home.body, /<p id="my-ext">Hello from MyExtension \(MYEXT_BAR is crazy\)<\/p>/);
  assert.match(home.body, /<button id="health-check" type="button">Health Check<\/button>/);
  assert.equal((await app.inject("/static/health.js")).statusCode, 200);
  await app.shutdown();
});

test("/visits counts visits in the session; its form needs the page's CSRF token", async () => {
  const app = await testApp();
  const first = await app.inject("/visits");
  assert.match(first.body, /<span id="visits">1<\/span>/);
  const cookie = String(first.headers["set-cookie"]).split(";")[0]!;
  const token = /name="csrf_token" value="([^"]+)"/.exec(first.body)![1]!;
  const form = { "content-type": "application/x-www-form-urlencoded", cookie };
  const refused = await app.inject({ method: "POST", url: "/visits", headers: form, payload: "name=Mallory" });
  assert.equal(refused.statusCode, 403);
  const saved = await app.inject({ method: "POST", url: "/visits", headers: form, payload: `name=Ann&csrf_token=${encodeURIComponent(token)}` });
  assert.equal(saved.statusCode, 303);
  const again = await app.inject({ url: "/visits", headers: { cookie: String(saved.headers["set-cookie"]).split(";")[0]! } });
  assert.match(again.body, /Hello, <span id="name">Ann<\/span>!/);
  assert.match(again.body, /<span id="visits">2<\/span>/);
  await app.shutdown();
});
