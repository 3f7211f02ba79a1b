/**
 * Migrate bench: WebFluid's `wf migrate` beside MikroORM's own Migrator
 * (`@mikro-orm/migrations`) doing the same work by hand, in the same run, on SQLite and
 * PostgreSQL.
 *
 *   node --import tsx bench/migrate.ts [--reps 3] [--models 200] [--chain 300]
 *        [--dialects sqlite,postgresql] [--postgres-uri URI]
 *
 * Cases (each on a fresh database, repeated --reps times, medians reported):
 *   1. `wf migrate revision app -a` autogenerating --models tables from an empty database
 *      vs `migrator.create()` for the same entities; then `wf migrate upgrade app` applying
 *      that revision vs `migrator.up()` applying MikroORM's generated migration.
 *   2. `wf migrate upgrade app` through a chain of --chain small revisions (op.* calls) vs
 *      `migrator.up()` through the same chain as MikroORM migration classes (the same SQL).
 *   3. `wf migrate current app` on the chain's database (goal: under 1 s) vs
 *      `migrator.getExecuted()` + `getPending()`.
 *
 * Each side is measured twice:
 *   - as users run it: WebFluid through the real `wf` CLI (node bin/wf.js), MikroORM through a
 *     small script (bench/migrate/mikro.ts) under Node's own type stripping (the cheapest way
 *     to run it); wall-clock from spawn to exit, start-up included;
 *   - in-process: the same child scripts time their phases (boot, imports, config/models,
 *     ORM init, the command's work, close); WebFluid through `commands.*` from
 *     `webfluid/migrate` (bench/migrate/wf-inproc.ts, under wf's own TypeScript hooks).
 * Goal: WebFluid within 1.25x of MikroORM's Migrator; `current` under 1 s.
 *
 * The chain is compared like for like, in both transaction modes: WebFluid's default
 * (`transactionMode: "per-revision"`, a commit per revision) beside MikroORM with
 * `allOrNothing: false` (a transaction per migration), and WebFluid's `per-run` beside
 * MikroORM's default (one transaction for the run).
 * Temporary folders and databases are removed at the end, also on error and Ctrl-C.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import {
  chainSteps,
  mikroEntities,
  mikroMigration,
  modelSpecs,
  webfluidModels,
  webfluidRevision,
  type Dialect,
} from "./migrate/generate.ts";
import {
  REPO_ROOT,
  WF_BIN,
  cleanup,
  compareFingerprints,
  databases,
  fingerprint,
  lastJson,
  makeProject,
  median,
  node,
  postgresProblem,
  tempRoot,
  write,
  type BenchDatabase,
  type Databases,
} from "./migrate/harness.ts";

const { values: args } = parseArgs({
  options: {
    reps: { type: "string", default: "3" },
    models: { type: "string", default: "200" },
    chain: { type: "string", default: "300" },
    dialects: { type: "string", default: "sqlite,postgresql" },
    "postgres-uri": { type: "string" },
  },
});
const REPS = Math.max(1, Number(args.reps));
const MODELS = Number(args.models);
const CHAIN = Number(args.chain);
const POSTGRES_URI = args["postgres-uri"] ?? process.env.WF_BENCH_POSTGRES_URI ?? process.env.WF_TEST_POSTGRES_URI ?? "postgresql://postgres@127.0.0.1:5432/test";
const GOAL_RATIO = 1.25;
const GOAL_CURRENT_MS = 1000;

const INPROC = join(REPO_ROOT, "bench", "migrate", "wf-inproc.ts");
const MIKRO = join(REPO_ROOT, "bench", "migrate", "mikro.ts");
/** wf's own TypeScript hooks, for the in-process WebFluid child (as `wf` loads itself). */
const WF_HOOKS = join(REPO_ROOT, "bin", "typescript-hooks.js");

type Phases = Record<string, number>;
interface Timed {
  readonly wall: number;
  readonly phases: Phases;
}

