/** `wf openapi <app>`: prints the app's OpenAPI document, for client generators; starts nothing. */
import type { Command } from "commander";

export function registerOpenapi(program: Command): void {
  program
    .command("openapi")
    .description("print the OpenAPI 3.1 document of an app config (imports main.ts and calls the factory; starts nothing)")
    .argument("<app>", "app config name, e.g. app for app_configs/app.ini")
    .option("--compact", "print the JSON on one line")
    .addHelpText("after", "\nExamples:\n  wf openapi app > openapi.json\n  wf openapi app --compact")
    .action(async (name: string, options: { compact?: boolean }) => {
      const { loadApp } = await import("../../app/index.ts");
      const app = await loadApp({ name });
      const document = app.openapi();
      process.stdout.write(`${JSON.stringify(document, null, options.compact ? undefined : 2)}\n`);
    });
}
