/**
 * The settings of a migrations folder's `env.ts` that the runtime acts on. The script layer
 * reads `env.ts`, checks it against these and fills in the defaults.
 */

/** The values of `transactionMode`. */
export const TRANSACTION_MODES = ["per-revision", "per-run", "none"] as const;

/** How revisions run in transactions (env.ts's `transactionMode`; see revision-frame.ts). */
export type TransactionMode = (typeof TRANSACTION_MODES)[number];

/** What a bind's session needs to know of `env.ts`, defaults filled in. */
export interface RuntimeSettings {
  /** Table that records applied revisions, in every bind's database. */
  readonly versionTable: string;
  readonly transactionMode: TransactionMode;
  /** Seconds a writer waits for another process's migration before `WF_ERR_MIGRATE_LOCKED`. */
  readonly lockTimeout: number;
}