/** Every sample of one case on one dialect. */
interface Samples {
  readonly name: string;
  readonly dialect: Dialect;
  readonly wfCli: number[];
  readonly wfInproc: Timed[];
  readonly mikro: Timed[];
  /** MikroORM with `allOrNothing: false` (a transaction per migration, as WebFluid). */
  readonly mikroPerMigration: Timed[];
  /** WebFluid with env.ts `transactionMode: "per-run"` (one transaction for the run, as MikroORM's default). */
  readonly wfPerRunCli: number[];
  readonly wfPerRunInproc: Timed[];
  notes: string[];
}

const results: Samples[] = [];
function samples(name: string, dialect: Dialect): Samples {
  const s: Samples = { name, dialect, wfCli: [], wfInproc: [], mikro: [], mikroPerMigration: [], wfPerRunCli: [], wfPerRunInproc: [], notes: [] };
  results.push(s);
  return s;
}

const log = (line: string) => process.stderr.write(`${line}\n`);
const fmt = (ms: number) => (Number.isNaN(ms) ? "-" : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);

// ---------------------------------------------------------------------------------------------
// Running one side once
// ---------------------------------------------------------------------------------------------

function wfCli(project: string, db: BenchDatabase, command: readonly string[], extraNode: readonly string[] = []) {
  return node([...extraNode, WF_BIN, "migrate", ...command, "app"], { cwd: project, env: { DATABASE_URI: db.wfUri } });
}

async function wfInproc(project: string, db: BenchDatabase, op: "revision" | "upgrade" | "current"): Promise<Timed> {
  const result = await node(["--import", WF_HOOKS, INPROC, JSON.stringify({ op })], { cwd: project, env: { DATABASE_URI: db.wfUri } });
  return { wall: result.ms, phases: lastJson<{ phases: Phases }>(result.stdout).phases };
}

async function mikro(
  project: string,
  db: BenchDatabase,
  op: "create" | "up" | "status",
  migrations: string,
  entities?: string,
  variant: { perMigration?: boolean } = {},
): Promise<Timed & { detail: Record<string, unknown> }> {
  const job = { op, dialect: db.dialect, uri: db.mikroUri, migrations, entities, perMigration: variant.perMigration };
  const result = await node([MIKRO, JSON.stringify(job)], { cwd: project });
  const { phases, detail } = lastJson<{ phases: Phases; detail: Record<string, unknown> }>(result.stdout);
  return { wall: result.ms, phases, detail };
}

function emptyFolder(dir: string): void {
  if (!existsSync(dir)) {
    mkdirSync(dir, { recursive: true });
    return;
  }
  for (const name of readdirSync(dir)) rmSync(join(dir, name), { recursive: true, force: true });
}

// ---------------------------------------------------------------------------------------------
// Projects
// ---------------------------------------------------------------------------------------------

interface Projects {
  /** --models models; no revisions (each run autogenerates one). */
  readonly models: string;
  /** No models; --chain revisions; MikroORM's chain per dialect. */
  readonly chain: string;
}

async function buildProjects(root: string, dialects: readonly Dialect[]): Promise<Projects> {
  const specs = modelSpecs(MODELS);
  const models = makeProject(join(root, "models"), { "fluid/models.ts": webfluidModels(specs), "entities.ts": mikroEntities(specs) });
  const chain = makeProject(join(root, "chain"), {});
  const steps = chainSteps(CHAIN);
  for (let k = 0; k < CHAIN; k++) {
    const revision = webfluidRevision(steps, k);
    write(join(chain, "additives/migrations/app/default/versions", revision.name), revision.text);
    for (const dialect of dialects) {
      const migration = mikroMigration(dialect, steps, k);
      write(join(chain, `mikro-${dialect}`, migration.name), migration.text);
    }
  }
  // `wf migrate init` writes env.ts (and the versions folder) as users get them.
  const scratch = { dialect: "sqlite" as const, wfUri: `sqlite:///${join(root, "init.db")}`, mikroUri: "", drop: async () => {} };
  await wfCli(models, scratch, ["init"]);
  await wfCli(chain, scratch, ["init"]); // the versions folder exists already: init only refuses when env.ts does
  return { models, chain };
}

