/**
 * Version rows whose revision has no file in this app config's migrations: a file deleted
 * (or on a branch not merged here), or rows of another history altogether, most often
 * another app config that shares the database for the bind. Both are told apart by looking
 * for the ids in the other app configs' migrations folders, so the message names the cause.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import type { AppliedRevision } from "../runtime/version-table.ts";
import { MIGRATIONS_DIR } from "../script/script-directory.ts";
import type { ScriptDirectory } from "../script/script-directory.ts";
import type { MigrateContext } from "./context.ts";

/** What is known of a bind's version rows that have no revision file here. */
export interface UnknownRows {
  readonly bind: string;
  /** The ids, in the version table's order. */
  readonly ids: readonly string[];
  /** Ids found in another app config's migrations: id -> that app config. */
  readonly owners: ReadonlyMap<string, string>;
  /** True when the rows belong to another history rather than to missing files of this one. */
  readonly otherHistory: boolean;
  /** One line saying what and how to fix it (without the bind prefix). */
  readonly message: string;
}

/** The bind's rows without a file here, or undefined when every applied revision has one. */
export function unknownRows(ctx: MigrateContext, script: ScriptDirectory, bind: string, applied: ReadonlyMap<string, AppliedRevision>): UnknownRows | undefined {
  const ids = [...applied.keys()].filter((id) => !script.graph.has(id));
  if (ids.length === 0) return undefined;
  const owners = new Map<string, string>();
  const elsewhere = revisionsOfOtherApps(ctx.root, ctx.app);
  for (const id of ids) {
    const owner = elsewhere.get(id);
    if (owner) owners.set(id, owner.app);
  }
  const known = applied.size - ids.length;
  const otherHistory = owners.size > 0 || (known === 0 && script.graph.revisions(bind).length > 0);
  if (!otherHistory) {
    const list = ids.join(", ");
    return {
      bind,
      ids,
      owners,
      otherHistory,
      message: `revision${ids.length > 1 ? "s" : ""} ${list} ${ids.length > 1 ? "are" : "is"} applied but ${ids.length > 1 ? "their files are" : "its file is"} gone; restore ${ids.length > 1 ? "them" : "it"} from version control`,
    };
  }
  const where = describeBind(ctx, bind);
  const others = [...new Set(owners.values())];
  const whose =
    others.length > 0
      ? `revision(s) ${ids.join(", ")} recorded there belong to app config ${others.map((app) => `"${app}"`).join(", ")} (${[...owners.keys()].map((id) => elsewhere.get(id)!.shown).join(", ")}), not to "${ctx.app}"`
      : `none of the ${ids.length} revision(s) recorded there (${ids.join(", ")}) is in ${relative(ctx.root, script.dir)}/${bind}`;
  const sharing = others.length > 0 ? `app configs "${ctx.app}" and ${others.map((app) => `"${app}"`).join(", ")} share one database` : `another app config (or project) shares this database`;
  // A config class sets it for every app config of the package (an ini's [binds] for its own only).
  const configClass = /^config class (\S+)/.exec(ctx.config.entry("SQLALCHEMY_BINDS")?.source ?? "")?.[1];
  const fromShared = configClass ? ` (SQLALCHEMY_BINDS is set by config class ${configClass} in ${ctx.config.get("PACKAGE")}/config.ts, which every app config loads)` : "";
  return {
    bind,
    ids,
    owners,
    otherHistory,
    message:
      `the version rows of bind "${bind}" (${where}) belong to another history: ${whose}; ` +
      `${sharing} for bind "${bind}"${fromShared}; give each app config a database of its own for the bind ` +
      `(e.g. a [binds] section in app_configs/${ctx.app}.ini), or migrate that database from one app config only`,
  };
}

/** "sqlite at /path/test.db" for a bind, as the database layer describes its target. */
function describeBind(ctx: MigrateContext, bind: string): string {
  try {
    const { target, key } = ctx.database.bindTarget(bind);
    return `${target.dialect} at ${target.location}, from ${key}`;
  } catch {
    return "its database";
  }
}

/** Every revision id in the other app configs' migrations folders, with the file that defines it. */
function revisionsOfOtherApps(root: string, app: string): Map<string, { app: string; shown: string }> {
  const found = new Map<string, { app: string; shown: string }>();
  const base = join(root, MIGRATIONS_DIR);
  if (!existsSync(base)) return found;
  for (const other of readdirSync(base, { withFileTypes: true })) {
    if (!other.isDirectory() || other.name === app) continue;
    const dir = join(base, other.name);
    for (const bind of readdirSync(dir, { withFileTypes: true })) {
      const versions = join(dir, bind.name, "versions");
      if (!bind.isDirectory() || !existsSync(versions)) continue;
      for (const name of readdirSync(versions)) {
        const file = join(versions, name);
        const id = /^export const revision(?::[^=]+)? = "([\w-]+)"/m.exec(safeRead(file))?.[1];
        if (id && !found.has(id)) found.set(id, { app: other.name, shown: relative(root, file) });
      }
    }
  }
  return found;
}

function safeRead(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}
