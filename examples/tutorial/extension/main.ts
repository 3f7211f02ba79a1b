import { Extension, type Fluid } from "webfluid";

declare module "webfluid" {
  interface FluidConfig {
    MYEXT_BAR: string;
  }
}

/** A third-party style extension: its own config key (MYEXT_BAR) and a route. */
export class MyExtension extends Extension {
  readonly name = "MYEXT";
  override readonly defaults = { MYEXT_BAR: "bar" };

  protected setup(app: Fluid): void {
    app.get("/myext")(function myextBar() {
      return { bar: app.config.get("MYEXT_BAR") };
    });
  }
}
