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
 * node --import tsx bench/http.ts [--servers webfluid,webfluid-plain,node,hono,fastify,koa,express,schema,validate,secure] [--rounds 5] [--help]
 */
import { createHmac } from "node:crypto";
import { cpSync } from "node:fs";
import { Signer } from "@fastify/cookie";
import { join } from "node:path";
import { REPO_ROOT, TempProject, WF_BIN } from "../test/support/project.ts";
import { compare, type Case, type Pairing } from "./lib/compare.ts";
import type { Target } from "./lib/load.ts";
import { LOAD_OPTIONS, measuredNote, readOptions } from "./lib/options.ts";
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
/** The reports on an app of bench/apps/ of their own, after the peers' report. */
const APP_REPORTS = ["schema", "validate", "secure"] as const;
/** The security headers both servers of the `secure` report must send with the same values. */
const SECURITY_HEADERS = [
  "content-security-policy", "cross-origin-opener-policy", "cross-origin-resource-policy", "origin-agent-cluster",
  "referrer-policy", "strict-transport-security", "x-content-type-options", "x-dns-prefetch-control",
  "x-download-options", "x-frame-options", "x-permitted-cross-domain-policies", "x-xss-protection", "vary",
];
const SERVER_KEYS = ["webfluid", "webfluid-plain", ...Object.keys(PEERS), ...APP_REPORTS] as readonly string[];

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
  // The same app with what Fastify's defaults lack switched off (security headers, sessions and
  // CSRF): the cost of WebFluid itself, apart from the protections it adds by default.
  const plain: ServerSpec = {
    name: "WebFluid (headers, sessions off)",
    args: [WF_BIN, "run", "app"],
    cwd: project.root,
    env: { WF_EXT_SCHEDULER: "0", WF_LOG_LEVEL: logLevel, WF_SECURITY_HEADERS: "0", WF_SECRET_KEY: "" },
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
    if (servers.includes("fastify")) pairings.push({ a: webfluid, b: peer("fastify") });
  }
  if (servers.includes("webfluid-plain") && servers.includes("fastify")) {
    pairings.push({ a: plain, b: peer("fastify"), goals: { [health]: { of: "CPU", min: 0.97 }, [page]: { of: "CPU", min: 0.97 } } });
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
      { ...options, maxOther: options["max-other"], layout, profiles, check: async (a, b) => void (await checkSameResponses(a, b, cases.map((c) => c.target))) },
    );

    printReport(results, {
      title: `http benchmark, ${new Date().toISOString().slice(0, 16)}Z, node ${process.version}`,
      notes: [
        `WebFluid: wf run app (examples/tutorial copy, EXT_SCHEDULER=0, LOG_LEVEL=${logLevel}); reference: bare Fastify + Nunjucks (bench/reference/http-server.ts),`,
        `  pino at ${logLevel} with request logging off, as WebFluid configures Fastify; peers (bench/peers/): each framework with its defaults`,
        "every server: the same template file and context, autoescape on, the template cache on",
        `${options.rounds} rounds, each on fresh servers: ${options.warmup} s warm-up per server and case, then ${measuredNote(options)}`,
        layout.description,
      ],
      reference: reference.name,
    });
    for (const server of profiled) {
      console.log(`\n${server.name}: ${summarizeProfile(mainProfile(server.dir), { requests: server.requests })}`);
    }
  }
  if (servers.includes("schema")) await responseSchemaReport(cleanup, layout, logLevel);
  if (servers.includes("validate")) await validatedPostReport(cleanup, layout, logLevel, profiles);
  if (servers.includes("secure")) await secureReport(cleanup, layout, logLevel, profiles);
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
    check: async (a, b) => void (await checkSameResponses(a, b, cases.map((c) => c.target))),
  });
  console.log("");
  printReport(results, {
    title: `response schema benchmark, ${new Date().toISOString().slice(0, 16)}Z, node ${process.version}`,
    notes: [
      "WebFluid: wf run app on bench/apps/items; GET /item returns an object of 5 fields, GET /items 20 of them, with a response schema (a) or without (b)",
      `${options.rounds} rounds, each on fresh servers: ${options.warmup} s warm-up per server and case, then ${measuredNote(options)}`,
      layout.description,
    ],
    reference: server(false).name,
  });
}

