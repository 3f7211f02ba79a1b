/**
 * The console backend (`MAIL_BACKEND = console`): each message is printed instead of sent,
 * for `wf run` in development without an SMTP server.
 */
import type { Writable } from "node:stream";
import type { OutgoingMessage } from "../message.ts";
import type { MailBackend, SentMail } from "./backend.ts";

/** The message as a reader wants to see it: headers, the plain text, then what else it carries. */
export function printable(message: OutgoingMessage): string {
  const lines = [
    `----- mail (MAIL_BACKEND = console: not sent) -----`,
    `Message-ID: ${message.messageId}`,
    `From: ${message.from}`,
    `To: ${message.to.join(", ")}`,
    ...(message.cc.length ? [`Cc: ${message.cc.join(", ")}`] : []),
    ...(message.bcc.length ? [`Bcc: ${message.bcc.join(", ")}`] : []),
    ...(message.replyTo ? [`Reply-To: ${message.replyTo}`] : []),
    ...Object.entries(message.headers).map(([name, value]) => `${name}: ${value}`),
    `Subject: ${message.subject}`,
    "",
    message.plain ?? "(no plain text)",
  ];
  if (message.html !== undefined) lines.push("", `[HTML alternative, ${message.html.length} characters]`);
  for (const { filename, content, contentType } of message.attachments) {
    const size = typeof content === "string" ? Buffer.byteLength(content) : Buffer.isBuffer(content) ? content.length : undefined;
    lines.push(`[attachment ${filename}${contentType ? `, ${contentType}` : ""}${size === undefined ? ", a stream" : `, ${size} bytes`}]`);
  }
  lines.push("-----", "");
  return lines.join("\n");
}

export class ConsoleBackend implements MailBackend {
  readonly #out: Writable;

  constructor(out: Writable = process.stdout) {
    this.#out = out;
  }

  async deliver(message: OutgoingMessage): Promise<SentMail> {
    this.#out.write(printable(message));
    const accepted = [...message.to, ...message.cc, ...message.bcc];
    return { messageId: message.messageId, accepted, rejected: [], response: "250 printed (MAIL_BACKEND = console)" };
  }

  async verify(): Promise<string> {
    return "MAIL_BACKEND = console: messages are printed, not sent";
  }

  async close(): Promise<void> {}
}
