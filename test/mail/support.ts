/** Helpers of the mail tests: an app with mail switched on, and a logger that keeps its lines. */
import { Fluid } from "../../src/index.ts";
import { mail, Mailer } from "../../src/mail/index.ts";
import { testConfig } from "../../src/testing/index.ts";

/** A started app with `EXT_MAIL = 1` and `values` on top; shut it down when done. */
export async function mailApp(values: Readonly<Record<string, unknown>>, packageDir = process.cwd()): Promise<Fluid> {
  const app = new Fluid(packageDir, { config: testConfig({ EXT_MAIL: true, ...values }) });
  await app.startup();
  return app;
}

/** The settings that point an app at a loopback test server. */
export function at(port: number, extra: Readonly<Record<string, unknown>> = {}): Record<string, unknown> {
  return { MAIL_SERVER: "127.0.0.1", MAIL_PORT: port, MAIL_USE_STARTTLS: false, MAIL_TIMEOUT: 5, ...extra };
}

export interface LogLine {
  readonly level: "info" | "warn" | "error";
  readonly object: Record<string, unknown>;
  readonly message: string;
}

/** A Mailer over a logger that keeps what it is told, configured like `app`'s. */
export function recordingMailer(app: Fluid): { mailer: Mailer; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const log = {
    info: (object: object, message: string) => lines.push({ level: "info", object: object as Record<string, unknown>, message }),
    warn: (object: object, message: string) => lines.push({ level: "warn", object: object as Record<string, unknown>, message }),
    error: (object: object, message: string) => lines.push({ level: "error", object: object as Record<string, unknown>, message }),
  };
  const mailer = new Mailer({ name: "recording", log, packageDir: app.packageDir, render: (name, context) => app.render(name, context) });
  mailer.configure({ settings: mail.of(app).settings });
  return { mailer, lines };
}
