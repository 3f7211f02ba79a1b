/**
 * The console and memory backends, the outbox `webfluid/testing` exposes, and bodies rendered
 * from the app's templates (HTML autoescaped, plain text not).
 */
import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { after, describe, test } from "node:test";
import { mail, MailError } from "../../src/mail/index.ts";
import { createTestApp, outbox } from "../../src/testing/index.ts";
import { TempProject } from "../support/project.ts";
import { mailApp } from "./support.ts";

const project = TempProject.empty();
after(() => project.remove());
project.write("app_configs/app.ini", "EXT_MAIL = 1\nMAIL_BACKEND = memory\nMAIL_DEFAULT_SENDER = Shop <shop@example.com>\n");
project.write(
  "fluid/main.ts",
  `import { Fluid } from "webfluid";
import { mail } from "webfluid/mail";
export function createApp() {
  const app = new Fluid(import.meta);
  app.post("/signup")(async (request) => {
    const { email, name } = (await request.json()) as { email: string; name: string };
    mail.send(email, "Welcome", mail.template("welcome", { name }));
    return { ok: true };
  });
  return app;
}
`,
);
project.write("fluid/templates/mail/welcome.html", "<p>Welcome, {{ name }}!</p>\n");
project.write("fluid/templates/mail/welcome.txt", "Welcome, {{ name }}!\n");
project.write("fluid/templates/mail/text-only.txt", "Hi {{ name }}\n");
project.write("fluid/templates/mail/broken.html", "{% if %}\n");

describe("MAIL_BACKEND = memory and the outbox", () => {
  test("a request's send() lands in the outbox, both alternatives from the templates", async () => {
    const app = await createTestApp("app", { root: project.root });
    try {
      const res = await app.inject({ method: "POST", url: "/signup", payload: { email: "ann@example.com", name: "Ann & <Bob>" } });
      assert.equal(res.statusCode, 200, res.body);
      const [welcome] = await outbox(app).waitFor(1);
      assert.equal(welcome!.from, "Shop <shop@example.com>");
      assert.deepEqual(welcome!.to, ["ann@example.com"]);
      assert.equal(welcome!.subject, "Welcome");
      assert.equal(welcome!.html, "<p>Welcome, Ann &amp; &lt;Bob&gt;!</p>\n", "HTML is autoescaped");
      assert.equal(welcome!.plain, "Welcome, Ann & <Bob>!\n", "plain text is not");
      assert.match(welcome!.messageId, /^<[0-9a-f-]{36}@example\.com>$/);
      outbox(app).clear();
      assert.equal(outbox(app).messages.length, 0);
    } finally {
      await app.shutdown();
    }
  });

  test("attachments are kept as bytes, streams read", async () => {
    const app = await createTestApp("app", { root: project.root });
    try {
      const sent = await mail.of(app).asend("ann@example.com", "files", "see attached", {
        bcc: "audit@example.com",
        attachments: [
          { filename: "a.bin", content: Buffer.from([0, 1, 2, 255]) },
          { filename: "b.txt", content: Readable.from(["str", "eam"]), contentType: "text/plain" },
        ],
      });
      assert.deepEqual(sent.accepted, ["ann@example.com", "audit@example.com"]);
      const [kept] = outbox(app).messages;
      assert.deepEqual(kept!.bcc, ["audit@example.com"]);
      assert.deepEqual(kept!.attachments.map((a) => [a.filename, [...a.content], a.contentType]), [
        ["a.bin", [0, 1, 2, 255], undefined],
        ["b.txt", [...Buffer.from("stream")], "text/plain"],
      ]);
    } finally {
      await app.shutdown();
    }
  });

  test("templates: one alternative, a missing one, a broken one", async () => {
    const app = await createTestApp("app", { root: project.root });
    try {
      assert.deepEqual(mail.of(app).template("text-only", { name: "Ann" }), { plain: "Hi Ann\n" });
      assert.throws(() => mail.of(app).template("nope"), (error: unknown) => {
        assert.ok(error instanceof MailError);
        assert.equal(error.code, "WF_ERR_MAIL_TEMPLATE");
        assert.match(error.message, /^mail template "nope": neither mail\/nope\.html nor mail\/nope\.txt exists in .*templates: create one/);
        return true;
      });
      assert.throws(() => mail.of(app).template("broken"), { code: "WF_ERR_MAIL_TEMPLATE", message: /^mail template "broken": rendering failed: / });
      assert.throws(() => mail.of(app).template("../main"), { code: "WF_ERR_MAIL_TEMPLATE" });
    } finally {
      await app.shutdown();
    }
  });

  test("outbox() of an app that sends over SMTP says so", async () => {
    const app = await mailApp({});
    try {
      assert.throws(() => outbox(app), { code: "WF_ERR_MAIL_BAD_CONFIG", message: /outbox exists with MAIL_BACKEND = memory only/ });
    } finally {
      await app.shutdown();
    }
  });
});

describe("MAIL_BACKEND = console", () => {
  test("prints the message instead of sending it", async () => {
    const app = await mailApp({ MAIL_BACKEND: "console" });
    const printed: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((chunk: string) => (printed.push(String(chunk)), true)) as typeof process.stdout.write;
    try {
      const sent = await mail.of(app).asend("ann@example.com", "Hello", { plain: "Hi Ann", html: "<p>Hi Ann</p>" }, {
        cc: "bob@example.com",
        attachments: [{ filename: "a.txt", content: "abc" }],
      });
      assert.match(sent.response, /^250 printed/);
    } finally {
      process.stdout.write = write;
      await app.shutdown();
    }
    const text = printed.join("");
    assert.match(text, /^----- mail \(MAIL_BACKEND = console: not sent\) -----$/m);
    assert.match(text, /^From: noreply@example\.com$/m);
    assert.match(text, /^To: ann@example\.com$/m);
    assert.match(text, /^Cc: bob@example\.com$/m);
    assert.match(text, /^Subject: Hello\n\nHi Ann\n\n\[HTML alternative, 13 characters\]\n\[attachment a\.txt, 3 bytes\]$/m);
  });
});
