/**
 * Migrate settings for this app config (read by every `wf migrate` command).
 * Single-db template: one history, for DATABASE_URI, in default/versions/. Binds added
 * later start their own histories beside it on the next revision.
 */
import { defineMigrateEnv } from "webfluid/migrate";

export default defineMigrateEnv({
  template: "single-db",
  // Table recording the applied revisions, in each bind's database.
  versionTable: "wf_migrate_version",
  // "per-revision": a revision and its version row commit together where DDL is transactional;
  // "per-run": a whole upgrade/downgrade of a bind commits once (Alembic's default); "none".
  transactionMode: "per-revision",
  // Seconds upgrade, downgrade and stamp wait for another process's migration (WF_ERR_MIGRATE_LOCKED after).
  lockTimeout: 600,
  // Return false to keep an object out of autogenerate (Alembic's include_object).
  includeObject: (_object, _bind) => true,
});