// ---------------------------------------------------------------------------------------------
// Cases
// ---------------------------------------------------------------------------------------------

/** Case 1: autogenerate + upgrade of MODELS tables. */
async function modelsCase(dialect: Dialect, dbs: Databases, project: string): Promise<void> {
  const revision = samples(`revision -a, ${MODELS} models`, dialect);
  const upgrade = samples(`upgrade, ${MODELS} tables`, dialect);
  const versions = join(project, "additives/migrations/app/default/versions");
  const mikroDir = join(project, "mikro-migrations");
  const entities = join(project, "entities.ts");
  for (let rep = 0; rep < REPS; rep++) {
    log(`  [${dialect}] ${MODELS} models, repetition ${rep + 1}/${REPS}`);
    let wfDb: BenchDatabase | undefined;

    emptyFolder(versions);
    let db = await dbs.create("wfcli");
    revision.wfCli.push((await wfCli(project, db, ["revision", "-a"])).ms);
    upgrade.wfCli.push((await wfCli(project, db, ["upgrade"])).ms);
    if (rep === 0) wfDb = db;
    else await db.drop();

    emptyFolder(versions);
    db = await dbs.create("wfinproc");
    revision.wfInproc.push(await wfInproc(project, db, "revision"));
    upgrade.wfInproc.push(await wfInproc(project, db, "upgrade"));
    await db.drop();


    emptyFolder(mikroDir);
    db = await dbs.create("mikro");
    const created = await mikro(project, db, "create", mikroDir, entities);
    revision.mikro.push(created);
    const applied = await mikro(project, db, "up", mikroDir, entities);
    upgrade.mikro.push(applied);
    if (rep === 0) {
      revision.notes.push(`MikroORM's migration: ${created.detail.statements} statements`);
      const same = compareFingerprints(await fingerprint(wfDb!), await fingerprint(db));
      upgrade.notes.push(`after upgrade: ${same.text}`);
      await wfDb!.drop();
    }
    await db.drop();

  }
  emptyFolder(versions);
  emptyFolder(mikroDir);
}

/** Case 2: upgrade through CHAIN small revisions; returns the databases left at head (for case 3). */
async function chainCase(dialect: Dialect, dbs: Databases, project: string): Promise<{ wf: BenchDatabase; mikro: BenchDatabase }> {
  const s = samples(`upgrade, chain of ${CHAIN}`, dialect);
  const mikroDir = join(project, `mikro-${dialect}`);
  const dropSnapshots = () => {
    for (const name of readdirSync(mikroDir)) if (name.startsWith(".snapshot")) rmSync(join(mikroDir, name), { force: true });
  };
  let keep: { wf: BenchDatabase; mikro: BenchDatabase } | undefined;
  // a first round warms tsx's transform cache for the revision files of both sides; not recorded
  {
    log(`  [${dialect}] chain of ${CHAIN}, warm-up`);
    const a = await dbs.create("chain_warm_wf");
    await wfCli(project, a, ["upgrade"]);
    await a.drop();
    const b = await dbs.create("chain_warm_mikro");
    await mikro(project, b, "up", mikroDir);
    dropSnapshots();
    await b.drop();
  }
  for (let rep = 1; rep <= REPS; rep++) {
    const last = rep === REPS;
    log(`  [${dialect}] chain of ${CHAIN}, repetition ${rep}/${REPS}`);

    let db = await dbs.create("chain_wfcli");
    s.wfCli.push((await wfCli(project, db, ["upgrade"])).ms);
    const wfDb = db;

    db = await dbs.create("chain_wfinproc");
    s.wfInproc.push(await wfInproc(project, db, "upgrade"));
    await db.drop();

    db = await dbs.create("chain_mikro");
    const applied = await mikro(project, db, "up", mikroDir);
    if (Number(applied.detail.applied) !== CHAIN) throw new Error(`MikroORM applied ${String(applied.detail.applied)} of ${CHAIN} migrations`);
    s.mikro.push(applied);
    dropSnapshots();
    const mikroDb = db;

    db = await dbs.create("chain_mikro_permig");
    s.mikroPerMigration.push(await mikro(project, db, "up", mikroDir, undefined, { perMigration: true }));
    dropSnapshots();
    await db.drop();

    setTransactionMode(project, "per-run");
    try {
      db = await dbs.create("chain_wf_perrun");
      s.wfPerRunCli.push((await wfCli(project, db, ["upgrade"])).ms);
      await db.drop();
      db = await dbs.create("chain_wf_perrun_inproc");
      s.wfPerRunInproc.push(await wfInproc(project, db, "upgrade"));
      await db.drop();
    } finally {
      setTransactionMode(project, "per-revision");
    }


    if (last) {
      s.notes.push(`after upgrade: ${compareFingerprints(await fingerprint(wfDb), await fingerprint(mikroDb)).text}`);
      keep = { wf: wfDb, mikro: mikroDb };
    } else {
      await wfDb.drop();
      await mikroDb.drop();
    }
  }
  return keep!;
}

