/**
 * The version table on every database: read-only commands find "no table yet" by asking the
 * catalog (not by reading an error message), so a table of that name that is not a version
 * table is reported instead of being taken for "nothing applied".
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Orm } from "../../src/db/index.ts";
import { withBindSession } from "../../src/migrate/runtime/bind-session.ts";
import { resolveEnv } from "../../src/migrate/script/env.ts";
import { servers } from "../support/databases.ts";
import { openOrm, withDatabase } from "./helpers.ts";

for (const server of servers) {
  describe(`version table on ${server.dialect}`, { skip: server.skip }, () => {
    test("missing: at base, nothing created; present: read; another tool's table of that name: WF_ERR_MIGRATE_BAD_ENV", async () => {
      await withDatabase(
        () => server.create(),
        async (db) => {
          const orm = (await openOrm(db, () => [])) as unknown as Orm;
          try {
            await orm.em.getConnection().execute("select 1", [], "all"); // MySQL's client starts on first use
            // Mixed case: PostgreSQL folds the unquoted name, and the catalog lookup must too.
            const env = resolveEnv({ versionTable: "Wf_Versions" });
            const read = { lock: false };
            await withBindSession("default", orm, env, read, async (s) => {
              assert.deepEqual(await s.versions.appliedIfExists(), new Map());
              assert.equal(await s.versions.exists(), false, "reading created nothing");
            });
            await withBindSession("default", orm, env, { lock: true }, async (s) => {
              assert.equal(await s.versions.exists(), true, "writers create it");
              await s.versions.record("upgrade", { id: "abc123abc123", checksum: "c".repeat(64) });
            });
            await withBindSession("default", orm, env, read, async (s) => {
              assert.deepEqual([...(await s.versions.appliedIfExists()).keys()], ["abc123abc123"]);
            });
            await withBindSession("test", orm, env, read, async (s) => assert.deepEqual(await s.versions.appliedIfExists(), new Map(), "another bind's rows stay apart"));

            // An Alembic-style table under the name env.ts gives: its rows are not revisions.
            await orm.em.getConnection().execute("create table alembic_version (version_num varchar(32) not null)");
            const foreign = resolveEnv({ versionTable: "alembic_version" });
            for (const lock of [false, true]) {
              await withBindSession("default", orm, foreign, { lock }, async (s) => {
                await assert.rejects(s.versions.appliedIfExists(), {
                  code: "WF_ERR_MIGRATE_BAD_ENV",
                  message: /^table alembic_version in the database of bind "default" is not a WebFluid version table \(.+\); set versionTable in env\.ts to a name no other table has$/,
                });
              });
            }
          } finally {
            await orm.close(true);
          }
        },
      );
    });
  });
}
