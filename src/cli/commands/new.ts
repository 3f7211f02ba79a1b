/** `wf new <dir>`: a new project, from the starter WebFluid ships. */
import { existsSync, readdirSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import { CliError, CliErrorCode } from "../errors.ts";
import { nextSteps, writeStarter } from "../starter.ts";
import { webfluidSpec } from "../webfluid-spec.ts";

/** The package's root: src/cli/commands/ in a checkout, dist/cli/commands/ once built. */
const PACKAGE_ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const TEMPLATE = resolve(PACKAGE_ROOT, "examples", "tutorial");

export function registerNew(program: Command): void {
  program
    .command("new")
    .description("create a new WebFluid project in <dir> (an empty or missing folder)")
    .argument("<dir>", "folder to create the project in")
    .option("--webfluid <spec>", "the npm spec the project depends on WebFluid by (default: the version, tarball or checkout this wf runs from)")
    .addHelpText("after", "\nExample:\n  wf new myproject\n  wf new myproject --webfluid file:../webfluid-0.1.0.tgz")
    .action((dir: string, options: { webfluid?: string }) => {
      const target = resolve(dir);
      if (existsSync(target) && readdirSync(target).length > 0) {
        throw new CliError(CliErrorCode.TARGET_NOT_EMPTY, `${dir} is not empty; choose a new folder name, or empty it first`);
      }
      const spec = options.webfluid ?? webfluidSpec(PACKAGE_ROOT, (line) => process.stderr.write(`${line}\n`));
      writeStarter(TEMPLATE, target, spec);
      process.stdout.write(`created ${dir} (webfluid: ${spec})\nnext:\n  ${nextSteps(dir)}\n`);
    });
}
