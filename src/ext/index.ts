/** Extensions: the protocol, the table of built-ins, and how an app config enables them. */
export { checkRequiredKeys, extensionsOf, isExpanding } from "./app-extensions.ts";
export { Extension, type ExtensionCommand } from "./extension.ts";
export { ExtError, ExtErrorCode } from "./errors.ts";
export { enabledExtensions } from "./loader.ts";
