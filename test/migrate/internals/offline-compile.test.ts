/**
 * Compiling without a database: an ORM initialised with `connect: false` supplies the
 * platform, earlier operations supply the schema.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Compiler, dialectContext, neutralDefault, toSqlScript } from "../../../src/migrate/dialect/index.ts";
import { MigrateError, type MigrateErrorCode } from "../../../src/migrate/errors.ts";
import type { Dialect, Operation } from "../../../src/migrate/vocabulary/index.ts";
import { record } from "../../support/operations.ts";
import { offlineOrm, type MikroORM } from "../helpers.ts";

const history = await record((op) => {
  op.createTable("author", [op.column("id", "integer", { primary: true, autoincrement: true }), op.column("name", "string", { length: 100 })]);
  op.createTable("book", [
    op.column("id", "integer", { primary: true, autoincrement: true }),
    op.column("title", "string"),
    op.column("author_id", "integer", { nullable: true }),
  ]);
});

const chain = await record((op) => {
  op.addColumn("book", op.column("price", "decimal", { precision: 10, scale: 2, default: 0 }));
  op.createForeignKey("book", "book_author_id_foreign", ["author_id"], "author", ["id"], { onDelete: "set null" });
  op.alterColumn("book", "title", { length: 200, nullable: true });
  op.renameColumn("book", "title", "name");
  op.execute("select 'only pg'", { dialect: "postgresql" });
  op.bulkInsert("author", [{ name: "a" }, { name: "b's" }]);
  op.dropForeignKey("book", "book_author_id_foreign");
  op.dropTable("book");
});

const expected: Record<Dialect, RegExp[]> = {
  sqlite: [
    /^alter table `book` add column `price` numeric\(10,2\) not null default 0;$/m,
    // SQLite cannot add a foreign key in place: the table is rebuilt
    /^create table `book__temp_alter` \(.*constraint `book_author_id_foreign` foreign key \(`author_id`\) references `author` \(`id`\) on delete set null\);$/m,
    /^insert into `book__temp_alter` select `id`, `title`, `author_id`, `price` from `book`;$/m,
    /^create index `book_author_id_index` on `book` \(`author_id`\);$/m,
    /^alter table `book` rename column `title` to `name`;$/m,
    /^insert into `author` \(`name`\) values \('a'\), \('b''s'\);$/m,
    /^drop table `book`;$/m,
  ],
  postgresql: [
    /^alter table "book" add "price" numeric\(10,2\) not null default 0;$/m,
    /^alter table "book" add constraint "book_author_id_foreign" foreign key \("author_id"\) references "author" \("id"\) on delete set null;$/m,
    /^alter table "book" alter column "title" type varchar\(200\) using \("title"::varchar\(200\)\);$/m,
    /^alter table "book" alter column "title" drop not null;$/m,
    /^select 'only pg';$/m,
    /^alter table "book" drop constraint "book_author_id_foreign";$/m,
    // no cascade: dropping a table others still reference fails instead of silently dropping their keys
    /^drop table "book";$/m,
  ],
  mysql: [
    // MikroORM's MySQL convention: integer keys unsigned, and the columns referencing them
    /^alter table `book` modify `author_id` int unsigned null;$/m,
    /^alter table `book` add index `book_author_id_index` \(`author_id`\);$/m,
    /^alter table `book` modify `title` varchar\(200\) null;$/m,
    /^alter table `book` change `title` `name` varchar\(200\) null;$/m,
    /^insert into `author` \(`name`\) values \('a'\), \('b\\'s'\);$/m,
  ],
};

for (const dialect of ["sqlite", "postgresql", "mysql"] as const) {
  describe(`offline compile: ${dialect}`, () => {
    let orm: MikroORM;
    before(async () => {
      orm = await offlineOrm(dialect);
    });
    after(() => orm.close());

    test("a chain compiles against the state earlier operations built", () => {
      const compiler = Compiler.offline(orm, history);
      assert.equal(compiler.dialect, dialect);
      const script = toSqlScript(compiler.compileAll(chain), compiler.context);
      for (const pattern of expected[dialect]) assert.match(script, pattern);
      if (dialect !== "postgresql") assert.doesNotMatch(script, /only pg/);
      assert.deepEqual(
        compiler.schema.getTables().map((t) => t.name),
        ["author"],
      );
    });

    test("mistakes name the operation and the object", () => {
      const compiler = Compiler.offline(orm, history);
      const fails = (op: Operation, code: MigrateErrorCode, pattern: RegExp) =>
        assert.throws(() => compiler.compile(op), (e: unknown) => e instanceof MigrateError && e.code === code && pattern.test(e.message));
      fails({ kind: "dropColumn", table: "nope", column: "x" }, "WF_ERR_MIGRATE_UNKNOWN_OBJECT", /dropColumn nope.x: table nope does not exist/);
      fails({ kind: "dropColumn", table: "book", column: "x" }, "WF_ERR_MIGRATE_UNKNOWN_OBJECT", /table book has no column x/);
      fails({ kind: "createTable", table: "book", columns: [{ name: "id", type: "integer" }] }, "WF_ERR_MIGRATE_DUPLICATE_OBJECT", /table book already exists/);
      fails({ kind: "createForeignKey", table: "book", name: "fk", columns: ["author_id"], referencedTable: "writer", referencedColumns: ["id"] }, "WF_ERR_MIGRATE_UNKNOWN_OBJECT", /referenced table writer does not exist/);
      fails({ kind: "dropColumn", table: "book", column: "id" }, "WF_ERR_MIGRATE_INVALID_OPERATION", /part of the primary key/);
      fails({ kind: "addColumn", table: "book", column: { name: "id2", type: "integer", primary: true } }, "WF_ERR_MIGRATE_INVALID_OPERATION", /createPrimaryKey/);
      fails({ kind: "dropIndex", table: "book", name: "nope" }, "WF_ERR_MIGRATE_UNKNOWN_OBJECT", /no index named nope/);
      fails({ kind: "alterColumn", table: "book", column: "title", changes: { enumType: "kind" } }, "WF_ERR_MIGRATE_INVALID_OPERATION", /column title has no enum values for native enum type kind/);
      compiler.compile({ kind: "addColumn", table: "book", column: { name: "kind", type: "text", enum: ["a"], enumType: "kind" } });
      if (dialect === "postgresql") {
        // one type, one list of values: a new column gives the type its own
        const joined = compiler.compile({ kind: "addColumn", table: "author", column: { name: "kind", type: "text", enum: ["a", "b"], enumType: "kind" } });
        assert.deepEqual(joined.map((s) => s.sql), [`alter type "kind" add value if not exists 'b' after 'a'`, `alter table "author" add "kind" "kind" not null`]);
        assert.deepEqual(compiler.schema.getNativeEnums().kind?.items, ["a", "b"]);
      }
      fails(
        { kind: "createTable", table: "t", columns: [{ name: "x", type: "text", enum: ["a"], enumType: "kind" }, { name: "y", type: "text", enum: ["b"], enumType: "kind" }] },
        "WF_ERR_MIGRATE_INVALID_OPERATION",
        /columns x and y give native enum type kind different values/,
      );
      // a failed operation leaves the state as it was
      assert.equal(compiler.compile({ kind: "dropColumn", table: "book", column: "title" }).length > 0, true);
    });
  });
}

/**
 * A native enum type over its life: created, extended, shared, swapped, and gone with its last
 * column. On PostgreSQL the values are the type's, so one alterColumn changes both columns; on
 * MariaDB each column keeps its own.
 */
