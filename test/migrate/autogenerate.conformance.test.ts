/**
 * One conformance suite over every database: for each change, create model version A with Migrate,
 * autogenerate A -> B, apply the upgrade (the schema then matches B), the downgrade (matches
 * A again, down to the database's own catalog) and the upgrade once more.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { servers } from "../support/databases.ts";
import { CASES } from "./cases.ts";
import { readCatalog } from "./catalog.ts";
import { apply, compare, describeOps, withDatabase, withOrms } from "./helpers.ts";

for (const server of servers) {
  describe(`autogenerate conformance: ${server.dialect}`, { skip: server.skip }, () => {
    for (const c of CASES) {
      test(c.name, () =>
        withDatabase(
          () => server.create(),
          (db) =>
            withOrms(db, [c.a, c.b], async (ormA, ormB) => {
              // A as Migrate builds it (on SQLite, MikroORM's own DDL declares no string lengths)
              await apply(ormA!, (await compare(ormA!)).upgrade);
              const catalogA = await readCatalog(ormA!, server.dialect);
              const first = await compare(ormB!);
              if (c.invisibleOn?.includes(server.dialect)) {
                assert.deepEqual(first.upgrade, [], `expected a blind spot, got:\n${describeOps(first.upgrade)}`);
                return;
              }
              assert.ok(first.upgrade.length > 0, "autogenerate found no change");
              const raw = [...first.upgrade, ...first.downgrade].filter((op) => op.kind === "execute");
              assert.deepEqual(raw, [], `neutral operations expected, got raw SQL:\n${describeOps(raw)}`);

              await apply(ormB!, first.upgrade);
              const atB = await compare(ormB!);
              assert.deepEqual(atB.upgrade, [], `after upgrade the schema differs from B:\n${describeOps(atB.upgrade)}`);

              await apply(ormB!, first.downgrade);
              const atA = await compare(ormA!);
              assert.deepEqual(atA.upgrade, [], `after downgrade the schema differs from A:\n${describeOps(atA.upgrade)}`);
              assert.deepEqual(await readCatalog(ormA!, server.dialect), catalogA, "the downgrade does not restore the catalog");

              await apply(ormB!, first.upgrade);
              const again = await compare(ormB!);
              assert.deepEqual(again.upgrade, [], `after the second upgrade the schema differs from B:\n${describeOps(again.upgrade)}`);
            }),
        ),
      );
    }
  });
}
