/**
 * Registers the database extension as built-in `EXT_SQLALCHEMY`, and the database session
 * store (`SESSION_STORE = db`); their code loads only when an app config turns them on.
 */
import { configuredBinds } from "../config/index.ts";
import { registerBuiltinExtension } from "../ext/builtin-extensions.ts";
import { WebError, WebErrorCode } from "../web/errors.ts";
import { registerSessionStore, type SessionStore } from "../web/session-stores.ts";
import type { Fluid } from "../app/fluid.ts";

registerBuiltinExtension({
  name: "SQLALCHEMY",
  order: 10,
  load: async () => new (await import("./extension.ts")).DatabaseExtension(),
});

registerSessionStore("db", ({ value, config, owner }) => {
  const bind = value === "db" ? "default" : value.slice("db:".length);
  const where = `SESSION_STORE = ${value} (${config.entry("SESSION_STORE")?.source})`;
  if (config.get("EXT_SQLALCHEMY") !== true) {
    throw new WebError(WebErrorCode.BAD_SESSION_STORE, `${where} needs the database: set EXT_SQLALCHEMY = 1 (and DATABASE_URI)`);
  }
  const binds = Object.keys(configuredBinds(config));
  if (!binds.includes(bind)) {
    throw new WebError(WebErrorCode.BAD_SESSION_STORE, `${where} names bind "${bind}", which is not configured (configured: ${binds.join(", ") || "none"})`);
  }
  let store: Promise<SessionStore> | undefined;
  const opened = () => (store ??= import("./session-store.ts").then(({ DatabaseSessionStore }) => new DatabaseSessionStore(owner as Fluid, bind, where)));
  return {
    load: async (id) => (await opened()).load(id),
    save: async (id, record, ttl) => (await opened()).save(id, record, ttl),
    destroy: async (id) => (await opened()).destroy(id),
    check: async () => (await opened()).check?.(),
  };
});
