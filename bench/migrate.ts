/**
 * Migrate bench: WebFluid's `wf migrate` beside MikroORM's own Migrator
 * (`@mikro-orm/migrations`) doing the same work by hand, in the same run, on SQLite and
 * PostgreSQL.
 *
 *   node --import tsx bench/migrate.ts [--reps 3] [--models 200] [--chain 300]
 *        [--dialects sqlite,postgresql] [--postgres-uri URI] [--help]
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
import { databaseServer, type TestDatabase } from "../test/support/databases.ts";
import { REPO_ROOT, WF_BIN, type TempProject } from "../test/support/project.ts";
import { DATABASE_OPTIONS, readDialects, readOptions, type Dialect } from "./lib/options.ts";
import { median } from "./lib/report.ts";
import { runBench } from "./lib/run-bench.ts";
import { chainSteps, mikroEntities, mikroMigration, modelSpecs, webfluidModels, webfluidRevision } from "./migrate/generate.ts";
import { compareFingerprints, fingerprint, lastJson, makeProject, mikroUri, node, postgresProblem } from "./migrate/harness.ts";

const options = readOptions(
  {
    reps: { env: "BENCH_REPS", default: 3, help: "repetitions of each case (medians reported)" },
    models: { env: "BENCH_MODELS", default: 200, help: "models (tables) of the autogenerate and upgrade case" },
    chain: { env: "BENCH_CHAIN", default: 300, help: "revisions of the chain case" },
    ...DATABASE_OPTIONS,
  },
  "node --import tsx bench/migrate.ts [options]: wf migrate vs MikroORM's Migrator, on SQLite and PostgreSQL",
);
const REPS = Math.round(options.reps);
const MODELS = Math.round(options.models);
const CHAIN = Math.round(options.chain);
const POSTGRES_URI = options["postgres-uri"];
const GOAL_RATIO = 1.25;
const GOAL_CURRENT_MS = 1000;

const INPROC = join(REPO_ROOT, "bench", "migrate", "wf-inproc.ts");
const MIKRO = join(REPO_ROOT, "bench", "migrate", "mikro.ts");
/** wf's own TypeScript hooks, for the in-process WebFluid child (as `wf` loads itself). */
const WF_HOOKS = join(REPO_ROOT, "bin", "typescript-hooks.js");

type Phases = Record<string, number>;
/** A fresh empty database on the dialect at hand, dropped at the end of the run at the latest. */
type Databases = () => Promise<TestDatabase>;
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

function wfCli(project: string, db: TestDatabase, command: readonly string[]) {
  return node([WF_BIN, "migrate", ...command, "app"], { cwd: project, env: { DATABASE_URI: db.uri } });
}

async function wfInproc(project: string, db: TestDatabase, op: "revision" | "upgrade" | "current"): Promise<Timed> {
  const result = await node(["--import", WF_HOOKS, INPROC, JSON.stringify({ op })], { cwd: project, env: { DATABASE_URI: db.uri } });
  return { wall: result.ms, phases: lastJson<{ phases: Phases }>(result.stdout).phases };
}

