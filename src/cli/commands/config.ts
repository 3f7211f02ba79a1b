/** `wf config <app>`: the effective configuration, each key with its source. */
import type { Command } from "commander";
import { table } from "../output.ts";

export function registerConfig(program: Command): void {
  program
    .command("config")
    .description("print the effective config of an app config: every key, its value and where it came from (secrets masked)")
    .argument("<app>", "app config name, e.g. app for app_configs/app.ini")
    .option("--json", "print JSON: { KEY: { value, source } }")
    .addHelpText("after", "\nExamples:\n  wf config app\n  WF_PORT=9000 wf config app --json")
    .action(async (name: string, options: { json?: boolean }) => {
      // Loaded here, not when `wf` starts: config and the extension table cost every command ~30 ms.
      await import("../../builtins.ts");
      const [{ loadConfig, maskValue, misspelledKeys }, { enabledExtensions }] = await Promise.all([import("../../config/index.ts"), import("../../ext/index.ts")]);
      const config = await loadConfig({ name });
      for (const extension of await enabledExtensions(config)) {
        config.addDefaults(`extension ${extension.name}`, extension.defaults);
      }
      for (const warning of misspelledKeys(config)) process.stderr.write(`warning: ${warning}\n`);
      const entries = config.entries().map((e) => ({ ...e, value: maskValue(e.key, e.value) }));
      if (options.json) {
        const json = Object.fromEntries(entries.map((e) => [e.key, { value: e.value ?? null, source: e.source }]));
        process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
        return;
      }
      const rows = entries.map((e) => [e.key, e.value === undefined ? "" : JSON.stringify(e.value), e.source]);
      process.stdout.write(`${table(rows, ["KEY", "VALUE", "SOURCE"])}\n`);
    });
}
