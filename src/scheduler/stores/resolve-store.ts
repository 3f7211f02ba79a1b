/**
 * From the `jobstore` setting (`SCHEDULER_JOBSTORE`) to a job store.
 */
import { maskUri } from "../../config/index.ts";
import { schedulerErrors } from "../errors.ts";
import type { JobStore } from "./job-store.ts";
import { MemoryJobStore } from "./memory-store.ts";
import { PgBossJobStore } from "./pgboss-store.ts";

/** `"memory"`, a PostgreSQL URI (`postgresql://`, `postgres://`, `postgresql+driver://`), or a store. */
export type JobStoreInput = "memory" | (string & {}) | JobStore;

/** The job store a `jobstore` setting names; memory when unset or empty. */
export function resolveJobStore(input: JobStoreInput | undefined): JobStore {
  if (input === undefined || input === "" || input === "memory") return new MemoryJobStore();
  if (typeof input !== "string") {
    if (typeof input === "object" && input !== null && typeof input.claim === "function") return input;
    throw schedulerErrors.badJobstore(String(input));
  }
  const match = /^(postgres(?:ql)?)(?:\+[\w-]+)?:\/\//i.exec(input.trim());
  if (!match) throw schedulerErrors.badJobstore(maskUri(input));
  return new PgBossJobStore({ connectionString: `postgresql://${input.trim().slice(match[0].length)}` });
}
