/**
 * The durable queue (MAIL_QUEUE = postgresql://...) through the real `wf run`: messages queued
 * while the SMTP server is down survive a SIGKILL of the process, and after a restart each
 * arrives once; 4xx answers are tried again, a 5xx refusal is not.
 */
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import pg from "pg";
import { server as databaseServer } from "../support/databases.ts";
import { exited, freePort, waitUntil } from "../support/processes.ts";
import { TempProject } from "../support/project.ts";
import { TestSmtpServer } from "../support/smtp.ts";

const postgres = databaseServer("postgresql");
const cleanup: (() => unknown)[] = [];
after(async () => {
  for (const fn of cleanup.reverse()) await fn();
});

/** Jobs of the mail queue by state. */
async function queueStates(uri: string): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: uri });
  await client.connect();
  try {
    const present = await client.query("SELECT to_regclass('pgboss.job') IS NOT NULL AS present");
    if (!present.rows[0].present) return {};
    const { rows } = await client.query<{ state: string; n: string }>(
      "SELECT state, count(*) AS n FROM pgboss.job WHERE name = 'webfluid-mail' GROUP BY state",
    );
    return Object.fromEntries(rows.map((row) => [row.state, Number(row.n)]));
  } finally {
    await client.end();
  }
}

describe("MAIL_QUEUE on PostgreSQL", { skip: postgres.skip }, () => {
  test("messages queued before a SIGKILL arrive once after the restart; 4xx retried, 5xx not", { timeout: 240_000 }, async () => {
    const database = await postgres.create();
    cleanup.push(() => database.drop());
    const project = TempProject.empty();
    cleanup.push(() => project.remove());
    project.linkDependency("pg-boss");
    project.write(
      "app_configs/app.ini",
      [
        "EXT_MAIL = 1",
        "MAIL_QUEUE = ${MAIL_QUEUE}",
        "MAIL_SERVER = 127.0.0.1",
        "MAIL_PORT = ${SMTP_PORT}",
        "MAIL_USE_STARTTLS = 0",
        "MAIL_TIMEOUT = 2",
        "MAIL_RETRY_DELAY = 1",
        "MAIL_RETRIES = 8",
        "",
      ].join("\n"),
    );
    project.write(
      "fluid/main.ts",
      `import { Fluid } from "webfluid";
import { mail } from "webfluid/mail";
export function createApp() {
  const app = new Fluid(import.meta);
  app.get("/health")(() => ({ status: "ok" }));
  app.post("/send")(async (request) => {
    const n = Number(request.queryParams.get("n"));
    for (let i = 0; i < n; i++) await mail.enqueue(\`user\${i}@example.com\`, \`message \${i}\`, { plain: \`body \${i}\` }, { attachments: [{ filename: "n.txt", content: String(i) }] });
    return { queued: n };
  });
  return app;
}
`,
    );
    const smtpPort = await freePort(); // nothing listens there until the restart
    const env = { MAIL_QUEUE: database.uri, SMTP_PORT: String(smtpPort) };
    const COUNT = 12;

    // 1. Queue messages while the server is down; kill the process with them queued.
    const first = await project.start("app", { env });
    try {
      const res = await fetch(`${first.url}/send?n=${COUNT}`, { method: "POST" });
      assert.equal(res.status, 200, await res.text());
      // The worker has tried (connection refused) and put them back for later.
      await waitUntil(async () => ((await queueStates(database.uri)).retry ?? 0) >= 1, 20_000, () => first.output());
    } finally {
      first.child.kill("SIGKILL");
      await exited(first.child);
    }
    const before = await queueStates(database.uri);
    assert.equal(Object.values(before).reduce((a, b) => a + b, 0), COUNT, JSON.stringify(before));
    assert.equal(before.completed ?? 0, 0, "nothing was delivered before the kill");

    // 2. The server comes up (greylisting twice, refusing one address); a new process delivers.
    const smtp = new TestSmtpServer({ temporaryFailures: 2, rejectRecipients: /^user7@/ });
    await smtp.listen(smtpPort);
    cleanup.push(() => smtp.close());
    const second = await project.start("app", { env });
    try {
      // Jobs a killed process left active come back only once pg-boss expires them (10 x
      // MAIL_TIMEOUT, then its next maintenance pass): on a loaded machine that takes a while.
      await smtp.waitFor(COUNT - 1, 120_000).catch(async (error: Error) => {
        throw new Error(`${error.message}; queue: ${JSON.stringify(await queueStates(database.uri))}\n${second.output()}`);
      });
      await waitUntil(async () => (await queueStates(database.uri)).completed === COUNT, 30_000, () => second.output());
      const subjects = smtp.received.map((mail) => mail.parsed!.subject).sort();
      const expected = Array.from({ length: COUNT }, (_, i) => `message ${i}`).filter((s) => s !== "message 7").sort();
      assert.deepEqual(subjects, expected, "each message once, the refused one never");
      for (const got of smtp.received) {
        const n = /message (\d+)/.exec(got.parsed!.subject!)![1];
        assert.equal(got.parsed!.attachments[0]!.content.toString(), n, "the attachment survived the queue");
        assert.deepEqual(got.envelope.to, [`user${n}@example.com`]);
      }
      assert.equal(new Set(smtp.received.map((mail) => mail.parsed!.messageId)).size, COUNT - 1);
      const refused = second.output().split("\n").filter((line) => line.includes("user7@example.com") && line.includes("WF_ERR_MAIL_REJECTED"));
      assert.equal(refused.length, 1, second.output());
    } finally {
      assert.equal((await second.stop()).code, 0);
    }
    assert.equal(smtp.received.length, COUNT - 1, "nothing more after the shutdown");
  });
});
