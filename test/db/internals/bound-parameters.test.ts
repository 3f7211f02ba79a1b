import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { MikroORM, raw } from "@mikro-orm/core";
import { PostgreSqlDriver, type PostgreSqlPlatform } from "@mikro-orm/postgresql";
import { bindParameters, POSTGRES_PARAMETERS, SQLITE_PARAMETERS } from "../../../src/db/bound-parameters.ts";

const orm = await MikroORM.init({ driver: PostgreSqlDriver, dbName: "unused", entities: [], discovery: { warnWhenNoEntities: false } });
const platform = orm.em.getPlatform() as PostgreSqlPlatform;

describe("bindParameters", () => {
  test("values become driver placeholders; identifiers and escaped marks stay in the text", () => {
    const bound = bindParameters("select ?? from t where a = ? and b \\? 'k' and c in (?)", ["col", "x'y", [1, 2, 3]], platform, POSTGRES_PARAMETERS);
    assert.equal(bound.sql, `select "col" from t where a = $1 and b ? 'k' and c in ($2, $3, $4)`);
    assert.deepEqual(bound.parameters, ["x'y", 1, 2, 3]);
  });

  test("raw fragments are bound recursively, in order", () => {
    const bound = bindParameters("select ? , ?", [raw("lower(?)", ["A"]), "B"], platform, SQLITE_PARAMETERS);
    assert.equal(bound.sql, "select lower(?) , ?");
    assert.deepEqual(bound.parameters, ["A", "B"]);
  });

  test("plain objects are JSON text; dates, booleans and bigints take each driver's form", () => {
    const at = new Date("2026-01-02T03:04:05.678Z");
    const pgBound = bindParameters("? ? ? ?", [{ a: 1 }, at, true, 10n], platform, POSTGRES_PARAMETERS);
    assert.deepEqual(pgBound.parameters, ['{"a":1}', platform.formatDate(at), true, "10"]);
    const sqliteBound = bindParameters("? ? ? ?", [{ a: 1 }, at, true, null], platform, SQLITE_PARAMETERS);
    assert.deepEqual(sqliteBound.parameters, ['{"a":1}', at.getTime(), 1, null]);
  });

  test("SQL without values is returned as it is", () => {
    assert.deepEqual(bindParameters("select '?'", [], platform, POSTGRES_PARAMETERS), { sql: "select '?'", parameters: [] });
  });
});

await orm.close();
