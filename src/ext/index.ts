/** Extensions: the protocol and how an app config enables them. */
export { Extension, type ExtensionCommand } from "./extension.ts";
export { ExtError, ExtErrorCode } from "./errors.ts";
export { builtinExtensionNames, enabledExtensions } from "./loader.ts";
