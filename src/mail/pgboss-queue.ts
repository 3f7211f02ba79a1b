/**
 * The durable mail queue (`MAIL_QUEUE = postgresql://...`), on pg-boss as the scheduler's
 * PostgreSQL job store is: `send()` stores the message as a pg-boss job, and every process of
 * the app that serves works the queue, each job handed to one of them.
 *
 * What follows. At least once: a stored message is delivered by some process, after any number
 * of crashes; pg-boss hands a job that was active in a killed process to another once its
 * expiry passes. Temporary failures (4xx, connections) are thrown back to pg-boss, which tries
 * again with exponential backoff up to MAIL_RETRIES times; permanent ones (5xx, login) complete
 * the job at once, logged, never retried. The guard against doubles: the job id is derived
 * from the Message-ID fixed when the message was composed, so the same message is stored once
 * however often its insert is repeated, and every attempt sends the same Message-ID. The one
 * window left is between the server's acceptance and the job's completion: a process killed
 * exactly then makes the message go out again, with the same Message-ID.
 */
import { createHash } from "node:crypto";
import type { PgBoss } from "pg-boss";
import type { MailLogger } from "./delivery.ts";
import { failureLine } from "./delivery.ts";
import { MailError, mailErrors } from "./errors.ts";
import type { MailAttachment, OutgoingMessage } from "./message.ts";
import type { MailQueue, QueuedDelivery } from "./queue.ts";
import type { MailSettings } from "./settings.ts";

/** The pg-boss queue mail goes through, in pg-boss's schema (`pgboss`, as the scheduler's). */
export const MAIL_QUEUE_NAME = "webfluid-mail";

/** A message as stored: JSON, attachments as base64. */
interface StoredMessage extends Omit<OutgoingMessage, "attachments"> {
  readonly attachments: ReadonlyArray<{ filename: string; base64: string; contentType: string | undefined }>;
}

/** The pg-boss job id of a message: a UUID determined by its Message-ID. */
export function jobIdOf(messageId: string): string {
  const hex = createHash("sha1").update(`webfluid-mail\n${messageId}`).digest("hex");
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

async function bytes(content: MailAttachment["content"]): Promise<Buffer> {
  if (Buffer.isBuffer(content)) return content;
  if (typeof content === "string") return Buffer.from(content, "utf8");
  const chunks: Buffer[] = [];
  for await (const chunk of content) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks);
}

/** The message as JSON for the queue; streams are read now, since the job outlives them. */
export async function storable(message: OutgoingMessage): Promise<StoredMessage> {
  const attachments = await Promise.all(
    message.attachments.map(async ({ filename, content, contentType }) => ({ filename, base64: (await bytes(content)).toString("base64"), contentType })),
  );
  return { ...message, attachments };
}

export function restored(stored: StoredMessage): OutgoingMessage {
  const attachments = stored.attachments.map(({ filename, base64, contentType }) => ({
    filename,
    content: Buffer.from(base64, "base64"),
    ...(contentType === undefined ? {} : { contentType }),
  }));
  return { ...stored, attachments };
}

export class PgBossMailQueue implements MailQueue {
  readonly #settings: MailSettings;
  readonly #log: MailLogger;
  #boss: Promise<PgBoss> | undefined;

  constructor(settings: MailSettings, log: MailLogger) {
    this.#settings = settings;
    this.#log = log;
  }

  #open(): Promise<PgBoss> {
    return (this.#boss ??= this.#start().catch((error: unknown) => {
      this.#boss = undefined;
      throw error;
    }));
  }

  async #start(): Promise<PgBoss> {
    const { PgBoss } = await import("pg-boss");
    const boss = new PgBoss({
      connectionString: this.#settings.queue,
      max: 4,
      useListenNotify: true,
      schedule: false,
      application_name: "webfluid-mail",
      // How soon a job left active by a killed process is noticed (its expiry, below, passed).
      superviseIntervalSeconds: 10,
    });
    boss.on("error", (error) => this.#log.error({ err: error }, `mail: pg-boss: ${error.message}`));
    try {
      await boss.start({ attempts: 3 });
      await boss.createQueue(MAIL_QUEUE_NAME, { notify: true });
    } catch (cause) {
      await boss.stop({ graceful: false }).catch(() => undefined);
      throw mailErrors.queueUnavailable(this.#settings.queue, cause);
    }
    return boss;
  }

  async enqueue(message: OutgoingMessage): Promise<void> {
    const data = await storable(message);
    const boss = await this.#open();
    const { retries, retryDelayMs, timeoutMs } = this.#settings;
    try {
      await boss.send(MAIL_QUEUE_NAME, data, {
        id: jobIdOf(message.messageId),
        retryLimit: retries,
        retryDelay: Math.max(1, Math.round(retryDelayMs / 1000)),
        retryBackoff: true,
        // Longer than one delivery can take (connect, greet, then the socket timeout of
        // 6 x MAIL_TIMEOUT): a job active longer belonged to a process that died.
        expireInSeconds: Math.max(10, Math.ceil((timeoutMs * 10) / 1000)),
      });
    } catch (cause) {
      throw mailErrors.queueUnavailable(this.#settings.queue, cause);
    }
  }

  async work(deliver: QueuedDelivery): Promise<void> {
    const boss = await this.#open();
    await boss.work<StoredMessage>(
      MAIL_QUEUE_NAME,
      // NOTIFY wakes the workers for new messages; a retry falling due notifies nobody, so the
      // backstop poll (30 s by default) is what finds it: once a second.
      { pollingIntervalSeconds: 0.5, notifyPollingIntervalSeconds: 1, batchSize: 1, localConcurrency: this.#settings.maxConnections },
      async ([job]) => {
        if (!job) return undefined;
        const message = restored(job.data);
        try {
          const sent = await deliver(message);
          return { response: sent.response, rejected: sent.rejected };
        } catch (error) {
          const temporary = error instanceof MailError && error.temporary;
          const attempt = `attempt ${job.retryCount + 1} of ${this.#settings.retries + 1}`;
          if (temporary && job.retryCount < this.#settings.retries) {
            this.#log.warn({ messageId: message.messageId, code: (error as MailError).code }, `mail to ${message.to.join(", ")}: ${(error as MailError).message} (${attempt}; the queue tries again)`);
            throw error;
          }
          this.#log.error({ err: error, messageId: message.messageId }, `${failureLine(message, error)} (${attempt})`);
          // Completed, not failed: a permanent refusal is not worth another attempt.
          return { failed: error instanceof MailError ? error.code : String(error) };
        }
      },
    );
  }

  async close(timeoutMs: number): Promise<void> {
    const boss = this.#boss;
    this.#boss = undefined;
    if (!boss) return;
    const started = await boss.catch(() => undefined);
    await started?.stop({ graceful: true, timeout: Math.max(1000, timeoutMs) });
  }
}
