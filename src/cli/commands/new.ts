/** `wf new <dir>`: a new project, copied from the tutorial example. */
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import { CliError, CliErrorCode } from "../errors.ts";

const PACKAGE_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const TEMPLATE = join(PACKAGE_ROOT, "examples", "tutorial");
/** Made by running the example, not part of it. */
const SKIPPED = /(^|[\\/])node_modules$|\.db(-journal|-wal|-shm)?$/;

export function registerNew(program: Command): void {
  program
    .command("new")
    .description("create a new WebFluid project in <dir> (an empty or missing folder)")
    .argument("<dir>", "folder to create the project in")
    .addHelpText("after", "\nExample:\n  wf new myproject && cd myproject && npm install && npx wf migrate upgrade app && npx wf run app")
    .action((dir: string) => {
      const target = resolve(dir);
      if (existsSync(target) && readdirSync(target).length > 0) {
        throw new CliError(CliErrorCode.TARGET_NOT_EMPTY, `${dir} is not empty; choose a new folder name, or empty it first`);
      }
      cpSync(TEMPLATE, target, {
        recursive: true,
        filter: (source) => !SKIPPED.test(relative(TEMPLATE, source)),
      });
      const own = JSON.parse(readFileSync(join(PACKAGE_ROOT, "package.json"), "utf8")) as { version: string };
      const pkgFile = join(target, "package.json");
      const pkg = JSON.parse(readFileSync(pkgFile, "utf8")) as Record<string, unknown>;
      pkg.name = basename(target).toLowerCase().replace(/[^a-z0-9-]+/g, "-");
      pkg.dependencies = { ...(pkg.dependencies as object), webfluid: `^${own.version}` };
      writeFileSync(pkgFile, `${JSON.stringify(pkg, null, 2)}\n`);
      process.stdout.write(
        `created ${dir}\nnext:\n  cd ${dir}\n  npm install\n  npx wf migrate upgrade app   # creates app.db (SQLite)\n  npx wf run app               # then open http://127.0.0.1:8000\n`,
      );
    });
}
