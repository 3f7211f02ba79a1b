/**
 * Migrate settings for this app config (read by every `wf migrate` command).
 * Multi-db template: one history per bind (default, test), each in its own folder
 * with its own version table. A bind added later starts its own history on the next revision.
 */
import { defineMigrateEnv } from "webfluid/migrate";

export default defineMigrateEnv({
  template: "multi-db",
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
