/**
 * One app's mail: its settings, its backend (an SMTP pool, the console or an outbox), the
 * deliveries `send()` left running, the batch clients it opened, and the durable queue when
 * MAIL_QUEUE names one. `mail` (context-mail.ts) resolves to the running app's Mailer.
 */
import type { MailBackend, SentMail } from "./backends/backend.ts";
import { ConsoleBackend } from "./backends/console-backend.ts";
import { MemoryBackend, type Outbox } from "./backends/memory-backend.ts";
import { SmtpBackend } from "./backends/smtp-backend.ts";
import { BackgroundDelivery, failureLine, type MailLogger } from "./delivery.ts";
import { mailErrors } from "./errors.ts";
import { composeMessage, type MailBody, type MailOptions, type OutgoingMessage, type Recipients } from "./message.ts";
import type { MailQueue } from "./queue.ts";
import type { MailSettings } from "./settings.ts";
import { MailTemplates, type RenderedBody, type TemplateHost } from "./templates.ts";

/** What a Mailer needs of its app. */
export interface MailerHost extends TemplateHost {
  readonly name: string;
  readonly log: MailLogger;
}

/** How a Mailer is set up: by the extension from the app config, or by hand. */
export interface MailerSetup {
  readonly settings: MailSettings;
  /** The durable queue of `send()`; none keeps send() in memory. */
  readonly queue?: MailQueue;
  /** Re-read templates on every render (DEBUG). */
  readonly noCache?: boolean;
}

/**
 * Several messages over one SMTP connection, kept open between them (Flask-Mail's
 * `mail.connect()`); close it when the batch is done, or let `await using` do it.
 *
 * @example
 * ```ts
 * await using client = mail.client();
 * for (const user of users) await client.asend(user.email, "News", { plain: "..." });
 * ```
 */
export class MailClient {
  readonly #mailer: Mailer;
  readonly #backend: MailBackend;
  readonly #onClose: () => void;
  #closed = false;

  /** @internal */
  constructor(mailer: Mailer, backend: MailBackend, onClose: () => void) {
    this.#mailer = mailer;
    this.#backend = backend;
    this.#onClose = onClose;
  }

