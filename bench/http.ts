/**
 * HTTP benchmark: the tutorial app's `GET /health` (JSON) and `GET /` (Nunjucks template)
 * under `wf run app`, beside the same two routes on bare Fastify + Nunjucks
 * (bench/reference/http-server.ts). Prints req/s per route and server and the ratio
 * WebFluid/reference. See bench/README.md.
 *
 * node --import tsx bench/http.ts [--duration 5] [--connections 50] [--rounds 3] [--help]
 */
import { join, resolve } from "node:path";
import { compare, type Case } from "./lib/load.ts";
import { COMMON_OPTIONS, readOptions } from "./lib/options.ts";
import { mainProfile, summarizeProfile } from "./lib/profile.ts";
import { BENCH_DIR, copyTutorial, profileFlags, REPO_ROOT } from "./lib/project.ts";
import { freePort, planLayout, runBench, serverEnv, startServer, startWebfluid, type ServerProcess } from "./lib/processes.ts";
import { printReport } from "./lib/report.ts";

const options = readOptions(
  { ...COMMON_OPTIONS, "log-level": { env: "BENCH_LOG_LEVEL", default: "warn", help: "log level of both servers (WF_LOG_LEVEL for WebFluid)" } },
  "node --import tsx bench/http.ts [options]: GET /health and GET / on wf run app vs bare Fastify + Nunjucks",
);

await runBench(async (cleanup) => {
  const layout = planLayout(options.pin, options.priority);
  const profiles = options["cpu-prof"] ? resolve(REPO_ROOT, options["cpu-prof-dir"], `http-${stamp()}`) : undefined;
  const project = copyTutorial();
  cleanup.push(() => project.remove());
  const logLevel = options["log-level"];

  console.log(`http benchmark: ${layout.description}`);
  console.log(`  project: ${project.root} (copy of examples/tutorial)`);
  const webfluid = await startWebfluid({
    project,
    env: serverEnv({ WF_EXT_SCHEDULER: "0", WF_LOG_LEVEL: logLevel }),
    layout,
    profiles,
    profileName: "WebFluid",
  });
  cleanup.push(() => webfluid.stop());
  const referencePort = await freePort();
  const reference = await startServer({
    name: "reference",
    args: [
      ...profileFlags(profiles, "reference"),
      // Plain node (its own type stripping), not --import tsx: tsx's CommonJS hook slows
      // Fastify down by ~20% at run time, and `wf` loads TypeScript through its own hooks.
      join(BENCH_DIR, "reference", "http-server.ts"),
      "--port",
      String(referencePort),
      "--templates",
      project.templates,
      "--log-level",
      logLevel,
    ],
    cwd: REPO_ROOT,
    env: serverEnv(),
    port: referencePort,
    layout,
    readyPath: "/health",
  });
  cleanup.push(() => reference.stop());
  await checkSameResponses(webfluid, reference, ["/health", "/"]);

  const cases: Case[] = [
    { name: "GET /health (JSON)", target: { method: "GET", path: "/health" }, goal: 0.95, webfluid, reference },
    { name: "GET / (template)", target: { method: "GET", path: "/" }, goal: 0.9, webfluid, reference },
  ];
  const results = await compare(
    cases.filter((c) => c.name.includes(options.only)),
    { ...options, maxOther: options["max-other"] },
  );

  await Promise.all([webfluid.stop(), reference.stop()]);
  printReport(results, {
    title: `http benchmark, ${new Date().toISOString().slice(0, 16)}Z, node ${process.version}`,
    notes: [
      `WebFluid: wf run app (examples/tutorial copy, EXT_SCHEDULER=0, LOG_LEVEL=${logLevel}); reference: bare Fastify + Nunjucks (bench/reference/http-server.ts)`,
      `both: pino logger at ${logLevel}, request logging off, autoescape on, same template file`,
      `${options.rounds} rounds x ${options.duration} s per server and route, ${options.warmup} s warm-up, ${options.connections} connections, pipelining 1`,
      layout.description,
    ],
  });
  if (profiles) {
    for (const server of [webfluid, reference]) {
      console.log(`\n${server.name}: ${summarizeProfile(mainProfile(join(profiles, server.name)), { requests: server.served })}`);
    }
  }
});

/** Both servers must answer the same status, content type and body, or the comparison is meaningless. */
async function checkSameResponses(a: ServerProcess, b: ServerProcess, paths: readonly string[]): Promise<void> {
  for (const path of paths) {
    const [ra, rb] = await Promise.all([fetch(a.url + path), fetch(b.url + path)]);
    const [ba, bb] = await Promise.all([ra.text(), rb.text()]);
    const ta = ra.headers.get("content-type");
    const tb = rb.headers.get("content-type");
    if (ra.status !== rb.status || ta !== tb || ba !== bb) {
      throw new Error(`GET ${path} differs: ${a.name} ${ra.status} ${ta} ${JSON.stringify(ba)}; ${b.name} ${rb.status} ${tb} ${JSON.stringify(bb)}`);
    }
  }
}

function stamp(): string {
  return new Date().toISOString().replace(/[:.]/g, "-").slice(0, 19);
}
