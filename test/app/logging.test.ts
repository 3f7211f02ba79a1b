/**
 * Log lines, through a real `wf run`: a request's logger is built only when the request logs,
 * and then writes what Fastify's own child logger writes (the request id included); the
 * access log's one line; `log` from code with no request at hand; the pretty format; the
 * worker on each line.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { emptyProject } from "../support/examples.ts";
import { freePort, waitUntil, WF_BIN } from "../support/project.ts";
import { ServingChild } from "../support/processes.ts";

function project() {
  const p = emptyProject();
  p.write("app_configs/app.ini", "PACKAGE = fluid\nHOST = 127.0.0.1\n");
  p.write(
    "fluid/main.ts",
    `import { Fluid, log } from "webfluid";
export function createApp(): Fluid {
  const app = new Fluid(import.meta);
  app.get("/health", () => ({ status: "ok" }));
  app.get("/boom", () => { throw new Error("kaboom"); });
  app.get("/logs", (request) => { request.raw.log.warn({ item: 7 }, "handler says %s", "hi"); return {}; });
  app.get("/context", async () => { await new Promise((resolve) => setImmediate(resolve)); log.warn({ item: 8 }, "from %s", "log"); return {}; });
  return app;
}
`,
  );
  return p;
}

/** The JSON log lines a process printed. */
function lines(output: string): Array<Record<string, unknown>> {
  return output
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe("request logs", () => {
  test("without ACCESS_LOG a request that logs nothing writes nothing; a failing one logs with its request id", async () => {
    const p = project();
    const app = await p.start("app");
    try {
      await fetch(`${app.url}/health`);
      assert.equal((await fetch(`${app.url}/boom`)).status, 500);
      assert.equal((await fetch(`${app.url}/logs`)).status, 200);
    } finally {
      await app.stop();
    }
    const logged = lines(app.output()).filter((line) => "reqId" in line);
    assert.deepEqual(
      logged.map(({ level, msg, item, app: name }) => ({ level, msg, item, name })),
      [
        { level: 50, msg: "unhandled error in GET /boom", item: undefined, name: "app" },
        { level: 40, msg: "handler says hi", item: 7, name: "app" },
      ],
    );
    // Each its own request's id (the readiness probe's /health came first and logged nothing).
    const [boom, logs] = logged.map((line) => Number(/^req-(\d+)$/.exec(String(line.reqId))?.[1]));
    assert.ok(boom! >= 2 && logs === boom! + 1, JSON.stringify(logged));
    assert.match(JSON.stringify(logged[0]!.err), /kaboom/);
  });

  test("with ACCESS_LOG every request writes one line once answered, with its request id", async () => {
    const p = project();
    const app = await p.start("app", { env: { WF_ACCESS_LOG: "1" } });
    try {
      await fetch(`${app.url}/health?x=1`);
      assert.equal((await fetch(`${app.url}/missing`)).status, 404);
    } finally {
      await app.stop();
    }
    const logged = lines(app.output()).filter((line) => line.reqId === "req-2" || line.reqId === "req-3"); // after the readiness probe's
    assert.deepEqual(
      logged.map(({ level, method, url, statusCode, remoteAddress }) => ({ level, method, url, statusCode, remoteAddress })),
      [
        { level: 30, method: "GET", url: "/health?x=1", statusCode: 200, remoteAddress: "127.0.0.1" },
        { level: 30, method: "GET", url: "/missing", statusCode: 404, remoteAddress: "127.0.0.1" },
      ],
    );
    assert.equal(typeof logged[0]!.responseTime, "number");
    assert.match(String(logged[0]!.msg), /^GET \/health\?x=1 200 \d+(\.\d)? ms$/);
  });

  test("log writes through the logger of the app in context, after an await too", async () => {
    const p = project();
    const app = await p.start("app");
    try {
      assert.equal((await fetch(`${app.url}/context`)).status, 200);
    } finally {
      await app.stop();
    }
    const logged = lines(app.output()).filter((line) => line.msg === "from log");
    assert.deepEqual(
      logged.map(({ level, item, app: name }) => ({ level, item, name })),
      [{ level: 40, item: 8, name: "app" }],
    );
  });
});

describe("log formats and workers", () => {
  test("LOG_FORMAT = pretty writes readable lines, not JSON", async () => {
    const p = project();
    const app = await p.start("app", { env: { WF_LOG_FORMAT: "pretty", WF_ACCESS_LOG: "1" } });
    try {
      await fetch(`${app.url}/health`);
    } finally {
      await app.stop();
    }
    const output = app.output();
    assert.deepEqual(lines(output), [], output);
    assert.match(output, /INFO.*Server listening at http:\/\/127\.0\.0\.1:\d+/);
    assert.match(output, /INFO.*GET \/health 200 [\d.]+ ms/);
  });

  test("LOG_FORMAT = auto is pretty on a terminal", async () => {
    const p = project();
    const port = await freePort();
    // `script` runs `wf run` with a terminal for its output, as a developer's shell does.
    const server = new ServingChild("script", ["-qec", `${process.execPath} ${WF_BIN} run app --port ${port}`, "/dev/null"], {
      cwd: p.root,
      port,
      detached: true,
    });
    try {
      await server.ready("/health", "wf run in a terminal");
    } finally {
      server.signalGroup("SIGTERM");
      await server.exited();
    }
    assert.match(server.output(), /INFO.*Server listening at http:\/\/127\.0\.0\.1:\d+/, server.output());
    assert.doesNotMatch(server.output(), /"level":30/);
  });

  test("under --workers N every line names its worker", async () => {
    const p = project();
    const app = await p.start("app", { args: ["--workers", "2"] });
    const listening = () => lines(app.output()).filter((line) => String(line.msg).startsWith("Server listening"));
    try {
      await waitUntil(() => listening().length === 2, 30_000, () => `both workers did not start:\n${app.output()}`);
    } finally {
      await app.stop();
    }
    assert.deepEqual(listening().map((line) => line.worker).sort(), [1, 2]);
  });
});
