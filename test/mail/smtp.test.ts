/**
 * Mail over SMTP against a real server on loopback (smtp-server): STARTTLS on a self-signed
 * certificate, AUTH, implicit TLS, what arrives (headers, both alternatives, attachments byte
 * for byte, the cc/bcc envelope), and each kind of failure told apart by its code.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { after, before, describe, test } from "node:test";
import { mail, MailError, type Mailer } from "../../src/mail/index.ts";
import { selfSignedCertificate, TestSmtpServer } from "../support/smtp.ts";
import { at, mailApp, recordingMailer } from "./support.ts";

const certificate = selfSignedCertificate();
after(() => certificate.remove());

const USER = { user: "mailer@example.com", pass: "s3cret" };

/** A server with STARTTLS and AUTH, and the settings of an app that uses it. */
async function secureServer(options: ConstructorParameters<typeof TestSmtpServer>[0] = {}) {
  const server = new TestSmtpServer({ tls: certificate, auth: USER, rejectRecipients: /^nobody@/, ...options });
  const port = await server.listen();
  const settings = at(port, { MAIL_USE_STARTTLS: true, MAIL_TLS_CA: certificate.certFile, MAIL_USERNAME: USER.user, MAIL_PASSWORD: USER.pass });
  return { server, settings };
}

