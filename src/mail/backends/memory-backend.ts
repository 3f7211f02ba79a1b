/**
 * The memory backend (`MAIL_BACKEND = memory`): messages are kept in the app's outbox instead
 * of being sent, for tests to read (Flask-Mail's `record_messages`).
 */
import type { Readable } from "node:stream";
import type { OutgoingMessage } from "../message.ts";
import type { MailBackend, SentMail } from "./backend.ts";

/** An attachment as the outbox keeps it: its bytes read. */
export interface RecordedAttachment {
  readonly filename: string;
  readonly content: Buffer;
  readonly contentType: string | undefined;
}

/** A message the memory backend took, as it would have gone out. */
export interface RecordedMessage extends Omit<OutgoingMessage, "attachments"> {
  readonly attachments: readonly RecordedAttachment[];
}

async function bytesOf(content: Buffer | string | Readable): Promise<Buffer> {
  if (Buffer.isBuffer(content)) return content;
  if (typeof content === "string") return Buffer.from(content, "utf8");
  const chunks: Buffer[] = [];
  for await (const chunk of content) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks);
}

/**
 * The messages an app "sent" with `MAIL_BACKEND = memory`, oldest first.
 *
 * @example
 * ```ts
 * import { outbox } from "webfluid/testing";
 * await outbox(app).waitFor(1);
 * assert.equal(outbox(app).messages[0].subject, "Welcome");
 * ```
 */
export class Outbox {
  readonly #messages: RecordedMessage[] = [];
  readonly #waiters = new Set<() => void>();

  /** The messages taken so far. */
  get messages(): readonly RecordedMessage[] {
    return this.#messages;
  }

  /** Forgets the messages taken so far. */
  clear(): void {
    this.#messages.length = 0;
  }

  /**
   * Resolves once the outbox holds `count` messages (`send()` delivers in the background).
   *
   * @param timeoutMs - How long to wait before rejecting (default 5000).
   */
  waitFor(count: number, timeoutMs = 5000): Promise<readonly RecordedMessage[]> {
    if (this.#messages.length >= count) return Promise.resolve(this.#messages);
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.#messages.length < count) return;
        this.#waiters.delete(check);
        clearTimeout(timer);
        resolve(this.#messages);
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        reject(new Error(`the outbox holds ${this.#messages.length} message(s) after ${timeoutMs} ms, not ${count}`));
      }, timeoutMs);
      this.#waiters.add(check);
    });
  }

  /** @internal */
  add(message: RecordedMessage): void {
    this.#messages.push(message);
    for (const waiter of [...this.#waiters]) waiter();
  }
}

export class MemoryBackend implements MailBackend {
  readonly outbox = new Outbox();

  async deliver(message: OutgoingMessage): Promise<SentMail> {
    const attachments = await Promise.all(
      message.attachments.map(async ({ filename, content, contentType }) => ({ filename, content: await bytesOf(content), contentType })),
    );
    this.outbox.add({ ...message, attachments });
    const accepted = [...message.to, ...message.cc, ...message.bcc];
    return { messageId: message.messageId, accepted, rejected: [], response: "250 kept in the outbox (MAIL_BACKEND = memory)" };
  }

  async verify(): Promise<string> {
    return "MAIL_BACKEND = memory: messages are kept in the app's outbox";
  }

  async close(): Promise<void> {}
}
