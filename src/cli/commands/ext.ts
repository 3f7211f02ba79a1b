/** `wf ext <app> [command] [args...]`: commands that the app's extensions add. */
import type { Command } from "commander";
import { loadApp } from "../load-app.ts";
import { ExtError, ExtErrorCode } from "../../ext/errors.ts";
import { table } from "../output.ts";

export function registerExt(program: Command): void {
  program
    .command("ext")
    .description("run a command an extension of the app adds; without a command, list them")
    .argument("<app>", "app config name, e.g. app for app_configs/app.ini")
    .argument("[command]", "the extension's command")
    .argument("[args...]", "passed to the command")
    .allowUnknownOption()
    .addHelpText("after", "\nExamples:\n  wf ext app            # lists the commands\n  wf ext app bar")
    .action(async (name: string, command: string | undefined, args: string[]) => {
      const app = await loadApp({ name });
      const commands = app.extensions().flatMap((extension) =>
        Object.entries(extension.commands).map(([commandName, spec]) => ({ name: commandName, extension: extension.name, spec })),
      );
      if (!command) {
        process.stdout.write(`${table(commands.map((c) => [c.name, c.extension, c.spec.description]), ["COMMAND", "EXTENSION", "DESCRIPTION"])}\n`);
        return;
      }
      const found = commands.find((c) => c.name === command);
      if (!found) {
        throw new ExtError(
          ExtErrorCode.UNKNOWN_COMMAND,
          `no extension of "${name}" has a command "${command}"; available: ${commands.map((c) => c.name).join(", ") || "none"}`,
        );
      }
      const code = await app.run(() => found.spec.run(app, args));
      if (typeof code === "number") process.exitCode = code;
    });
}
