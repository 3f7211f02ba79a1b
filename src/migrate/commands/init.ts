/** `wf migrate init <app>`: enroll the single-db or multi-db template. */
import { MigrateError } from "../errors.ts";
import { ScriptDirectory } from "../script/script-directory.ts";
import type { TemplateName } from "../script/templates.ts";
import type { MigrateContext } from "./context.ts";

/** Options of {@link init}: force a template (giving both is `WF_ERR_MIGRATE_BAD_OPTION`). */
export interface InitOptions {
  readonly multidb?: boolean;
  readonly singledb?: boolean;
}

/** What {@link init} did: the template it enrolled and the paths it created. */
export interface InitResult {
  readonly template: TemplateName;
  readonly created: readonly string[];
}

/** Single-db when the app config has no binds besides DATABASE_URI, multi-db otherwise. */
export function init(ctx: MigrateContext, options: InitOptions = {}): InitResult {
  if (options.multidb && options.singledb) {
    throw new MigrateError("WF_ERR_MIGRATE_BAD_OPTION", "--multidb and --singledb exclude each other; give one");
  }
  const template: TemplateName = options.multidb ? "multi-db" : options.singledb ? "single-db" : ctx.binds.length > 1 ? "multi-db" : "single-db";
  const created = ScriptDirectory.init(ctx.root, ctx.app, template, ctx.binds);
  ctx.out(`initialized migrations for "${ctx.app}" with the ${template} template (binds: ${ctx.binds.join(", ")})`);
  for (const path of created) ctx.out(`  created ${path}`);
  ctx.out(`next: wf migrate revision ${ctx.app} -a -m "first revision"`);
  return { template, created };
}
