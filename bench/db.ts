/**
 * Database benchmark: the tutorial app's `GET /my-model?id=<existing id>` and
 * `POST /my-model` under `wf run app`, on SQLite and on PostgreSQL, beside the same two
 * routes on bare Fastify + MikroORM 7 (bench/reference/db-server.ts) on the same table.
 * Prints req/s per case and server and the ratio WebFluid/reference. See bench/README.md.
 *
 * node --import tsx bench/db.ts [--dialects sqlite,postgresql] [--duration 4] [--connections 50] [--help]
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import pg from "pg";
import { compare, type Case, type CaseResult, type CompareSettings } from "./lib/load.ts";
import { COMMON_OPTIONS, readOptions } from "./lib/options.ts";
import { mainProfile, summarizeProfile } from "./lib/profile.ts";
import { BENCH_DIR, copyTutorial, profileFlags, REPO_ROOT, WF_BIN, type TempProject } from "./lib/project.ts";
import { freePort, planLayout, runBench, serverEnv, startServer, startWebfluid, type Layout, type ServerProcess } from "./lib/processes.ts";
import { printReport } from "./lib/report.ts";

const DIALECTS = ["sqlite", "postgresql"] as const;
type Dialect = (typeof DIALECTS)[number];

const options = readOptions(
  {
    ...COMMON_OPTIONS,
    duration: { ...COMMON_OPTIONS.duration, default: 3 },
    warmup: { ...COMMON_OPTIONS.warmup, default: 2 },
    rounds: { ...COMMON_OPTIONS.rounds, default: 7 },
    dialects: { env: "BENCH_DIALECTS", default: DIALECTS.join(","), help: "databases to run on, comma-separated" },
    "postgres-uri": {
      env: "WF_TEST_POSTGRES_URI",
      default: "postgresql://postgres@127.0.0.1:5432/test",
      help: "a PostgreSQL server (the database named is used to create and drop a bench database)",
    },
    "log-level": { env: "BENCH_LOG_LEVEL", default: "warn", help: "log level of both servers (WF_LOG_LEVEL for WebFluid)" },
  },
  "node --import tsx bench/db.ts [options]: GET and POST /my-model on wf run app vs bare Fastify + MikroORM, on SQLite and PostgreSQL",
);

const dialects = options.dialects.split(",").map((d) => d.trim()) as Dialect[];
for (const dialect of dialects) {
  if (!DIALECTS.includes(dialect)) {
    console.error(`error: --dialects: unknown ${JSON.stringify(dialect)}; use ${DIALECTS.join(", ")}`);
    process.exit(2);
  }
}

await runBench(async (cleanup) => {
  const layout = planLayout(options.pin, options.priority);
  const profiles = options["cpu-prof"] ? resolve(REPO_ROOT, options["cpu-prof-dir"], `db-${stamp()}`) : undefined;
  const project = copyTutorial();
  cleanup.push(() => project.remove());
  console.log(`db benchmark: ${layout.description}`);
  console.log(`  project: ${project.root} (copy of examples/tutorial)`);

  const results: CaseResult[] = [];
  const served: { dialect: Dialect; server: ServerProcess }[] = [];
  for (const dialect of dialects) {
    const database = await createDatabase(dialect, project);
    cleanup.push(() => database.drop());
    console.log(`\n${dialect}: ${database.display}`);
    const pair = await startPair(dialect, database, project, layout, profiles, cleanup);
    const id = await seed(pair);
    const cases: Case[] = [
      { name: `${dialect} GET /my-model?id=${id}`, target: { method: "GET", path: `/my-model?id=${id}` }, goal: 0.9, ...pair },
      {
        name: `${dialect} POST /my-model`,
        target: { method: "POST", path: "/my-model", body: JSON.stringify({ value: "bench" }), headers: { "content-type": "application/json" } },
        goal: 0.9,
        ...pair,
      },
    ];
    const settings: CompareSettings = { ...options, maxOther: options["max-other"], databaseProcess: database.process };
    results.push(...(await compare(cases.filter((c) => c.name.includes(options.only)), settings)));
    await Promise.all([pair.webfluid.stop(), pair.reference.stop()]);
    if (profiles) served.push({ dialect, server: pair.webfluid }, { dialect, server: pair.reference });
    await database.drop();
  }

  printReport(results, {
    title: `db benchmark, ${new Date().toISOString().slice(0, 16)}Z, node ${process.version}`,
    notes: [
      `WebFluid: wf run app (examples/tutorial copy, WF_DATABASE_URI per dialect, EXT_SCHEDULER=0, LOG_LEVEL=${options["log-level"]}); reference: bare Fastify + MikroORM 7 (bench/reference/db-server.ts)`,
      "same table and row; GET finds one row by id, POST inserts one row and flushes (returning id and created_at); one em.fork() per request",
      `${options.rounds} rounds x ${options.duration} s per server and case, ${options.warmup} s warm-up, ${options.connections} connections, pipelining 1`,
      layout.description,
    ],
  });
  for (const { dialect, server } of served) {
    console.log(`\n${server.name} on ${dialect}: ${summarizeProfile(mainProfile(join(profiles!, `${server.name}-${dialect}`)), { requests: server.served })}`);
  }
});

interface BenchDatabase {
  /** The WebFluid URI (`sqlite:////abs/file.db` or `postgresql://...`). */
  readonly uri: string;
  /** What the reference is given: the SQLite file or the PostgreSQL URI. */
  readonly referenceDb: string;
  readonly display: string;
  /** Text in the command line of the server processes serving this database (PostgreSQL backends name it). */
  readonly process?: string;
  drop(): Promise<void>;
}

