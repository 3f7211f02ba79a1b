/**
 * The tutorial's /my-model routes (fluid/api/) through the real `wf run`, unchanged, on SQLite,
 * PostgreSQL and MariaDB: only DATABASE_URI differs.
 */
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { servers, type TestDatabase } from "../support/databases.ts";
import { waitUntil } from "../support/processes.ts";
import { TempProject } from "../support/project.ts";

const cleanup: (() => unknown)[] = [];
after(async () => {
  for (const fn of cleanup.reverse()) await fn();
});

for (const server of servers) {
  describe(`tutorial /my-model on ${server.dialect}`, { skip: server.skip }, () => {
    test("POST then GET, 100 parallel POSTs, injection attempts and wrong fields refused with 422, errors as {detail}", async () => {
      const database: TestDatabase = await server.create();
      cleanup.push(() => database.drop());
      const project = TempProject.fromExample("tutorial");
      cleanup.push(() => project.remove());
      const env = { DATABASE_URI: database.uri, WF_EXT_SCHEDULER: "0" };
      const migrated = await project.wf(["migrate", "upgrade", "app"], { env });
      assert.equal(migrated.code, 0, migrated.stderr);
      const app = await project.start("app", { env });
      try {
        const post = (value: unknown) =>
          fetch(`${app.url}/my-model`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ value }) });

        const created = await post("hello");
        assert.equal(created.status, 200);
        const body = (await created.json()) as { model_id: number; value: string; created_at: string };
        assert.equal(body.value, "hello");
        assert.equal(typeof body.model_id, "number");
        assert.ok(!Number.isNaN(Date.parse(body.created_at)), "server default returned on insert");
        // The welcome mail of the tutorial's mail step, printed by MAIL_BACKEND = console.
        await waitUntil(() => app.output().includes(`Subject: Welcome, model ${body.model_id}\n`), 10_000, () => app.output());
        assert.match(app.output(), new RegExp(`To: team@example\\.com\\nSubject: Welcome, model ${body.model_id}\\n\\nA new model was created: #${body.model_id} with the value "hello"\\.`));

        const fetched = await (await fetch(`${app.url}/my-model?id=${body.model_id}`)).json();
        assert.deepEqual(fetched, { model_id: body.model_id, value: "hello", created_at: body.created_at }, "GET answers the id as POST does: a number");

        const many = await Promise.all(Array.from({ length: 100 }, (_, i) => post(`v${i}`).then((r) => r.json() as Promise<{ model_id: number; value: string }>)));
        const ids = new Set(many.map((m) => m.model_id));
        assert.equal(ids.size, 100, "100 distinct rows");
        const back = await Promise.all(many.map((m) => fetch(`${app.url}/my-model?id=${m.model_id}`).then((r) => r.json() as Promise<{ value: string }>)));
        assert.deepEqual(back.map((b) => b.value), many.map((m) => m.value), "nothing lost");

        for (const attack of ["1 OR 1=1", "1; DROP TABLE my_model", "1' OR '1'='1", "1)--"]) {
          const res = await fetch(`${app.url}/my-model?id=${encodeURIComponent(attack)}`);
          assert.equal(res.status, 422, attack);
          assert.deepEqual(await res.json(), { detail: [{ loc: ["query", "id"], msg: "Input should be a valid integer", type: "int_type" }] });
        }
        const stored = await post("'); DROP TABLE my_model; --");
        const evil = (await stored.json()) as { model_id: number; value: string };
        assert.equal(evil.value, "'); DROP TABLE my_model; --");
        assert.equal((await fetch(`${app.url}/my-model?id=${evil.model_id}`)).status, 200, "table still there");

        assert.equal((await fetch(`${app.url}/my-model?id=999999`)).status, 404);
        assert.deepEqual(await (await fetch(`${app.url}/my-model`)).json(), { detail: [{ loc: ["query", "id"], msg: "Field required", type: "missing" }] });
        const empty = await post("");
        assert.equal(empty.status, 422);
        assert.deepEqual(await empty.json(), { detail: [{ loc: ["body", "value"], msg: "String should have at least 1 character", type: "string_too_short" }] });
        const number = await post(5);
        assert.equal(number.status, 422, "a number is not coerced to a string");
        assert.deepEqual(await number.json(), { detail: [{ loc: ["body", "value"], msg: "Input should be a valid string", type: "string_type" }] });
        const malformed = await fetch(`${app.url}/my-model`, { method: "POST", headers: { "content-type": "application/json" }, body: "{oops" });
        assert.equal(malformed.status, 400);
      } finally {
        assert.equal((await app.stop()).code, 0);
      }
    });
  });
}

describe("database errors through wf run", () => {
  test("a malformed URI names the key and the accepted forms", async () => {
    const project = TempProject.fromExample("tutorial");
    cleanup.push(() => project.remove());
    const { code, stderr } = await project.wf(["run", "app"], { env: { DATABASE_URI: "postgres//nohost" } });
    assert.equal(code, 1);
    assert.equal(stderr.trimEnd().split("\n").length, 1, stderr);
    assert.match(stderr, /^error: .*DATABASE_URI.*sqlite:\/\/\/.*postgresql:\/\/.*mysql:\/\/.* \[WF_ERR_DB_BAD_URI\]$/m);
  });

  test("an unreachable server is one line with host, port and the driver's message", async () => {
    const project = TempProject.fromExample("tutorial");
    cleanup.push(() => project.remove());
    const { code, stderr } = await project.wf(["run", "app"], { env: { DATABASE_URI: "postgresql://postgres@127.0.0.1:1/nothing", WF_EXT_SCHEDULER: "0" } });
    assert.equal(code, 1);
    assert.equal(stderr.trimEnd().split("\n").length, 1, stderr);
    assert.match(stderr, /^error: .*127\.0\.0\.1:1.*ECONNREFUSED.* \[WF_ERR_DB_UNREACHABLE\]$/m);
  });
});
