import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { Database, DbError, DbErrorCode, p } from "../../src/db/index.ts";
import { server } from "../support/databases.ts";

/** Every DbError is one line; the fragments say what, where and how. */
const oneLine = (code: string, ...fragments: string[]) => (error: unknown) => {
  assert.ok(error instanceof DbError, String(error));
  assert.equal(error.code, code);
  assert.doesNotMatch(error.message, /[\r\n]/);
  for (const fragment of fragments) assert.ok(error.message.includes(fragment), `${error.message} lacks ${fragment}`);
  return true;
};

function withModel(): Database {
  const database = new Database();
  database.register(class Thing extends database.Model("thing", { id: p.integer().primary() }) {});
  return database;
}

describe("bad URIs", () => {
  it("fail at configure(), naming the key and the accepted forms", () => {
    const database = new Database();
    assert.throws(
      () => database.configure({ root: tmpdir(), binds: { default: "mongodb://h/db" } }),
      oneLine("WF_ERR_DB_UNSUPPORTED_URI", "DATABASE_URI", "mongodb", "sqlite:///relative.db", "postgresql://"),
    );
    assert.throws(
      () => database.configure({ root: tmpdir(), binds: { default: "sqlite:///a.db", test: "postgresql://h/" } }),
      oneLine("WF_ERR_DB_BAD_URI", "SQLALCHEMY_BINDS.test", "names no database", "mysql://"),
    );
    assert.throws(
      () => database.configure({ root: tmpdir(), binds: { default: { uri: "sqlite:/x.db", key: "app.ini: DATABASE_URI" } } }),
      oneLine("WF_ERR_DB_BAD_URI", "app.ini: DATABASE_URI"),
    );
  });
});

describe("unreachable databases", () => {
  const unreachable = [
    ["postgresql", "postgresql://postgres@127.0.0.1:1/test", "127.0.0.1:1", "connect ECONNREFUSED 127.0.0.1:1"],
    ["mysql", "mysql://root@127.0.0.1:1/test", "127.0.0.1:1", "connect ECONNREFUSED 127.0.0.1:1"],
    ["sqlite", `sqlite:///${join(tmpdir(), "wf-no-such-dir", "deeper", "app.db")}`, "wf-no-such-dir", "the directory does not exist"],
  ] as const;

  for (const [dialect, uri, where, driverMessage] of unreachable) {
    it(`give one line naming bind, driver, location and the driver's message (${dialect})`, async () => {
      const database = withModel();
      database.configure({ root: tmpdir(), binds: { default: uri } });
      await assert.rejects(
        database.connect(),
        oneLine("WF_ERR_DB_UNREACHABLE", 'bind "default"', dialect, where, "DATABASE_URI", driverMessage),
      );
      await database.close();
    });
  }

  it("name a missing database instead of creating it", { skip: server("postgresql").skip }, async () => {
    const database = withModel();
    const url = new URL(process.env.WF_TEST_POSTGRES_URI!);
    url.pathname = "/wf_test_does_not_exist";
    database.configure({ root: tmpdir(), binds: { test: { uri: url.toString() } } });
    await assert.rejects(database.orm("test"), oneLine("WF_ERR_DB_UNREACHABLE", "wf_test_does_not_exist", "SQLALCHEMY_BINDS.test"));
  });
});

describe("docs/db.md", () => {
  it("lists every error code, and no other", () => {
    const docs = readFileSync(new URL("../../docs/db.md", import.meta.url), "utf8");
    const documented = new Set(docs.match(/WF_ERR_DB_[A-Z_]+/g));
    assert.deepEqual([...documented].sort(), Object.values(DbErrorCode).sort());
  });
});
