/**
 * Route schemas (TypeBox, or raw JSON Schema) as OpenAPI 3.1 schema objects. OpenAPI 3.1
 * takes JSON Schema 2020-12 as it is, so little changes: a schema with an `$id` becomes a
 * named component (`#/components/schemas/Item`) and references to that id point there;
 * draft-07 tuples (`items: [...]`, which TypeBox writes) become `prefixItems`; `$schema` and
 * TypeBox's own `~` keys are dropped.
 */

/** A JSON Schema object. */
export type SchemaObject = { readonly [key: string]: unknown };

/** Component names OpenAPI allows. */
const COMPONENT_NAME = /^[A-Za-z0-9._-]+$/;

/**
 * Converts the schemas of one document, collecting named ones as components: call
 * `convert` for each schema, then `components()` once.
 */
export class SchemaConverter {
  /** Component name by `$id`. */
  readonly #names = new Map<string, string>();
  /** Converted component schemas by name, in the order met. */
  readonly #components = new Map<string, SchemaObject>();

  /** Registers a component that is not a route schema (the 422 answer's). */
  addComponent(name: string, schema: SchemaObject): void {
    this.#components.set(name, schema);
  }

  /** `schema` as an OpenAPI schema object; a schema with `$id` becomes a `$ref` to its component. */
  convert(schema: unknown): SchemaObject {
    this.#collectIds(schema);
    return this.#convert(schema) as SchemaObject;
  }

  /** The named schemas met so far. */
  components(): Record<string, SchemaObject> {
    return Object.fromEntries(this.#components);
  }

  /** Gives each `$id` below `schema` a component name first, so that references met before their target resolve. */
  #collectIds(schema: unknown): void {
    if (Array.isArray(schema)) {
      for (const item of schema) this.#collectIds(item);
      return;
    }
    if (!isObject(schema)) return;
    const id = schema.$id;
    if (typeof id === "string" && !this.#names.has(id)) this.#names.set(id, this.#uniqueName(id));
    for (const value of Object.values(schema)) this.#collectIds(value);
  }

  #uniqueName(id: string): string {
    const last = id.replace(/#.*$/, "").split(/[/:]/).filter(Boolean).at(-1) ?? "Schema";
    const base = last.replace(/\.json$/, "").replace(/[^A-Za-z0-9._-]/g, "_") || "Schema";
    const taken = new Set(this.#names.values());
    let name = COMPONENT_NAME.test(base) ? base : "Schema";
    for (let n = 2; taken.has(name); n++) name = `${base}${n}`;
    return name;
  }

  #convert(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((item) => this.#convert(item));
    if (!isObject(value)) return value;
    const id = typeof value.$id === "string" ? value.$id : undefined;
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      if (key === "$id" || key === "$schema" || key.startsWith("~")) continue;
      if (key === "$ref" && typeof child === "string") out.$ref = this.#reference(child);
      else if (key === "properties" || key === "patternProperties" || key === "$defs" || key === "definitions" || key === "dependentSchemas") {
        out[key] = isObject(child) ? Object.fromEntries(Object.entries(child).map(([name, sub]) => [name, this.#convert(sub)])) : child;
      } else if (key === "const" || key === "enum" || key === "default" || key === "examples" || key === "example") out[key] = child;
      else out[key] = this.#convert(child);
    }
    // Draft-07 tuples: `items: [a, b]` (and `additionalItems`) are `prefixItems` (and `items`) in 2020-12.
    if (Array.isArray(out.items)) {
      out.prefixItems = out.items;
      if ("additionalItems" in out) out.items = out.additionalItems;
      else delete out.items;
      delete out.additionalItems;
    }
    if (id === undefined) return out;
    // One component per id: the first schema met with it (Fastify's ajv would refuse two different ones).
    const name = this.#names.get(id)!;
    if (!this.#components.has(name)) this.#components.set(name, out);
    return { $ref: `#/components/schemas/${name}` };
  }

  /** A `$ref` to an `$id` of the document points at its component; others stay as they are. */
  #reference(ref: string): string {
    const name = this.#names.get(ref) ?? this.#names.get(ref.replace(/#$/, ""));
    return name === undefined ? ref : `#/components/schemas/${name}`;
  }
}

/** The 422 answer's schemas, as FastAPI names them. */
export const VALIDATION_COMPONENTS: Readonly<Record<string, SchemaObject>> = {
  ValidationError: {
    title: "ValidationError",
    type: "object",
    required: ["loc", "msg", "type"],
    properties: {
      loc: { title: "Location", type: "array", items: { anyOf: [{ type: "string" }, { type: "integer" }] } },
      msg: { title: "Message", type: "string" },
      type: { title: "Error Type", type: "string" },
    },
  },
  HTTPValidationError: {
    title: "HTTPValidationError",
    type: "object",
    properties: { detail: { title: "Detail", type: "array", items: { $ref: "#/components/schemas/ValidationError" } } },
  },
};

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
