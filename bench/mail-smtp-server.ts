/**
 * The SMTP server of bench/mail.ts, in a process of its own so that it does not share the
 * measured process's CPU: smtp-server on loopback, messages counted, not parsed. Prints its
 * port on the first line of stdout.
 */
import { TestSmtpServer } from "../test/support/smtp.ts";

const server = new TestSmtpServer({ parse: false });
const port = await server.listen();
process.stdout.write(`${port}\n`);
process.on("SIGTERM", () => void server.close().then(() => process.exit(0)));
