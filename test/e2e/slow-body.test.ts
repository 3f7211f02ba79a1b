/**
 * The tutorial under the real `wf run`, attacked over raw sockets: bodies sent one byte at a
 * time get a 408 as {detail} and are disconnected once REQUEST_TIMEOUT (set through the
 * environment) runs out; a JSON body posted as text/plain (a cross-site form can do that
 * without a CORS preflight) gets a 415 and creates no row; oversized headers, malformed
 * requests and bad URLs answer {detail}. A bad timeout value stops `wf run` with one line.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { example } from "../support/examples.ts";
import type { RunningApp } from "../support/project.ts";
import { exchange, slowly, type RawExchange } from "../support/raw-http.ts";

const project = example("tutorial");
const env = { WF_EXT_SCHEDULER: "0", WF_REQUEST_TIMEOUT: "2" };
let app: RunningApp;
let port: number;

before(async () => {
  const migrated = await project.wf(["migrate", "upgrade", "app"], { env });
  assert.equal(migrated.code, 0, migrated.stderr);
  app = await project.start("app", { env });
  port = Number(new URL(app.url).port);
});
after(async () => {
  await app?.stop();
});

function assertDetail(res: RawExchange, status: number, detail: RegExp): void {
  assert.equal(res.status, status, res.raw);
  assert.match(res.headers["content-type"] ?? "", /^application\/json/);
  const parsed = JSON.parse(res.body) as { detail: unknown };
  assert.deepEqual(Object.keys(parsed), ["detail"]);
  assert.match(String(parsed.detail), detail);
}

describe("the tutorial under wf run, with REQUEST_TIMEOUT=2", () => {
  test("bodies sent one byte every second get a 408 as {detail} and are disconnected", async () => {
    const body = JSON.stringify({ value: "slow-loris" });
    const head = `POST /my-model HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
    const results = await Promise.all(Array.from({ length: 10 }, () => exchange(port, slowly(head, body, 1000))));
    for (const res of results) {
      assertDetail(res, 408, /^Request Timeout/);
      assert.equal(res.headers.connection, "close");
      assert.ok(res.closedEarly, "the server closed the connection while the body was still coming");
    }
    assert.equal((await fetch(`${app.url}/health`)).status, 200, "the app still serves");
  });

  test("a JSON body posted as text/plain gets a 415 and creates no row", async () => {
    const post = (contentType: string) =>
      fetch(`${app.url}/my-model`, { method: "POST", headers: { "content-type": contentType }, body: JSON.stringify({ value: "x" }) });
    const refused = await post("text/plain");
    assert.equal(refused.status, 415);
    assert.deepEqual(await refused.json(), {
      detail: 'Unsupported Media Type: expected Content-Type application/json, got Content-Type "text/plain"',
    });
    assert.equal((await post("application/x-www-form-urlencoded")).status, 415);
    assert.equal((await fetch(`${app.url}/my-model?id=1`)).status, 404, "neither the slow nor the text/plain posts stored a row");
    const created = await post("application/json");
    assert.equal(created.status, 200);
    assert.equal(((await created.json()) as { model_id: number }).model_id, 1);
  });

  test("oversized headers, malformed requests and bad URLs answer {detail}", async () => {
    assertDetail(await exchange(port, [`GET /health HTTP/1.1\r\nHost: t\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`]), 431, /^Request Header Fields Too Large$/);
    assertDetail(await exchange(port, ["HELLO\r\n\r\n"]), 400, /^Bad Request: malformed HTTP request$/);
    assertDetail(await exchange(port, ["GET /my-model%zz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"]), 400, /^Bad Request: the URL is not valid percent-encoding$/);
  });
});

describe("timeout values", () => {
  test("REQUEST_TIMEOUT=0 stops wf run with one line naming the key and where it came from", async () => {
    const { code, stderr } = await project.wf(["run", "app"], { env: { ...env, WF_REQUEST_TIMEOUT: "0" } });
    assert.equal(code, 1);
    assert.equal(stderr.trimEnd().split("\n").length, 1, stderr);
    assert.match(stderr, /^error: REQUEST_TIMEOUT \(environment\) must be a number of seconds greater than 0 and at most 86400; got 0 \[WF_ERR_CONFIG_BAD_VALUE\]$/m);
  });
});
