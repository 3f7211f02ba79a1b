/**
 * Operations to TypeScript source: the bodies of a revision's `upgrade(op)` / `downgrade(op)`.
 * One call per operation, one entry per kind, options in a fixed order, so the same operations
 * always render the same text. Bodies are plain JavaScript (no type syntax): evaluating one
 * with an `op` yields the operations again.
 */
import type {
  CheckSpec,
  ColumnChanges,
  ColumnDefault,
  ColumnSpec,
  ForeignKeySpec,
  IndexSpec,
  Operation,
  OperationKind,
  OperationOf,
  SqlValue,
  UniqueSpec,
} from "../vocabulary/index.ts";

/** Renders a literal value as JavaScript source. */
export function renderValue(value: SqlValue | ColumnDefault | readonly string[] | undefined): string {
  if (value === undefined) return "undefined";
  if (value === null) return "null";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value instanceof Date) return `new Date(${JSON.stringify(value.toISOString())})`;
  if (Array.isArray(value)) return `[${value.map((v) => renderValue(v)).join(", ")}]`;
  return `op.raw(${JSON.stringify((value as { raw: string }).raw)})`;
}

type Literal = SqlValue | ColumnDefault | readonly string[] | undefined;

/** `{ a: 1, b: "x" }` from ordered entries, skipping undefined; empty string when none. */
function options(entries: [string, Literal][]): string {
  return rendered(entries.map(([k, v]) => [k, v === undefined ? undefined : renderValue(v)]));
}

/** Same as {@link options} for values already rendered to source. */
function rendered(entries: [string, string | undefined][]): string {
  const parts = entries.filter(([, v]) => v !== undefined).map(([k, v]) => `${/^[a-z_$][\w$]*$/i.test(k) ? k : JSON.stringify(k)}: ${v}`);
  return parts.length > 0 ? `{ ${parts.join(", ")} }` : "";
}

function params(values: readonly SqlValue[] | undefined): string | undefined {
  return values ? `[${values.map((v) => renderValue(v)).join(", ")}]` : undefined;
}

function args(...parts: string[]): string {
  return parts.filter((p) => p !== "").join(", ");
}

function column(spec: ColumnSpec): string {
  const opts = options([
    ["length", spec.length],
    ["precision", spec.precision],
    ["scale", spec.scale],
    ["nullable", spec.nullable || undefined],
    ["default", spec.default],
    ["primary", spec.primary || undefined],
    ["autoincrement", spec.autoincrement || undefined],
    ["nativeType", spec.nativeType],
    ["comment", spec.comment],
    ["enum", spec.enum],
    ["enumType", spec.enumType],
  ]);
  return `op.column(${args(renderValue(spec.name), renderValue(spec.type), opts)})`;
}

function index(spec: IndexSpec): string {
  return `op.index(${args(renderValue(spec.name), renderValue(spec.columns), options([["unique", spec.unique || undefined]]))})`;
}

function unique(spec: UniqueSpec): string {
  return `op.unique(${args(renderValue(spec.name), renderValue(spec.columns))})`;
}

function fkArgs(spec: ForeignKeySpec): string {
  const opts = options([
    ["onDelete", spec.onDelete],
    ["onUpdate", spec.onUpdate],
  ]);
  return args(renderValue(spec.name), renderValue(spec.columns), renderValue(spec.referencedTable), renderValue(spec.referencedColumns), opts);
}

function changes(value: ColumnChanges): string {
  return options([
    ["type", value.type],
    ["length", value.length],
    ["precision", value.precision],
    ["scale", value.scale],
    ["nullable", value.nullable],
    ["default", value.default],
    ["nativeType", value.nativeType],
    ["comment", value.comment],
    ["existingComment", value.existingComment],
    ["enum", value.enum],
    ["enumType", value.enumType],
  ]);
}

function check(spec: CheckSpec): string {
  return `op.check(${args(renderValue(spec.name), renderValue(spec.condition))})`;
}

function list(items: string[], indent: string): string {
  return `[\n${items.map((i) => `${indent}  ${i},`).join("\n")}\n${indent}]`;
}

function comment(text: string, indent: string): string {
  return text
    .split("\n")
    .map((line) => `${indent}// ${line}`)
    .join("\n");
}

type Renderer<K extends OperationKind> = (op: OperationOf<K>, indent: string) => string;

