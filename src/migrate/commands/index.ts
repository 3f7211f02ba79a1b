/** Migrate's commands, one function each (the CLI parses, calls one, prints). */
export { check, type CheckResult } from "./check.ts";
export { closeContext, loadContext, type ContextOptions, type MigrateContext } from "./context.ts";
export { init, type InitOptions, type InitResult } from "./init.ts";
export {
  branches,
  current,
  heads,
  history,
  show,
  status,
  type CurrentRow,
  type HistoryOptions,
  type RevisionState,
  type StatusRow,
} from "./inspect.ts";
export { downgradeSql, upgradeSql, type OfflineOptions } from "./offline.ts";
export { resolve, type Resolution, type ResolveResult } from "./resolve.ts";
export { merge, revision, type BindRevision, type RevisionOptions } from "./revision.ts";
export { unapplied, type BindBehind } from "./unapplied.ts";
export { downgrade, stamp, upgrade, type MoveOptions, type StampOptions } from "./upgrade.ts";
