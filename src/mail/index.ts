/**
 * `webfluid/mail`: send e-mail over SMTP (nodemailer), from the app that runs the code.
 *
 * @example
 * ```ts
 * import { mail } from "webfluid/mail";
 * mail.send("ann@example.com", "Welcome", { plain: "Hello Ann", html: "<p>Hello Ann</p>" });
 * ```
 */
export { mail, type ContextMail } from "./context-mail.ts";
export { Mailer, MailClient } from "./mailer.ts";
export type { MailAttachment, MailBody, MailOptions, Recipients } from "./message.ts";
export type { SentMail } from "./backends/backend.ts";
export type { MailBackendName, MailSettings } from "./settings.ts";
export type { RenderedBody } from "./templates.ts";
export { MailError, MailErrorCodes } from "./errors.ts";
export type { MailErrorCode, SmtpAnswer } from "./errors.ts";
