/** SQLite's prepared statements, reused per connection (src/db/statement-cache.ts). */
import assert from "node:assert/strict";
import { test } from "node:test";
import Sqlite from "better-sqlite3";
import { cacheStatements } from "../../../src/db/statement-cache.ts";

function database(size?: number): Sqlite.Database {
  const db = new Sqlite(":memory:");
  cacheStatements(db, size);
  db.prepare("create table t (id integer primary key, a text)").run();
  db.prepare("insert into t (a) values (?), (?)").run("x", "y");
  return db;
}

test("the same SQL gets the same statement, and its values stay bound per call", () => {
  const db = database();
  const first = db.prepare("select a from t where id = ?");
  assert.equal(db.prepare("select a from t where id = ?"), first);
  assert.deepEqual(first.get(1), { a: "x" });
  assert.deepEqual(db.prepare("select a from t where id = ?").get(2), { a: "y" });
  db.close();
});

test("a statement being iterated is not handed out again until it is done", () => {
  const db = database();
  const sql = "select a from t order by id";
  const outer = db.prepare(sql);
  const rows = outer.iterate();
  assert.deepEqual(rows.next().value, { a: "x" });
  const inner = db.prepare(sql);
  assert.notEqual(inner, outer);
  assert.deepEqual(inner.all(), [{ a: "x" }, { a: "y" }]);
  assert.deepEqual(rows.next().value, { a: "y" });
  rows.return?.();
  assert.equal(db.prepare(sql), outer);
  db.close();
});

test("a cached statement sees the schema as it is now", () => {
  const db = database();
  assert.deepEqual(db.prepare("select * from t where id = ?").get(1), { id: 1, a: "x" });
  db.prepare("alter table t add column b integer default 7").run();
  assert.deepEqual(db.prepare("select * from t where id = ?").get(1), { id: 1, a: "x", b: 7 });
  db.prepare("drop table t").run();
  assert.throws(() => db.prepare("select * from t where id = ?").get(1), /no such table/);
  db.close();
});

test("the least recently used statement goes first when the cache is full", () => {
  const db = database(2);
  const one = db.prepare("select 1");
  const two = db.prepare("select 2");
  assert.equal(db.prepare("select 1"), one);
  db.prepare("select 3");
  assert.equal(db.prepare("select 1"), one);
  assert.notEqual(db.prepare("select 2"), two);
  db.close();
});
