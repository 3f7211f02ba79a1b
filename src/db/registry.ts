/**
 * The models of one `Database`: which `db.Model` bases exist, which concrete class stands
 * for each, and the MikroORM entity schemas built from them, per bind.
 *
 * A base only becomes an entity once its concrete class is known, because MikroORM must
 * instantiate (and `instanceof`-check) the user's subclass, not the base. Classes arrive
 * through `discoverModels`, `db.register`, use in an executor, or as the target of a
 * relation of a registered model.
 */
import { defineEntity, EntitySchema } from "@mikro-orm/core";
import { DbError, DbErrorCode } from "./errors.ts";
import { MODEL, columnOptions, isModelClass, modelName, type ModelClass, type ModelDefinition, type ModelOwner } from "./model.ts";

interface Entry {
  readonly definition: ModelDefinition;
  cls?: ModelClass;
  schema?: EntitySchema;
}

const RELATION_KINDS = new Set(["m:1", "1:m", "1:1", "m:n"]);

/**
 * @internal The models of a `Database`, shared by every database made over them (each
 * app's database shares the models declared with `db.Model`).
 */
export class ModelRegistry implements ModelOwner {
  readonly #entries = new Map<ModelDefinition, Entry>();
  /** How many databases over these models have each bind open: its entities cannot change then. */
  readonly #open = new Map<string, number>();

  /** Records a base made by `db.Model`. */
  define(definition: ModelDefinition): void {
    this.#entries.set(definition, { definition });
  }

  /** The definition behind a model class, or a `WF_ERR_DB_NOT_A_MODEL` error. */
  definitionOf(model: unknown, where: string): ModelDefinition {
    if (!isModelClass(model)) {
      const what = typeof model === "function" ? `class ${model.name || "(anonymous)"}` : typeof model;
      throw new DbError(
        DbErrorCode.NOT_A_MODEL,
        `${where}: ${what} is not a model; declare it as class X extends db.Model("table", { ... })`,
      );
    }
    const definition = model[MODEL];
    if (definition.owner !== this || !this.#entries.has(definition)) {
      throw new DbError(
        DbErrorCode.NOT_A_MODEL,
        `${where}: ${modelName(model)} was declared with another Database's Model; use that Database or declare it with this one`,
      );
    }
    return definition;
  }

  /** Registers model classes (what discovery and `db.register` call). */
  register(...models: ModelClass[]): void {
    for (const model of models) this.registerModel(model);
  }

  /** Counts a bind opened (`+1`) or closed (`-1`) by a database over these models. */
  countOpen(bind: string, change: 1 | -1): void {
    const count = (this.#open.get(bind) ?? 0) + change;
    if (count > 0) this.#open.set(bind, count);
    else this.#open.delete(bind);
  }

  /**
   * Makes `model` the concrete class of its table. A subclass of the class registered so
   * far replaces it while no database has the bind open; registering an ancestor changes nothing.
   *
   * @param where - The call that brought the class, for messages.
   */
  registerModel(model: ModelClass, where = "db.register"): ModelDefinition {
    const definition = this.definitionOf(model, where);
    const entry = this.#entries.get(definition)!;
    const current = entry.cls;
    if (current === model || (current && current.prototype instanceof model)) return definition;
    if (current && !(model.prototype instanceof current)) {
      throw new DbError(
        DbErrorCode.MODEL_CONFLICT,
        `${modelName(model)} and ${modelName(current)} both extend the db.Model of table "${definition.table}": one db.Model(...) defines one table; give each class its own`,
      );
    }
    if (current && this.#open.has(definition.bind)) {
      throw new DbError(
        DbErrorCode.MODEL_CONFLICT,
        `${modelName(model)} was registered after bind "${definition.bind}" opened with ${modelName(current)} for table "${definition.table}": register models before db.connect()`,
      );
    }
    if (current === definition.base) EntitySchema.REGISTRY.delete(current);
    setBaseName(definition, model === definition.base);
    entry.cls = model;
    entry.schema = undefined;
    return definition;
  }

  /**
   * The entity schemas of `bind`, ready for `MikroORM.init`. Registers the targets of
   * relations on the way, and fails when a relation crosses binds or a model was never
   * registered.
   */
  schemas(bind: string): EntitySchema[] {
    const entries = () => [...this.#entries.values()].filter((entry) => entry.definition.bind === bind);
    const seen = new Set<Entry>();
    let pending = entries().filter((entry) => entry.cls);
    while (pending.length > 0) {
      for (const entry of pending) {
        seen.add(entry);
        for (const target of relationTargets(entry.definition)) this.#adoptTarget(entry, target);
      }
      pending = entries().filter((entry) => entry.cls && !seen.has(entry));
    }
    const missing = entries().filter((entry) => !entry.cls);
    if (missing.length > 0) {
      const tables = missing.map((entry) => `"${entry.definition.table}"`).join(", ");
      throw new DbError(
        DbErrorCode.UNREGISTERED_MODEL,
        `bind "${bind}" has models that were never registered (tables ${tables}): export their classes from <package>/models.ts (or models/*.ts), or call db.register(ModelClass) before using the bind`,
      );
    }
    return entries().map((entry) => (entry.schema ??= buildSchema(entry.definition, entry.cls!)));
  }

  #adoptTarget(from: Entry, target: ModelClass): void {
    const definition = this.definitionOf(target, `relation of ${modelName(from.cls!)}`);
    if (definition.bind !== from.definition.bind) {
      throw new DbError(
        DbErrorCode.CROSS_BIND_RELATION,
        `${modelName(from.cls!)} (bind "${from.definition.bind}") has a relation to ${modelName(target)} (bind "${definition.bind}"): relations cannot cross databases; put both models on one bind`,
      );
    }
    if (!this.#entries.get(definition)!.cls) this.registerModel(target);
  }
}

/** Builds the MikroORM schema of a model over its concrete class. */
function buildSchema(definition: ModelDefinition, cls: ModelClass): EntitySchema {
  const { bind: _, ...options } = definition.options;
  // MikroORM takes `indexes: undefined` for a value, so only options given are passed.
  const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  // The typed overload of defineEntity infers from a literal; here the columns are only known at run time.
  const meta = { ...given, class: cls, tableName: definition.table, properties: definition.columns };
  return defineEntity(meta as unknown as Parameters<typeof defineEntity>[0]) as unknown as EntitySchema;
}

/** A base used as the entity itself needs a name; one that is extended must stay anonymous. */
function setBaseName(definition: ModelDefinition, named: boolean): void {
  const name = named ? pascalCase(definition.table) : "";
  Object.defineProperty(definition.base, "name", { value: name, configurable: true });
}

function pascalCase(table: string): string {
  return table.replace(/(^|[_\W]+)(\w)/g, (_, __, c: string) => c.toUpperCase()).replace(/\W/g, "");
}

/** The model classes the relations of a definition point at (thunks are called). */
function relationTargets(definition: ModelDefinition): ModelClass[] {
  const targets: ModelClass[] = [];
  for (const column of Object.values(definition.columns)) {
    const options = columnOptions(column);
    if (!options?.kind || !RELATION_KINDS.has(options.kind) || typeof options.entity !== "function") continue;
    const target = options.entity();
    for (const item of Array.isArray(target) ? target : [target]) {
      if (isModelClass(item)) targets.push(item);
    }
  }
  return targets;
}