/** Resolves once `done()` holds; fails after `timeoutMs`. */
async function until(done: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) assert.fail(`not done after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function rejection(promise: Promise<unknown>): Promise<MailError> {
  const error = await promise.then(() => assert.fail("expected a MailError"), (caught: unknown) => caught);
  assert.ok(error instanceof MailError, String(error));
  assert.equal(error.message.split("\n").length, 1, "one line");
  return error;
}

describe("asend over STARTTLS with a login", () => {
  let server: TestSmtpServer;
  let settings: Record<string, unknown>;
  before(async () => ({ server, settings } = await secureServer()));
  after(() => server.close());

  test("what arrives: headers, both alternatives, attachments byte for byte, the cc/bcc envelope", async () => {
    const app = await mailApp(settings);
    try {
      const binary = randomBytes(70_000);
      const sent = await app.run(() =>
        mail.asend(["Ann <ann@example.com>", "bob@example.com"], "Déjà vu — report", { plain: "Hello Ann\nline two", html: "<p>Hello <b>Ann</b></p>" }, {
          from: "Reports <reports@example.com>",
          cc: "carol@example.com",
          bcc: ["dave@example.com"],
          replyTo: "help@example.com",
          headers: { "X-Campaign": "welcome" },
          attachments: [
            { filename: "data.bin", content: binary, contentType: "application/octet-stream" },
            { filename: "notes.txt", content: "ünïcode notes\n" },
            { filename: "stream.csv", content: Readable.from([Buffer.from("a,b\n"), Buffer.from("1,2\n")]), contentType: "text/csv" },
          ],
        }),
      );
      assert.deepEqual([...sent.accepted].sort(), ["ann@example.com", "bob@example.com", "carol@example.com", "dave@example.com"]);
      assert.deepEqual(sent.rejected, []);
      assert.match(sent.response, /^250 /);
      const [got] = await server.waitFor(1);
      assert.ok(got!.secure, "STARTTLS was used");
      assert.equal(got!.user, USER.user);
      assert.equal(got!.envelope.from, "reports@example.com");
      assert.deepEqual([...got!.envelope.to].sort(), ["ann@example.com", "bob@example.com", "carol@example.com", "dave@example.com"]);
      const parsed = got!.parsed!;
      assert.equal(parsed.subject, "Déjà vu — report");
      assert.deepEqual(parsed.from?.value.map(({ name, address }) => ({ name, address })), [{ name: "Reports", address: "reports@example.com" }]);
      assert.equal(parsed.headers.get("message-id"), sent.messageId);
      assert.equal(parsed.headers.get("x-campaign"), "welcome");
      assert.equal(parsed.headers.has("bcc"), false, "Bcc is not in the headers");
      assert.match(String(parsed.replyTo?.text), /help@example\.com/);
      assert.match(String(parsed.cc && !Array.isArray(parsed.cc) ? parsed.cc.text : ""), /carol@example\.com/);
      assert.equal(parsed.text?.trim(), "Hello Ann\nline two");
      assert.equal(parsed.html, "<p>Hello <b>Ann</b></p>");
      const byName = new Map(parsed.attachments.map((a) => [a.filename, a]));
      assert.ok(byName.get("data.bin")!.content.equals(binary), "binary attachment byte for byte");
      assert.equal(byName.get("data.bin")!.contentType, "application/octet-stream");
      assert.equal(byName.get("notes.txt")!.content.toString("utf8"), "ünïcode notes\n");
      assert.equal(byName.get("notes.txt")!.contentType, "text/plain");
      assert.equal(byName.get("stream.csv")!.content.toString(), "a,b\n1,2\n");
    } finally {
      await app.shutdown();
    }
  });

  test("send() returns at once and delivers in the background; the default sender is the user name", async () => {
    const app = await mailApp(settings);
    try {
      const before = server.received.length;
      const result: unknown = app.run(() => mail.send("ann@example.com", "Background", "plain text body"));
      assert.equal(result, undefined);
      const got = (await server.waitFor(before + 1))[before]!;
      assert.equal(got.envelope.from, USER.user);
      assert.equal(got.parsed!.text?.trim(), "plain text body");
      assert.equal(got.parsed!.html, false);
    } finally {
      await app.shutdown();
    }
  });

  test("a client sends a batch over one connection; the pool reuses its connections", async () => {
    const app = await mailApp({ ...settings, MAIL_MAX_CONNECTIONS: 2 });
    try {
      const start = server.received.length;
      {
        await using client = mail.of(app).client();
        for (const n of [1, 2, 3]) await client.asend("ann@example.com", `batch ${n}`, "x");
      }
      const batch = server.received.slice(start);
      assert.equal(batch.length, 3);
      assert.equal(new Set(batch.map((m) => m.connection)).size, 1, "one connection for the batch");

      const connections = server.connections;
      await Promise.all(Array.from({ length: 20 }, (_, i) => mail.of(app).asend("bob@example.com", `pooled ${i}`, "x")));
      assert.ok(server.connections - connections <= 2, `${server.connections - connections} connections for 20 messages`);
    } finally {
      await app.shutdown();
    }
  });

  test("a refused recipient is WF_ERR_MAIL_REJECTED with the server's answer; among others it is listed in rejected", async () => {
    const app = await mailApp(settings);
    try {
      const error = await rejection(mail.of(app).asend("nobody@example.com", "x", "x"));
      assert.equal(error.code, "WF_ERR_MAIL_REJECTED");
      assert.equal(error.answer?.code, 550);
      assert.deepEqual(error.rejected, ["nobody@example.com"]);
      assert.equal(error.temporary, false);
      assert.match(error.message, /nobody@example\.com.*User unknown/);

      const partial = await mail.of(app).asend(["ann@example.com", "nobody@example.com"], "x", "x");
      assert.deepEqual(partial.accepted, ["ann@example.com"]);
      assert.deepEqual(partial.rejected, ["nobody@example.com"]);
    } finally {
      await app.shutdown();
    }
  });

  test("a wrong password is WF_ERR_MAIL_AUTH", async () => {
    const app = await mailApp({ ...settings, MAIL_PASSWORD: "wrong" });
    try {
      const error = await rejection(mail.of(app).asend("ann@example.com", "x", "x"));
      assert.equal(error.code, "WF_ERR_MAIL_AUTH");
      assert.equal(error.answer?.code, 535);
      assert.doesNotMatch(error.message, /wrong/, "the password is not in the message");
    } finally {
      await app.shutdown();
    }
  });

  test("an untrusted certificate is WF_ERR_MAIL_CONNECTION", async () => {
    const { MAIL_TLS_CA: _ca, ...untrusted } = settings;
    const app = await mailApp(untrusted);
    try {
      const error = await rejection(mail.of(app).asend("ann@example.com", "x", "x"));
      assert.equal(error.code, "WF_ERR_MAIL_CONNECTION");
      assert.match(error.message, /127\.0\.0\.1:\d+.*certificate/i);
    } finally {
      await app.shutdown();
    }
  });
});

describe("implicit TLS", () => {
  test("MAIL_USE_TLS speaks TLS from the first byte", async () => {
    const server = new TestSmtpServer({ tls: certificate, implicitTls: true });
    const port = await server.listen();
    const app = await mailApp(at(port, { MAIL_USE_TLS: true, MAIL_TLS_CA: certificate.certFile }));
    try {
      await mail.of(app).asend("ann@example.com", "tls", "x");
      assert.equal((await server.waitFor(1))[0]!.secure, true);
    } finally {
      await app.shutdown();
      await server.close();
    }
  });
});

describe("connection failures and temporary answers", () => {
  test("a closed port and a dropped connection are WF_ERR_MAIL_CONNECTION, naming host and port", async () => {
    const closed = new TestSmtpServer();
    const port = await closed.listen();
    await closed.close();
    const app = await mailApp(at(port));
    try {
      const error = await rejection(mail.of(app).asend("ann@example.com", "x", "x"));
      assert.equal(error.code, "WF_ERR_MAIL_CONNECTION");
      assert.match(error.message, new RegExp(`127\\.0\\.0\\.1:${port}.*ECONNREFUSED`));
      assert.equal(error.temporary, true);
    } finally {
      await app.shutdown();
    }

    const dropping = new TestSmtpServer({ dropConnections: 100 });
    const app2 = await mailApp(at(await dropping.listen()));
    try {
      const error = await rejection(mail.of(app2).asend("ann@example.com", "x", "x"));
      assert.equal(error.code, "WF_ERR_MAIL_CONNECTION");
    } finally {
      await app2.shutdown();
      await dropping.close();
    }
  });

  test("a 4xx answer is WF_ERR_MAIL_TEMPORARY for asend; send() tries again and the message arrives once", async () => {
    const server = new TestSmtpServer({ temporaryFailures: 1 });
    const app = await mailApp(at(await server.listen(), { MAIL_RETRY_DELAY: 0.05 }));
    try {
      const error = await rejection(mail.of(app).asend("ann@example.com", "x", "x"));
      assert.equal(error.code, "WF_ERR_MAIL_TEMPORARY");
      assert.equal(error.answer?.code, 451);
      assert.equal(error.temporary, true);

      const flaky = new TestSmtpServer({ temporaryFailures: 2, dropConnections: 1 });
      const flakyApp = await mailApp(at(await flaky.listen(), { MAIL_RETRY_DELAY: 0.05 }));
      const { mailer, lines } = recordingMailer(flakyApp);
      mailer.send("ann@example.com", "retried", "x");
      const [got] = await flaky.waitFor(1);
      assert.equal(got!.parsed!.subject, "retried");
      await mailer.close(1000);
      await flakyApp.shutdown();
      await flaky.close();
      assert.equal(flaky.received.length, 1, "delivered once");
      assert.deepEqual(lines.map((line) => line.level), ["warn", "warn", "warn"], JSON.stringify(lines));
      assert.match(lines[0]!.message, /WF_ERR_MAIL_CONNECTION|dropped/);
      assert.match(lines[1]!.message, /451.*trying again in 0\.1 s/);
    } finally {
      await app.shutdown();
      await server.close();
    }
  });

  test("a failed send() is logged as one coded line, and retries stop at MAIL_RETRIES", async () => {
    const server = new TestSmtpServer({ rejectRecipients: /^nobody@/, temporaryFailures: 100 });
    const app = await mailApp(at(await server.listen(), { MAIL_RETRY_DELAY: 0.01, MAIL_RETRIES: 2 }));
    try {
      const { mailer, lines } = recordingMailer(app);
      mailer.send("nobody@example.com", "refused", "x");
      mailer.send("ann@example.com", "greylisted", "x");
      await until(() => lines.filter((line) => line.level === "error").length >= 2);
      await mailer.close(5000);
      const errors = lines.filter((line) => line.level === "error").map((line) => line.message).sort();
      assert.equal(errors.length, 2, JSON.stringify(lines));
      assert.match(errors[0]!, /^mail to ann@example\.com \("greylisted"\) not delivered: .*451.* \[WF_ERR_MAIL_TEMPORARY\]$/);
      assert.match(errors[1]!, /^mail to nobody@example\.com \("refused"\) not delivered: .*550.* \[WF_ERR_MAIL_REJECTED\]$/);
      assert.equal(lines.filter((line) => line.level === "warn").length, 2, "two retries of the greylisted one, none of the refused one");
    } finally {
      await app.shutdown();
      await server.close();
    }
  });
});

describe("the mail of the running app", () => {
  test("mail resolves to the app in context; outside any app to the only one; mail.of(app) names it", async () => {
    const one = new TestSmtpServer();
    const two = new TestSmtpServer();
    const a = await mailApp(at(await one.listen(), { MAIL_DEFAULT_SENDER: "a@example.com" }));
    try {
      await mail.asend("x@example.com", "outside", "x");
      const b = await mailApp(at(await two.listen(), { MAIL_DEFAULT_SENDER: "b@example.com" }));
      try {
        await a.run(() => mail.asend("x@example.com", "in a", "x"));
        await b.run(() => mail.asend("x@example.com", "in b", "x"));
        await mail.of(b).asend("x@example.com", "of b", "x");
        assert.deepEqual(one.received.map((m) => m.parsed!.subject), ["outside", "in a"]);
        assert.deepEqual(two.received.map((m) => m.parsed!.subject), ["in b", "of b"]);
        assert.deepEqual(two.received.map((m) => m.envelope.from), ["b@example.com", "b@example.com"]);
      } finally {
        await b.shutdown();
      }
    } finally {
      await a.shutdown();
      await one.close();
      await two.close();
    }
  });
});

/** The Mailer type is part of the API: its methods keep their shapes. */
export type _MailerSend = Parameters<Mailer["send"]>;