const moods = await record((op) => {
  op.createTable("person", [op.column("id", "integer", { primary: true }), op.column("mood", "text", { enum: ["calm", "busy"], enumType: "mood", default: "calm" })]);
  op.addColumn("person", op.column("was", "text", { enum: ["calm", "busy"], enumType: "mood", nullable: true }));
  op.alterColumn("person", "mood", { enum: ["away", "calm", "busy"] });
  op.alterColumn("person", "mood", { enum: ["calm", "busy"] });
  // a value added and used as the default at once: the type is swapped too
  op.alterColumn("person", "mood", { enum: ["calm", "busy", "away"], default: "away" });
  op.dropColumn("person", "was");
  op.dropColumn("person", "mood");
});

const nativeEnumSql: Record<Dialect, string[]> = {
  postgresql: [
    `create type "mood" as enum ('calm', 'busy');`,
    `create table "person" ("id" int not null, "mood" "mood" not null default 'calm', primary key ("id"));`,
    `alter table "person" add "was" "mood" null;`,
    `alter type "mood" add value if not exists 'away' before 'calm';`,
    `alter type "mood" rename to "mood_old";`,
    `create type "mood" as enum ('calm', 'busy');`,
    `alter table "person" alter column "mood" drop default;`,
    `alter table "person" alter column "mood" type "mood" using ("mood"::text::"mood");`,
    `alter table "person" alter column "mood" set default 'calm';`,
    `alter table "person" alter column "was" type "mood" using ("was"::text::"mood");`,
    `drop type "mood_old";`,
    `alter type "mood" rename to "mood_old";`,
    `create type "mood" as enum ('calm', 'busy', 'away');`,
    `alter table "person" alter column "mood" drop default;`,
    `alter table "person" alter column "mood" type "mood" using ("mood"::text::"mood");`,
    `alter table "person" alter column "mood" set default 'away';`,
    `alter table "person" alter column "was" type "mood" using ("was"::text::"mood");`,
    `drop type "mood_old";`,
    `alter table "person" drop column "was";`,
    `alter table "person" drop column "mood";`,
    `drop type "mood";`,
  ],
  mysql: [
    "create table `person` (`id` int unsigned not null, `mood` enum('calm','busy') not null default 'calm', primary key (`id`)) default character set utf8mb4 engine = InnoDB;",
    "alter table `person` add `was` enum('calm','busy') null;",
    "alter table `person` modify `mood` enum('away','calm','busy') not null default 'calm';",
    "alter table `person` modify `mood` enum('calm','busy') not null default 'calm';",
    "alter table `person` modify `mood` enum('calm','busy','away') not null default 'away';",
    "alter table `person` drop column `was`;",
    "alter table `person` drop column `mood`;",
  ],
  sqlite: [],
};

