/**
 * Server-side session stores: the database (SQLite, PostgreSQL, MariaDB) through `inject`,
 * and Redis shared by two real `wf run` processes. The cookie holds only the signed id.
 */
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { Redis } from "ioredis";
import { Fluid, type Request } from "../../src/index.ts";
import { db } from "../../src/db/index.ts";
import { testConfig } from "../../src/testing/index.ts";
import { servers, uniqueName } from "../support/databases.ts";
import { TempProject } from "../support/project.ts";
import { cookieHeader, setCookies } from "./support.ts";

const cleanup: Array<() => unknown> = [];
after(async () => {
  for (const fn of cleanup.reverse()) await fn();
});

/** The session routes, the same for every store. */
const ROUTES = `
export function sessionRoutes(app) {
  app.get("/health", () => ({ status: "ok" }));
  app.get("/count", (req) => {
    const visits = Number(req.session.get("visits") ?? 0) + 1;
    req.session.set("visits", visits);
    return { visits, pid: process.pid };
  });
  app.get("/login", (req) => {
    req.session.regenerate();
    req.session.set("user", "ann");
    return null;
  });
  app.get("/logout", (req) => {
    req.session.clear();
    return null;
  });
  app.get("/peek", (req) => req.session.toJSON());
}
`;

function sessionProject(): TempProject {
  const project = TempProject.empty();
  cleanup.push(() => project.remove());
  project.write("fluid/routes.js", ROUTES);
  project.write("fluid/models.ts", `import { sessionModel } from "webfluid/db";\nexport const Sessions = sessionModel();\n`);
  project.write(
    "fluid/main.ts",
    `import { Fluid } from "webfluid";\nimport { sessionRoutes } from "./routes.js";\nexport function createApp() {\n  const app = new Fluid(import.meta);\n  sessionRoutes(app);\n  return app;\n}\n`,
  );
  return project;
}

/** The signed id a session cookie carries: random, and no session data in it. */
function sessionId(res: Awaited<ReturnType<Fluid["inject"]>>): string {
  const value = decodeURIComponent(cookieHeader(res).slice("session=".length));
  const id = value.slice(0, value.lastIndexOf("."));
  assert.match(id, /^[A-Za-z0-9_-]{43}$/, "32 random bytes, base64url");
  return id;
}

for (const server of servers) {
  describe(`SESSION_STORE = db on ${server.dialect}`, { skip: server.skip }, () => {
    test("sessions are rows of the table sessionModel() declares; regenerate and clear remove rows; expired rows are empty sessions", async (t) => {
      const database = await server.create();
      cleanup.push(() => database.drop());
      const project = sessionProject();
      const app = new Fluid(project.path("fluid"), {
        config: testConfig(
          { LOG_LEVEL: "silent", SECRET_KEY: "s3cret", EXT_SQLALCHEMY: true, DATABASE_URI: database.uri, SESSION_STORE: "db", WTF_CSRF_ENABLED: false },
          { root: project.root },
        ),
      });
      const { sessionRoutes } = (await import(project.path("fluid/routes.js"))) as { sessionRoutes(app: Fluid): void };
      sessionRoutes(app);
      await app.startup();
      cleanup.push(() => app.shutdown());
      await db.of(app).createAll();
      const rows = async () => {
        const orm = await db.of(app).orm();
        return (await orm.em.getConnection().execute("select id, data from sessions")) as Array<{ id: string; data: string }>;
      };

      const first = await app.inject("/count");
      assert.equal(first.json().visits, 1);
      const id = sessionId(first);
      assert.deepEqual((await rows()).map((row) => row.id), [id]);
      assert.deepEqual(JSON.parse((await rows())[0]!.data).data, { visits: 1 });
      const second = await app.inject({ url: "/count", headers: { cookie: cookieHeader(first) } });
      assert.equal(second.json().visits, 2);
      assert.deepEqual(setCookies(await app.inject({ url: "/peek", headers: { cookie: cookieHeader(first) } })), [], "unchanged: not saved");

      const login = await app.inject({ url: "/login", headers: { cookie: cookieHeader(first) } });
      const newId = sessionId(login);
      assert.notEqual(newId, id);
      assert.deepEqual((await rows()).map((row) => row.id), [newId], "the old session is gone");
      assert.deepEqual((await app.inject({ url: "/peek", headers: { cookie: cookieHeader(first) } })).json(), {}, "the old id is worth nothing");
      assert.deepEqual((await app.inject({ url: "/peek", headers: { cookie: cookieHeader(login) } })).json(), { visits: 2, user: "ann" });

      const now = Date.now();
      t.mock.method(Date, "now", () => now + 32 * 24 * 3600 * 1000);
      assert.deepEqual((await app.inject({ url: "/peek", headers: { cookie: cookieHeader(login) } })).json(), {}, "expired");
      t.mock.restoreAll();

      const out = await app.inject({ url: "/logout", headers: { cookie: cookieHeader(login) } });
      assert.match(setCookies(out)[0]!, /^session=; Max-Age=0/);
      assert.deepEqual(await rows(), []);
    });
  });
}

