import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Database, DbError, Result, Select, p, select } from "../../../src/db/index.ts";

const db = new Database();
class Item extends db.Model("item", { id: p.integer().primary(), name: p.string(), at: p.datetime().nullable() }) {}

const isBadValue = (path: string) => (error: unknown) =>
  error instanceof DbError && error.code === "WF_ERR_DB_BAD_VALUE" && error.message.includes(`"${path}"`);

describe("select", () => {
  it("builds immutable queries", () => {
    const base = select(Item);
    const narrowed = base.where({ name: "a" }).where({ id: { $gt: 1 } }).orderBy({ id: "desc" }).limit(5).offset(10);
    assert.ok(narrowed instanceof Select);
    assert.deepEqual(base.state, { where: [], orderBy: [], populate: [] });
    assert.deepEqual(narrowed.state, {
      where: [{ name: "a" }, { id: { $gt: 1 } }],
      orderBy: [{ id: "desc" }],
      populate: [],
      limit: 5,
      offset: 10,
    });
    assert.equal(String(narrowed), "select(Item)");
    assert.equal(String(narrowed.count()), "select(Item).count()");
  });

  it("refuses bad limits and offsets", () => {
    assert.throws(() => select(Item).limit(-1), RangeError);
    assert.throws(() => select(Item).offset(1.5), RangeError);
    assert.throws(() => select(Item).limit(Number.NaN), RangeError);
  });

  it("refuses values that cannot be bound safely, naming where they are", () => {
    assert.throws(() => select(Item).where({ id: Number.NaN }), isBadValue("id"));
    assert.throws(() => select(Item).where({ id: { $in: [1, Infinity] } }), isBadValue("id.$in[1]"));
    assert.throws(() => select(Item).where({ at: new Date("nope") }), isBadValue("at"));
    const sneaky = { toString: () => "1 OR 1=1" };
    assert.throws(() => select(Item).where({ name: Object.create(sneaky) as string }), isBadValue("name"));
    assert.throws(() => select(Item).where({ name: (() => "x") as never }), isBadValue("name"));
    select(Item).where({ name: { $in: ["a", "b"] }, at: new Date(), $or: [{ id: 1 }, { id: 2n as never }] });
  });
});

describe("Result", () => {
  it("reads rows as SQLAlchemy does", () => {
    const rows = new Result([1, 2, 3], "select(X)");
    assert.equal(rows.first(), 1);
    assert.equal(rows.scalar(), 1);
    assert.deepEqual(rows.all(), [1, 2, 3]);
    assert.deepEqual([...rows], [1, 2, 3]);
    assert.equal(rows.length, 3);
    assert.throws(() => rows.one(), /select\(X\) found 3 rows/);
    assert.equal(new Result(["only"], "q").one(), "only");
    assert.throws(() => new Result([], "select(X)").one(), /found no row/);
  });
});
