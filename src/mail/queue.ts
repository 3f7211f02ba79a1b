/** The protocol of a durable mail queue: messages stored before `send()` is done with them. */
import type { SentMail } from "./backends/backend.ts";
import type { OutgoingMessage } from "./message.ts";

/** Delivers one message taken from the queue; throws a MailError when it fails. */
export type QueuedDelivery = (message: OutgoingMessage) => Promise<SentMail>;

export interface MailQueue {
  /** Stores the message; resolves once it is committed. */
  enqueue(message: OutgoingMessage): Promise<void>;
  /** Starts delivering stored messages (those of earlier processes included). */
  work(deliver: QueuedDelivery): Promise<void>;
  /** Stops taking messages; waits for deliveries under way up to `timeoutMs`. */
  close(timeoutMs: number): Promise<void>;
}
