/**
 * Request log lines, through a real `wf run`: a request's logger is built only when the request
 * logs, and then writes what Fastify's own child logger writes (the request id included).
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { emptyProject } from "../support/examples.ts";

function project() {
  const p = emptyProject();
  p.write("app_configs/app.ini", "PACKAGE = fluid\nHOST = 127.0.0.1\n");
  p.write(
    "fluid/main.ts",
    `import { Fluid } from "webfluid";
export function createApp(): Fluid {
  const app = new Fluid(import.meta);
  app.get("/health", () => ({ status: "ok" }));
  app.get("/boom", () => { throw new Error("kaboom"); });
  app.get("/logs", (request) => { request.raw.log.warn({ item: 7 }, "handler says %s", "hi"); return {}; });
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

  test("with ACCESS_LOG every request is logged by Fastify with its request id", async () => {
    const p = project();
    const app = await p.start("app", { env: { WF_ACCESS_LOG: "1" } });
    try {
      await fetch(`${app.url}/health`);
    } finally {
      await app.stop();
    }
    const logged = lines(app.output()).filter((line) => line.reqId === "req-2"); // after the readiness probe's
    assert.deepEqual(
      logged.map((line) => line.msg),
      ["incoming request", "request completed"],
    );
    assert.equal((logged[1]!.res as { statusCode: number }).statusCode, 200);
  });
});
