import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Database, DbError, p, select } from "../../src/db/index.ts";
import { server, type TestDatabase } from "../support/databases.ts";

const db = new Database();

class LocalItem extends db.Model("local_item", { id: p.integer().primary(), name: p.string() }) {
  constructor(name: string) {
    super();
    this.name = name;
  }
}

class RemoteItem extends db.Model(
  "remote_item",
  { id: p.integer().primary(), name: p.string(), createdAt: p.datetime().defaultRaw("current_timestamp") },
  { bind: "test" },
) {
  constructor(name: string) {
    super();
    this.name = name;
  }
}

db.register(LocalItem, RemoteItem);

const isDbError = (code: string, ...fragments: string[]) => (error: unknown) => {
  assert.ok(error instanceof DbError, String(error));
  assert.equal(error.code, code);
  for (const fragment of fragments) assert.ok(error.message.includes(fragment), `${error.message} lacks ${fragment}`);
  return true;
};

describe("two binds at once: SQLite default + PostgreSQL test", { skip: server("postgresql").skip }, () => {
  let folder: string;
  let remote: TestDatabase;

  before(async () => {
    folder = mkdtempSync(join(tmpdir(), "wf-binds-"));
    remote = await server("postgresql").create();
    db.configure({
      root: folder,
      binds: { default: { uri: "sqlite:///local.db" }, test: { uri: remote.uri, key: "SQLALCHEMY_BINDS.test" } },
    });
    await db.connect();
    await db.createAll();
  });

  after(async () => {
    await db.close();
    await remote.drop();
    rmSync(folder, { recursive: true, force: true });
  });

  it("keeps each bind's models in its own database", async () => {
    assert.deepEqual(db.binds(), ["default", "test"]);
    assert.deepEqual(db.models("default").map((schema) => schema.meta.tableName), ["local_item"]);
    assert.deepEqual(db.models("test").map((schema) => schema.meta.tableName), ["remote_item"]);
    assert.equal(db.bindTarget("default").target.options.dbName, join(folder, "local.db"));

    await Promise.all(
      Array.from({ length: 20 }, async (_, index) => {
        await using local = db.asyncExecutor({ model: LocalItem });
        await using remote = db.asyncExecutor({ model: RemoteItem });
        await Promise.all([
          local.insert(new LocalItem(`l${index}`), { flush: true }),
          remote.insert(new RemoteItem(`r${index}`), { flush: true }),
        ]);
      }),
    );
    await using local = db.asyncExecutor({ bind: "default" });
    await using remote = db.asyncExecutor({ bind: "test" });
    assert.equal((await local.exec(select(LocalItem).count())).scalar(), 20);
    assert.equal((await remote.exec(select(RemoteItem).count())).scalar(), 20);
    assert.ok((await remote.exec(select(RemoteItem).limit(1))).one().createdAt instanceof Date);
    await assert.rejects(remote.kysely.selectFrom("local_item").selectAll().execute(), /local_item/);
    await assert.rejects(local.kysely.selectFrom("remote_item").selectAll().execute(), /remote_item/);
  });

  it("refuses a model on the executor of another bind, naming both", async () => {
    await using local = db.asyncExecutor({ model: LocalItem });
    await assert.rejects(
      local.exec(select(RemoteItem)),
      isDbError("WF_ERR_DB_WRONG_BIND", "RemoteItem", '"test"', '"default"'),
    );
    await assert.rejects(local.insert(new RemoteItem("x")), isDbError("WF_ERR_DB_WRONG_BIND"));
    await assert.rejects(local.get(RemoteItem, 1), isDbError("WF_ERR_DB_WRONG_BIND"));
  });
});