for (const dialect of ["sqlite", "postgresql", "mysql"] as const) {
  test(`offline compile: ${dialect}: a native enum type lives as long as its columns`, async () => {
    const orm = await offlineOrm(dialect);
    try {
      const compiler = Compiler.offline(orm);
      const script = toSqlScript(compiler.compileAll(moods), compiler.context);
      const lines = script.split("\n").filter((line) => line.trim() !== "" && !line.startsWith("--"));
      if (dialect === "sqlite") {
        // SQLite: text and the enum's check, as for any enum
        assert.match(script, /`mood` text check \(`mood` in \('calm', 'busy'\)\) not null default 'calm'/);
        assert.doesNotMatch(script, /create type|drop type/);
      } else assert.deepEqual(lines, nativeEnumSql[dialect]);
      assert.deepEqual(compiler.schema.getNativeEnums(), {});
    } finally {
      await orm.close();
    }
  });
}

test("server defaults read back as neutral values", async () => {
  const orms = { sqlite: await offlineOrm("sqlite"), postgresql: await offlineOrm("postgresql"), mysql: await offlineOrm("mysql") };
  try {
    const read = (dialect: Dialect, sql: string | null, type: Parameters<typeof neutralDefault>[1]) => neutralDefault(sql, type, dialectContext(orms[dialect]));
    assert.equal(read("postgresql", "'abc'::character varying", "string"), "abc");
    assert.equal(read("postgresql", "'it''s'::text", "text"), "it's");
    assert.equal(read("mysql", "'it\\'s'", "string"), "it's");
    assert.equal(read("sqlite", "5", "integer"), 5);
    assert.equal(read("mysql", "0.00", "decimal"), 0);
    assert.equal(read("postgresql", "true", "boolean"), true);
    assert.equal(read("sqlite", "0", "boolean"), false);
    assert.deepEqual(read("mysql", "current_timestamp()", "datetime"), { raw: "current_timestamp" });
    assert.deepEqual(read("postgresql", "CURRENT_TIMESTAMP", "datetime"), { raw: "current_timestamp" });
    assert.deepEqual(read("postgresql", "gen_random_uuid()", "uuid"), { raw: "gen_random_uuid()" });
    assert.equal(read("mysql", "NULL", "string"), undefined);
    assert.equal(read("sqlite", null, "string"), undefined);
  } finally {
    for (const orm of Object.values(orms)) await orm.close();
  }
});
