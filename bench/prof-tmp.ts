import { join } from "node:path";
import { makeProject, node, REPO_ROOT } from "./migrate/harness.ts";
import { modelSpecs, webfluidModels } from "./migrate/generate.ts";
const root = "/tmp/wf-prof-models";
const project = makeProject(root, { "fluid/models.ts": webfluidModels(modelSpecs(200)) });
await node([join(REPO_ROOT, "bin/wf.js"), "migrate", "init", "app"], { cwd: project, env: { DATABASE_URI: `sqlite:///${root}/x.db` } }).catch(() => undefined);
for (let i = 0; i < 3; i++) {
  const r = await node(["--cpu-prof", "--cpu-prof-dir", `${root}/prof`, "--import", join(REPO_ROOT, "bin/typescript-hooks.js"), join(REPO_ROOT, "bench/migrate/wf-inproc.ts"), JSON.stringify({ op: "revision" })], { cwd: project, env: { DATABASE_URI: `sqlite:///${root}/x${i}.db` } });
  console.log(r.stdout.trim().split("\n").at(-1));
  await node(["-e", `require("fs").rmSync("${root}/additives/migrations/app/default/versions", { recursive: true, force: true }); require("fs").mkdirSync("${root}/additives/migrations/app/default/versions")`], { cwd: project });
}
