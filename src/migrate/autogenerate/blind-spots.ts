/**
 * What autogenerate cannot compare, said out loud: the fixed limits of the comparison on each
 * database, and the objects found in the database that models do not manage (left alone).
 */
import type { DatabaseSchema } from "@mikro-orm/sql";
import type { Dialect } from "../vocabulary/index.ts";

/** One thing autogenerate did not (or cannot) compare. */
export interface BlindSpot {
  /** What kind of object, e.g. `"triggers"`, `"string lengths"`. */
  readonly object: string;
  /** The table concerned, for findings about one table. */
  readonly table?: string;
  /** One line: what is not compared and what to do about it. */
  readonly detail: string;
}

const EVERYWHERE: readonly BlindSpot[] = [
  { object: "renames", detail: "a renamed table or column looks like a drop plus a create; likely column renames are warned about, never applied by guess" },
  { object: "column order", detail: "the position of columns within a table is not compared" },
  { object: "views, routines, sequences", detail: "views, stored procedures/functions and standalone sequences are not compared with models and are left alone" },
  { object: "default expressions", detail: "literal server defaults are compared by value, expressions as SQL text: equivalent expressions spelled differently show as changes" },
  {
    object: "check expressions",
    detail: "checks are compared by name and SQL text as the database reports it: a database that rewrites an expression its own way can show a check as changed; review it",
  },
  { object: "data", detail: "rows are never compared; write data migrations by hand with op.execute / op.bulkInsert / op.query" },
];

const BY_DIALECT: Record<Dialect, readonly BlindSpot[]> = {
  sqlite: [
    { object: "comments", detail: "SQLite keeps no table or column comments: comment operations do nothing there and comments are not compared" },
    {
      object: "lengths and precision",
      detail:
        "SQLite lengths and precision are compared from declared types: a string column declared text (by MikroORM's own DDL or an older revision) shows no length, and time/datetime fractional digits are not declared",
    },
    { object: "storage classes", detail: "SQLite stores booleans and small integers as integer and uuids as text: changes among those types are invisible" },
    { object: "foreign key names", detail: "SQLite keeps no constraint names: foreign keys are named after their columns when read back" },
  ],
  postgresql: [
    {
      object: "native enum types",
      detail: "CREATE TYPE ... AS ENUM types are compared through the columns using them (enumType); a type no model column uses is left alone",
    },
    { object: "other schemas", detail: "only the models' schema is compared; tables in other schemas (e.g. pg-boss's) are ignored" },
  ],
  mysql: [
    { object: "table options", detail: "storage engine, character set and table collation are not compared" },
    { object: "MariaDB json", detail: "MariaDB stores json as longtext with a json_valid() check; that check is read as part of the json type" },
  ],
};

/** The fixed limits of the comparison on a database. */
export function knownBlindSpots(dialect: Dialect): BlindSpot[] {
  return [...EVERYWHERE, ...BY_DIALECT[dialect]];
}

/**
 * Removes from the live schema what exists in the database but not in the models and that
 * autogenerate must not drop (triggers, row level security policies, views, native enums),
 * and reports each one.
 */
export function setAsideUnmanaged(live: DatabaseSchema, models: DatabaseSchema): BlindSpot[] {
  const found: BlindSpot[] = [];
  for (const table of live.getTables()) {
    const model = models.getTables().find((t) => t.name === table.name);
    if (!model) continue;
    const triggers = table.getTriggers().filter((t) => !model.hasTrigger(t.name));
    if (triggers.length > 0) {
      table.setTriggers(table.getTriggers().filter((t) => model.hasTrigger(t.name)));
      for (const trigger of triggers) {
        found.push({ object: "triggers", table: table.name, detail: `trigger ${trigger.name} on ${table.name} is not in the models: left alone` });
      }
    }
    const policies = table.getPolicies().filter((p) => !model.hasPolicy(p.name));
    if (policies.length > 0) {
      table.setPolicies(table.getPolicies().filter((p) => model.hasPolicy(p.name)));
      for (const policy of policies) {
        found.push({ object: "policies", table: table.name, detail: `policy ${policy.name} on ${table.name} is not in the models: left alone` });
      }
    }
    if (table.rlsEnabled && !model.rlsEnabled) {
      table.rlsEnabled = false;
      table.rlsForced = false;
      found.push({ object: "row level security", table: table.name, detail: `row level security on ${table.name} is not in the models: left on` });
    }
  }
  for (const view of live.getViews()) {
    if (!models.hasView(view.name)) found.push({ object: "views", detail: `view ${view.name} is not in the models: left alone` });
  }
  for (const name of Object.keys(live.getNativeEnums())) {
    if (!models.hasNativeEnum(name)) found.push({ object: "native enum types", detail: `type ${name} is not in the models: left alone` });
  }
  return found;
}
