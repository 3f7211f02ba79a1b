/**
 * The neutral type of each model column, read from entity metadata. The schema MikroORM
 * builds from models only keeps the SQL type, which loses meaning on SQLite (a boolean is an
 * `integer`, a string is `text`); the property still knows it is a boolean or a string.
 */
import { ReferenceKind, type EntityProperty } from "@mikro-orm/core";
import { neutralTypeOf, type DialectContext, type SqlOrm } from "../dialect/index.ts";
import type { NeutralType } from "../vocabulary/index.ts";

/** Neutral types by table, then column. */
export type TypeHints = ReadonlyMap<string, ReadonlyMap<string, NeutralType>>;

function scalarType(prop: EntityProperty, ctx: DialectContext): NeutralType | undefined {
  if (prop.enum || prop.nativeEnumName || prop.array) return undefined;
  if (prop.customType) return neutralTypeOf(prop.customType);
  const declared = prop.type === "Date" ? "datetime" : prop.type;
  return declared ? neutralTypeOf(ctx.platform.getMappedType(declared)) : undefined;
}

function columnTypes(prop: EntityProperty, ctx: DialectContext, depth = 0): (NeutralType | undefined)[] {
  if (prop.kind === ReferenceKind.SCALAR) return [scalarType(prop, ctx)];
  const owner = prop.kind === ReferenceKind.MANY_TO_ONE || (prop.kind === ReferenceKind.ONE_TO_ONE && prop.owner);
  if (!owner || !prop.targetMeta || depth > 4) return [];
  // a foreign key column has the type of the primary key it references
  return prop.targetMeta.getPrimaryProps().flatMap((pk) => columnTypes(pk, ctx, depth + 1));
}

/**
 * Collects the neutral type of every column the models declare.
 *
 * @example
 * ```ts
 * modelTypeHints(orm, ctx).get("user")?.get("active"); // "boolean", also on SQLite
 * ```
 */
export function modelTypeHints(orm: SqlOrm, ctx: DialectContext): TypeHints {
  const hints = new Map<string, Map<string, NeutralType>>();
  for (const meta of orm.getMetadata().getAll().values()) {
    if (!meta.tableName || meta.embeddable || meta.virtual || meta.view) continue;
    const table = hints.get(meta.tableName) ?? new Map<string, NeutralType>();
    hints.set(meta.tableName, table);
    for (const prop of meta.props) {
      if (prop.persist === false || !prop.fieldNames) continue;
      const types = columnTypes(prop, ctx);
      prop.fieldNames.forEach((field, i) => {
        const type = types[i];
        if (type) table.set(field, type);
      });
    }
  }
  return hints;
}
