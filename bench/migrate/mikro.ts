/**
 * The reference: MikroORM's own Migrator (`@mikro-orm/migrations`) driven by hand, as a
 * MikroORM user's script would, in a child process of its own (so that start-up is paid
 * as `wf` pays it).
 *
 *   node bench/migrate/mikro.ts '<json job>'   (Node's own type stripping)
 *
 * job: { op: "create" | "up" | "status", dialect, uri, migrations (folder), entities? (file) }
 *   create  migrator.create()   -- diff the entities against the live database, write a migration
 *   up      migrator.up()       -- apply every pending migration (all-or-nothing transaction)
 *   status  migrator.getExecuted() + getPending()  -- what `current` answers
 *   perMigration: true  -- `allOrNothing: false` (one transaction per migration, not one for the run)
 *
 * Prints one JSON line last: phase timings in ms, measured from process start
 * (`performance.timeOrigin`), so that start-up (node + loader) shows as `boot`.
 */
import { pathToFileURL } from "node:url";
import { phaseClock } from "./phases.ts";

interface Job {
  readonly op: "create" | "up" | "status";
  readonly dialect: "sqlite" | "postgresql";
  /** A file path (SQLite) or a postgresql:// URL. */
  readonly uri: string;
  readonly migrations: string;
  readonly entities?: string;
  /** MikroORM's `allOrNothing: false`: each migration commits in its own transaction (as WebFluid's revisions). */
  readonly perMigration?: boolean;
}

const job = JSON.parse(process.argv[2]!) as Job;
const { mark, print } = phaseClock();

const { MikroORM } = await import("@mikro-orm/core");
const { Migrator } = await import("@mikro-orm/migrations");
const driver =
  job.dialect === "sqlite" ? (await import("@mikro-orm/sqlite")).SqliteDriver : (await import("@mikro-orm/postgresql")).PostgreSqlDriver;
mark("import");
const entities = job.entities ? ((await import(pathToFileURL(job.entities).href)) as { entities: unknown[] }).entities : [];
mark("entities");

const orm = await MikroORM.init({
  driver: driver as never,
  ...(job.dialect === "sqlite" ? { dbName: job.uri } : { clientUrl: job.uri }),
  entities: entities as never[],
  extensions: [Migrator],
  discovery: { warnWhenNoEntities: false },
  ensureDatabase: false,
  migrations: { path: job.migrations, pathTs: job.migrations, glob: "!(*.d).{js,ts}", ...(job.perMigration ? { allOrNothing: false } : {}) },
});
await orm.connect();
mark("init");

let detail: unknown;
try {
  const migrator = orm.migrator;
  if (job.op === "create") {
    const result = await migrator.create();
    detail = { file: result.fileName, statements: result.diff.up.filter(Boolean).length };
  } else if (job.op === "up") {
    detail = { applied: (await migrator.up()).length };
  } else {
    const executed = await migrator.getExecuted();
    const pending = await migrator.getPending();
    detail = { executed: executed.length, pending: pending.length, current: executed.at(-1)?.name };
  }
  mark("work");
} finally {
  await orm.close(true);
}
mark("close");
print(detail);
