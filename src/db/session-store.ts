/**
 * Sessions in the app's database (`SESSION_STORE = db` or `db:<bind>`): one row per session
 * in a table the app declares with {@link sessionModel} in its models file, so that
 * `wf migrate revision -a` and `db.createAll()` create it like any other table.
 */
import { p } from "@mikro-orm/core";
import type { Fluid } from "../app/fluid.ts";
import type { SessionRecord } from "../web/session.ts";
import { parseRecord, type SessionStore } from "../web/session-stores.ts";
import { WebError, WebErrorCode } from "../web/errors.ts";
import { db } from "./context-database.ts";
import type { Database } from "./database.ts";
import type { ModelClass } from "./model.ts";

/** The row of a stored session. */
interface SessionRow {
  id: string;
  data: string;
  expiresAt: Date;
}

/** The session model of each bind, as `sessionModel()` declared it. */
const models = new Map<string, ModelClass<SessionRow>>();

/**
 * Declares the table of the database session store (`SESSION_STORE = db`): export it from
 * the models file (`<package>/models.ts`), then create the table with a migration
 * (`wf migrate revision <app> -a`, `wf migrate upgrade <app>`) or `db.createAll()`.
 * Columns: `id` (the random session id), `data` (JSON) and `expires_at`.
 *
 * @example
 * ```ts
 * // fluid/models.ts
 * import { sessionModel } from "webfluid/db";
 * export const Sessions = sessionModel();                        // table "sessions", default bind
 * // export const Sessions = sessionModel({ bind: "cache" });    // for SESSION_STORE = db:cache
 * ```
 */
export function sessionModel(options: { readonly table?: string; readonly bind?: string } = {}): ModelClass {
  const bind = options.bind ?? "default";
  const existing = models.get(bind);
  if (existing) return existing;
  class StoredSession extends db.Model(
    options.table ?? "sessions",
    {
      id: p.string().length(64).primary(),
      data: p.text(),
      expiresAt: p.datetime().index(),
    },
    { bind },
  ) {}
  const model = StoredSession as unknown as ModelClass<SessionRow>;
  models.set(bind, model);
  return model;
}

/** Expired rows are deleted at most this often (per process), by a save. */
const PURGE_EVERY_MS = 60 * 60 * 1000;

export class DatabaseSessionStore implements SessionStore {
  readonly #database: Database;
  readonly #bind: string;
  readonly #where: string;
  #lastPurge = 0;

  constructor(app: Fluid, bind: string, where: string) {
    this.#database = db.of(app);
    this.#bind = bind;
    this.#where = where;
  }

  async check(): Promise<void> {
    this.#model();
  }

  async load(id: string): Promise<SessionRecord | undefined> {
    const em = await this.#em();
    const row = await em.findOne(this.#model(), { id });
    if (!row || row.expiresAt.getTime() <= Date.now()) return undefined;
    return parseRecord(row.data);
  }

  async save(id: string, record: SessionRecord, ttlSeconds: number): Promise<void> {
    const em = await this.#em();
    const model = this.#model();
    await em.upsert(model, { id, data: JSON.stringify(record), expiresAt: new Date(Date.now() + ttlSeconds * 1000) });
    if (Date.now() - this.#lastPurge > PURGE_EVERY_MS) {
      this.#lastPurge = Date.now();
      await em.nativeDelete(model, { expiresAt: { $lt: new Date() } });
    }
  }

  async destroy(id: string): Promise<void> {
    await (await this.#em()).nativeDelete(this.#model(), { id });
  }

  async #em() {
    return (await this.#database.orm(this.#bind)).em.fork();
  }

  #model(): ModelClass<SessionRow> {
    const model = models.get(this.#bind);
    if (model) return model;
    throw new WebError(
      WebErrorCode.BAD_SESSION_STORE,
      `${this.#where} needs the session table's model for bind "${this.#bind}": add \`export const Sessions = sessionModel(${this.#bind === "default" ? "" : `{ bind: "${this.#bind}" }`})\` (from "webfluid/db") to the models file, then create the table (wf migrate revision -a, or db.createAll())`,
    );
  }
}
