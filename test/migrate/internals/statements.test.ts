import assert from "node:assert/strict";
import { test } from "node:test";
import { splitStatements } from "../../../src/migrate/dialect/index.ts";

test("MikroORM's DDL script splits into statements, literals intact", () => {
  const script = [
    "pragma foreign_keys = off;",
    "create table `t` (`a` text not null default 'x;\ny', `b` integer);",
    "",
    "insert into \"t\" values ('it''s;\n');",
    "alter table `t` add `c` int;",
    "",
  ].join("\n");
  assert.deepEqual(splitStatements(script), [
    "pragma foreign_keys = off",
    "create table `t` (`a` text not null default 'x;\ny', `b` integer)",
    "insert into \"t\" values ('it''s;\n')",
    "alter table `t` add `c` int",
  ]);
  assert.deepEqual(splitStatements("insert into t values ('a\\';\n');\nselect 1;\n", true), ["insert into t values ('a\\';\n')", "select 1"]);
  assert.deepEqual(splitStatements("\n\n"), []);
});
