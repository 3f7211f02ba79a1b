/**
 * SIGTERM under the real `wf run` while `mail.send()` is delivering: the process waits for the
 * delivery (up to SHUTDOWN_TIMEOUT), the message arrives once, and the exit is clean.
 */
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { waitUntil } from "../support/processes.ts";
import { TempProject } from "../support/project.ts";
import { TestSmtpServer } from "../support/smtp.ts";

const cleanup: (() => unknown)[] = [];
after(async () => {
  for (const fn of cleanup.reverse()) await fn();
});

test("SIGTERM waits for a delivery under way, and the message arrives", async () => {
  const smtp = new TestSmtpServer({ answerDelayMs: 1_500 });
  await smtp.listen();
  cleanup.push(() => smtp.close());
  const project = TempProject.empty();
  cleanup.push(() => project.remove());
  project.write(
    "app_configs/app.ini",
    ["EXT_MAIL = 1", "MAIL_SERVER = 127.0.0.1", `MAIL_PORT = ${smtp.port}`, "MAIL_USE_STARTTLS = 0", "SHUTDOWN_TIMEOUT = 20", ""].join("\n"),
  );
  project.write(
    "fluid/main.ts",
    `import { Fluid } from "webfluid";
import { mail } from "webfluid/mail";
export function createApp() {
  const app = new Fluid(import.meta);
  app.post("/send", { csrf: false }, () => {
    mail.send("ann@example.com", "slow one", "sent before the shutdown");
    return { sent: true };
  });
  return app;
}
`,
  );
  const app = await project.start("app");
  const res = await fetch(`${app.url}/send`, { method: "POST" });
  assert.equal(res.status, 200, await res.text());
  // The server has the message and is slow to answer: the delivery is under way.
  await waitUntil(() => smtp.dataStarted === 1, 10_000, () => app.output());
  assert.equal(smtp.received.length, 0);
  const stopped = await app.stop();
  assert.equal(stopped.code, 0, stopped.stdout);
  assert.deepEqual(smtp.received.map((mail) => mail.parsed!.subject), ["slow one"], "delivered once, before the exit");
  assert.doesNotMatch(stopped.stdout, /lost|gave up|giving up/i);
});
