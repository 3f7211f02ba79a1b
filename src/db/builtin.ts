/** Registers the database extension as built-in `EXT_SQLALCHEMY`; its code loads only when an app config turns it on. */
import { registerBuiltinExtension } from "../ext/builtin-extensions.ts";

registerBuiltinExtension({
  name: "SQLALCHEMY",
  order: 10,
  load: async () => new (await import("./extension.ts")).DatabaseExtension(),
});
