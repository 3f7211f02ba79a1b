import { Fluid, HTMLResponse, render } from "webfluid";
import { MyExtension } from "../extension/main.ts";

const myExt = new MyExtension();

async function home() {
  return render("index.html", { title: "Hello World!", name: "my friend" });
}

async function health() {
  return { status: "ok" };
}

export function createApp(): Fluid {
  const app = new Fluid(import.meta);
  app.get("/", { responseClass: HTMLResponse })(home);
  app.get("/health")(health);
  myExt.expandFluid(app);
  return app;
}

if (import.meta.main) await createApp().mix();
