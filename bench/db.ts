/**
 * Database benchmark: the tutorial app's `GET /my-model?id=<existing id>` and
 * `POST /my-model` under `wf run app`, on SQLite and on PostgreSQL, beside the same two
 * routes on bare Fastify + MikroORM 7 (bench/reference/db-server.ts) on the same table, and
 * the reference beside itself (the A/A control). Prints req/s and CPU per request of each
 * pair and their ratios. See bench/README.md.
 *
 * node --import tsx bench/db.ts [--dialects sqlite,postgresql] [--rounds 5] [--sqlite-warmup 10] [--help]
 */
import { join } from "node:path";
import { databaseServer } from "../test/support/databases.ts";
import { REPO_ROOT, TempProject, WF_BIN } from "../test/support/project.ts";
import { compare, type Case, type PairResult, type Pairing, type Profiled } from "./lib/compare.ts";
import { DATABASE_OPTIONS, LOAD_OPTIONS, measuredNote, readDialects, readOptions } from "./lib/options.ts";
import { planLayout, startServer, type Layout, type ServerProcess, type ServerSpec } from "./lib/processes.ts";
import { mainProfile, profileRunDir, summarizeProfile } from "./lib/profile.ts";
import { printReport } from "./lib/report.ts";
import { runBench } from "./lib/run-bench.ts";

const options = readOptions(
  {
    ...LOAD_OPTIONS,
    ...DATABASE_OPTIONS,
    warmup: { ...LOAD_OPTIONS.warmup, help: "seconds of load per fresh server and case on PostgreSQL before its measured runs" },
    "sqlite-warmup": {
      env: "BENCH_SQLITE_WARMUP",
      default: 10,
      help: "seconds of load per fresh server and case on SQLite before its measured runs (its GET keeps speeding up for longer)",
    },
  },
  "node --import tsx bench/db.ts [options]: GET and POST /my-model on wf run app vs bare Fastify + MikroORM, on SQLite and PostgreSQL",
);
const dialects = readDialects(options.dialects);

await runBench(async (cleanup) => {
  const layout = planLayout(options.pin, options.priority);
  const profiles = options["cpu-prof"] ? profileRunDir(options["cpu-prof-dir"], "db") : undefined;
  const project = TempProject.fromExample("tutorial");
  cleanup.push(() => project.remove());
  console.log(`db benchmark: ${layout.description}`);
  console.log(`  project: ${project.root} (copy of examples/tutorial)`);

  const results: PairResult[] = [];
  const profiled: Profiled[] = [];
  for (const dialect of dialects) {
    const database = await databaseServer(dialect, options["postgres-uri"]).create("wf_bench");
    cleanup.push(() => database.drop());
    console.log(`\n${dialect}: ${database.name}`);
    const env = { WF_DATABASE_URI: database.uri, WF_EXT_SCHEDULER: "0", WF_LOG_LEVEL: options["log-level"] };
    const upgrade = await project.wf(["migrate", "upgrade", "app"], { env });
    if (upgrade.code !== 0) throw new Error(`wf migrate upgrade app failed:\n${upgrade.stdout}${upgrade.stderr}`);
    const webfluid: ServerSpec = { name: "WebFluid", args: [WF_BIN, "run", "app"], cwd: project.root, env };
    const reference: ServerSpec = {
      name: "reference",
      args: [
        // Plain node (its own type stripping): see bench/http.ts on why not --import tsx.
        join(REPO_ROOT, "bench", "reference", "db-server.ts"),
        "--dialect",
        dialect,
        "--db",
        dialect === "sqlite" ? database.name : database.uri,
        "--log-level",
        options["log-level"],
      ],
      cwd: REPO_ROOT,
    };
    const id = await seed(webfluid, layout);
    const warmup = dialect === "sqlite" ? options["sqlite-warmup"] : options.warmup;
    const cases: Case[] = [
      { name: `${dialect} GET /my-model?id=${id}`, target: { method: "GET", path: `/my-model?id=${id}` }, warmup },
      {
        name: `${dialect} POST /my-model`,
        target: { method: "POST", path: "/my-model", body: JSON.stringify({ value: "bench" }), headers: { "content-type": "application/json" } },
        warmup,
      },
    ];
    const pairings: Pairing[] = [
      ...(options.control ? [{ label: "A/A control", a: reference, b: reference }] : []),
      { a: webfluid, b: reference, goals: Object.fromEntries(cases.map((c) => [c.name, { of: "req/s", min: 0.9 } as const])) },
    ];
    const run = await compare(pairings, cases.filter((c) => c.name.includes(options.only)), {
      ...options,
      maxOther: options["max-other"],
      layout,
      profiles: profiles && join(profiles, dialect),
      databaseProcess: dialect === "postgresql" ? ` ${database.name} ` : undefined,
      check: (a, b) => checkAlike(a, b, id),
    });
    results.push(...run.results);
    profiled.push(...run.profiled.map((p) => ({ ...p, name: `${p.name} on ${dialect}` })));
    await database.drop();
  }

  printReport(results, {
    title: `db benchmark, ${new Date().toISOString().slice(0, 16)}Z, node ${process.version}`,
    notes: [
      `WebFluid: wf run app (examples/tutorial copy, WF_DATABASE_URI per dialect, EXT_SCHEDULER=0, LOG_LEVEL=${options["log-level"]}); reference: bare Fastify + MikroORM 7 (bench/reference/db-server.ts)`,
      "same table and row; GET finds one row by id, POST inserts one row and flushes (returning id and created_at); one em.fork() per request",
      `${options.rounds} rounds, each on fresh servers: ${dialects.includes("sqlite") ? `${options["sqlite-warmup"]} s warm-up on SQLite, ` : ""}${options.warmup} s on PostgreSQL, per server and case,`,
      `  then ${measuredNote(options)}`,
      layout.description,
    ],
  });
  for (const server of profiled) {
    console.log(`\n${server.name}: ${summarizeProfile(mainProfile(server.dir), { requests: server.requests })}`);
  }
});

/** Inserts the row the GET case reads, through WebFluid (started for this alone); returns its id. */
async function seed(webfluid: ServerSpec, layout: Layout): Promise<number> {
  const server = await startServer(webfluid, layout);
  try {
    return (await post(server)).model_id as number;
  } finally {
    await server.stop();
  }
}

async function post(server: ServerProcess): Promise<Record<string, unknown>> {
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
}

/** Both servers answer POST alike (status and JSON shape) and GET of row `id` with the same body. */
async function checkAlike(a: ServerProcess, b: ServerProcess, id: number): Promise<void> {
  await post(a);
  await post(b);
  const [ga, gb] = await Promise.all(
    [a, b].map(async (server) => {
      const response = await fetch(`${server.url}/my-model?id=${id}`);
      return `${response.status} ${await response.text()}`;
    }),
  );
  if (ga !== gb) throw new Error(`GET /my-model?id=${id} differs: ${a.name} ${ga}; ${b.name} ${gb}`);
}
