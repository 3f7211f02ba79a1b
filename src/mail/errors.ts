/**
 * Mail's error class and the messages it raises: one builder per code, each saying what is
 * wrong, where, and how to fix it. docs/errors.md lists each code; a test keeps the two in step.
 */
import { maskUri } from "../config/index.ts";
import { codesByName, type ErrorCodeOf } from "../error-codes.ts";
import { WebFluidError } from "../errors.ts";

/** The `WF_ERR_MAIL_*` codes by short name: `MailErrorCodes.REJECTED`. */
export const MailErrorCodes = codesByName("mail");
/** One of {@link MailErrorCodes}. */
export type MailErrorCode = ErrorCodeOf<"mail">;

/** What the SMTP server answered, when an error carries an answer. */
export interface SmtpAnswer {
  /** The reply code: 550, 421, ... */
  readonly code: number;
  /** The whole reply line, as the server sent it. */
  readonly text: string;
}

/**
 * An error raised by `webfluid/mail`; `code` is one of {@link MailErrorCodes}. Delivery
 * errors carry the server's `answer` when it gave one, and whether sending the same message
 * again may succeed (`temporary`).
 */
export class MailError extends WebFluidError<MailErrorCode> {
  /** The SMTP server's answer, when the failure is one. */
  readonly answer: SmtpAnswer | undefined;
  /** The recipients the server refused, for `WF_ERR_MAIL_REJECTED`. */
  readonly rejected: readonly string[];

  constructor(
    code: MailErrorCode,
    message: string,
    options?: ErrorOptions & { answer?: SmtpAnswer; rejected?: readonly string[] },
  ) {
    super(code, message, options);
    this.answer = options?.answer;
    this.rejected = options?.rejected ?? [];
  }

  /** True when the same message may go through later: a connection failure or a 4xx answer. */
  get temporary(): boolean {
    return this.code === MailErrorCodes.CONNECTION || this.code === MailErrorCodes.TEMPORARY;
  }
}

const C = MailErrorCodes;

export function reason(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

/** Message builders, one per code; internal to mail. */
export const mailErrors = {
  badConfig: (key: string, problem: string) => new MailError(C.BAD_CONFIG, `${key} ${problem}`),
  notEnabled: (where: string) =>
    new MailError(C.NOT_ENABLED, `mail was used ${where}: set EXT_MAIL = 1 in the app config, and inside no app use mail.of(app) or app.run(fn)`),
  badAddress: (field: string, value: unknown) =>
    new MailError(
      C.BAD_ADDRESS,
      `${field}: ${JSON.stringify(value)} is not an e-mail address: pass "name@domain" or "Name <name@domain>", one address per string`,
    ),
  noSender: () =>
    new MailError(C.NO_SENDER, 'the message has no sender: set MAIL_DEFAULT_SENDER in the app config, or pass { from: "you@example.com" }'),
  badMessage: (problem: string) => new MailError(C.BAD_MESSAGE, problem),
  template: (name: string, problem: string, cause?: unknown) =>
    new MailError(C.TEMPLATE, `mail template "${name}": ${problem}`, cause === undefined ? undefined : { cause }),
  queueUnavailable: (uri: string, cause: unknown) =>
    new MailError(
      C.QUEUE_UNAVAILABLE,
      `mail queue ${maskUri(uri)} cannot be used: ${reason(cause)}; check MAIL_QUEUE and that the server is reachable`,
      { cause },
    ),
};
