/**
 * The database extension, enabled by `EXT_SQLALCHEMY = 1` (alias `EXT_DB`): the app's own
 * database is configured from its binds when the app is prepared, its models discovered and
 * its binds opened at start, and closed at shutdown.
 */
import type { Fluid } from "../app/fluid.ts";
import { Extension } from "../ext/extension.ts";
import { db } from "./context-database.ts";
import { configureDatabase, loadModels } from "./from-config.ts";

export class DatabaseExtension extends Extension {
  readonly name = "SQLALCHEMY";
  override readonly defaults = { SQLALCHEMY_ECHO: false };
  override readonly required = ["DATABASE_URI"];

  protected setup(app: Fluid): void {
    const database = db.of(app);
    configureDatabase(database, app.config);
    app.onStartup(async () => {
      await loadModels(app.config);
      await database.connect();
    });
    app.onShutdown(() => database.close());
  }
}

export default DatabaseExtension;
