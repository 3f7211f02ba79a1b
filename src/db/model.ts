/**
 * `db.Model(table, columns, options)`: the base class a model extends. The columns are
 * MikroORM property builders (`p.integer().primary()`, ...); the entity schema itself is
 * built with `defineEntity({ class })` once the concrete subclass is known (see registry.ts).
 */
import { Collection, type EntityMetadataWithProperties, type InferEntityFromProperties } from "@mikro-orm/core";

/** Marks a class made by `db.Model` (and, through static inheritance, its subclasses). */
export const MODEL: unique symbol = Symbol.for("webfluid.db.model");

/**
 * The column map of a model: property name to a MikroORM builder (or a thunk returning one).
 * Typed loosely on purpose: a constraint on the values makes TypeScript check the thunks of
 * mutually related models against the classes being declared, a circular reference it rejects.
 */
export type Columns = Record<string, unknown>;

type Meta<C extends Columns> = EntityMetadataWithProperties<string, string, C>;

/** Options of `db.Model(table, columns, options)`. */
export interface ModelOptions<C extends Columns = Columns> {
  /** The database this model lives in (Flask-SQLAlchemy's `__bind_key__`); default `"default"`. */
  bind?: string;
  /** Composite indexes, e.g. `[{ properties: ["a", "b"] }]`; single columns use `p.x().index()`. */
  indexes?: Meta<C>["indexes"];
  /** Composite unique constraints; single columns use `p.x().unique()`. */
  uniques?: Meta<C>["uniques"];
  /** A comment on the table. */
  comment?: string;
}

/** What `db.Model(...)` recorded about one table. Shared by the base class and its subclasses. */
export interface ModelDefinition {
  readonly table: string;
  readonly bind: string;
  readonly columns: Columns;
  readonly options: ModelOptions;
  /** The class `db.Model` returned. */
  readonly base: abstract new () => object;
  /** The models of the `Database` whose `Model` made it (shared by the databases over them); registration always goes there. */
  readonly owner: ModelOwner;
}

/** What the models of a `Database` offer to discovery. */
export interface ModelOwner {
  register(...models: ModelClass[]): void;
}

/** Any model class (a `db.Model` base or a class extending one) whose instances are `T`. */
export type ModelClass<T extends object = object> = (abstract new (...args: never[]) => T) & {
  readonly [MODEL]: ModelDefinition;
};

/** The instance type of a model class. */
export type ModelInstance<M> = M extends abstract new (...args: never[]) => infer T ? T : never;

/** The class returned by `db.Model(table, columns)`: extend it, or use it as is. */
export type ModelBase<C extends Columns> = (new () => InferEntityFromProperties<C>) & {
  readonly [MODEL]: ModelDefinition;
};

/**
 * Makes the base class of a model. Its instances carry no state of their own: properties
 * are set by the subclass constructor or by MikroORM when loading.
 *
 * @internal Called by `Database.Model`.
 */
export function defineModel<C extends Columns>(
  owner: ModelOwner,
  table: string,
  columns: C,
  options: ModelOptions<C>,
): ModelBase<C> {
  const base = class {
    constructor() {
      // `new Author()` needs its to-many collections, as MikroORM's em.create would give it.
      for (const name of collectionNames(definition)) {
        const entity = this as Record<string, unknown>;
        entity[name] ??= new Collection(this);
      }
    }
  };
  // An anonymous base keeps MikroORM from taking it for a parent entity of the subclass.
  Object.defineProperty(base, "name", { value: "" });
  const definition: ModelDefinition = {
    table,
    bind: options.bind ?? "default",
    columns,
    options: options as ModelOptions,
    base,
    owner,
  };
  Object.defineProperty(base, MODEL, { value: definition, enumerable: false });
  return base as unknown as ModelBase<C>;
}

/** The options a column's builder carries (a thunk is called first). */
export function columnOptions(column: unknown): { kind?: string; entity?: () => unknown } | undefined {
  const builder: unknown = typeof column === "function" ? (column as () => unknown)() : column;
  return (builder as { "~options"?: { kind?: string; entity?: () => unknown } } | undefined)?.["~options"];
}

const collections = new WeakMap<ModelDefinition, string[]>();

/** The one-to-many and many-to-many properties of a model, computed once. */
function collectionNames(definition: ModelDefinition): string[] {
  let names = collections.get(definition);
  if (!names) {
    names = Object.entries(definition.columns)
      .filter(([, column]) => ["1:m", "m:n"].includes(columnOptions(column)?.kind ?? ""))
      .map(([name]) => name);
    collections.set(definition, names);
  }
  return names;
}

/** True for classes made by `db.Model` and classes extending them. */
export function isModelClass(value: unknown): value is ModelClass {
  return typeof value === "function" && (value as { [MODEL]?: unknown })[MODEL] !== undefined;
}

/** The display name of a model class, for messages. */
export function modelName(model: ModelClass): string {
  return model.name || `the model of table "${model[MODEL].table}"`;
}
