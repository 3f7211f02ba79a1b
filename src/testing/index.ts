/**
 * Test helpers: build an app from an app config (with overrides) and talk to it with
 * `app.inject()`, without a socket. Nothing is served and no job starts.
 */
import { createAppFromConfig, type Fluid } from "../app/index.ts";
import { codeLayer, Config, FRAMEWORK_DEFAULTS, loadConfig } from "../config/index.ts";
import type { Outbox } from "../mail/backends/memory-backend.ts";
import { mail } from "../mail/index.ts";

export type { Outbox, RecordedAttachment, RecordedMessage } from "../mail/backends/memory-backend.ts";

export interface TestAppOptions {
  /** Project root (default: found from the current directory). */
  readonly root?: string;
  /** Highest-precedence config values, e.g. `{ DATABASE_URI: "sqlite:///:memory:" }`. */
  readonly overrides?: Readonly<Record<string, unknown>>;
}

/**
 * Loads app config `name` as `wf run` would, with `overrides` on top, and starts the app
 * (extensions and startup hooks) without listening. Call `app.shutdown()` when done.
 *
 * @example
 * ```ts
 * const app = await createTestApp("app", { overrides: { DATABASE_URI: "sqlite:///:memory:" } });
 * const res = await app.inject("/health");
 * assert.deepEqual(res.json(), { status: "ok" });
 * await app.shutdown();
 * ```
 */
export async function createTestApp(name: string, options: TestAppOptions = {}): Promise<Fluid> {
  const config = await loadConfig({
    name,
    root: options.root,
    overrides: { LOG_LEVEL: "silent", ...options.overrides },
  });
  const app = await createAppFromConfig(config);
  await app.startup();
  return app;
}

/** A config from plain values over the framework defaults, for `new Fluid(dir, { config })`. */
export function testConfig(
  values: Readonly<Record<string, unknown>> = {},
  origin: { readonly root?: string; readonly name?: string } = {},
): Config {
  return new Config({ root: origin.root ?? process.cwd(), name: origin.name ?? "test" }, [
    codeLayer("default", FRAMEWORK_DEFAULTS, true),
    codeLayer("override", { LOG_LEVEL: "silent", ...values }),
  ]);
}

/**
 * The messages `app` "sent" with `MAIL_BACKEND = memory`, kept instead of sent (Flask-Mail's
 * `record_messages`). `send()` delivers in the background: `await outbox(app).waitFor(n)`.
 *
 * @throws MailError `WF_ERR_MAIL_BAD_CONFIG` when the app's MAIL_BACKEND is not `memory`.
 * @example
 * ```ts
 * const app = await createTestApp("app", { overrides: { MAIL_BACKEND: "memory" } });
 * await app.inject({ method: "POST", url: "/signup", payload: { email: "ann@example.com" } });
 * const [welcome] = await outbox(app).waitFor(1);
 * ```
 */
export function outbox(app: Fluid): Outbox {
  return mail.of(app).outbox;
}
