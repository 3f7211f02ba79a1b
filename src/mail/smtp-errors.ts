/**
 * What a failed SMTP delivery means for the caller: nodemailer's error (its `code`, the
 * server's `responseCode` and `response`) becomes one of four coded errors, so a connection
 * failure, a refused login, a refused recipient and a "try later" can be told apart.
 */
import type { NodemailerError } from "nodemailer";
import { MailError, MailErrorCodes, type SmtpAnswer } from "./errors.ts";

const CONNECTION_CODES = new Set(["ECONNECTION", "ETIMEDOUT", "ESOCKET", "EDNS", "ETLS", "EPROXY", "EPROTOCOL"]);
const AUTH_CODES = new Set(["EAUTH", "ENOAUTH", "EOAUTH2"]);

/** Where the message was going, for the error's words. */
export interface SmtpTarget {
  readonly host: string;
  readonly port: number;
}

function answerOf(error: NodemailerError): SmtpAnswer | undefined {
  if (typeof error.responseCode !== "number") return undefined;
  const text = (error.response ?? error.message).replace(/\s+/g, " ").trim();
  return { code: error.responseCode, text };
}

/**
 * The coded error for a failed delivery.
 *
 * @example
 * ```ts
 * throw smtpFailure(error, { host: "smtp.example.com", port: 587 });
 * ```
 */
export function smtpFailure(cause: unknown, target: SmtpTarget): MailError {
  const error = (cause ?? {}) as NodemailerError;
  const where = `${target.host}:${target.port}`;
  const answer = answerOf(error);
  const rejected = error.rejected ?? [];
  const code = error.code ?? "";
  if (AUTH_CODES.has(code)) {
    const said = answer ? `: the server answered "${answer.text}"` : `: ${error.message}`;
    return new MailError(
      MailErrorCodes.AUTH,
      `SMTP server ${where} refused the login${said}; check MAIL_USERNAME and MAIL_PASSWORD`,
      { cause, answer },
    );
  }
  if (answer && answer.code >= 400 && answer.code < 500) {
    return new MailError(
      MailErrorCodes.TEMPORARY,
      `SMTP server ${where} refused the message for now ("${answer.text}"): send again later`,
      { cause, answer, rejected },
    );
  }
  if (answer && answer.code >= 500) {
    const who = rejected.length ? `recipient ${rejected.join(", ")}` : "the message";
    return new MailError(
      MailErrorCodes.REJECTED,
      `SMTP server ${where} rejected ${who}: "${answer.text}"; fix what the answer names, sending it again gets the same answer`,
      { cause, answer, rejected },
    );
  }
  const detail = error.originalCode && error.originalCode !== code ? `${error.originalCode}: ${error.message}` : error.message;
  const what = CONNECTION_CODES.has(code) || error.originalCode ? "cannot be reached or dropped the connection" : "failed";
  return new MailError(
    MailErrorCodes.CONNECTION,
    `SMTP server ${where} ${what} (${detail || code || "unknown error"}); check MAIL_SERVER, MAIL_PORT, MAIL_USE_TLS / MAIL_USE_STARTTLS and that the server runs`,
    { cause },
  );
}
