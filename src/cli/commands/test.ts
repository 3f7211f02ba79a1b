/**
 * `wf test [args...]`: the project's tests, on Node's test runner, with TypeScript loaded
 * as `wf` loads it (config classes' decorators included). Without a file or pattern it runs
 * `test/**\/*.test.ts`; every other argument goes to `node --test` as it is.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";

/** `webfluid/register`, the loader `wf` itself runs with. */
const REGISTER = fileURLToPath(new URL("../../../bin/register.js", import.meta.url));
const DEFAULT_PATTERN = "test/**/*.test.ts";

export function registerTest(program: Command): void {
  program
    .command("test")
    .description(`run the project's tests with Node's test runner (default: ${DEFAULT_PATTERN}); other arguments go to node --test`)
    .argument("[args...]", "test files or patterns, and node --test options such as --test-name-pattern=health")
    .allowUnknownOption()
    .addHelpText("after", "\nExamples:\n  wf test\n  wf test test/app.test.ts\n  wf test --test-name-pattern=health")
    .action((args: string[]) => {
      const files = args.some((arg) => !arg.startsWith("-")) ? [] : [DEFAULT_PATTERN];
      // A run of its own, even when started from inside another test run (which would
      // otherwise make it report to that run instead of the terminal).
      const { NODE_TEST_CONTEXT: _, ...env } = process.env;
      const run = spawnSync(process.execPath, ["--import", REGISTER, "--test", ...args, ...files], { stdio: "inherit", env });
      process.exitCode = run.status ?? 1;
    });
}
