/**
 * The project `wf new` writes: the tutorial example (examples/tutorial, shipped with the
 * package) without what running it produced or what the tutorial adds later, so that the
 * seed's sequence (`wf migrate init app`, `revision -a`, `upgrade`, `run`) works verbatim.
 */
import { randomBytes } from "node:crypto";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join, relative, sep } from "node:path";

/** Written as the project's .gitignore (npm never packs a .gitignore, so it cannot ship as a file). */
const GITIGNORE = `node_modules/
# SQLite databases the app configs create
*.db
*.db-journal
*.db-wal
*.db-shm
`;

/** Left out, relative to the example: its migrations, its second app config, run-time files. */
const LEFT_OUT = [/^additives$/, /^app_configs[\\/]app2\.ini$/, /(^|[\\/])node_modules$/, /\.db(-journal|-wal|-shm)?$/];

/**
 * Copies the starter from `template` into `target` (an empty or missing folder), named after
 * the folder and depending on WebFluid through `webfluidSpec`.
 */
export function writeStarter(template: string, target: string, webfluidSpec: string): void {
  cpSync(template, target, {
    recursive: true,
    filter: (source) => !LEFT_OUT.some((pattern) => pattern.test(relative(template, source))),
  });
  const pkgFile = join(target, "package.json");
  const pkg = JSON.parse(readFileSync(pkgFile, "utf8")) as Record<string, unknown>;
  pkg.name = packageName(target);
  pkg.dependencies = { ...(pkg.dependencies as Record<string, string>), webfluid: webfluidSpec };
  writeFileSync(pkgFile, `${JSON.stringify(pkg, null, 2)}\n`);
  writeFileSync(join(target, ".gitignore"), GITIGNORE);
  writeSecretKey(join(target, "app_configs", "app.ini"));
}

/** Gives the project a SECRET_KEY of its own, in place of the example's development key. */
function writeSecretKey(iniFile: string): void {
  const key = randomBytes(32).toString("hex");
  const ini = readFileSync(iniFile, "utf8").replace(/^SECRET_KEY = .*$/m, `SECRET_KEY = \${SECRET_KEY:-${key}}`);
  writeFileSync(iniFile, ini);
}

/** A valid npm package name from the folder's name. */
function packageName(target: string): string {
  const name = basename(target).toLowerCase().replace(/[^a-z0-9._-]+/g, "-").replace(/^[._-]+/, "");
  return name || "webfluid-app";
}

/** The commands to run next, as they work when typed from the folder `wf new` ran in. */
export function nextSteps(dir: string): string {
  const cd = dir.split(sep).join("/");
  return [
    `cd ${/\s/.test(cd) ? JSON.stringify(cd) : cd}`,
    "npm install",
    "npx wf migrate init app",
    "npx wf migrate revision app -a",
    "npx wf migrate upgrade app",
    "npx wf run app                   # then open http://127.0.0.1:8000",
  ].join("\n  ");
}
