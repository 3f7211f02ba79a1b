/**
 * WebFluid as a dependency, as a new user meets it: `wf new` (from this checkout, which packs
 * WebFluid into a tarball), `npm install` in a folder outside the repository, the project's
 * own type-check and tests, and the seed's single-db sequence typed as `wf new` printed it.
 * Nothing here runs on the repository's sources: the project installs the packed build.
 */
import assert from "node:assert/strict";
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { freePort, ServingChild } from "../support/processes.ts";
import { WF_BIN } from "../support/project.ts";

const parent = mkdtempSync(join(tmpdir(), "wf-newproject-"));
after(() => rmSync(parent, { recursive: true, force: true }));

/** The user's shell: no WF_* overrides, and none of this repository's source conditions. */
const env: NodeJS.ProcessEnv = Object.fromEntries(
  Object.entries({ ...process.env, XDG_CACHE_HOME: join(parent, "cache") }).filter(
    ([key]) => !key.startsWith("WF_") && key !== "NODE_OPTIONS" && key !== "NODE_TEST_CONTEXT",
  ),
);

function run(command: string, args: readonly string[], cwd: string, timeoutMs = 300_000): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { cwd, env, encoding: "utf8", timeout: timeoutMs });
  assert.equal(result.status, 0, `${command} ${args.join(" ")} in ${cwd} exited with ${result.status}:\n${result.stdout}\n${result.stderr}`);
  return result;
}

// Installs from the npm registry and builds: minutes under a loaded CI, hence its own timeout.
test("wf new, npm install, typecheck, the seed's sequence as printed, and the project's npm test", { timeout: 480_000 }, async (t) => {
  const started = performance.now();
  const created = run(process.execPath, [WF_BIN, "new", "myproject"], parent);
  const spec = /^created myproject \(webfluid: file:(.+\.tgz)\)$/m.exec(created.stdout)?.[1];
  assert.ok(spec, `wf new names the packed tarball it depends on:\n${created.stdout}`);
  assert.ok(spec.startsWith(join(parent, "cache", "webfluid", "packages")), spec);

  // The tarball: the build, its declarations, the bin, docs and the starter; nothing else.
  const files = run("tar", ["-tzf", spec], parent).stdout.trim().split("\n").map((f) => f.replace(/^package\//, ""));
  for (const needed of ["package.json", "README.md", "LICENSE", "bin/wf.js", "bin/register.js", "dist/index.js", "dist/index.d.ts", "dist/index.js.map", "dist/db/index.d.ts", "dist/cli/main.js", "docs/migrate.md", "examples/tutorial/fluid/main.ts"]) {
    assert.ok(files.includes(needed), `the tarball holds ${needed}`);
  }
  const unwanted = files.filter((f) => /^(src|test|bench|scripts|\.ci)\/|\.db(-\w+)?$|(^|\/)additives\/|app2\.ini$|\.tsbuildinfo$/.test(f));
  assert.deepEqual(unwanted, [], "no sources, tests, benches, databases or the tutorial's migrations");

  // The next commands, exactly as wf new printed them.
  const steps = created.stdout.split("next:\n")[1]!.trim().split("\n").map((line) => line.replace(/#.*$/, "").trim());
  assert.equal(steps[0], "cd myproject");
  const project = join(parent, "myproject");
  const serve = steps.pop();
  assert.equal(serve, "npx wf run app");
  for (const step of steps.slice(1)) {
    const [command, ...args] = step.split(" ");
    run(command!, args, project);
  }
  t.diagnostic(`wf new + npm install + init/revision/upgrade: ${Math.round(performance.now() - started)} ms`);

  run("npm", ["run", "typecheck"], project);
  // The declarations stand on their own: nothing to add by hand, even with library checks on.
  run("npx", ["tsc", "--noEmit", "--skipLibCheck", "false"], project);

  // npx wf run app, in the user's shell (no source condition, no WF_* overrides).
  const port = await freePort();
  const server = new ServingChild("npx", ["wf", "run", "app", "--port", String(port)], {
    cwd: project,
    env: { NODE_OPTIONS: "", XDG_CACHE_HOME: env.XDG_CACHE_HOME! },
    port,
    detached: true,
  });
  try {
    await server.ready("/health", "npx wf run app", 60_000);
    assert.deepEqual(await (await fetch(`${server.url}/health`)).json(), { status: "ok" });
    const posted = await fetch(`${server.url}/my-model`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ value: "packed" }) });
    assert.equal(posted.status, 200);
    const { model_id } = (await posted.json()) as { model_id: number };
    const read = (await (await fetch(`${server.url}/my-model?id=${model_id}`)).json()) as { value: string };
    assert.equal(read.value, "packed");
  } finally {
    if (server.running) server.signalGroup("SIGTERM");
    await server.exited();
  }

  const tested = run("npm", ["test"], project);
  assert.match(tested.stdout, /^ℹ fail 0$/m);
  assert.equal(JSON.parse(readFileSync(join(project, "package.json"), "utf8")).dependencies.webfluid, `file:${spec}`);
  t.diagnostic(`whole test: ${Math.round(performance.now() - started)} ms`);
});