/** How each operation kind renders (without the indent of its first line). */
const RENDERERS: { readonly [K in OperationKind]: Renderer<K> } = {
  createTable: (op, indent) => {
    const extras: string[] = [];
    if (op.primaryKey) extras.push(`${indent}  primaryKey: ${renderValue(op.primaryKey)},`);
    if (op.indexes?.length) extras.push(`${indent}  indexes: ${list(op.indexes.map(index), `${indent}  `)},`);
    if (op.uniques?.length) extras.push(`${indent}  uniques: ${list(op.uniques.map(unique), `${indent}  `)},`);
    if (op.foreignKeys?.length) {
      extras.push(`${indent}  foreignKeys: ${list(op.foreignKeys.map((fk) => `op.foreignKey(${fkArgs(fk)})`), `${indent}  `)},`);
    }
    if (op.checks?.length) extras.push(`${indent}  checks: ${list(op.checks.map(check), `${indent}  `)},`);
    if (op.comment !== undefined) extras.push(`${indent}  comment: ${renderValue(op.comment)},`);
    const table = extras.length > 0 ? `, {\n${extras.join("\n")}\n${indent}}` : "";
    return `op.createTable(${renderValue(op.table)}, ${list(op.columns.map(column), indent)}${table});`;
  },
  dropTable: (op) => `op.dropTable(${renderValue(op.table)});`,
  renameTable: (op) => `op.renameTable(${args(renderValue(op.table), renderValue(op.to))});`,
  addColumn: (op) => `op.addColumn(${args(renderValue(op.table), column(op.column))});`,
  dropColumn: (op) => `op.dropColumn(${args(renderValue(op.table), renderValue(op.column))});`,
  alterColumn: (op) => `op.alterColumn(${args(renderValue(op.table), renderValue(op.column), changes(op.changes))});`,
  renameColumn: (op) => `op.renameColumn(${args(renderValue(op.table), renderValue(op.column), renderValue(op.to))});`,
  createIndex: (op) =>
    `op.createIndex(${args(renderValue(op.table), renderValue(op.name), renderValue(op.columns), options([["unique", op.unique || undefined]]))});`,
  dropIndex: (op) => `op.dropIndex(${args(renderValue(op.table), renderValue(op.name))});`,
  createUnique: (op) => `op.createUnique(${args(renderValue(op.table), renderValue(op.name), renderValue(op.columns))});`,
  dropUnique: (op) => `op.dropUnique(${args(renderValue(op.table), renderValue(op.name))});`,
  createPrimaryKey: (op) => `op.createPrimaryKey(${args(renderValue(op.table), renderValue(op.columns))});`,
  dropPrimaryKey: (op) => `op.dropPrimaryKey(${renderValue(op.table)});`,
  createForeignKey: (op) => `op.createForeignKey(${args(renderValue(op.table), fkArgs(op))});`,
  dropForeignKey: (op) => `op.dropForeignKey(${args(renderValue(op.table), renderValue(op.name))});`,
  createCheckConstraint: (op) => `op.createCheckConstraint(${args(renderValue(op.name), renderValue(op.table), renderValue(op.condition))});`,
  dropCheckConstraint: (op) => `op.dropCheckConstraint(${args(renderValue(op.name), renderValue(op.table))});`,
  setTableComment: (op) => {
    const opts = options([["existingComment", op.existingComment]]);
    return op.comment === null
      ? `op.dropTableComment(${args(renderValue(op.table), opts)});`
      : `op.setTableComment(${args(renderValue(op.table), renderValue(op.comment), opts)});`;
  },
  execute: (op, indent) => {
    const dialect = op.dialects ? (op.dialects.length === 1 ? op.dialects[0] : op.dialects) : undefined;
    const opts = rendered([
      ["params", params(op.params)],
      ["dialect", dialect === undefined ? undefined : renderValue(dialect)],
      ["reason", op.reason === undefined ? undefined : renderValue(op.reason)],
    ]);
    const call = `op.execute(${args(renderValue(op.sql), opts)});`;
    // the reason is also a comment, for whoever reads the revision
    return op.reason ? `${comment(op.reason, "")}\n${indent}${call}` : call;
  },
  bulkInsert: (op, indent) => {
    const rows = op.rows.map((row) => options(Object.entries(row)) || "{}");
    return `op.bulkInsert(${renderValue(op.table)}, ${list(rows, indent)});`;
  },
  query: (op) => `op.query(${args(renderValue(op.sql), params(op.params) ?? "")});`,
};

/** One operation as a statement of TypeScript (and JavaScript) source. */
export function renderOperation(op: Operation, indent = ""): string {
  const renderer = RENDERERS[op.kind] as Renderer<OperationKind>;
  return `${indent}${renderer(op, indent)}`;
}

/** Options of {@link renderOperations}. */
export interface RenderOptions {
  /** Prefix of every line (default two spaces). */
  readonly indent?: string;
  /**
   * Lines to put first, as comments (autogenerate's warnings), each once; those an `execute`
   * in `ops` carries as its reason are left to that operation.
   */
  readonly comments?: readonly string[];
}

/**
 * The body of `upgrade(op)` or `downgrade(op)`: one statement per operation. An empty list
 * renders as a single `// no operations` comment.
 *
 * @example
 * ```ts
 * const body = renderOperations(result.upgrade, { comments: result.warnings });
 * const source = `export async function upgrade(op: Operations): Promise<void> {\n${body}\n}\n`;
 * ```
 */
export function renderOperations(ops: readonly Operation[], renderOptions: RenderOptions = {}): string {
  const indent = renderOptions.indent ?? "  ";
  // a reason is written above its own `execute`; at the top as well, it would read twice
  const carried = new Set(ops.flatMap((op) => (op.kind === "execute" && op.reason ? [op.reason] : [])));
  const comments = [...new Set(renderOptions.comments ?? [])].filter((c) => !carried.has(c));
  const lines = comments.map((c) => comment(c, indent));
  for (const op of ops) lines.push(renderOperation(op, indent));
  if (ops.length === 0) lines.push(`${indent}// no operations`);
  return lines.join("\n");
}
