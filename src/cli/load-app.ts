/**
 * `loadApp` for the commands, importing the app layer when a command runs rather than when
 * `wf` starts: the app's modules (routing, templates, the web layer) cost every `wf`
 * invocation, `wf --help` and `wf new` included, about 70 ms otherwise.
 */
import type { Fluid } from "../app/index.ts";

export async function loadApp(options: Parameters<typeof import("../app/index.ts").loadApp>[0]): Promise<Fluid> {
  const app = await import("../app/index.ts");
  return app.loadApp(options);
}
