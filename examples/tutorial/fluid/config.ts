import { registerConfig } from "webfluid";

// Loaded automatically for every wf command; never import this file by hand.
@registerConfig(10)
export class MyConfig {
  // The session cookie is sent over HTTPS only. Browsers count http://127.0.0.1 and
  // http://localhost as secure, so `wf run` works as is; serving plain HTTP on another
  // address (a LAN IP) needs SESSION_COOKIE_SECURE = 0 in that app config.
  SESSION_COOKIE_SECURE = true;
  MYEXT_BAR = "crazy";
  // Binds for every app config could go here instead of app2.ini's [binds] section:
  // SQLALCHEMY_BINDS = { test: process.env.TEST_DB_URI ?? "sqlite:///test.db" };
}
