/**
 * On a Node older than 22.18, every way into WebFluid (`wf`, so `npm start`, `npm run dev` and
 * `npm test` of a new project, and `node --import webfluid/register`) stops with one line that
 * says what to install. Runs where an older node is installed (Debian's /usr/bin/node is 20).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { REPO_ROOT, WF_BIN } from "../support/project.ts";

const OLD_NODE = process.env.WF_TEST_OLD_NODE ?? "/usr/bin/node";

function oldVersion(): string | undefined {
  if (!existsSync(OLD_NODE)) return undefined;
  const version = spawnSync(OLD_NODE, ["-p", "process.versions.node"], { encoding: "utf8" }).stdout.trim();
  const [major = 0, minor = 0] = version.split(".").map(Number);
  return major < 22 || (major === 22 && minor < 18) ? version : undefined;
}

const version = oldVersion();
const skip = version ? false : `no Node older than 22.18 at ${OLD_NODE} (set WF_TEST_OLD_NODE to one)`;

test("wf and webfluid/register say in one line which Node to install", { skip }, () => {
  const LINE = new RegExp(`^error: (wf|WebFluid) needs Node\\.js >= 22\\.18 \\(this is v${version!.replaceAll(".", "\\.")}\\); install Node\\.js 24 LTS .*\\n$`);
  for (const args of [[WF_BIN, "--help"], [WF_BIN, "test"], ["--import", join(REPO_ROOT, "bin", "register.js"), "-e", "1"]]) {
    const run = spawnSync(OLD_NODE, args, { encoding: "utf8", env: { PATH: process.env.PATH ?? "" } });
    assert.equal(run.status, 1, args.join(" "));
    assert.equal(run.stdout, "");
    assert.match(run.stderr, LINE, args.join(" "));
  }
});
