import { registerConfig } from "webfluid";

// Loaded automatically for every wf command; never import this file by hand.
@registerConfig(10)
export class MyConfig {
  SESSION_COOKIE_SECURE = true;
  MYEXT_BAR = "crazy";
  // Binds for every app config could go here instead of app2.ini's [binds] section:
  // SQLALCHEMY_BINDS = { test: process.env.TEST_DB_URI ?? "sqlite:///test.db" };
}