/**
 * Issue 11: `POST /notes` with a TypeBox body schema on WebFluid (bench/apps/validate) beside
 * the same route on bare Fastify with the same schema and the same ajv compiler and options
 * (bench/reference/validate-server.ts). WebFluid runs with SECURITY_HEADERS off, which the
 * reference does not have either: this measures the route, body parsing and validation (the
 * headers are the `secure` report's business).
 */
async function validatedPostReport(cleanup: Array<() => void>, layout: ReturnType<typeof planLayout>, logLevel: string, profiles: string | undefined): Promise<void> {
  const project = appProject(cleanup, "validate");
  project.linkDependency("typebox");
  const { NOTE_BODY } = await import("./apps/validate/fluid/schema.ts");
  const webfluid: ServerSpec = {
    name: "WebFluid, validated POST",
    args: [WF_BIN, "run", "app"],
    cwd: project.root,
    env: { WF_LOG_LEVEL: logLevel, WF_SECURITY_HEADERS: "0" },
  };
  const reference: ServerSpec = {
    name: "Fastify, validated POST",
    args: [join(REPO_ROOT, "bench", "reference", "validate-server.ts"), "--templates", project.root, "--log-level", logLevel],
    cwd: REPO_ROOT,
  };
  const post = "POST /notes (JSON body schema)";
  const cases: Case[] = [{ name: post, target: { method: "POST", path: "/notes", body: NOTE_BODY, headers: { "content-type": "application/json" } } }];
  const pairings: Pairing[] = [{ a: webfluid, b: reference, goals: { [post]: { of: "req/s", min: 0.95 } } }];
  if (options.control) pairings.push({ label: "A/A control", a: reference, b: reference });
  await appReport(pairings, cases, layout, profiles, reference.name, `validated POST benchmark`, [
    `WebFluid: wf run app on bench/apps/validate (SECURITY_HEADERS=0, LOG_LEVEL=${logLevel}); Fastify: bench/reference/validate-server.ts, the same TypeBox schema`,
    `  and ajv options (no coercion of the body), pino at ${logLevel} with request logging off; body ${NOTE_BODY}`,
  ]);
}

/**
 * Issue 9: `GET /health` on WebFluid with its security headers (the default) and sessions
 * (SECRET_KEY set; the route reads the session) against bare Fastify with the same
 * protections by hand (bench/reference/secure-server.ts: @fastify/helmet, @fastify/cookie and
 * a cookie session in WebFluid's format). Every request carries a session cookie, signed as
 * both servers sign it, so both verify and decode it; the check makes sure both read it
 * and send the same security headers.
 */
async function secureReport(cleanup: Array<() => void>, layout: ReturnType<typeof planLayout>, logLevel: string, profiles: string | undefined): Promise<void> {
  const project = appProject(cleanup, "secure");
  const secret = "bench-secret-key-0123456789abcdef";
  const webfluid: ServerSpec = {
    name: "WebFluid, headers + session",
    args: [WF_BIN, "run", "app"],
    cwd: project.root,
    env: { WF_LOG_LEVEL: logLevel, BENCH_SECRET_KEY: secret },
  };
  const reference: ServerSpec = {
    name: "Fastify + helmet + cookie session",
    args: [join(REPO_ROOT, "bench", "reference", "secure-server.ts"), "--templates", project.root, "--log-level", logLevel],
    cwd: REPO_ROOT,
    env: { BENCH_SECRET_KEY: secret },
  };
  // WebFluid's cookie store: base64url(JSON {data, permanent, t}) signed with a key derived for sessions.
  const signer = new Signer([createHmac("sha256", secret).update("webfluid.session").digest()], "sha256");
  const payload = JSON.stringify({ data: { user: "ada" }, permanent: false, t: Math.floor(Date.now() / 1000) });
  const cookie = `session=${signer.sign(Buffer.from(payload, "utf8").toString("base64url"))}`;
  const health = "GET /health (JSON, session read)";
  const cases: Case[] = [{ name: health, target: { method: "GET", path: "/health", headers: { cookie } } }];
  const pairings: Pairing[] = [{ a: webfluid, b: reference, goals: { [health]: { of: "req/s", min: 0.9 } } }];
  if (options.control) pairings.push({ label: "A/A control", a: reference, b: reference });
  await appReport(
    pairings,
    cases,
    layout,
    profiles,
    reference.name,
    "secure benchmark",
    [
      `WebFluid: wf run app on bench/apps/secure (SECURITY_HEADERS on, SECRET_KEY set, LOG_LEVEL=${logLevel}); reference: bench/reference/secure-server.ts,`,
      `  bare Fastify + @fastify/helmet (defaults) + @fastify/cookie + a cookie session by hand; every request sends a valid session cookie`,
    ],
    ([a, b]) => {
      const body = JSON.stringify({ status: "ok", user: "ada" });
      if (a!.body !== body) throw new Error(`GET /health did not read the session cookie: ${a!.body}`);
      for (const name of SECURITY_HEADERS) {
        if (a!.headers.get(name) === null || a!.headers.get(name) !== b!.headers.get(name)) {
          throw new Error(`GET /health: ${name} differs: ${JSON.stringify(a!.headers.get(name))} / ${JSON.stringify(b!.headers.get(name))}`);
        }
      }
    },
  );
}

