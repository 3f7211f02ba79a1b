/** Registers the scheduler extension as built-in `EXT_SCHEDULER`; its code loads only when an app config turns it on. */
import { registerBuiltinExtension } from "../ext/builtin-extensions.ts";

registerBuiltinExtension({
  name: "SCHEDULER",
  order: 20,
  load: async () => new (await import("./extension.ts")).SchedulerExtension(),
});
