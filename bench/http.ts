/**
 * HTTP benchmark: the tutorial app's `GET /health` (JSON) and `GET /` (Nunjucks template)
 * under `wf run app`, beside the same two routes on the reference (bare Fastify + Nunjucks,
 * configured as WebFluid configures Fastify: bench/reference/http-server.ts) and on its
 * peers (bench/peers/): node:http, Hono, Fastify with its defaults, Koa and Express. Every
 * server is paired with the reference (WebFluid also with Fastify as it ships), and the
 * reference with itself (the A/A control). Prints req/s and CPU per request of each pair and
 * their ratios, and where each server stands against the reference. `schema` adds a second
 * report: a JSON route of WebFluid with a response schema (serialized by Fastify's compiled
 * serializer) against the same route without one (JSON.stringify). See bench/README.md.
 *
 * node --import tsx bench/http.ts [--servers webfluid,node,hono,fastify,koa,express,schema] [--rounds 5] [--help]
 */
import { cpSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT, TempProject, WF_BIN } from "../test/support/project.ts";
import { compare, type Case, type Pairing } from "./lib/compare.ts";
import { LOAD_OPTIONS, readOptions } from "./lib/options.ts";
import { planLayout, type ServerProcess, type ServerSpec } from "./lib/processes.ts";
import { mainProfile, profileRunDir, summarizeProfile } from "./lib/profile.ts";
import { printReport } from "./lib/report.ts";
import { runBench } from "./lib/run-bench.ts";

/** The peers, by the name `--servers` knows them by: the name in the report, the server file in bench/peers/. */
const PEERS = {
  node: { name: "node:http", file: "node-http.ts" },
  hono: { name: "Hono", file: "hono.ts" },
  fastify: { name: "Fastify (defaults)", file: "fastify.ts" },
  koa: { name: "Koa", file: "koa.ts" },
  express: { name: "Express", file: "express.ts" },
} as const;
type PeerKey = keyof typeof PEERS;
const SERVER_KEYS = ["webfluid", ...Object.keys(PEERS), "schema"] as readonly string[];

const options = readOptions(
  {
    ...LOAD_OPTIONS,
    servers: { env: "BENCH_SERVERS", default: SERVER_KEYS.join(","), help: "the servers paired with the reference, comma-separated" },
  },
  "node --import tsx bench/http.ts [options]: GET /health and GET / on wf run app and its peers vs bare Fastify + Nunjucks",
);
const servers = options.servers.split(",").map((s) => s.trim().toLowerCase()).filter(Boolean);
for (const key of servers) {
  if (!SERVER_KEYS.includes(key)) {
    console.error(`error: --servers: unknown ${JSON.stringify(key)}; use ${SERVER_KEYS.join(", ")}`);
    process.exit(2);
  }
}

await runBench(async (cleanup) => {
  const layout = planLayout(options.pin, options.priority);
  const profiles = options["cpu-prof"] ? profileRunDir(options["cpu-prof-dir"], "http") : undefined;
  const project = TempProject.fromExample("tutorial");
  cleanup.push(() => project.remove());
  const templates = project.path("fluid/templates");
  const logLevel = options["log-level"];
  console.log(`http benchmark: ${layout.description}`);
  console.log(`  project: ${project.root} (copy of examples/tutorial)`);

  // The reference and the peers run under plain node (its own type stripping), not
  // --import tsx: tsx's CommonJS hook slows Fastify down by ~20% at run time, and `wf`
  // loads TypeScript through its own hooks.
  const reference: ServerSpec = {
    name: "reference",
    args: [join(REPO_ROOT, "bench", "reference", "http-server.ts"), "--templates", templates, "--log-level", logLevel],
    cwd: REPO_ROOT,
  };
  const webfluid: ServerSpec = {
    name: "WebFluid",
    args: [WF_BIN, "run", "app"],
    cwd: project.root,
    env: { WF_EXT_SCHEDULER: "0", WF_LOG_LEVEL: logLevel },
  };
  const peer = (key: PeerKey): ServerSpec => ({
    name: PEERS[key].name,
    args: [join(REPO_ROOT, "bench", "peers", PEERS[key].file), "--templates", templates],
    cwd: REPO_ROOT,
  });
  const health = "GET /health (JSON)";
  const page = "GET / (template)";
  const pairings: Pairing[] = [];
  if (options.control) pairings.push({ label: "A/A control", a: reference, b: reference });
  if (servers.includes("webfluid")) {
    pairings.push({ a: webfluid, b: reference, goals: { [health]: { of: "req/s", min: 0.95 }, [page]: { of: "req/s", min: 0.9 } } });
    if (servers.includes("fastify")) {
      pairings.push({ a: webfluid, b: peer("fastify"), goals: { [health]: { of: "CPU", min: 0.97 }, [page]: { of: "CPU", min: 0.97 } } });
    }
  }
  for (const key of servers) if (key in PEERS) pairings.push({ a: peer(key as PeerKey), b: reference });

  // Only the schema report when `--servers schema` alone.
  if (pairings.some((pairing) => pairing.label === undefined)) {
    const cases: Case[] = [
      { name: health, target: { method: "GET", path: "/health" } },
      { name: page, target: { method: "GET", path: "/" } },
    ];
    const { results, profiled } = await compare(
      pairings,
      cases.filter((c) => c.name.includes(options.only)),
      { ...options, maxOther: options["max-other"], layout, profiles, check: (a, b) => checkSameResponses(a, b, ["/health", "/"]) },
    );

    printReport(results, {
      title: `http benchmark, ${new Date().toISOString().slice(0, 16)}Z, node ${process.version}`,
      notes: [
        `WebFluid: wf run app (examples/tutorial copy, EXT_SCHEDULER=0, LOG_LEVEL=${logLevel}); reference: bare Fastify + Nunjucks (bench/reference/http-server.ts),`,
        `  pino at ${logLevel} with request logging off, as WebFluid configures Fastify; peers (bench/peers/): each framework with its defaults`,
        "every server: the same template file and context, autoescape on, the template cache on",
        `${options.rounds} rounds, each on fresh servers: ${options.warmup} s warm-up per server and case, then ${options.duration} s per server and case, ${options.connections} connections, pipelining 1`,
        layout.description,
      ],
      reference: reference.name,
    });
    for (const server of profiled) {
      console.log(`\n${server.name}: ${summarizeProfile(mainProfile(server.dir), { requests: server.requests })}`);
    }
  }
  if (servers.includes("schema")) await responseSchemaReport(cleanup, layout, logLevel);
});

