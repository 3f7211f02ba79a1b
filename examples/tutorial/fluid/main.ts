import { Fluid } from "webfluid";
import { IntervalTrigger, scheduler } from "webfluid/scheduler";
import { MyExtension } from "../extension/main.ts";
import { api } from "./api/routes.ts";
import { pages } from "./app/routes.ts";
import { heart } from "./jobs.ts";

const myExt = new MyExtension();
scheduler.addJob(heart, new IntervalTrigger({ seconds: 5 }));

export function createApp(): Fluid {
  const app = new Fluid(import.meta);
  app.includeRouter(pages); // fluid/app/: the HTML pages
  app.includeRouter(api); // fluid/api/: the JSON endpoints
  myExt.expandFluid(app);
  return app;
}

if (import.meta.main) await createApp().mix();