describe("SESSION_STORE = db: mistakes stop the app at start", () => {
  test("without EXT_SQLALCHEMY, with an unknown bind, without the session model", async () => {
    const project = TempProject.empty();
    cleanup.push(() => project.remove());
    const make = (values: Record<string, unknown>) =>
      new Fluid(project.path("fluid"), { config: testConfig({ LOG_LEVEL: "silent", SECRET_KEY: "s", ...values }, { root: project.root }) });
    await assert.rejects(make({ SESSION_STORE: "db" }).startup(), /SESSION_STORE = db .* needs the database: set EXT_SQLALCHEMY = 1/);
    const sqlite = { EXT_SQLALCHEMY: true, DATABASE_URI: "sqlite:///:memory:" };
    await assert.rejects(make({ ...sqlite, SESSION_STORE: "db:cache" }).startup(), /names bind "cache", which is not configured \(configured: default\)/);
    // A bind whose model no test declares (models are declared once per process).
    const noModel = make({ ...sqlite, SQLALCHEMY_BINDS: { undeclared: "sqlite:///:memory:" }, SESSION_STORE: "db:undeclared" });
    await assert.rejects(noModel.startup(), (error: Error & { code?: string }) => {
      assert.equal(error.code, "WF_ERR_WEB_BAD_SESSION_STORE");
      assert.match(error.message, /needs the session table's model for bind "undeclared": add `export const Sessions = sessionModel\(\{ bind: "undeclared" \}\)`/);
      return true;
    });
    await noModel.shutdown();
  });
});

const REDIS = process.env.WF_TEST_REDIS_URI;

describe("SESSION_STORE = redis://", { skip: REDIS ? false : "WF_TEST_REDIS_URI is not set: Redis tests skipped" }, () => {
  test("two wf run processes share one session; the key expires with PERMANENT_SESSION_LIFETIME", async () => {
    const prefix = `${uniqueName("wf_session")}:`;
    const redis = new Redis(REDIS!);
    cleanup.push(async () => {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    });
    const project = sessionProject();
    project.write(
      "app_configs/app.ini",
      `PACKAGE = fluid\nSECRET_KEY = shared-by-both\nSESSION_STORE = ${REDIS}\nSESSION_KEY_PREFIX = ${prefix}\nPERMANENT_SESSION_LIFETIME = 3600\n`,
    );
    project.write("fluid/models.ts", "export {};\n");
    const [a, b] = await Promise.all([project.start("app"), project.start("app")]);
    try {
      const get = async (app: typeof a, path: string, cookie?: string) => {
        const res = await fetch(app.url + path, { headers: cookie ? { cookie } : {} });
        const setCookie = res.headers.getSetCookie();
        return { body: (await res.json()) as Record<string, unknown>, cookie: setCookie.map((line) => line.split(";")[0]).join("; "), setCookie };
      };
      const first = await get(a, "/count");
      assert.equal(first.body.visits, 1, JSON.stringify(first.body) + a.output());
      assert.match(first.setCookie[0]!, /^session=[^;]+; Path=\/; HttpOnly; SameSite=Lax$/);
      const second = await get(b, "/count", first.cookie);
      assert.deepEqual([second.body.visits, second.body.pid !== first.body.pid], [2, true], "the other process read the session");
      const third = await get(a, "/count", first.cookie);
      assert.equal(third.body.visits, 3);

      const keys = await redis.keys(`${prefix}*`);
      assert.equal(keys.length, 1);
      const ttl = await redis.ttl(keys[0]!);
      assert.ok(ttl > 3500 && ttl <= 3600, `ttl ${ttl}`);
      assert.deepEqual(JSON.parse((await redis.get(keys[0]!))!).data, { visits: 3 });

      const login = await get(b, "/login", first.cookie);
      assert.deepEqual((await get(a, "/peek", login.cookie)).body, { visits: 3, user: "ann" });
      assert.deepEqual((await get(a, "/peek", first.cookie)).body, {}, "the id before regenerate() is worth nothing");
      await get(a, "/logout", login.cookie);
      assert.deepEqual(await redis.keys(`${prefix}*`), []);
    } finally {
      for (const stopped of await Promise.all([a.stop(), b.stop()])) assert.equal(stopped.code, 0, stopped.stdout);
    }
  });
});
