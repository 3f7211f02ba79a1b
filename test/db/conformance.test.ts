/**
 * One suite, every database: SQLite always, PostgreSQL and MariaDB/MySQL when their
 * servers are configured (WF_TEST_POSTGRES_URI / WF_TEST_MYSQL_URI).
 */
import assert from "node:assert/strict";
import { tmpdir } from "node:os";
import { afterEach, beforeEach, describe, it } from "node:test";
import { DbError, UniqueConstraintViolationException, select } from "../../src/db/index.ts";
import Sqlite from "better-sqlite3";
import pg from "pg";
import { servers, type TestDatabase } from "../support/databases.ts";
import { Author, Book, Note, Tag, shop } from "./fixtures/shop.ts";

const isDbError = (code: string) => (error: unknown) => error instanceof DbError && error.code === code;

for (const server of servers) {
  describe(`db conformance (${server.dialect})`, { skip: server.skip }, () => {
    let database: TestDatabase;

    beforeEach(async () => {
      database = await server.create();
      shop.configure({ root: tmpdir(), binds: { default: database.uri } });
      await shop.createAll();
    });

    afterEach(async () => {
      await shop.close();
      await database.drop();
    });

    it("inserts, reads, updates and deletes through an executor", async () => {
      await using e = shop.asyncExecutor({ model: Note });
      const note = await e.insert(new Note("hello"), { flush: true });
      assert.equal(typeof note.id, "number");
      await e.insert(new Note("world"), { flush: true });

      await using reader = shop.asyncExecutor({ model: Note });
      const loaded = await reader.get(Note, note.id);
      assert.ok(loaded instanceof Note);
      assert.equal(loaded.value, "hello");
      loaded.value = "changed";
      await reader.flush();

      await using checker = shop.asyncExecutor({ bind: "default" });
      const rows = (await checker.exec(select(Note).orderBy({ id: "asc" }))).all();
      assert.deepEqual(rows.map((row) => row.value), ["changed", "world"]);
      const page = await checker.exec(select(Note).orderBy({ id: "desc" }).limit(1).offset(1));
      assert.equal(page.one().value, "changed");
      assert.equal((await checker.exec(select(Note).where({ value: "world" }).count())).scalar(), 1);

      await checker.delete(rows[1]!, { flush: true });
      assert.equal((await checker.exec(select(Note).count())).scalar(), 1);
      await using last = shop.asyncExecutor({ model: Note });
      assert.equal(await last.get(Note, rows[1]!.id), null);
    });

    it("returns server defaults (ids, current_timestamp, literals) on insert", async () => {
      const before = Date.now();
      await using e = shop.asyncExecutor({ model: Note });
      const note = await e.insert(new Note("stamped"), { flush: true });
      assert.ok(note.createdAt instanceof Date, `createdAt is ${String(note.createdAt)}`);
      // Second precision on SQLite and MariaDB; allow for a little clock skew.
      assert.ok(Math.abs(note.createdAt.getTime() - before) < 5_000, note.createdAt.toISOString());
      assert.equal(note.status, "new");
      assert.equal(note.hits, 0);

      await using other = shop.asyncExecutor({ model: Note });
      const fresh = (await other.exec(select(Note).where({ id: note.id }))).one();
      assert.equal(fresh.createdAt.getTime(), note.createdAt.getTime());
    });

    it("reads results with first / one / all / scalar", async () => {
      await using e = shop.asyncExecutor({ model: Note });
      const empty = await e.exec(select(Note));
      assert.equal(empty.first(), null);
      assert.equal(empty.scalar(), null);
      assert.deepEqual(empty.all(), []);
      assert.throws(() => empty.one(), isDbError("WF_ERR_DB_NO_RESULT"));
      await e.insert(new Note("a"));
      await e.insert(new Note("b"));
      await e.flush();
      const two = await e.exec(select(Note).where({ value: { $in: ["a", "b"] } }));
      assert.equal(two.length, 2);
      assert.throws(() => two.one(), isDbError("WF_ERR_DB_MULTIPLE_RESULTS"));
      assert.equal((await e.exec(select(Note).where({ value: "a" }).where({ hits: 0 }))).one().value, "a");
    });

    it("discards unflushed changes when the scope ends", async () => {
      {
        await using e = shop.asyncExecutor({ model: Note });
        await e.insert(new Note("kept"), { flush: true });
        await e.insert(new Note("dropped"));
        const kept = (await e.exec(select(Note).where({ value: "kept" }))).one();
        kept.value = "renamed";
      }
      const e = shop.asyncExecutor({ model: Note });
      const values = (await e.exec(select(Note))).all().map((note) => note.value);
      assert.deepEqual(values, ["kept"]);
      await e[Symbol.asyncDispose]();
      await assert.rejects(e.flush(), isDbError("WF_ERR_DB_EXECUTOR_CLOSED"));
    });

    it("commits a transaction on success and rolls it back on throw", async () => {
      await using e = shop.asyncExecutor({ model: Note });
      const id = await e.transaction(async (tx) => (await tx.insert(new Note("committed"), { flush: true })).id);
      assert.equal(typeof id, "number");

      await assert.rejects(
        e.transaction(async (tx) => {
          await tx.insert(new Note("rolled back"), { flush: true });
          assert.equal((await tx.exec(select(Note).count())).scalar(), 2);
          throw new Error("boom");
        }),
        /boom/,
      );
      await e.transaction(async (outer) => {
        await outer.insert(new Note("outer"));
        await assert.rejects(
          outer.transaction(async (inner) => {
            await inner.insert(new Note("inner"), { flush: true });
            throw new Error("inner boom");
          }),
          /inner boom/,
        );
      });

      await using check = shop.asyncExecutor({ model: Note });
      const values = (await check.exec(select(Note).orderBy({ id: "asc" }))).all().map((note) => note.value);
      assert.deepEqual(values, ["committed", "outer"]);
    });

    it("round-trips many-to-one, one-to-many and many-to-many relations", async () => {
      {
        await using e = shop.asyncExecutor({ model: Book });
        const ann = new Author("Ann");
        const first = new Book("First", ann);
        const second = new Book("Second", ann);
        const [red, blue] = [new Tag("red"), new Tag("blue")];
        first.tags.add(red, blue);
        second.tags.add(blue);
        await e.insert(ann);
        await e.insert(first);
        await e.insert(second, { flush: true });
        assert.equal(typeof first.author.id, "number");
      }
      await using e = shop.asyncExecutor({ model: Author });
      const author = (await e.exec(select(Author).where({ name: "Ann" }).populate("books", "books.tags"))).one();
      const books = author.books.getItems().sort((a, b) => a.title.localeCompare(b.title));
      assert.deepEqual(books.map((book) => book.title), ["First", "Second"]);
      assert.deepEqual(books[0]!.tags.getItems().map((tag) => tag.label).sort(), ["blue", "red"]);
      const byAuthor = (await e.exec(select(Book).where({ author: { name: "Ann" }, tags: { label: "red" } }))).all();
      assert.deepEqual(byAuthor.map((book) => book.title), ["First"]);
      assert.equal(byAuthor[0]!.author, author);
    });

    it("surfaces unique violations (single and composite) as MikroORM errors", async () => {
      await using e = shop.asyncExecutor({ model: Author });
      await e.insert(new Author("Same"), { flush: true });
      await using other = shop.asyncExecutor({ model: Author });
      await assert.rejects(other.insert(new Author("Same"), { flush: true }), UniqueConstraintViolationException);

      await using books = shop.asyncExecutor({ model: Book });
      const bob = new Author("Bob");
      await books.insert(new Book("Twice", bob), { flush: true });
      await using again = shop.asyncExecutor({ model: Book });
      const sameAuthor = await again.get(Author, bob.id);
      await assert.rejects(again.insert(new Book("Twice", sameAuthor!), { flush: true }), UniqueConstraintViolationException);
    });

    it("creates the models' indexes and uniques; dropAll removes every table", async () => {
      await using e = shop.asyncExecutor({ bind: "default" });
      const names = async (table: string) => {
        const sql = {
          sqlite: "select name from sqlite_master where type = 'index' and tbl_name = ?",
          postgresql: "select indexname as name from pg_indexes where tablename = ?",
          mysql: "select distinct index_name as name from information_schema.statistics where table_schema = database() and table_name = ?",
        }[server.dialect];
        const rows = (await e.em.execute(sql, [table])) as { name?: string; NAME?: string }[];
        return rows.map((row) => (row.name ?? row.NAME)!.toLowerCase()).sort();
      };
      assert.ok((await names("note")).includes("note_status_index"), `note: ${await names("note")}`);
      const book = await names("book");
      for (const name of ["book_author_id_title_index", "book_title_edition_unique"]) assert.ok(book.includes(name), `book: ${book}`);
      assert.ok((await names("author")).includes("author_name_unique"));

      await shop.dropAll();
      await using after = shop.asyncExecutor({ model: Note });
      await assert.rejects(after.exec(select(Note)), /note/);
      await shop.createAll();
    });

    it("loses nothing in 100 parallel inserts through separate executors", async () => {
      const ids = await Promise.all(
        Array.from({ length: 100 }, async (_, index) => {
          await using e = shop.asyncExecutor({ model: Note });
          return (await e.insert(new Note(`n${index}`), { flush: true })).id;
        }),
      );
      assert.equal(new Set(ids).size, 100);
      await using e = shop.asyncExecutor({ model: Note });
      assert.equal((await e.exec(select(Note).count())).scalar(), 100);
    });

    it("treats SQL injection strings as plain values", async () => {
      await using e = shop.asyncExecutor({ model: Note });
      await e.insert(new Note("a"));
      await e.insert(new Note("it's"), { flush: true });
      const attacks = ["a' OR '1'='1", "a'; DROP TABLE note; --", "a\\' OR 1=1 -- ", "1 OR 1=1", "%' OR ''='"];
      for (const attack of attacks) {
        assert.equal((await e.exec(select(Note).where({ value: attack }))).length, 0, attack);
        assert.equal((await e.exec(select(Note).where({ value: { $like: attack } }))).length, 0, attack);
      }
      assert.equal((await e.exec(select(Note).where({ value: "it's" }))).one().value, "it's");
      const stored = await e.insert(new Note("x'); DELETE FROM note; --"), { flush: true });
      assert.equal((await e.exec(select(Note).where({ id: stored.id }))).one().value, "x'); DELETE FROM note; --");
      assert.equal((await e.exec(select(Note).count())).scalar(), 3);
      assert.throws(() => select(Note).where({ id: Number("1 OR 1=1") }), isDbError("WF_ERR_DB_BAD_VALUE"));
      await assert.rejects(e.exec(select(Note).where({ ["value = 'a' OR 1=1 --"]: 1 } as never)), /not existing property/);
    });

    it("sends values beside the SQL as bound parameters (SQLite, PostgreSQL), dates, lists and JSON included", async () => {
      const statements = await captureStatements(server.dialect, async () => {
        await using e = shop.asyncExecutor({ model: Note });
        await e.insert(new Note("O'Brien"), { flush: true });
        await e.insert(new Note("plain"), { flush: true });
        const found = (await e.exec(select(Note).where({ value: { $in: ["O'Brien", "nobody"] }, createdAt: { $lte: new Date(Date.now() + 60_000) } }))).all();
        assert.equal((await e.exec(select(Note).where({ createdAt: { $gt: new Date(Date.now() + 60_000) } }).count())).scalar(), 0);
        assert.deepEqual(found.map((note) => note.value), ["O'Brien"]);
        assert.equal((await e.exec(select(Note).where({ value: "plain", hits: 0, status: "new" }).count())).scalar(), 1);
      });
      if (server.dialect === "mysql") return; // mysql2 escapes on the client: see src/db/drivers.ts
      const withValue = statements.filter((s) => s.values.includes("O'Brien"));
      assert.ok(withValue.length >= 2, `insert and select carry the value as a parameter: ${JSON.stringify(statements)}`);
      for (const statement of statements) assert.doesNotMatch(statement.sql, /O''Brien|'plain'|'nobody'/, statement.sql);
    });

    it("opens the em and kysely escape hatches on the same unit of work", async () => {
      await using e = shop.asyncExecutor({ model: Note });
      await e.insert(new Note("raw"), { flush: true });
      const rows = await e.kysely.selectFrom("note").select(["value"]).where("value", "=", "raw").execute();
      assert.deepEqual(rows, [{ value: "raw" }]);
      assert.equal(await e.em.count(Note, {}), 1);
      await e.transaction(async (tx) => {
        await tx.kysely.insertInto("note").values({ value: "via kysely" }).execute();
        assert.equal((await tx.exec(select(Note).count())).scalar(), 2);
      });
    });
  });
}

