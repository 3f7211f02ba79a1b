/**
 * A request that fails its route's schemas answers 422 with FastAPI's body:
 * `{"detail": [{"loc": ["body", "price"], "msg": "...", "type": "..."}]}`. `loc` starts with
 * where the value was (`path`, `query`, `header`, `body`) and follows the keys down to it;
 * `type` names the rule with pydantic's names where there is one (`missing`, `int_type`,
 * `string_too_short`, ...).
 */
import type { FastifyError, FastifyRequest } from "fastify";

/** One entry of a 422 answer. */
export interface ValidationIssue {
  readonly loc: ReadonlyArray<string | number>;
  readonly msg: string;
  readonly type: string;
}

interface AjvIssue {
  readonly instancePath: string;
  readonly keyword: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly message?: string;
}

const PART: Readonly<Record<string, string>> = { params: "path", querystring: "query", headers: "header", body: "body" };

const TYPES: Readonly<Record<string, readonly [type: string, msg: string]>> = {
  integer: ["int_type", "Input should be a valid integer"],
  number: ["float_type", "Input should be a valid number"],
  string: ["string_type", "Input should be a valid string"],
  boolean: ["bool_type", "Input should be a valid boolean"],
  object: ["dict_type", "Input should be a valid dictionary or object"],
  array: ["list_type", "Input should be a valid list"],
  null: ["none_required", "Input should be None"],
};

type Rule = (params: Readonly<Record<string, unknown>>) => readonly [type: string, msg: string];
const RULES: Readonly<Record<string, Rule>> = {
  minLength: (p) => ["string_too_short", `String should have at least ${p.limit} ${plural(p.limit, "character")}`],
  maxLength: (p) => ["string_too_long", `String should have at most ${p.limit} ${plural(p.limit, "character")}`],
  minimum: (p) => ["greater_than_equal", `Input should be greater than or equal to ${p.limit}`],
  maximum: (p) => ["less_than_equal", `Input should be less than or equal to ${p.limit}`],
  exclusiveMinimum: (p) => ["greater_than", `Input should be greater than ${p.limit}`],
  exclusiveMaximum: (p) => ["less_than", `Input should be less than ${p.limit}`],
  multipleOf: (p) => ["multiple_of", `Input should be a multiple of ${p.multipleOf}`],
  minItems: (p) => ["too_short", `List should have at least ${p.limit} ${plural(p.limit, "item")}`],
  maxItems: (p) => ["too_long", `List should have at most ${p.limit} ${plural(p.limit, "item")}`],
  pattern: (p) => ["string_pattern_mismatch", `String should match pattern '${p.pattern}'`],
  enum: (p) => ["enum", `Input should be ${oneOf(p.allowedValues)}`],
  const: (p) => ["literal_error", `Input should be ${JSON.stringify(p.allowedValue)}`],
  additionalProperties: () => ["extra_forbidden", "Extra inputs are not permitted"],
};

/** The 422 entries of a Fastify validation error met by `request`. */
export function validationIssues(error: FastifyError, request: FastifyRequest): ValidationIssue[] {
  const context = error.validationContext ?? "body";
  const part = PART[context] ?? context;
  // A request without a body fails an object schema as "must be object": FastAPI says missing.
  if (context === "body" && (request.body === undefined || request.body === null)) {
    return [{ loc: ["body"], msg: "Field required", type: "missing" }];
  }
  return (error.validation as readonly AjvIssue[]).map((issue) => issueOf(issue, part));
}

function issueOf(issue: AjvIssue, part: string): ValidationIssue {
  const loc: Array<string | number> = [part, ...pathOf(issue.instancePath)];
  if (issue.keyword === "required") {
    return { loc: [...loc, String(issue.params.missingProperty)], msg: "Field required", type: "missing" };
  }
  if (issue.keyword === "additionalProperties") loc.push(String(issue.params.additionalProperty));
  if (issue.keyword === "type") {
    const expected = String(issue.params.type).split(",")[0]!;
    const [type, msg] = TYPES[expected] ?? [`${expected}_type`, `Input should be of type ${expected}`];
    return { loc, msg, type };
  }
  const rule = RULES[issue.keyword];
  if (rule) {
    const [type, msg] = rule(issue.params);
    return { loc, msg, type };
  }
  const message = issue.message ?? "is not valid";
  return { loc, msg: `Input ${message}`, type: issue.keyword };
}

/** `/tags/0` as `["tags", 0]` (JSON Pointer, `~1` and `~0` unescaped). */
function pathOf(pointer: string): Array<string | number> {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((token) => {
      const key = token.replace(/~1/g, "/").replace(/~0/g, "~");
      return /^(?:0|[1-9]\d*)$/.test(key) ? Number(key) : key;
    });
}

function plural(count: unknown, word: string): string {
  return count === 1 ? word : `${word}s`;
}

function oneOf(values: unknown): string {
  if (!Array.isArray(values)) return "one of the allowed values";
  const quoted = values.map((value) => JSON.stringify(value));
  return quoted.length <= 1 ? (quoted[0] ?? "") : `${quoted.slice(0, -1).join(", ")} or ${quoted.at(-1)}`;
}
