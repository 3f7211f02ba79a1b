import { Extension, type ExtensionCommand, type Fluid } from "webfluid";

declare module "webfluid" {
  interface FluidConfig {
    MYEXT_BAR: string;
  }
}

/**
 * A third-party style extension: its own config key (MYEXT_BAR), a route, a template global
 * (`{{ my_ext() }}` on the home page) and a command.
 */
export class MyExtension extends Extension {
  readonly name = "MYEXT";
  override readonly defaults = { MYEXT_BAR: "bar" };
  override readonly commands: Record<string, ExtensionCommand> = {
    bar: {
      description: "print MYEXT_BAR",
      run: (app) => void console.log(app.config.get("MYEXT_BAR")),
    },
  };

  protected setup(app: Fluid): void {
    app.get("/myext")(function myextBar() {
      return { bar: app.config.get("MYEXT_BAR") };
    });
    app.templateGlobal("my_ext", () => `Hello from MyExtension (MYEXT_BAR is ${app.config.get("MYEXT_BAR")})`);
  }
}
