/**
 * The SMTP backend: nodemailer's pooled transport, so that sends reuse open connections (up
 * to MAIL_MAX_CONNECTIONS). nodemailer loads with the first message, not with the app.
 */
import { readFileSync } from "node:fs";
import { rootCertificates } from "node:tls";
import type { SendMailOptions, SMTPPoolOptions, SMTPPoolSentMessageInfo, Transporter } from "nodemailer";
import { mailErrors, reason } from "../errors.ts";
import type { OutgoingMessage } from "../message.ts";
import type { MailSettings } from "../settings.ts";
import { smtpFailure } from "../smtp-errors.ts";
import type { MailBackend, SentMail } from "./backend.ts";

type PoolInfo = SMTPPoolSentMessageInfo;

/** nodemailer's options for `settings`: the one place MAIL_* keys become transport options. */
export function transportOptions(settings: MailSettings, maxConnections = settings.maxConnections): SMTPPoolOptions & { pool: true } {
  let ca: string | undefined;
  if (settings.tlsCa !== undefined) {
    try {
      ca = readFileSync(settings.tlsCa, "utf8");
    } catch (cause) {
      throw mailErrors.badConfig("MAIL_TLS_CA", `names "${settings.tlsCa}", which cannot be read (${reason(cause)})`);
    }
  }
  return {
    pool: true,
    maxConnections,
    host: settings.server,
    port: settings.port,
    secure: settings.useTls,
    requireTLS: settings.useStarttls,
    // Without MAIL_USE_STARTTLS (and without TLS) the connection stays plain, as the setting says.
    ignoreTLS: !settings.useTls && !settings.useStarttls,
    connectionTimeout: settings.timeoutMs,
    greetingTimeout: settings.timeoutMs,
    socketTimeout: settings.timeoutMs * 6,
    auth: settings.username === undefined ? undefined : { user: settings.username, pass: settings.password },
    // Beside the system authorities, not instead of them.
    tls: ca === undefined ? undefined : { ca: [...rootCertificates, ca] },
  };
}

/** nodemailer's fields for one message. */
export function sendMailOptions(message: OutgoingMessage): SendMailOptions {
  return {
    messageId: message.messageId,
    from: message.from,
    to: [...message.to],
    cc: [...message.cc],
    bcc: [...message.bcc],
    replyTo: message.replyTo,
    subject: message.subject,
    text: message.plain,
    html: message.html,
    attachments: message.attachments.map(({ filename, content, contentType }) => ({ filename, content, contentType })),
    headers: { ...message.headers },
  };
}

export class SmtpBackend implements MailBackend {
  readonly #settings: MailSettings;
  readonly #maxConnections: number;
  #transport: Promise<Transporter<PoolInfo>> | undefined;

  /** @param maxConnections - Connections of this pool; a batch client uses one. */
  constructor(settings: MailSettings, maxConnections = settings.maxConnections) {
    this.#settings = settings;
    this.#maxConnections = maxConnections;
    transportOptions(settings, maxConnections); // a bad MAIL_TLS_CA fails now
  }

  #open(): Promise<Transporter<PoolInfo>> {
    return (this.#transport ??= import("nodemailer").then(({ default: nodemailer }) =>
      nodemailer.createTransport(transportOptions(this.#settings, this.#maxConnections)),
    ));
  }

  async deliver(message: OutgoingMessage): Promise<SentMail> {
    const transport = await this.#open();
    try {
      const info = await transport.sendMail(sendMailOptions(message));
      return {
        messageId: message.messageId,
        accepted: info.accepted.map(String),
        rejected: info.rejected.map(String),
        response: info.response,
      };
    } catch (error) {
      throw smtpFailure(error, { host: this.#settings.server, port: this.#settings.port });
    }
  }

  async verify(): Promise<string> {
    // A transport of its own, so that the check does not hold a connection of the pool.
    const { default: nodemailer } = await import("nodemailer");
    const { pool: _pool, ...single } = transportOptions(this.#settings, 1);
    const transport = nodemailer.createTransport(single);
    try {
      await transport.verify();
      return `${this.#settings.server}:${this.#settings.port} accepted the connection${this.#settings.username ? " and the login" : ""}`;
    } catch (error) {
      throw smtpFailure(error, { host: this.#settings.server, port: this.#settings.port });
    } finally {
      transport.close();
    }
  }

  async close(): Promise<void> {
    const transport = this.#transport;
    this.#transport = undefined;
    if (transport) (await transport).close();
  }
}
