/**
 * Timeouts and the errors Node's HTTP layer meets before a route runs, over real sockets:
 * a request that arrives too slowly gets a 408 and is disconnected, an idle keep-alive
 * connection is closed, and oversized headers, malformed requests and bad URLs answer in the
 * `{"detail": ...}` shape. The timeouts are config keys, checked when the app is built.
 */
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { ConfigError, Fluid } from "../../src/index.ts";
import { testConfig } from "../../src/testing/index.ts";
import { TempProject } from "../support/project.ts";
import { exchange, slowly } from "../support/raw-http.ts";

const project = TempProject.empty();
const apps: Fluid[] = [];
after(async () => {
  for (const app of apps) await app.shutdown();
  project.remove();
});

function newApp(values: Record<string, unknown> = {}): Fluid {
  return new Fluid(project.path("fluid"), { config: testConfig(values, { root: project.root }) });
}

/** An app listening on a free port, with a JSON echo route that counts its calls. */
async function serving(values: Record<string, unknown>): Promise<{ port: number; calls: () => number }> {
  const app = newApp(values);
  apps.push(app);
  let calls = 0;
  app.post("/echo")(async (req) => {
    calls++;
    return req.json();
  });
  app.get("/")(() => "hi");
  app.get("/slow")(async () => {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    return "done";
  });
  const address = await app.listen({ host: "127.0.0.1", port: 0 });
  return { port: Number(new URL(address).port), calls: () => calls };
}

const echoHead = (length: number) =>
  `POST /echo HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`;

function assertDetail(res: { status: number | undefined; headers: Readonly<Record<string, string>>; body: string }, status: number, detail: RegExp): void {
  assert.equal(res.status, status, res.body);
  assert.match(res.headers["content-type"] ?? "", /^application\/json/);
  const parsed = JSON.parse(res.body) as { detail: unknown };
  assert.deepEqual(Object.keys(parsed), ["detail"]);
  assert.match(String(parsed.detail), detail);
}

describe("timeouts", () => {
  test("a body sent one byte at a time gets a 408 as {detail} and is disconnected; the handler never runs", async () => {
    const server = await serving({ REQUEST_TIMEOUT: 1 });
    const body = JSON.stringify({ value: "x".repeat(40) });
    const results = await Promise.all(Array.from({ length: 5 }, () => exchange(server.port, slowly(echoHead(body.length), body, 300))));
    for (const res of results) {
      assertDetail(res, 408, /^Request Timeout/);
      assert.equal(res.headers.connection, "close");
      assert.ok(res.closedEarly, "the server closed the connection while the body was still coming");
    }
    assert.equal(server.calls(), 0);
  });

  test("headers sent slowly get a 408 after REQUEST_HEADER_TIMEOUT, well before REQUEST_TIMEOUT", async () => {
    const server = await serving({ REQUEST_HEADER_TIMEOUT: 1, REQUEST_TIMEOUT: 120 });
    const header = Array.from({ length: 40 }, (_, i) => [`X-${i}: v\r\n`, { pauseMs: 250 }]).flat();
    const res = await exchange(server.port, ["GET / HTTP/1.1\r\nHost: t\r\n", ...header, "\r\n"]);
    assertDetail(res, 408, /^Request Timeout/);
    assert.ok(res.closedEarly);
  });

  test("a connection that sends nothing is closed after REQUEST_HEADER_TIMEOUT", async () => {
    const server = await serving({ REQUEST_HEADER_TIMEOUT: 1 });
    const res = await exchange(server.port, [], 10_000);
    assertDetail(res, 408, /^Request Timeout/);
  });

  test("an idle keep-alive connection is closed after KEEPALIVE_TIMEOUT", async () => {
    const server = await serving({ KEEPALIVE_TIMEOUT: 1 });
    const res = await exchange(server.port, ["GET / HTTP/1.1\r\nHost: t\r\n\r\n"], 10_000);
    assert.equal(res.status, 200);
    assert.equal(res.headers["keep-alive"], "timeout=1");
    assert.equal(res.body, "hi");
  });

  test("REQUEST_TIMEOUT bounds the request's arrival, not the handler", async () => {
    const server = await serving({ REQUEST_TIMEOUT: 1 });
    const res = await exchange(server.port, ["GET /slow HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"]);
    assert.equal(res.status, 200);
    assert.equal(res.body, "done");
  });
});

describe("errors before any route runs answer {detail}", () => {
  test("headers too large: 431", async () => {
    const { port } = await serving({});
    const res = await exchange(port, [`GET / HTTP/1.1\r\nHost: t\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`]);
    assertDetail(res, 431, /^Request Header Fields Too Large$/);
    assert.equal(res.headers.connection, "close");
  });

  test("a request that is not HTTP: 400", async () => {
    const { port } = await serving({});
    for (const request of ["HELLO\r\n\r\n", "GET / HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", "GET / HTTP/1.1\r\nBad Header\r\n\r\n"]) {
      const res = await exchange(port, [request]);
      assertDetail(res, 400, /^Bad Request: malformed HTTP request$/);
      assert.equal(res.headers.connection, "close");
    }
  });

  test("a URL that is not valid percent-encoding: 400", async () => {
    const { port } = await serving({});
    const res = await exchange(port, ["GET /%zz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"]);
    assertDetail(res, 400, /^Bad Request: the URL is not valid percent-encoding$/);
  });

  test("a Content-Type that does not parse: 415", async () => {
    const { port } = await serving({});
    const res = await exchange(port, [`${echoHead(2).replace("application/json", ";;")}{}`.replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n")]);
    assertDetail(res, 415, /^Unsupported Media Type$/);
  });

  test("an unknown method: 404", async () => {
    const { port } = await serving({});
    const res = await exchange(port, ["PATCH / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"]);
    assertDetail(res, 404, /^Not Found$/);
  });
});

describe("timeout config", () => {
  test("the defaults are finite and reach Node's server", () => {
    const server = newApp().fastify.server;
    assert.equal(server.requestTimeout, 30_000);
    assert.equal(server.headersTimeout, 10_000);
    assert.equal(server.keepAliveTimeout, 5_000);
  });

  test("fractions of a second are kept; a header timeout longer than the request's is the request's", () => {
    const server = newApp({ REQUEST_TIMEOUT: 2.5, REQUEST_HEADER_TIMEOUT: 60, KEEPALIVE_TIMEOUT: 0.5 }).fastify.server;
    assert.equal(server.requestTimeout, 2500);
    assert.equal(server.headersTimeout, 2500);
    assert.equal(server.keepAliveTimeout, 500);
  });

  for (const [key, value] of [["REQUEST_TIMEOUT", 0], ["REQUEST_HEADER_TIMEOUT", -1], ["KEEPALIVE_TIMEOUT", 1e9], ["REQUEST_TIMEOUT", "30"], ["KEEPALIVE_TIMEOUT", Number.NaN]] as const) {
    test(`${key} = ${typeof value === "string" ? JSON.stringify(value) : String(value)} is a config error naming the key, its source and the accepted range`, () => {
      const app = newApp({ [key]: value });
      assert.throws(
        () => app.fastify,
        (error: unknown) =>
          error instanceof ConfigError &&
          error.code === "WF_ERR_CONFIG_BAD_VALUE" &&
          error.message.startsWith(`${key} (override) must be a number of seconds greater than 0 and at most 86400; got `),
      );
    });
  }
});
