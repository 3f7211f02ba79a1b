/**
 * EXT_MAIL's settings and bad input: the original's defaults, contradictions refused at start
 * with one coded line naming the key, the password masked by `wf config`, and calls with bad
 * addresses, a missing sender or a body of the wrong shape refused at once, without harm to the app.
 */
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { Fluid, HTTPException } from "../../src/index.ts";
import { mail, MailError, type MailBody } from "../../src/mail/index.ts";
import { testConfig } from "../../src/testing/index.ts";
import { TempProject } from "../support/project.ts";
import { mailApp } from "./support.ts";

function refused(fn: () => unknown, code: string, message: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof MailError, String(error));
    assert.equal(error.code, code);
    assert.match(error.message, message);
    assert.equal(error.message.split("\n").length, 1);
    return true;
  });
}

describe("EXT_MAIL settings", () => {
  test("the defaults are the original's", async () => {
    const app = await mailApp({});
    try {
      const settings = mail.of(app).settings;
      assert.deepEqual(
        { ...settings },
        {
          backend: "smtp", server: "localhost", port: 587, useTls: false, useStarttls: true, timeoutMs: 10_000,
          username: undefined, password: undefined, defaultSender: "noreply@example.com", queue: "memory",
          tlsCa: undefined, maxConnections: 5, retries: 5, retryDelayMs: 5000,
        },
      );
    } finally {
      await app.shutdown();
    }
    const withUser = await mailApp({ MAIL_USERNAME: "me@example.com", MAIL_PASSWORD: "pw" });
    assert.equal(mail.of(withUser).settings.defaultSender, "me@example.com", "the user name is the default sender");
    await withUser.shutdown();
    const named = await mailApp({ MAIL_USERNAME: "apikey", MAIL_PASSWORD: "pw", MAIL_DEFAULT_SENDER: "Shop <shop@example.com>" });
    assert.equal(mail.of(named).settings.defaultSender, "Shop <shop@example.com>");
    await named.shutdown();
  });

  for (const [values, message] of [
    [{ MAIL_USERNAME: "me" }, /^MAIL_USERNAME is set but MAIL_PASSWORD is not: set both to log in, or neither$/],
    [{ MAIL_PASSWORD: "pw" }, /^MAIL_PASSWORD is set but MAIL_USERNAME is not/],
    [{ MAIL_USE_TLS: true }, /^MAIL_USE_TLS and MAIL_USE_STARTTLS are both on: use MAIL_USE_TLS = 1 with MAIL_USE_STARTTLS = 0/],
    [{ MAIL_BACKEND: "sendgrid" }, /^MAIL_BACKEND is "sendgrid": set it to smtp, console or memory$/],
    [{ MAIL_QUEUE: "redis://localhost" }, /^MAIL_QUEUE is "redis:\/\/localhost": set it to memory or a postgresql:\/\/ URI$/],
    [{ MAIL_PORT: 70000 }, /^MAIL_PORT must be a port number/],
    [{ MAIL_TIMEOUT: 0 }, /^MAIL_TIMEOUT must be a positive number/],
    [{ MAIL_TLS_CA: "/nonexistent/ca.pem" }, /^MAIL_TLS_CA names "\/nonexistent\/ca.pem", which cannot be read/],
  ] as const) {
    test(`a bad config fails at start: ${JSON.stringify(values)}`, async () => {
      const app = new Fluid(process.cwd(), { config: testConfig({ EXT_MAIL: true, ...values }) });
      await assert.rejects(app.startup(), (error: unknown) => {
        assert.ok(error instanceof MailError, String(error));
        assert.equal(error.code, "WF_ERR_MAIL_BAD_CONFIG");
        assert.match(error.message, message);
        return true;
      });
      await app.shutdown().catch(() => undefined);
    });
  }

  test("wf config masks MAIL_PASSWORD", async () => {
    const project = TempProject.empty();
    after(() => project.remove());
    project.write("app_configs/app.ini", "EXT_MAIL = 1\nMAIL_USERNAME = me@example.com\nMAIL_PASSWORD = hunter2\n");
    project.write("fluid/main.ts", `import { Fluid } from "webfluid";\nexport function createApp() { return new Fluid(import.meta); }\n`);
    const { code, stdout, stderr } = await project.wf(["config", "app"]);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /MAIL_PASSWORD\s+"\*{8}"/);
    assert.match(stdout, /MAIL_PORT\s+587/);
    assert.doesNotMatch(stdout, /hunter2/);
  });
});

describe("mail without EXT_MAIL", () => {
  test("an app without EXT_MAIL, and no app at all, get WF_ERR_MAIL_NOT_ENABLED", async () => {
    refused(() => mail.send("ann@example.com", "x", "x"), "WF_ERR_MAIL_NOT_ENABLED", /outside any app while no app has mail/);
    const app = new Fluid(process.cwd(), { config: testConfig({}) });
    await app.startup();
    try {
      refused(() => app.run(() => mail.send("ann@example.com", "x", "x")), "WF_ERR_MAIL_NOT_ENABLED", /EXT_MAIL = 1/);
      await assert.rejects(app.run(() => mail.asend("ann@example.com", "x", "x")), { code: "WF_ERR_MAIL_NOT_ENABLED" });
    } finally {
      await app.shutdown();
    }
  });
});

