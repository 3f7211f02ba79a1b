/**
 * Mail throughput: messages per second through WebFluid's pool (`mail.of(app).asend`, an app
 * with EXT_MAIL = 1) beside nodemailer used by hand (`createTransport({ pool: true })` +
 * `sendMail`), the same message, the same pool size and concurrency, against the same
 * smtp-server on loopback in a process of its own. Rounds alternate which side goes first;
 * the ratio is WebFluid/reference per round, and the median is reported.
 *
 *   node --import tsx bench/mail.ts              # about 1 min
 *   node --import tsx bench/mail.ts --quick      # a few seconds: a check that everything runs
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import nodemailer from "nodemailer";
import { Fluid } from "../src/index.ts";
import { mail } from "../src/mail/index.ts";
import { testConfig } from "../src/testing/index.ts";
import { fmt } from "./lib/load.ts";
import { readOptions } from "./lib/options.ts";

const options = readOptions(
  {
    messages: { env: "BENCH_MESSAGES", default: 3000, help: "messages per measured run" },
    warmup: { env: "BENCH_WARMUP_MESSAGES", default: 500, help: "messages sent by each side before the measured rounds" },
    rounds: { env: "BENCH_ROUNDS", default: 5, help: "measured rounds, each running both sides, order alternating" },
    concurrency: { env: "BENCH_CONCURRENCY", default: 20, help: "messages in flight at once" },
    pool: { env: "BENCH_POOL", default: 5, help: "SMTP connections of each pool (MAIL_MAX_CONNECTIONS)" },
    quick: { env: "BENCH_QUICK", default: false, help: "a short run: 300 messages, 1 round, 50 warm-up" },
  },
  "node --import tsx bench/mail.ts [options]",
);
const messages = options.quick ? 300 : options.messages;
const rounds = options.quick ? 1 : options.rounds;
const warmup = options.quick ? 50 : options.warmup;

const SUBJECT = "Your weekly report";
const BODY = { plain: "Hello Ann,\n\nhere is your report.\n".repeat(10), html: `<p>Hello Ann,</p>${"<p>here is your report.</p>".repeat(10)}` };

/** Sends `count` messages with `concurrency` in flight; resolves with messages per second. */
async function run(send: () => Promise<unknown>, count: number): Promise<number> {
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < count) {
      next++;
      await send();
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return count / ((performance.now() - started) / 1000);
}

const server = spawn(process.execPath, ["--import", "tsx", new URL("./mail-smtp-server.ts", import.meta.url).pathname], { stdio: ["ignore", "pipe", "inherit"] });
const [line] = (await once(createInterface({ input: server.stdout! }), "line")) as [string];
const port = Number(line);

const app = new Fluid(process.cwd(), {
  config: testConfig({ EXT_MAIL: true, MAIL_SERVER: "127.0.0.1", MAIL_PORT: port, MAIL_USE_STARTTLS: false, MAIL_MAX_CONNECTIONS: options.pool }),
});
await app.startup();
const webfluid = mail.of(app);
const reference = nodemailer.createTransport({ pool: true, maxConnections: options.pool, host: "127.0.0.1", port, ignoreTLS: true });

const sides = {
  webfluid: () => webfluid.asend("ann@example.com", SUBJECT, BODY, { from: "reports@example.com" }),
  reference: () => reference.sendMail({ from: "reports@example.com", to: "ann@example.com", subject: SUBJECT, text: BODY.plain, html: BODY.html }),
};

await run(sides.webfluid, warmup);
await run(sides.reference, warmup);
const ratios: number[] = [];
console.log(`${messages} messages per run, ${options.concurrency} in flight, pools of ${options.pool} connections, ${rounds} round(s)`);
console.log("round  WebFluid msg/s  reference msg/s  ratio");
for (let round = 1; round <= rounds; round++) {
  const order = round % 2 === 1 ? (["webfluid", "reference"] as const) : (["reference", "webfluid"] as const);
  const result: Record<string, number> = {};
  for (const side of order) result[side] = await run(sides[side], messages);
  const ratio = result.webfluid! / result.reference!;
  ratios.push(ratio);
  console.log(`${String(round).padStart(5)}  ${fmt(result.webfluid!).padStart(14)}  ${fmt(result.reference!).padStart(15)}  ${ratio.toFixed(3)}`);
}
const sorted = [...ratios].sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)]!;
console.log(`median ratio ${median.toFixed(3)} (goal >= 0.95)${ratios.length > 1 ? `, spread ${sorted[0]!.toFixed(3)}..${sorted.at(-1)!.toFixed(3)}` : ""}`);

reference.close();
await app.shutdown();
server.kill("SIGTERM");
await once(server, "exit");