/** Runs `work` while recording what the driver is asked to execute (text and values). */
async function captureStatements(dialect: string, work: () => Promise<void>): Promise<{ sql: string; values: unknown[] }[]> {
  const seen: { sql: string; values: unknown[] }[] = [];
  if (dialect === "postgresql") {
    const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
    const original = proto.query;
    proto.query = function (this: unknown, ...args: unknown[]) {
      const [text, values] = args;
      if (typeof text === "string") seen.push({ sql: text, values: Array.isArray(values) ? values : [] });
      else if (text && typeof text === "object" && "text" in text) seen.push({ sql: String(text.text), values: ((text as { values?: unknown[] }).values ?? []) });
      return original.apply(this, args);
    };
    try {
      await work();
    } finally {
      proto.query = original;
    }
  } else if (dialect === "sqlite") {
    // Statements are prepared once and reused (src/db/statement-cache.ts): watch their runs.
    const probe = new Sqlite(":memory:");
    type Run = (this: { source: string }, ...values: unknown[]) => unknown;
    const proto = Object.getPrototypeOf(probe.prepare("select 1")) as Record<"run" | "all" | "get", Run>;
    probe.close();
    const originals = { run: proto.run, all: proto.all, get: proto.get };
    for (const method of ["run", "all", "get"] as const) {
      proto[method] = function (this: { source: string }, ...values: unknown[]) {
        seen.push({ sql: this.source, values: values.flat() });
        return originals[method].apply(this, values);
      };
    }
    try {
      await work();
    } finally {
      Object.assign(proto, originals);
    }
  } else {
    await work();
  }
  return seen;
}
