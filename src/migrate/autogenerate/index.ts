/**
 * Autogenerate: compare a bind's models with its database, produce neutral upgrade and
 * downgrade operations with warnings and blind spots, and render them as revision source.
 *
 * @example
 * ```ts
 * import { autogenerate, renderOperations } from "../autogenerate/index.ts";
 * const result = await autogenerate(orm, { exclude: ["wf_migrate_version"] });
 * const upgradeBody = renderOperations(result.upgrade, { comments: result.warnings });
 * const downgradeBody = renderOperations(result.downgrade);
 * ```
 */
export { autogenerate, type AutogenerateOptions, type AutogenerateResult } from "./autogenerate.ts";
export { knownBlindSpots, type BlindSpot } from "./blind-spots.ts";
export type { ObjectFilter, SchemaObject } from "./filter.ts";
export { renderOperation, renderOperations, renderValue, type RenderOptions } from "./render.ts";
