/**
 * Background delivery for `send()` without a durable queue: each message is delivered in the
 * process, tried again with backoff on temporary failures, and its failure logged. Shutdown
 * gives up waiting retries and waits for the deliveries under way up to a deadline; what is
 * left then is lost, and logged.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { SentMail } from "./backends/backend.ts";
import { MailError } from "./errors.ts";
import type { OutgoingMessage } from "./message.ts";

/** The part of a pino logger mail writes to. */
export interface MailLogger {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

/** How often and how late temporary failures are tried again. */
export interface RetryPolicy {
  readonly retries: number;
  readonly retryDelayMs: number;
}

/** The wait before retry `attempt` (1 for the first): the delay, doubled each time. */
export function backoff(policy: RetryPolicy, attempt: number): number {
  return policy.retryDelayMs * 2 ** (attempt - 1);
}

/** One line for the log: what failed, for whom, and the code. */
export function failureLine(message: OutgoingMessage, error: unknown): string {
  const what = error instanceof MailError ? `${error.message} [${error.code}]` : String(error);
  return `mail to ${message.to.join(", ")} ("${message.subject}") not delivered: ${what}`;
}

export class BackgroundDelivery {
  readonly #inFlight = new Set<Promise<void>>();
  readonly #stop = new AbortController();
  readonly #log: () => MailLogger;

  constructor(log: () => MailLogger) {
    this.#log = log;
  }

  /** Deliveries under way, retries waiting included. */
  get pending(): number {
    return this.#inFlight.size;
  }

  /** Runs `deliver` in the background with retries; logs the outcome of a failure. */
  start(message: OutgoingMessage, policy: RetryPolicy, deliver: () => Promise<SentMail>): void {
    const run = this.#run(message, policy, deliver).finally(() => this.#inFlight.delete(run));
    this.#inFlight.add(run);
  }

  /** Runs work that must finish before shutdown (an enqueue), logging its failure. */
  track(work: Promise<unknown>, onError: (error: unknown) => void): void {
    const run = work.then(() => undefined, onError).finally(() => this.#inFlight.delete(run));
    this.#inFlight.add(run);
  }

  async #run(message: OutgoingMessage, policy: RetryPolicy, deliver: () => Promise<SentMail>): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        const sent = await deliver();
        if (sent.rejected.length > 0) {
          this.#log().warn({ messageId: message.messageId, rejected: sent.rejected }, `mail ("${message.subject}"): the server refused ${sent.rejected.join(", ")} and accepted the others`);
        }
        return;
      } catch (error) {
        const temporary = error instanceof MailError && error.temporary;
        if (!temporary || attempt >= policy.retries || this.#stop.signal.aborted) {
          this.#log().error({ err: error, messageId: message.messageId }, failureLine(message, error));
          return;
        }
        const delay = backoff(policy, attempt + 1);
        this.#log().warn({ messageId: message.messageId, code: (error as MailError).code }, `mail to ${message.to.join(", ")}: ${(error as MailError).message}; trying again in ${delay / 1000} s`);
        try {
          await sleep(delay, undefined, { signal: this.#stop.signal });
        } catch {
          this.#log().error({ messageId: message.messageId }, `mail to ${message.to.join(", ")} ("${message.subject}") lost: the app shut down while it waited to try again`);
          return;
        }
      }
    }
  }

  /**
   * Gives up the retries that wait (each is logged as lost), and waits for the deliveries
   * under way up to `timeoutMs`.
   *
   * @returns How many were still under way at the deadline (those are lost).
   */
  async drain(timeoutMs: number): Promise<number> {
    this.#stop.abort();
    const all = Promise.allSettled([...this.#inFlight]);
    const deadline = sleep(timeoutMs, "timeout" as const, { ref: false });
    const outcome = await Promise.race([all.then(() => "done" as const), deadline]);
    return outcome === "done" ? 0 : this.#inFlight.size;
  }
}
