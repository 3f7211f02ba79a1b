/**
 * The database extension, enabled by `EXT_SQLALCHEMY = 1` (alias `EXT_DB`): binds are
 * checked when the app is prepared, models discovered and databases opened at start,
 * and closed at shutdown.
 */
import type { Fluid } from "../app/fluid.ts";
import { Extension } from "../ext/extension.ts";
import { db, type Database } from "./database.ts";
import { configureDatabase, loadModels } from "./from-config.ts";

export class DatabaseExtension extends Extension {
  readonly name = "SQLALCHEMY";
  override readonly defaults = { SQLALCHEMY_ECHO: false };
  override readonly required = ["DATABASE_URI"];
  readonly #database: Database;

  constructor(database: Database = db) {
    super();
    this.#database = database;
  }

  protected setup(app: Fluid): void {
    configureDatabase(this.#database, app.config);
    app.onStartup(async () => {
      await loadModels(app.config);
      await this.#database.connect();
    });
    app.onShutdown(() => this.#database.close());
  }
}

export default DatabaseExtension;
