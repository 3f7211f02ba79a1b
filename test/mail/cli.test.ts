/**
 * Mail through the real `wf`: `wf mail send` prints the server's answer or one coded line, and
 * `wf run` with an unreachable SMTP server logs one coded line and keeps serving.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { waitUntil } from "../support/processes.ts";
import { TempProject } from "../support/project.ts";
import { TestSmtpServer } from "../support/smtp.ts";

const project = TempProject.empty();
after(() => project.remove());
project.write("app_configs/app.ini", "EXT_MAIL = 1\nMAIL_SERVER = 127.0.0.1\nMAIL_PORT = ${SMTP_PORT:-1}\nMAIL_USE_STARTTLS = 0\nMAIL_TIMEOUT = 3\n");
project.write("app_configs/nomail.ini", "PORT = 8000\n");
project.write(
  "fluid/main.ts",
  `import { Fluid } from "webfluid";\nexport function createApp() { const app = new Fluid(import.meta); app.get("/health")(() => ({ status: "ok" })); return app; }\n`,
);

/** The one error line of a failed command. */
function errorLine(stderr: string): string {
  const lines = stderr.trimEnd().split("\n");
  assert.equal(lines.length, 1, stderr);
  return lines[0]!;
}

describe("wf mail send", () => {
  let server: TestSmtpServer;
  let env: Record<string, string>;
  before(async () => {
    server = new TestSmtpServer({ rejectRecipients: /^nobody@/ });
    env = { SMTP_PORT: String(await server.listen()) };
  });
  after(() => server.close());

  test("sends a test message and prints what the server answered", async () => {
    const { code, stdout, stderr } = await project.wf(["mail", "send", "app", "--to", "ann@example.com"], { env });
    assert.equal(code, 0, stderr);
    assert.match(stdout, new RegExp(`^sent to ann@example\\.com through 127\\.0\\.0\\.1:${env.SMTP_PORT}: 250 2\\.0\\.0 Ok: queued as \\d+\\n$`));
    const [got] = await server.waitFor(1);
    assert.equal(got!.parsed!.subject, "WebFluid test message");
    assert.equal(got!.envelope.from, "noreply@example.com");
  });

  test("each failure is one coded line and exit code 1", async () => {
    for (const [args, extraEnv, pattern] of [
      [["--to", "nobody@example.com"], env, /^error: SMTP server 127\.0\.0\.1:\d+ rejected recipient nobody@example\.com: "550 .*User unknown".* \[WF_ERR_MAIL_REJECTED\]$/],
      [["--to", "not-an-address"], env, /^error: to: "not-an-address" is not an e-mail address.* \[WF_ERR_MAIL_BAD_ADDRESS\]$/],
      [["--to", "ann@example.com"], { SMTP_PORT: "1" }, /^error: SMTP server 127\.0\.0\.1:1 cannot be reached .*ECONNREFUSED.* \[WF_ERR_MAIL_CONNECTION\]$/],
      [["--to", "ann@example.com"], { WF_MAIL_USERNAME: "me" }, /^error: MAIL_USERNAME is set but MAIL_PASSWORD is not.* \[WF_ERR_MAIL_BAD_CONFIG\]$/],
    ] as const) {
      const { code, stderr } = await project.wf(["mail", "send", "app", ...args], { env: extraEnv });
      assert.equal(code, 1, stderr);
      assert.match(errorLine(stderr), pattern);
    }
    const off = await project.wf(["mail", "send", "nomail", "--to", "ann@example.com"]);
    assert.equal(off.code, 1);
    assert.match(errorLine(off.stderr), /^error: mail was used by app "nomail", whose config does not set EXT_MAIL = 1.* \[WF_ERR_MAIL_NOT_ENABLED\]$/);
  });
});

describe("wf run with an unreachable SMTP server", () => {
  test("logs one coded line and keeps serving", async () => {
    const app = await project.start("app", { env: { SMTP_PORT: "1" } });
    try {
      await waitUntil(() => /WF_ERR_MAIL_CONNECTION/.test(app.output()), 10_000, () => app.output());
      const lines = app.output().split("\n").filter((line) => line.includes("WF_ERR_MAIL_CONNECTION"));
      assert.equal(lines.length, 1, app.output());
      const logged = JSON.parse(lines[0]!) as { level: number; msg: string };
      assert.equal(logged.level, 50);
      assert.match(logged.msg, /^mail: the SMTP server cannot be used yet: SMTP server 127\.0\.0\.1:1 cannot be reached .*ECONNREFUSED.* \[WF_ERR_MAIL_CONNECTION\]$/);
      assert.equal((await fetch(`${app.url}/health`)).status, 200);
    } finally {
      assert.equal((await app.stop()).code, 0);
    }
  });
});
