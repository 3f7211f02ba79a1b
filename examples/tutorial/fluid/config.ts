import { registerConfig } from "webfluid";

// Loaded automatically for every wf command; never import this file by hand.
@registerConfig(10)
export class MyConfig {
  SESSION_COOKIE_SECURE = true;
  MYEXT_BAR = "crazy";
}