/** A temporary project with a copy of bench/apps/<name>, webfluid linked. */
function appProject(cleanup: Array<() => void>, name: string): TempProject {
  const project = TempProject.empty();
  cleanup.push(() => project.remove());
  cpSync(join(REPO_ROOT, "bench", "apps", name), project.root, { recursive: true });
  return project;
}

/** Runs the pairings of an app report (same answers checked first) and prints it, with the profiles when asked. */
async function appReport(
  pairings: Pairing[],
  cases: Case[],
  layout: ReturnType<typeof planLayout>,
  profiles: string | undefined,
  reference: string,
  title: string,
  notes: string[],
  check?: (answers: Answer[]) => void,
): Promise<void> {
  const { results, profiled } = await compare(pairings, cases, {
    ...options,
    maxOther: options["max-other"],
    layout,
    profiles,
    check: async (a, b) => check?.(await checkSameResponses(a, b, cases.map((c) => c.target))),
  });
  console.log("");
  printReport(results, {
    title: `${title}, ${new Date().toISOString().slice(0, 16)}Z, node ${process.version}`,
    notes: [
      ...notes,
      `${options.rounds} rounds, each on fresh servers: ${options.warmup} s warm-up per server and case, then ${measuredNote(options)}`,
      layout.description,
    ],
    reference,
  });
  for (const server of profiled) {
    console.log(`\n${server.name}: ${summarizeProfile(mainProfile(server.dir), { requests: server.requests })}`);
  }
}

/**
 * Both servers must answer the same status, media type and body, or the comparison is
 * meaningless (the charset parameter's spelling is each framework's own). Returns the
 * answers of `a`, for checks of their own.
 */
async function checkSameResponses(a: ServerProcess, b: ServerProcess, targets: readonly Target[]): Promise<Answer[]> {
  const answers: Answer[] = [];
  for (const target of targets) {
    const init: RequestInit = { method: target.method, body: target.body, headers: target.headers };
    const [ra, rb] = await Promise.all([fetch(a.url + target.path, init), fetch(b.url + target.path, init)]);
    const [ba, bb] = await Promise.all([ra.text(), rb.text()]);
    const ta = mediaType(ra.headers.get("content-type"));
    const tb = mediaType(rb.headers.get("content-type"));
    if (ra.status !== rb.status || ta !== tb || ba !== bb) {
      throw new Error(
        `${target.method} ${target.path} differs: ${a.name} ${ra.status} ${ta} ${JSON.stringify(ba)}; ${b.name} ${rb.status} ${tb} ${JSON.stringify(bb)}`,
      );
    }
    answers.push({ headers: ra.headers, body: ba }, { headers: rb.headers, body: bb });
  }
  return answers;
}

/** An answer of a checked server. */
interface Answer {
  readonly headers: Headers;
  readonly body: string;
}

function mediaType(contentType: string | null): string {
  return (contentType ?? "").split(";")[0]!.trim().toLowerCase();
}