describe("two SQLite binds", () => {
  it("refuse a model on the other bind's executor, naming both; createAll and dropAll work per bind", async () => {
    const two = new Database();
    class Here extends two.Model("here", { id: p.integer().primary() }) {}
    class There extends two.Model("there", { id: p.integer().primary() }, { bind: "test" }) {}
    two.register(Here, There);
    two.configure({ root: tmpdir(), binds: { default: "sqlite:///:memory:", test: { uri: "sqlite:///:memory:", key: "SQLALCHEMY_BINDS.test" } } });
    try {
      await two.createAll();
      await using here = two.asyncExecutor({ model: Here });
      await assert.rejects(here.exec(select(There)), isDbError("WF_ERR_DB_WRONG_BIND", "There", '"test"', '"default"'));
      await two.dropAll("test");
      await using there = two.asyncExecutor({ bind: "test" });
      await assert.rejects(there.exec(select(There)), /no such table/);
      assert.equal((await here.exec(select(Here).count())).scalar(), 0, "the other bind keeps its tables");
      await two.createAll("test");
      await using again = two.asyncExecutor({ bind: "test" });
      assert.equal((await again.exec(select(There).count())).scalar(), 0);
    } finally {
      await two.close();
    }
  });
});

describe("query logging (SQLALCHEMY_ECHO)", () => {
  it("logs each statement with its values written in", async () => {
    const logged = new Database();
    class Entry extends logged.Model("entry", { id: p.integer().primary(), name: p.string() }) {}
    logged.register(Entry);
    const lines: string[] = [];
    logged.configure({ root: tmpdir(), binds: { default: "sqlite:///:memory:" }, debug: true, logger: (line) => lines.push(line) });
    try {
      await logged.createAll();
      await using e = logged.asyncExecutor({ model: Entry });
      await e.exec(select(Entry).where({ name: "O'Hara" }));
      assert.ok(lines.some((line) => /select .* from `?"?entry"?`? .*where .*name.* = 'O''Hara'/.test(line)), lines.join("\n"));
    } finally {
      await logged.close();
    }
  });
});

describe("bind configuration", () => {
  it("needs configure() first", async () => {
    const fresh = new Database();
    const Model = fresh.Model("t", { id: p.integer().primary() });
    assert.throws(() => fresh.asyncExecutor({ model: Model }), isDbError("WF_ERR_DB_NOT_CONFIGURED", "DATABASE_URI"));
    await assert.rejects(fresh.orm(), isDbError("WF_ERR_DB_NOT_CONFIGURED"));
  });

  it("names unknown binds and the key to set", () => {
    const only = new Database();
    const Tested = only.Model("tested", { id: p.integer().primary() }, { bind: "test" });
    only.configure({ root: tmpdir(), binds: { default: "sqlite:///:memory:" } });
    assert.throws(() => only.asyncExecutor({ bind: "nope" }), isDbError("WF_ERR_DB_UNKNOWN_BIND", '"nope"', "SQLALCHEMY_BINDS"));
    assert.throws(() => only.asyncExecutor({ model: Tested }), isDbError("WF_ERR_DB_UNKNOWN_BIND", "Tested", '"test"'));
    const none = new Database();
    none.configure({ root: tmpdir(), binds: { test: "sqlite:///:memory:" } });
    assert.throws(() => none.bindTarget(), isDbError("WF_ERR_DB_UNKNOWN_BIND", "set DATABASE_URI"));
  });

  it("opens binds lazily, reopens after close, and refuses configure() while open", async () => {
    const lazy = new Database();
    class Row extends lazy.Model("row", { id: p.integer().primary(), v: p.string() }) {}
    lazy.register(Row);
    lazy.configure({ root: tmpdir(), binds: { default: "sqlite:///:memory:", other: "sqlite:///:memory:" } });
    const orm = await lazy.orm();
    assert.equal(await lazy.orm("default"), orm);
    assert.throws(
      () => lazy.configure({ root: tmpdir(), binds: { default: "sqlite:///:memory:" } }),
      isDbError("WF_ERR_DB_ALREADY_OPEN"),
    );
    await lazy.createAll("default");
    {
      await using e = lazy.asyncExecutor({ model: Row });
      const row = new Row();
      row.v = "x";
      assert.equal((await e.insert(row, { flush: true })).id, 1);
    }
    await lazy.close();
    await using e = lazy.asyncExecutor({ model: Row });
    assert.throws(() => e.em, isDbError("WF_ERR_DB_NOT_OPEN"));
    // A new in-memory database: the table is gone, which proves the bind was reopened.
    await assert.rejects(e.exec(select(Row)), /no such table/);
    assert.ok(e.em);
    await lazy.close();
  });
});
