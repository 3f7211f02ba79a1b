/**
 * What a caller passes to `mail.send()` and what goes out: the arguments are checked and
 * completed here (addresses parsed, the sender filled in, a Message-ID fixed) into one
 * {@link OutgoingMessage}, the data every backend and the durable queue work from.
 */
import { randomUUID } from "node:crypto";
import type { Readable } from "node:stream";
import addressparser from "nodemailer/lib/addressparser";
import { mailErrors } from "./errors.ts";

/** One address (`"ann@example.com"`, `"Ann <ann@example.com>"`) or a list of them. */
export type Recipients = string | readonly string[];

/** A message body: text, or a plain and/or an HTML alternative. */
export type MailBody = string | { readonly plain?: string; readonly html?: string };

/** A file attached to a message. */
export interface MailAttachment {
  /** The file name the recipient sees. */
  readonly filename: string;
  /** The bytes: a Buffer, a string (UTF-8) or a stream (read once, when the message is sent). */
  readonly content: Buffer | string | Readable;
  /** MIME type; guessed from the file name when omitted. */
  readonly contentType?: string;
}

/** Everything of a message besides recipients, subject and body. */
export interface MailOptions {
  /** The sender; default `MAIL_DEFAULT_SENDER`. */
  readonly from?: string;
  readonly cc?: Recipients;
  /** Recipients that get the message without appearing in its headers. */
  readonly bcc?: Recipients;
  readonly replyTo?: string;
  readonly attachments?: readonly MailAttachment[];
  /** Extra headers: `{ "X-Campaign": "welcome" }`. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** A message as it goes out: checked, with its sender and Message-ID. */
export interface OutgoingMessage {
  readonly messageId: string;
  readonly from: string;
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly bcc: readonly string[];
  readonly replyTo: string | undefined;
  readonly subject: string;
  readonly plain: string | undefined;
  readonly html: string | undefined;
  readonly attachments: readonly MailAttachment[];
  readonly headers: Readonly<Record<string, string>>;
}

const MAILBOX = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+$/;

/** One address, checked: `field` names where it came from, for the error. */
export function checkAddress(field: string, value: unknown): string {
  if (typeof value !== "string" || value.trim() === "") throw mailErrors.badAddress(field, value);
  const parsed = addressparser(value, { flatten: true });
  if (parsed.length !== 1 || !MAILBOX.test(parsed[0]!.address)) throw mailErrors.badAddress(field, value);
  return value.trim();
}

function checkRecipients(field: string, value: Recipients | undefined): string[] {
  if (value === undefined) return [];
  const list: readonly unknown[] = typeof value === "string" ? [value] : Array.isArray(value) ? value : [value];
  return list.map((item, index) => checkAddress(list.length > 1 ? `${field}[${index}]` : field, item));
}

function checkBody(body: unknown): { plain: string | undefined; html: string | undefined } {
  if (typeof body === "string") return { plain: body, html: undefined };
  if (body && typeof body === "object" && !Array.isArray(body)) {
    const { plain, html, ...rest } = body as Record<string, unknown>;
    const extra = Object.keys(rest);
    const ok = (part: unknown) => part === undefined || typeof part === "string";
    if (extra.length === 0 && ok(plain) && ok(html) && (plain !== undefined || html !== undefined)) {
      return { plain: plain as string | undefined, html: html as string | undefined };
    }
    if (extra.length > 0) throw mailErrors.badMessage(`the body has unknown field ${extra.map((k) => `"${k}"`).join(", ")}: pass { plain, html } or a string`);
  }
  throw mailErrors.badMessage(`the body must be a string or { plain?: string, html?: string } with at least one of them, not ${describe(body)}`);
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? JSON.stringify(value).slice(0, 60) : `a ${typeof value}`;
}

function checkAttachments(list: readonly MailAttachment[] | undefined): MailAttachment[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw mailErrors.badMessage("attachments must be an array of { filename, content, contentType? }");
  return list.map((attachment: MailAttachment, index) => {
    const where = `attachments[${index}]`;
    if (!attachment || typeof attachment.filename !== "string" || attachment.filename === "") {
      throw mailErrors.badMessage(`${where} needs a filename (a non-empty string)`);
    }
    const { content } = attachment;
    const readable = typeof content === "object" && content !== null && typeof (content as Readable).pipe === "function";
    if (typeof content !== "string" && !Buffer.isBuffer(content) && !readable) {
      throw mailErrors.badMessage(`${where} ("${attachment.filename}") needs content: a Buffer, a string or a readable stream`);
    }
    return attachment;
  });
}

function checkHeaders(headers: Readonly<Record<string, string>> | undefined): Record<string, string> {
  if (headers === undefined) return {};
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!/^[!-9;-~]+$/.test(name) || typeof value !== "string" || /[\r\n]/.test(value)) {
      throw mailErrors.badMessage(`header ${JSON.stringify(name)} must be a header name with a one-line string value`);
    }
    out[name] = value;
  }
  return out;
}

/** The domain of an address, for the Message-ID. */
function domainOf(address: string): string {
  const parsed = addressparser(address, { flatten: true })[0]?.address ?? "";
  return parsed.slice(parsed.lastIndexOf("@") + 1) || "localhost";
}

/**
 * Checks a `send()` call and completes it into the message that goes out.
 *
 * @throws MailError `WF_ERR_MAIL_BAD_ADDRESS`, `WF_ERR_MAIL_NO_SENDER` or `WF_ERR_MAIL_BAD_MESSAGE`.
 */
export function composeMessage(
  to: Recipients,
  subject: string,
  body: MailBody,
  options: MailOptions = {},
  defaultSender: string | undefined,
): OutgoingMessage {
  if (typeof subject !== "string") throw mailErrors.badMessage(`the subject must be a string, not ${describe(subject)}`);
  if (/[\r\n]/.test(subject)) throw mailErrors.badMessage("the subject must be one line");
  if (typeof options !== "object" || options === null) throw mailErrors.badMessage("the options must be an object: { from, cc, bcc, replyTo, attachments, headers }");
  const recipients = checkRecipients("to", to);
  if (recipients.length === 0) throw mailErrors.badMessage("the message has no recipient: pass an address or a list of them as `to`");
  const from = options.from ?? defaultSender;
  if (from === undefined || (typeof from === "string" && from.trim() === "")) throw mailErrors.noSender();
  const sender = checkAddress("from", from);
  return {
    messageId: `<${randomUUID()}@${domainOf(sender)}>`,
    from: sender,
    to: recipients,
    cc: checkRecipients("cc", options.cc),
    bcc: checkRecipients("bcc", options.bcc),
    replyTo: options.replyTo === undefined ? undefined : checkAddress("replyTo", options.replyTo),
    subject,
    ...checkBody(body),
    attachments: checkAttachments(options.attachments),
    headers: checkHeaders(options.headers),
  };
}