describe("bad input is refused at once with one coded line", () => {
  const cases: ReadonlyArray<[string, (m: typeof mail) => unknown, string, RegExp]> = [
    ["an invalid address", (m) => m.send("not an address", "x", "x"), "WF_ERR_MAIL_BAD_ADDRESS", /^to: "not an address" is not an e-mail address/],
    ["two addresses in one string", (m) => m.send("a@example.com, b@example.com", "x", "x"), "WF_ERR_MAIL_BAD_ADDRESS", /^to:/],
    ["a bad cc in a list", (m) => m.send("a@example.com", "x", "x", { cc: ["b@example.com", "nope"] }), "WF_ERR_MAIL_BAD_ADDRESS", /^cc\[1\]: "nope"/],
    ["a bad replyTo", (m) => m.send("a@example.com", "x", "x", { replyTo: "@example.com" }), "WF_ERR_MAIL_BAD_ADDRESS", /^replyTo:/],
    ["a bad sender", (m) => m.send("a@example.com", "x", "x", { from: "me" }), "WF_ERR_MAIL_BAD_ADDRESS", /^from: "me"/],
    ["an empty sender", (m) => m.send("a@example.com", "x", "x", { from: " " }), "WF_ERR_MAIL_NO_SENDER", /MAIL_DEFAULT_SENDER/],
    ["no recipient", (m) => m.send([], "x", "x"), "WF_ERR_MAIL_BAD_MESSAGE", /no recipient/],
    ["a number as body", (m) => m.send("a@example.com", "x", 42 as unknown as MailBody), "WF_ERR_MAIL_BAD_MESSAGE", /body must be a string or \{ plain\?: string, html\?: string \}.*a number/],
    ["an empty body object", (m) => m.send("a@example.com", "x", {}), "WF_ERR_MAIL_BAD_MESSAGE", /at least one of them/],
    ["a body with text instead of plain", (m) => m.send("a@example.com", "x", { text: "x" } as MailBody), "WF_ERR_MAIL_BAD_MESSAGE", /unknown field "text"/],
    ["a subject that is no string", (m) => m.send("a@example.com", 7 as unknown as string, "x"), "WF_ERR_MAIL_BAD_MESSAGE", /subject must be a string/],
    ["a header with a line break", (m) => m.send("a@example.com", "x", "x", { headers: { "X-A": "1\r\nBcc: evil@example.com" } }), "WF_ERR_MAIL_BAD_MESSAGE", /one-line/],
    ["an attachment without content", (m) => m.send("a@example.com", "x", "x", { attachments: [{ filename: "a.txt" } as never] }), "WF_ERR_MAIL_BAD_MESSAGE", /attachments\[0\] \("a\.txt"\) needs content/],
  ];

  test("each case, through send() and asend()", async () => {
    const app = await mailApp({ MAIL_BACKEND: "memory" });
    try {
      for (const [what, call, code, message] of cases) {
        await app.run(async () => {
          refused(() => call(mail), code, message);
          const asend = mail.asend.bind(mail);
          const viaAsend = { ...mail, send: (...args: Parameters<typeof mail.send>) => asend(...args) } as unknown as typeof mail;
          await assert.rejects(Promise.resolve().then(() => call(viaAsend)), { code }, what);
        });
      }
      assert.equal(mail.of(app).outbox.messages.length, 0, "nothing was sent");
    } finally {
      await app.shutdown();
    }
  });

  test("a request that sends to a bad address fails alone; the app keeps serving", async () => {
    const app = new Fluid(process.cwd(), { config: testConfig({ EXT_MAIL: true, MAIL_BACKEND: "memory" }) });
    app.post("/invite")(async (request) => {
      const { to } = (await request.json()) as { to: string };
      try {
        mail.send(to, "Invitation", "Join us");
      } catch (error) {
        if (error instanceof MailError && error.code === "WF_ERR_MAIL_BAD_ADDRESS") throw new HTTPException(422, error.message);
        throw error;
      }
      return { sent: true };
    });
    try {
      const bad = await app.inject({ method: "POST", url: "/invite", payload: { to: "nope" } });
      assert.equal(bad.statusCode, 422);
      assert.match(bad.json<{ detail: string }>().detail, /"nope" is not an e-mail address/);
      const good = await app.inject({ method: "POST", url: "/invite", payload: { to: "ann@example.com" } });
      assert.equal(good.statusCode, 200);
      await mail.of(app).outbox.waitFor(1);
    } finally {
      await app.shutdown();
    }
  });
});
