/** `wf mail send <app> --to ADDRESS`: a test message with the app's mail settings, and what the server answered. */
import type { Command } from "commander";
import { loadApp } from "../load-app.ts";

export function registerMail(program: Command): void {
  const mail = program
    .command("mail")
    .description("mail with an app's settings: send a test message")
    .addHelpText("after", "\nExample:\n  wf mail send app --to me@example.com");
  mail
    .command("send")
    .description("send a test message with the app's MAIL_* settings and print what the server answered")
    .argument("<app>", "app config name, e.g. app for app_configs/app.ini")
    .requiredOption("--to <address>", "the recipient")
    .option("--subject <text>", "the subject", "WebFluid test message")
    .addHelpText("after", "\nExample:\n  wf mail send app --to me@example.com")
    .action(async (name: string, options: { to: string; subject: string }) => {
      const app = await loadApp({ name });
      const { mail: appMail } = await import("../../mail/index.ts");
      const mailer = appMail.of(app);
      try {
        const { server, port, backend } = mailer.settings;
        const body = `This is a test message from app config "${name}", sent by wf mail send.`;
        const sent = await mailer.asend(options.to, options.subject, body);
        const through = backend === "smtp" ? `${server}:${port}` : `MAIL_BACKEND = ${backend}`;
        const refused = sent.rejected.length ? ` (refused: ${sent.rejected.join(", ")})` : "";
        process.stdout.write(`sent to ${sent.accepted.join(", ")}${refused} through ${through}: ${sent.response}\n`);
      } finally {
        await mailer.close(0);
      }
    });
}
