/**
 * Operations against real databases through the runtime's path (`op` -> SqlOperationRunner ->
 * Compiler -> connection): data survives rebuilds and renames, raw SQL is followed, failures
 * name the statement, and offline SQL equals online SQL.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Compiler, SqlOperationRunner, connectionRunner, formatStatement, toSqlScript, transactionGuards } from "../../src/migrate/dialect/index.ts";
import { MigrateError } from "../../src/migrate/errors.ts";
import { Operations } from "../../src/migrate/operations/index.ts";
import { servers } from "../support/databases.ts";
import { record } from "../support/operations.ts";
import { offlineOrm, withDatabase, withOrms, type MikroORM } from "./helpers.ts";

const chain = await record((op) => {
  op.createTable("author", [
    op.column("id", "integer", { primary: true, autoincrement: true }),
    op.column("name", "string", { length: 100 }),
    op.column("joined", "datetime", { default: op.raw("current_timestamp") }),
  ]);
  op.createTable("book", [
    op.column("id", "integer", { primary: true, autoincrement: true }),
    op.column("title", "string", { default: "untitled" }),
    op.column("author_id", "integer", { nullable: true }),
  ]);
  op.addColumn("book", op.column("price", "decimal", { precision: 10, scale: 2, default: 0 }));
  op.createForeignKey("book", "book_author_id_foreign", ["author_id"], "author", ["id"], { onDelete: "cascade" });
  op.createIndex("book", "book_title_index", ["title"]);
  op.createUnique("author", "author_name_unique", ["name"]);
  op.createCheckConstraint("author_name_check", "author", "length(name) > 0");
  op.addColumn("author", op.column("kind", "text", { default: "poet", enum: ["poet", "novelist"] }));
  op.alterColumn("author", "name", { comment: "as printed", existingComment: null });
  op.setTableComment("author", "people who write");
  op.alterColumn("author", "kind", { enum: ["poet", "novelist", "critic"] });
  op.dropCheckConstraint("author_name_check", "author");
  op.dropColumn("author", "kind");
  op.dropTableComment("author", { existingComment: "people who write" });
  op.alterColumn("book", "title", { length: 200, nullable: true, default: null });
  op.renameColumn("book", "title", "heading");
  op.dropIndex("book", "book_title_index");
  op.dropUnique("author", "author_name_unique");
  op.dropForeignKey("book", "book_author_id_foreign");
  op.dropColumn("book", "price");
  op.renameTable("book", "volume");
  op.dropTable("volume");
});

function op_id(op: Operations) {
  return op.column("id", "integer", { primary: true, autoincrement: true });
}

function run(orm: MikroORM, compiler: Compiler) {
  return new Operations(new SqlOperationRunner(compiler, connectionRunner(orm)));
}

for (const server of servers) {
  describe(`operations on ${server.dialect}`, { skip: server.skip }, () => {
    test("offline SQL equals online SQL for a chain", () =>
      withDatabase(
        () => server.create(),
        (db) =>
          withOrms(db, [() => []], async (orm) => {
            const online: string[] = [];
            for (const op of chain) {
              // read the live schema before every operation, as a fresh `upgrade` would
              const compiler = await Compiler.online(orm!);
              for (const statement of compiler.compile(op)) {
                online.push(formatStatement(statement, compiler.context));
                await connectionRunner(orm!)(statement);
              }
            }
            const offline = await offlineOrm(server.dialect);
            try {
              const compiler = Compiler.offline(offline);
              const script = toSqlScript(compiler.compileAll(chain), compiler.context);
              assert.equal(script, online.map((s) => `${s}\n`).join(""));
            } finally {
              await offline.close();
            }
          }),
      ));

    test("a revision keeps its data through rebuilds and renames, and follows raw SQL", () =>
      withDatabase(
        () => server.create(),
        (db) =>
          withOrms(db, [() => []], async (orm) => {
            const op = run(orm!, await Compiler.online(orm!));
            op.createTable("author", [op.column("id", "integer", { primary: true, autoincrement: true }), op.column("name", "string", { length: 50 })]);
            op.createTable("book", [op.column("id", "integer", { primary: true, autoincrement: true }), op.column("title", "string"), op.column("author_id", "integer")], {
              foreignKeys: [op.foreignKey("book_author_id_foreign", ["author_id"], "author", ["id"])],
            });
            op.bulkInsert("author", [{ id: 1, name: "Ann" }, { id: 2, name: "Bob's" }]);
            op.bulkInsert("book", [{ title: "A", author_id: 1 }, { title: "B", author_id: 2 }, { title: "C", author_id: 2 }]);
            // on SQLite both are table rebuilds: the referenced table and the referencing one
            op.alterColumn("author", "name", { length: 80, nullable: true });
            op.alterColumn("book", "title", { type: "text" });
            op.renameColumn("book", "title", "heading");
            op.renameTable("book", "volume");
            op.execute("update author set name = 'nobody'", { dialect: server.dialect === "sqlite" ? "postgresql" : "sqlite" });
            op.execute("create table side (id integer not null primary key)");
            op.addColumn("side", op.column("note", "text", { nullable: true }));
            const rows = await op.query<{ heading: string; name: string }>(
              "select v.heading, a.name from volume v join author a on a.id = v.author_id order by v.heading",
            );
            await op.drain();
            assert.deepEqual(
              rows.map((r) => [r.heading, r.name]),
              [["A", "Ann"], ["B", "Bob's"], ["C", "Bob's"]],
            );
            const side = await op.query("select note from side");
            assert.deepEqual(side, []);
            // the foreign key survived: a dangling reference is refused
            await assert.rejects(op.bulkInsert("volume", [{ heading: "X", author_id: 99 }]), (e: unknown) => e instanceof MigrateError && e.code === "WF_ERR_MIGRATE_OPERATION_FAILED");
          }),
      ));

    test("checks and enum values keep the rows, are enforced, and go with their inverse", () =>
      withDatabase(
        () => server.create(),
        (db) =>
          withOrms(db, [() => []], async (orm) => {
            const op = run(orm!, await Compiler.online(orm!));
            op.createTable("item", [op_id(op), op.column("price", "integer")]);
            op.bulkInsert("item", [{ price: 5 }, { price: 7 }]);
            // on SQLite: a rebuild, rows copied
            op.createCheckConstraint("item_price_positive", "item", "price > 0");
            op.addColumn("item", op.column("kind", "text", { default: "book", enum: ["book", "film"] }));
            await op.drain();
            const failed = (e: unknown) => e instanceof MigrateError && e.code === "WF_ERR_MIGRATE_OPERATION_FAILED";
            assert.deepEqual((await op.query<{ price: number }>("select price from item order by price")).map((r) => Number(r.price)), [5, 7]);
            await assert.rejects(new Operations(new SqlOperationRunner(await Compiler.online(orm!), connectionRunner(orm!))).bulkInsert("item", [{ price: -1 }]), failed);
            await assert.rejects(new Operations(new SqlOperationRunner(await Compiler.online(orm!), connectionRunner(orm!))).bulkInsert("item", [{ price: 1, kind: "game" }]), failed);
            const down = run(orm!, await Compiler.online(orm!));
            down.dropColumn("item", "kind");
            down.dropCheckConstraint("item_price_positive", "item");
            down.bulkInsert("item", [{ price: -1 }]);
            await down.drain();
            assert.equal((await down.query("select price from item")).length, 3);
          }),
      ));

    test("in a transaction with the guards, a referenced table is rebuilt with its rows and keys", () =>
      withDatabase(
        () => server.create(),
        (db) =>
          withOrms(db, [() => []], async (orm) => {
            const setup = run(orm!, await Compiler.online(orm!));
            setup.createTable("author", [op_id(setup), setup.column("name", "string", { length: 50 })]);
            setup.createTable("book", [op_id(setup), setup.column("author_id", "integer")], {
              foreignKeys: [setup.foreignKey("book_author_id_foreign", ["author_id"], "author", ["id"])],
            });
            setup.bulkInsert("author", [{ id: 1, name: "Ann" }]);
            setup.bulkInsert("book", [{ id: 1, author_id: 1 }]);
            await setup.drain();

            const connection = orm!.em.getConnection();
            const guards = transactionGuards(server.dialect);
            for (const sql of guards.beforeBegin) await connection.execute(sql);
            try {
              await connection.transactional(async (trx) => {
                const op = new Operations(new SqlOperationRunner(await Compiler.online(orm!, { transaction: trx }), connectionRunner(orm!, trx), { transaction: trx }));
                op.alterColumn("author", "name", { nullable: true });
                await op.drain();
                if (guards.check) assert.deepEqual(await connection.execute(guards.check, [], "all", trx), []);
              });
            } finally {
              for (const sql of guards.afterEnd) await connection.execute(sql);
            }
            const [row] = await connection.execute<{ n: number | string }[]>("select count(*) as n from book join author on author.id = book.author_id");
            assert.equal(Number(row!.n), 1);
            await assert.rejects(connection.execute("insert into book (id, author_id) values (2, 99)"));
          }),
      ));

    test("a failing statement names the operation and the statement", () =>
      withDatabase(
        () => server.create(),
        (db) =>
          withOrms(db, [() => []], async (orm) => {
            const op = run(orm!, await Compiler.online(orm!));
            op.createTable("t", [op.column("id", "integer", { primary: true }), op.column("v", "integer", { nullable: true })]);
            op.bulkInsert("t", [{ id: 1, v: null }]);
            op.alterColumn("t", "v", { nullable: false });
            await assert.rejects(
              op.drain(),
              (e: unknown) =>
                e instanceof MigrateError && e.code === "WF_ERR_MIGRATE_OPERATION_FAILED" && /^alterColumn t failed: .*\(statement: .+\)$/.test(e.message),
            );
          }),
      ));
  });
}