async function mikro(
  project: string,
  db: TestDatabase,
  op: "create" | "up" | "status",
  migrations: string,
  entities?: string,
  variant: { perMigration?: boolean } = {},
): Promise<Timed & { detail: Record<string, unknown> }> {
  const job = { op, dialect: db.dialect, uri: mikroUri(db), migrations, entities, perMigration: variant.perMigration };
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

/**
 * The two generated projects: `models` has --models models and no revisions (each run
 * autogenerates one); `chain` has no models, --chain revisions and MikroORM's chain per dialect.
 */
function buildProjects(dialects: readonly Dialect[]): { models: TempProject; chain: TempProject } {
  const specs = modelSpecs(MODELS);
  const models = makeProject({ "fluid/models.ts": webfluidModels(specs), "entities.ts": mikroEntities(specs) });
  const chain = makeProject({});
  const steps = chainSteps(CHAIN);
  for (let k = 0; k < CHAIN; k++) {
    const revision = webfluidRevision(steps, k);
    chain.write(join("additives/migrations/app/default/versions", revision.name), revision.text);
    for (const dialect of dialects) {
      const migration = mikroMigration(dialect, steps, k);
      chain.write(join(`mikro-${dialect}`, migration.name), migration.text);
    }
  }
  return { models, chain };
}

/** `wf migrate init` writes env.ts (and the versions folder) as users get them. */
async function init(projects: readonly TempProject[]): Promise<void> {
  const scratch = await databaseServer("sqlite", undefined).create();
  try {
    // The chain's versions folder exists already: init only refuses when env.ts does.
    for (const project of projects) await wfCli(project.root, scratch, ["init"]);
  } finally {
    await scratch.drop();
  }
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
    let wfDb: TestDatabase | undefined;

    emptyFolder(versions);
    let db = await dbs();
    revision.wfCli.push((await wfCli(project, db, ["revision", "-a"])).ms);
    upgrade.wfCli.push((await wfCli(project, db, ["upgrade"])).ms);
    if (rep === 0) wfDb = db;
    else await db.drop();

    emptyFolder(versions);
    db = await dbs();
    revision.wfInproc.push(await wfInproc(project, db, "revision"));
    upgrade.wfInproc.push(await wfInproc(project, db, "upgrade"));
    await db.drop();


    emptyFolder(mikroDir);
    db = await dbs();
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
async function chainCase(dialect: Dialect, dbs: Databases, project: string): Promise<{ wf: TestDatabase; mikro: TestDatabase }> {
  const s = samples(`upgrade, chain of ${CHAIN}`, dialect);
  const mikroDir = join(project, `mikro-${dialect}`);
  const dropSnapshots = () => {
    for (const name of readdirSync(mikroDir)) if (name.startsWith(".snapshot")) rmSync(join(mikroDir, name), { force: true });
  };
  let keep: { wf: TestDatabase; mikro: TestDatabase } | undefined;
  // a first round warms tsx's transform cache for the revision files of both sides; not recorded
  {
    log(`  [${dialect}] chain of ${CHAIN}, warm-up`);
    const a = await dbs();
    await wfCli(project, a, ["upgrade"]);
    await a.drop();
    const b = await dbs();
    await mikro(project, b, "up", mikroDir);
    dropSnapshots();
    await b.drop();
  }
  for (let rep = 1; rep <= REPS; rep++) {
    const last = rep === REPS;
    log(`  [${dialect}] chain of ${CHAIN}, repetition ${rep}/${REPS}`);

    let db = await dbs();
    s.wfCli.push((await wfCli(project, db, ["upgrade"])).ms);
    const wfDb = db;

    db = await dbs();
    s.wfInproc.push(await wfInproc(project, db, "upgrade"));
    await db.drop();

    db = await dbs();
    const applied = await mikro(project, db, "up", mikroDir);
    if (Number(applied.detail.applied) !== CHAIN) throw new Error(`MikroORM applied ${String(applied.detail.applied)} of ${CHAIN} migrations`);
    s.mikro.push(applied);
    dropSnapshots();
    const mikroDb = db;

    db = await dbs();
    s.mikroPerMigration.push(await mikro(project, db, "up", mikroDir, undefined, { perMigration: true }));
    dropSnapshots();
    await db.drop();

    setTransactionMode(project, "per-run");
    try {
      db = await dbs();
      s.wfPerRunCli.push((await wfCli(project, db, ["upgrade"])).ms);
      await db.drop();
      db = await dbs();
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
async function currentCase(dialect: Dialect, project: string, at: { wf: TestDatabase; mikro: TestDatabase }): Promise<void> {
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

await runBench(async (cleanup) => {
  const started = performance.now();
  const load = loadavg()[0]!;
  const cpus = availableParallelism();
  log(`Migrate bench: ${MODELS} models, chain of ${CHAIN}, ${REPS} repetitions; node ${process.version}; ${cpus} CPUs, load average ${load.toFixed(2)}`);
  if (load > cpus * 0.5) log(`  note: the machine is busy (load ${load.toFixed(2)} on ${cpus} CPUs): absolute figures are inflated; ratios are measured interleaved`);
  const dialects: Dialect[] = [];
  for (const dialect of readDialects(options.dialects)) {
    const problem = dialect === "postgresql" ? await postgresProblem(POSTGRES_URI) : undefined;
    if (problem) {
      log(`  PostgreSQL skipped: ${POSTGRES_URI.replace(/:[^:@/]*@/, ":***@")} unreachable (${problem}); set --postgres-uri or WF_TEST_POSTGRES_URI`);
    } else {
      dialects.push(dialect);
    }
  }
  const projects = buildProjects(dialects);
  cleanup.push(() => projects.models.remove(), () => projects.chain.remove());
  log(`  generated projects: ${projects.models.root} (models), ${projects.chain.root} (chain)`);
  await init([projects.models, projects.chain]);
  for (const dialect of dialects) {
    const server = databaseServer(dialect, POSTGRES_URI);
    const dbs: Databases = async () => {
      const db = await server.create("wf_mbench");
      cleanup.push(() => db.drop());
      return db;
    };
    await modelsCase(dialect, dbs, projects.models.root);
    const heads = await chainCase(dialect, dbs, projects.chain.root);
    await currentCase(dialect, projects.chain.root, heads);
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
});