  /** Sends one message over the batch's connection; as {@link Mailer.asend}. */
  asend(to: Recipients, subject: string, body: MailBody, options?: MailOptions): Promise<SentMail> {
    if (this.#closed) return Promise.reject(mailErrors.badMessage("this mail client is closed: open another with mail.client()"));
    return this.#backend.deliver(this.#mailer.compose(to, subject, body, options));
  }

  /** Closes the connection. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#onClose();
    await this.#backend.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}

/**
 * An app's mail. Inside an app, `mail` is its Mailer; `mail.of(app)` names the app.
 *
 * @example
 * ```ts
 * mail.send("ann@example.com", "Welcome", { plain: "Hello Ann" });
 * await mail.asend("ann@example.com", "Receipt", { html: "<p>Thanks</p>" });
 * ```
 */
export class Mailer {
  readonly #host: MailerHost;
  #setup: (MailerSetup & { templates: MailTemplates }) | undefined;
  #backend: MailBackend | undefined;
  readonly #background: BackgroundDelivery;
  readonly #clients = new Set<MailClient>();

  /** @internal Made by `mail.of(app)`; set up by the extension. */
  constructor(host: MailerHost) {
    this.#host = host;
    this.#background = new BackgroundDelivery(() => this.#host.log);
  }

  /** @internal Sets the settings (the extension does, from the app config). */
  configure(setup: MailerSetup): void {
    this.#setup = { ...setup, templates: new MailTemplates(this.#host, setup.noCache ?? false) };
    this.#backend = undefined;
  }

  /** The settings the app's config gave. */
  get settings(): MailSettings {
    return this.#ready().settings;
  }

  #ready(): MailerSetup & { templates: MailTemplates } {
    if (!this.#setup) throw mailErrors.notEnabled(`by app "${this.#host.name}", whose config does not set EXT_MAIL = 1`);
    return this.#setup;
  }

  #backendNow(): MailBackend {
    const { settings } = this.#ready();
    return (this.#backend ??= settings.backend === "memory"
      ? new MemoryBackend()
      : settings.backend === "console"
        ? new ConsoleBackend()
        : new SmtpBackend(settings));
  }

  /** @internal The backend delivering now; the durable queue's worker uses it. */
  get backend(): MailBackend {
    return this.#backendNow();
  }

  /** @internal The outbox of `MAIL_BACKEND = memory`; `webfluid/testing` reads it. */
  get outbox(): Outbox {
    const backend = this.#backendNow();
    if (!(backend instanceof MemoryBackend)) {
      throw mailErrors.badConfig("MAIL_BACKEND", `is "${this.settings.backend}" in app "${this.#host.name}": the outbox exists with MAIL_BACKEND = memory only`);
    }
    return backend.outbox;
  }

  /** @internal Checks a message and completes it with the app's sender. */
  compose(to: Recipients, subject: string, body: MailBody, options?: MailOptions): OutgoingMessage {
    return composeMessage(to, subject, body, options, this.#ready().settings.defaultSender);
  }

  /**
   * Sends a message in the background and returns at once. A failure is logged, never
   * thrown; a temporary one (4xx, a dropped connection) is tried again MAIL_RETRIES times.
   * With MAIL_QUEUE set, the message is stored first and survives a crash.
   *
   * @throws MailError at once for bad input: `WF_ERR_MAIL_BAD_ADDRESS`, `_NO_SENDER`, `_BAD_MESSAGE`.
   * @example
   * ```ts
   * mail.send(["ann@example.com", "bob@example.com"], "Hello", "Plain text is fine");
   * ```
   */
  send(to: Recipients, subject: string, body: MailBody, options?: MailOptions): void {
    void this.#hand(this.compose(to, subject, body, options)).catch(() => undefined);
  }

  /**
   * As {@link send}, and resolves once the message is in the durable queue (MAIL_QUEUE), so
   * that it survives a crash from then on; without a queue, once delivery has started.
   *
   * @throws MailError bad input as {@link send}; `WF_ERR_MAIL_QUEUE_UNAVAILABLE`.
   * @example
   * ```ts
   * await mail.enqueue(order.email, "Order received", mail.template("order", { order }));
   * ```
   */
  async enqueue(to: Recipients, subject: string, body: MailBody, options?: MailOptions): Promise<void> {
    await this.#hand(this.compose(to, subject, body, options));
  }

  /** Gives the message to the queue, or to a background delivery; a failure is logged as well as returned. */
  #hand(message: OutgoingMessage): Promise<void> {
    const { queue, settings } = this.#ready();
    if (queue) {
      const stored = queue.enqueue(message);
      this.#background.track(stored, (error) => {
        this.#host.log.error({ err: error, messageId: message.messageId }, failureLine(message, error));
      });
      return stored;
    }
    const backend = this.#backendNow();
    this.#background.start(message, settings, () => backend.deliver(message));
    return Promise.resolve();
  }

  /**
   * Delivers a message and resolves once the server accepted it (never through the queue).
   * Recipients the server refused while it accepted others are listed in `rejected`.
   *
   * @throws MailError bad input as {@link send}; delivery failures: `WF_ERR_MAIL_CONNECTION`,
   * `_AUTH`, `_REJECTED` (5xx), `_TEMPORARY` (4xx).
   * @example
   * ```ts
   * const { response } = await mail.asend("ann@example.com", "Receipt", { plain: "Thanks" });
   * ```
   */
  async asend(to: Recipients, subject: string, body: MailBody, options?: MailOptions): Promise<SentMail> {
    const message = this.compose(to, subject, body, options);
    return this.#backendNow().deliver(message);
  }

  /**
   * Opens a client for a batch: one SMTP connection that its messages share.
   *
   * @example
   * ```ts
   * await using client = mail.client();
   * await client.asend("ann@example.com", "One", "1");
   * await client.asend("bob@example.com", "Two", "2");
   * ```
   */
  client(): MailClient {
    const { settings } = this.#ready();
    const backend = settings.backend === "smtp" ? new SmtpBackend(settings, 1) : this.#backendNow();
    const client: MailClient = new MailClient(this, backend, () => this.#clients.delete(client));
    this.#clients.add(client);
    return client;
  }

  /**
   * A body from `templates/mail/<name>.html` (autoescaped) and `templates/mail/<name>.txt`.
   *
   * @throws MailError `WF_ERR_MAIL_TEMPLATE` when neither exists or rendering fails.
   * @example
   * ```ts
   * mail.send(user.email, "Welcome", mail.template("welcome", { user }));
   * ```
   */
  template(name: string, context: Readonly<Record<string, unknown>> = {}): RenderedBody {
    return this.#ready().templates.render(name, context);
  }

  /** Connects to the server (logging in) without sending; resolves with what happened. */
  verify(): Promise<string> {
    return this.#backendNow().verify();
  }

  /** @internal Starts the durable queue's deliveries (the extension does, when the app serves). */
  async startQueue(): Promise<void> {
    const { queue } = this.#ready();
    await queue?.work((message) => this.#backendNow().deliver(message));
  }

  /**
   * @internal Shutdown: waits for deliveries under way up to `timeoutMs`, then closes the
   * queue, the clients left open and the pool.
   */
  async close(timeoutMs: number): Promise<void> {
    const started = Date.now();
    const lost = await this.#background.drain(timeoutMs);
    if (lost > 0) this.#host.log.error({ lost }, `mail: ${lost} message(s) still being delivered after SHUTDOWN_TIMEOUT are lost`);
    await this.#setup?.queue?.close(Math.max(0, timeoutMs - (Date.now() - started)));
    for (const client of [...this.#clients]) await client.close();
    await this.#backend?.close();
    this.#backend = undefined;
  }
}