/** Switches the generated project's env.ts between WebFluid's transaction modes. */
function setTransactionMode(project: string, mode: "per-revision" | "per-run"): void {
  const file = join(project, "additives/migrations/app/env.ts");
  const text = readFileSync(file, "utf8");
  const changed = text.replace(/transactionMode: "[\w-]+"/, `transactionMode: "${mode}"`);
  if (!changed.includes(`transactionMode: "${mode}"`)) throw new Error(`${file} has no transactionMode setting`);
  writeFileSync(file, changed);
}

/** Case 3: `current` with the chain at head. */
async function currentCase(dialect: Dialect, project: string, at: { wf: BenchDatabase; mikro: BenchDatabase }): Promise<void> {
  const s = samples(`current, ${CHAIN} revisions`, dialect);
  const mikroDir = join(project, `mikro-${dialect}`);
  const reps = Math.max(REPS, 4);
  for (let rep = 0; rep <= reps; rep++) {
    const record = rep > 0; // the first round is a warm-up
    const cli = await wfCli(project, at.wf, ["current"]);
    if (!cli.stdout.includes("(head)")) throw new Error(`wf migrate current did not report the head:\n${cli.stdout}`);
    if (record) s.wfCli.push(cli.ms);
    const inproc = await wfInproc(project, at.wf, "current");
    if (record) s.wfInproc.push(inproc);
    const status = await mikro(project, at.mikro, "status", mikroDir);
    if (record) s.mikro.push(status);
  }
  log(`  [${dialect}] current x${reps}`);
}

// ---------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------

function pad(text: string, width: number, right = false): string {
  return right ? text.padStart(width) : text.padEnd(width);
}

