/**
 * The mail extension, enabled by `EXT_MAIL = 1`: the app's Mailer is set up from its MAIL_*
 * keys when the app is prepared (a contradiction fails then), the durable queue starts
 * delivering when the app serves, and at shutdown deliveries under way get up to
 * SHUTDOWN_TIMEOUT before the pool closes. When serving, the SMTP server is checked once in
 * the background: an unreachable one is logged as one coded line, and the app keeps serving.
 */
import type { Fluid } from "../app/fluid.ts";
import { Extension } from "../ext/extension.ts";
import { mail } from "./context-mail.ts";
import { MailError } from "./errors.ts";
import { PgBossMailQueue } from "./pgboss-queue.ts";
import { MAIL_DEFAULTS, readMailSettings } from "./settings.ts";

export class MailExtension extends Extension {
  readonly name = "MAIL";
  override readonly defaults = MAIL_DEFAULTS;

  protected setup(app: Fluid): void {
    const own = mail.of(app);
    const settings = readMailSettings(app.config);
    const queue = settings.queue === "memory" ? undefined : new PgBossMailQueue(settings, app.log);
    own.configure({ settings, queue, noCache: app.config.get("DEBUG") });
    void own.backend; // a bad MAIL_TLS_CA fails now
    app.onServe(async () => {
      await own.startQueue();
      if (settings.backend !== "smtp") return;
      own.verify().then(
        (said) => app.log.info(`mail: ${said}`),
        (error: unknown) => {
          const line = error instanceof MailError ? `${error.message} [${error.code}]` : String(error);
          app.log.error(`mail: the SMTP server cannot be used yet: ${line}`);
        },
      );
    });
    app.onShutdown(() => own.close(app.config.get("SHUTDOWN_TIMEOUT") * 1000));
  }
}

export default MailExtension;
