/** Registers the mail extension as built-in `EXT_MAIL`; its code loads only when an app config turns it on. */
import { registerBuiltinExtension } from "../ext/builtin-extensions.ts";

registerBuiltinExtension({
  name: "MAIL",
  // Between the database (10) and the scheduler (20): it shuts down after the scheduler, so
  // that jobs still running at shutdown can send.
  order: 15,
  load: async () => new (await import("./extension.ts")).MailExtension(),
});
