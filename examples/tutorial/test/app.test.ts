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
