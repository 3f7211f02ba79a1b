/** The backend protocol: where checked messages go (an SMTP server, the console, an outbox). */
import type { OutgoingMessage } from "../message.ts";

/** What a backend reports for a message it took. */
export interface SentMail {
  readonly messageId: string;
  /** Recipients the server accepted (every one, for console and memory). */
  readonly accepted: readonly string[];
  /** Recipients the server refused while it accepted others. */
  readonly rejected: readonly string[];
  /** The server's last answer, e.g. `250 2.0.0 OK queued as 1234`. */
  readonly response: string;
}

export interface MailBackend {
  /**
   * Delivers one message.
   *
   * @throws MailError `WF_ERR_MAIL_CONNECTION`, `_AUTH`, `_REJECTED` or `_TEMPORARY`.
   */
  deliver(message: OutgoingMessage): Promise<SentMail>;
  /** Connects (and logs in) without sending; resolves with what the server greeted with. */
  verify(): Promise<string>;
  /** Closes connections; waits for none. */
  close(): Promise<void>;
}
