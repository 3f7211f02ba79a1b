/**
 * `wf migrate <command> --help`: every command has a usage line and an example. Read from the
 * `wf` program in this process (the same commander tree bin/wf.js runs), which spares a
 * `wf` start-up per command.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { buildProgram } from "../../src/cli/main.ts";

const COMMANDS = ["init", "revision", "migrate", "upgrade", "downgrade", "current", "history", "heads", "branches", "show", "stamp", "merge", "check", "status", "resolve"];

test("every migrate command has --help with its usage and an example", () => {
  const migrate = buildProgram().commands.find((command) => command.name() === "migrate");
  assert.ok(migrate, "wf has a migrate command");
  assert.deepEqual(migrate.commands.map((command) => command.name()).sort(), [...COMMANDS].sort(), "the documented commands, no more");
  for (const command of migrate.commands) {
    let help = "";
    command.configureOutput({ writeOut: (text) => void (help += text) });
    command.outputHelp();
    assert.match(help, new RegExp(`^Usage: wf migrate ${command.name()} `, "m"), command.name());
    assert.match(help, /<app>/, `${command.name()} takes the app config`);
    assert.match(help, /^Examples?:\n {2}wf migrate /m, command.name());
  }
});