/** A fresh database: a SQLite file in the project, or a uniquely named PostgreSQL database (dropped at the end). */
async function createDatabase(dialect: Dialect, project: TempProject): Promise<BenchDatabase> {
  if (dialect === "sqlite") {
    const file = join(project.root, "bench.db");
    return { uri: `sqlite:///${file}`, referenceDb: file, display: file, drop: async () => undefined };
  }
  const server = options["postgres-uri"];
  const name = `wf_bench_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  await adminQuery(server, `CREATE DATABASE "${name}"`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    uri: url.toString(),
    referenceDb: url.toString(),
    display: `PostgreSQL database ${name} on ${url.host}`,
    process: ` ${name} `,
    async drop() {
      if (dropped) return;
      dropped = true;
      await adminQuery(server, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

async function adminQuery(serverUri: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUri });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

interface Pair {
  readonly webfluid: ServerProcess;
  readonly reference: ServerProcess;
}

/** Starts WebFluid (which creates the table, or after `wf migrate upgrade`), then the reference on the same database. */
async function startPair(
  dialect: Dialect,
  database: BenchDatabase,
  project: TempProject,
  layout: Layout,
  profiles: string | undefined,
  cleanup: Array<() => unknown>,
): Promise<Pair> {
  const env = serverEnv({ WF_DATABASE_URI: database.uri, WF_EXT_SCHEDULER: "0", WF_LOG_LEVEL: options["log-level"] });
  if (!readFileSync(join(project.root, "fluid", "main.ts"), "utf8").includes("createAll(")) {
    // The example no longer creates its tables at start: its migrations do.
    execFileSync(process.execPath, [WF_BIN, "migrate", "upgrade", "app"], { cwd: project.root, env, stdio: "inherit" });
  }
  const webfluid = await startWebfluid({ project, env, layout, profiles, profileName: `WebFluid-${dialect}` });
  cleanup.push(() => webfluid.stop());
  const referencePort = await freePort();
  const reference = await startServer({
    name: "reference",
    args: [
      ...profileFlags(profiles, `reference-${dialect}`),
      // Plain node (its own type stripping): see bench/http.ts on why not --import tsx.
      join(BENCH_DIR, "reference", "db-server.ts"),
      "--port",
      String(referencePort),
      "--dialect",
      dialect,
      "--db",
      database.referenceDb,
      "--log-level",
      options["log-level"],
    ],
    cwd: REPO_ROOT,
    env: serverEnv(),
    port: referencePort,
    layout,
    readyPath: "/health",
  });
  cleanup.push(() => reference.stop());
  return { webfluid, reference };
}

/**
 * Inserts the row the GET case reads, through WebFluid, and checks that both servers
 * answer GET and POST alike (same status and JSON shape; the same body for GET).
 */
async function seed({ webfluid, reference }: Pair): Promise<number> {
  const post = async (server: ServerProcess) => {
    const response = await fetch(`${server.url}/my-model`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ value: "seed" }),
    });
    const body = (await response.json()) as Record<string, unknown>;
    if (response.status !== 200 || typeof body.model_id !== "number" || body.value !== "seed" || typeof body.created_at !== "string") {
      throw new Error(`POST /my-model on ${server.name}: ${response.status} ${JSON.stringify(body)}`);
    }
    return body;
  };
  const created = await post(webfluid);
  await post(reference);
  const id = created.model_id as number;
  const [a, b] = await Promise.all([webfluid, reference].map(async (server) => {
    const response = await fetch(`${server.url}/my-model?id=${id}`);
    return `${response.status} ${await response.text()}`;
  }));
  if (a !== b) throw new Error(`GET /my-model?id=${id} differs: WebFluid ${a}; reference ${b}`);
  return id;
}

function stamp(): string {
  return new Date().toISOString().replace(/[:.]/g, "-").slice(0, 19);
}