/**
 * WebFluid's `GET /item` (one object) and `GET /items` (20) with a response schema, written by the serializer
 * Fastify compiles from it, against the same route answering through JSON.stringify: the
 * app in bench/apps/items, the same bytes from both (checked).
 */
async function responseSchemaReport(cleanup: Array<() => void>, layout: ReturnType<typeof planLayout>, logLevel: string): Promise<void> {
  const project = TempProject.empty();
  cleanup.push(() => project.remove());
  cpSync(join(REPO_ROOT, "bench", "apps", "items"), project.root, { recursive: true });
  const server = (schema: boolean): ServerSpec => ({
    name: schema ? "WebFluid, response schema" : "WebFluid, no schema",
    args: [WF_BIN, "run", "app"],
    cwd: project.root,
    env: { WF_LOG_LEVEL: logLevel, BENCH_RESPONSE_SCHEMA: schema ? "1" : "0" },
  });
  const item = "GET /item (JSON, 1 object)";
  const items = "GET /items (JSON, 20 objects)";
  const pairings: Pairing[] = [{ a: server(true), b: server(false), goals: { [item]: { of: "req/s", min: 1 }, [items]: { of: "req/s", min: 1 } } }];
  if (options.control) pairings.push({ label: "A/A control", a: server(false), b: server(false) });
  const cases: Case[] = [
    { name: item, target: { method: "GET", path: "/item" } },
    { name: items, target: { method: "GET", path: "/items" } },
  ];
  const { results } = await compare(pairings, cases, {
    ...options,
    maxOther: options["max-other"],
    layout,
    check: (a, b) => checkSameResponses(a, b, ["/item", "/items"]),
  });
  console.log("");
  printReport(results, {
    title: `response schema benchmark, ${new Date().toISOString().slice(0, 16)}Z, node ${process.version}`,
    notes: [
      "WebFluid: wf run app on bench/apps/items; GET /item returns an object of 5 fields, GET /items 20 of them, with a response schema (a) or without (b)",
      `${options.rounds} rounds, each on fresh servers: ${options.warmup} s warm-up per server and case, then ${options.duration} s per server and case, ${options.connections} connections, pipelining 1`,
      layout.description,
    ],
    reference: server(false).name,
  });
}

/**
 * Both servers must answer the same status, media type and body, or the comparison is
 * meaningless (the charset parameter's spelling is each framework's own).
 */
async function checkSameResponses(a: ServerProcess, b: ServerProcess, paths: readonly string[]): Promise<void> {
  for (const path of paths) {
    const [ra, rb] = await Promise.all([fetch(a.url + path), fetch(b.url + path)]);
    const [ba, bb] = await Promise.all([ra.text(), rb.text()]);
    const ta = mediaType(ra.headers.get("content-type"));
    const tb = mediaType(rb.headers.get("content-type"));
    if (ra.status !== rb.status || ta !== tb || ba !== bb) {
      throw new Error(`GET ${path} differs: ${a.name} ${ra.status} ${ta} ${JSON.stringify(ba)}; ${b.name} ${rb.status} ${tb} ${JSON.stringify(bb)}`);
    }
  }
}

function mediaType(contentType: string | null): string {
  return (contentType ?? "").split(";")[0]!.trim().toLowerCase();
}