function report(): { text: string; goals: { what: string; met: boolean }[] } {
  const goals: { what: string; met: boolean }[] = [];
  const header = ["case", "dialect", "measure", "WebFluid", "MikroORM", "ratio", "goal"];
  const widths = [26, 10, 62, 10, 10, 7, 8];
  const rows: string[][] = [];
  for (const s of results) {
    const mikroWall = median(s.mikro.map((t) => t.wall));
    const mikroWork = median(s.mikro.map((t) => t.phases.work ?? Number.NaN));
    const wfWork = median(s.wfInproc.map((t) => t.phases.work ?? Number.NaN));
    const cli = median(s.wfCli);
    const ratio = (a: number, b: number) => a / b;
    const verdict = (what: string, met: boolean) => {
      goals.push({ what: `${s.name} [${s.dialect}]: ${what}`, met });
      return met ? "met" : "MISSED";
    };
    const wfStart = median(s.wfInproc.map((t) => t.wall - (t.phases.work ?? 0)));
    const mikroStart = median(s.mikro.map((t) => t.wall - (t.phases.work ?? 0)));
    const goalRows = (label: string, wfCliMs: number, wfWorkMs: number, refWall: number, refWork: number, first: boolean) => {
      const cliRatio = ratio(wfCliMs, refWall);
      rows.push([first ? s.name : "", first ? s.dialect : "", `process: ${label}`, fmt(wfCliMs), fmt(refWall), `${cliRatio.toFixed(2)}x`, verdict(`process ratio, ${label}`, cliRatio <= GOAL_RATIO)]);
      const workRatio = ratio(wfWorkMs, refWork);
      rows.push(["", "", `in-process work: ${label}`, fmt(wfWorkMs), fmt(refWork), `${workRatio.toFixed(2)}x`, verdict(`in-process work ratio, ${label}`, workRatio <= GOAL_RATIO)]);
    };
    if (s.mikroPerMigration.length > 0) {
      // The chain: each WebFluid mode beside the MikroORM mode doing the same transactions.
      const perMigration = s.mikroPerMigration;
      goalRows("wf per-revision vs MikroORM allOrNothing: false", cli, wfWork, median(perMigration.map((t) => t.wall)), median(perMigration.map((t) => t.phases.work ?? Number.NaN)), true);
      const perRunWork = median(s.wfPerRunInproc.map((t) => t.phases.work ?? Number.NaN));
      goalRows("wf per-run vs MikroORM default (one transaction)", median(s.wfPerRunCli), perRunWork, mikroWall, mikroWork, false);
      rows.push(["", "", "unlike: wf default vs MikroORM default", fmt(cli), fmt(mikroWall), `${ratio(cli, mikroWall).toFixed(2)}x`, ""]);
    } else {
      goalRows("wf CLI vs MikroORM script", cli, wfWork, mikroWall, mikroWork, true);
    }
    rows.push(["", "", "in-process: start-up (wall - work)", fmt(wfStart), fmt(mikroStart), `${(wfStart / mikroStart).toFixed(2)}x`, ""]);
    if (s.name.startsWith("current")) {
      rows.push(["", "", `goal: wf CLI under ${fmt(GOAL_CURRENT_MS)}`, fmt(cli), "", "", verdict("CLI under 1 s", cli < GOAL_CURRENT_MS)]);
    }
  }
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i]!, i >= 3 && i <= 5)).join("  ");
  const text = [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)];
  text.push(
    "",
    "process: wall-clock from spawn to exit (node + loader + modules + config + ORM + work), `node bin/wf.js migrate ...` vs",
    "  `node bench/migrate/mikro.ts` (Node's type stripping). in-process: phases timed inside the children. Goals apply to the",
    "  first two rows; the others locate the difference.",
  );

  // phase breakdown (medians)
  text.push("", "Phases, in-process children (medians; boot = node start + loader until the script runs):");
  const wfPhases = ["boot", "import", "context", "init", "work", "close"];
  const mikroPhases = ["boot", "import", "entities", "init", "work", "close"];
  text.push(
    `  ${pad("case", 26)}  ${pad("dialect", 10)}  ${pad("side", 9)}  ${["boot", "import", "ctx/ents", "init", "work", "close", "wall"].map((h) => pad(h, 8, true)).join(" ")}`,
  );
  for (const s of results) {
    const row = (side: string, samples: Timed[], names: string[]) =>
      `  ${pad(s.name, 26)}  ${pad(s.dialect, 10)}  ${pad(side, 9)}  ${[...names.map((n) => median(samples.map((t) => t.phases[n] ?? Number.NaN))), median(samples.map((t) => t.wall))]
        .map((v) => pad(fmt(v), 8, true))
        .join(" ")}`;
    text.push(row("WebFluid", s.wfInproc, wfPhases), row("MikroORM", s.mikro, mikroPhases));
  }
  text.push("", "WebFluid phases: import = webfluid/migrate; ctx = loadContext (config, main.ts, models); init = MikroORM.init + connect.");
  text.push("MikroORM phases: import = @mikro-orm/core, /migrations, driver; ents = the entities file; init = MikroORM.init + connect.");
  const notes = results.flatMap((s) => s.notes.map((n) => `  ${s.name} [${s.dialect}]: ${n}`));
  if (notes.length) text.push("", "Checks:", ...notes);
  const all = (list: number[]) => list.map((v) => fmt(v)).join(", ");
  text.push("", "Raw samples (wall):");
  for (const s of results) {
    text.push(
      `  ${s.name} [${s.dialect}]: wf CLI ${all(s.wfCli)} | wf in-process ${all(s.wfInproc.map((t) => t.wall))} | MikroORM ${all(s.mikro.map((t) => t.wall))}` +
        (s.mikroPerMigration.length ? ` | MikroORM allOrNothing:false ${all(s.mikroPerMigration.map((t) => t.wall))}` : "") +
        (s.wfPerRunCli.length ? ` | wf per-run ${all(s.wfPerRunCli)}` : ""),
    );
  }
  return { text: text.join("\n"), goals };
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const started = performance.now();
  const load = loadavg()[0]!;
  const cpus = availableParallelism();
  log(`Migrate bench: ${MODELS} models, chain of ${CHAIN}, ${REPS} repetitions; node ${process.version}; ${cpus} CPUs, load average ${load.toFixed(2)}`);
  if (load > cpus * 0.5) log(`  note: the machine is busy (load ${load.toFixed(2)} on ${cpus} CPUs): absolute figures are inflated; ratios are measured interleaved`);
  const wanted = args.dialects.split(",").map((d) => d.trim()).filter(Boolean) as Dialect[];
  const dialects: Dialect[] = [];
  for (const dialect of wanted) {
    if (dialect === "postgresql") {
      const problem = await postgresProblem(POSTGRES_URI);
      if (problem) {
        log(`  PostgreSQL skipped: ${POSTGRES_URI.replace(/:[^:@/]*@/, ":***@")} unreachable (${problem}); set --postgres-uri or WF_TEST_POSTGRES_URI`);
        continue;
      }
    } else if (dialect !== "sqlite") {
      throw new Error(`unknown dialect ${dialect}: use sqlite and/or postgresql`);
    }
    dialects.push(dialect);
  }
  const root = tempRoot();
  log(`  generating projects in ${root}`);
  const projects = await buildProjects(root, dialects);
  for (const dialect of dialects) {
    const dbs = databases(dialect, root, POSTGRES_URI);
    await modelsCase(dialect, dbs, projects.models);
    const heads = await chainCase(dialect, dbs, projects.chain);
    await currentCase(dialect, projects.chain, heads);
    await heads.wf.drop();
    await heads.mikro.drop();
  }

  const { text, goals } = report();
  const out = [
    "",
    `# Migrate bench: WebFluid (wf migrate) vs MikroORM Migrator 7.2.1 -- ${MODELS} models, chain of ${CHAIN}, medians of ${REPS}`,
    `node ${process.version}, ${cpus} CPUs, load average at start ${load.toFixed(2)}, at end ${loadavg()[0]!.toFixed(2)}`,
    "",
    text,
    "",
    `Goals (WebFluid within ${GOAL_RATIO}x of MikroORM; current under ${fmt(GOAL_CURRENT_MS)}): ${goals.filter((g) => g.met).length} of ${goals.length} met`,
    ...goals.filter((g) => !g.met).map((g) => `  missed: ${g.what}`),
    "",
    `total bench time ${fmt(performance.now() - started)}`,
  ];
  process.stdout.write(`${out.join("\n")}\n`);
}

try {
  await main();
} catch (error) {
  process.exitCode = 1;
  log(`migrate bench failed: ${(error as Error).stack ?? String(error)}`);
} finally {
  await cleanup();
}
