/**
 * `mail`: the mail of the app that runs the code. Imported at module level, it resolves at
 * each call to the current app (its request, hook, job or command), like `db` and `scheduler`;
 * `mail.of(app)` names the app.
 */
import { AppLocal } from "../app/current-app.ts";
import type { Fluid } from "../app/fluid.ts";
import type { SentMail } from "./backends/backend.ts";
import { mailErrors } from "./errors.ts";
import { Mailer, type MailClient } from "./mailer.ts";
import type { MailBody, MailOptions, Recipients } from "./message.ts";
import type { MailSettings } from "./settings.ts";
import type { RenderedBody } from "./templates.ts";

const mailers = new AppLocal<Mailer>("mail", (app) => new Mailer(app));

/** The type of `mail`: each call goes to the current app's {@link Mailer}. */
export class ContextMail {
  /**
   * The mail of `app`: what `mail` is inside the app's requests, hooks and jobs.
   *
   * @example
   * ```ts
   * await mail.of(app).asend("ann@example.com", "Hi", "Hello");
   * ```
   */
  of(app: Fluid): Mailer {
    return mailers.of(app);
  }

  #current(): Mailer {
    const mailer = mailers.current();
    if (!mailer) throw mailErrors.notEnabled("outside any app while no app has mail");
    return mailer;
  }

  /** The current app's settings. */
  get settings(): MailSettings {
    return this.#current().settings;
  }

  /** {@link Mailer.send} of the current app. */
  send(to: Recipients, subject: string, body: MailBody, options?: MailOptions): void {
    this.#current().send(to, subject, body, options);
  }

  /** {@link Mailer.enqueue} of the current app. */
  enqueue(to: Recipients, subject: string, body: MailBody, options?: MailOptions): Promise<void> {
    try {
      return this.#current().enqueue(to, subject, body, options);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** {@link Mailer.asend} of the current app. */
  asend(to: Recipients, subject: string, body: MailBody, options?: MailOptions): Promise<SentMail> {
    try {
      return this.#current().asend(to, subject, body, options);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** {@link Mailer.client} of the current app. */
  client(): MailClient {
    return this.#current().client();
  }

  /** {@link Mailer.template} of the current app. */
  template(name: string, context?: Readonly<Record<string, unknown>>): RenderedBody {
    return this.#current().template(name, context);
  }

  /** {@link Mailer.verify} of the current app. */
  verify(): Promise<string> {
    return this.#current().verify();
  }
}

/**
 * The running app's mail (`EXT_MAIL = 1`).
 *
 * @example
 * ```ts
 * import { mail } from "webfluid/mail";
 * mail.send("ann@example.com", "Welcome", { plain: "Hello Ann", html: "<p>Hello Ann</p>" });
 * ```
 */
export const mail = new ContextMail();
