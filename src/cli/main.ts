/** The `wf` program: commands are registered here and kept thin (parse, call, print). */
import { readFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { ignoreTerminalInterrupt } from "../config/process-env.ts";
import { registerConfig } from "./commands/config.ts";
import { registerExt } from "./commands/ext.ts";
import { registerJobs } from "./commands/jobs.ts";
import { registerMail } from "./commands/mail.ts";
import { registerMigrate } from "./commands/migrate.ts";
import { registerNew } from "./commands/new.ts";
import { registerOpenapi } from "./commands/openapi.ts";
import { registerRoutes } from "./commands/routes.ts";
import { registerRun } from "./commands/run.ts";
import { registerTest } from "./commands/test.ts";
import { reportError } from "./output.ts";

export function buildProgram(): Command {
  const program = new Command("wf")
    .description("WebFluid: run apps and manage their migrations")
    .version(packageVersion(), "-V, --version", "print the version of WebFluid")
    .option("--debug", "print stack traces with errors")
    .showHelpAfterError("(wf <command> --help shows its options)")
    .exitOverride();
  registerRun(program);
  registerConfig(program);
  registerRoutes(program);
  registerOpenapi(program);
  registerNew(program);
  registerJobs(program);
  registerMail(program);
  registerMigrate(program);
  registerExt(program);
  registerTest(program);
  return program;
}

/** The version of the running WebFluid (src/cli and dist/cli both sit two levels below package.json). */
function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}

/** Runs `wf` with `argv` (process.argv form); sets the exit code, never throws. */
export async function main(argv: readonly string[]): Promise<void> {
  // The --reload supervisor's IPC channel must not keep a child alive that failed to
  // start (cluster workers need theirs: the primary shares the listening socket over it).
  // node:cluster (with net, dgram and child_process) loads only in such children.
  if (process.channel && !(await import("node:cluster")).default.isWorker) process.channel.unref();
  ignoreTerminalInterrupt();
  const program = buildProgram();
  try {
    await program.parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode;
      return;
    }
    process.exitCode = reportError(error, argv.includes("--debug"));
    // A cluster worker's IPC channel stays referenced (see above), so a worker that failed
    // to start would live on and its supervisor would wait for it forever.
    if (process.channel) process.exit();
  }
}
