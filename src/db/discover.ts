/**
 * Model discovery by convention, as Django finds `models.py`: the exports of
 * `<package>/models.ts`, or of every `<package>/models/*.ts`, that are `db.Model` classes.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { isWebFluidError } from "../errors.ts";
import { DbError, DbErrorCode, oneLine } from "./errors.ts";
import { MODEL, isModelClass, type ModelClass } from "./model.ts";

const EXTENSIONS = [".ts", ".mts", ".js", ".mjs"];

/**
 * The files discovery imports for a package folder, in import order: `models.ts` (or
 * `.mts`/`.js`/`.mjs`) and the script files directly inside `models/`, sorted by name.
 */
export function modelFiles(packageDir: string): string[] {
  const files: string[] = [];
  const single = EXTENSIONS.map((ext) => join(packageDir, `models${ext}`)).find((file) => existsSync(file));
  if (single) files.push(single);
  const folder = join(packageDir, "models");
  if (existsSync(folder) && statSync(folder).isDirectory()) {
    for (const name of readdirSync(folder).sort()) {
      if (!EXTENSIONS.some((ext) => name.endsWith(ext)) || /\.(d|test|spec)\.[mc]?[jt]s$/.test(name)) continue;
      files.push(join(folder, name));
    }
  }
  return files;
}

/**
 * Imports a package's model files and registers every exported model class with the
 * `Database` that declared it. A package without models is fine: nothing is registered.
 *
 * @param packageDir - Absolute path of the app package folder (e.g. `<root>/fluid`).
 * @returns The model classes found, in file and export order.
 * @throws DbError `WF_ERR_DB_MODELS_IMPORT` when a file fails to import.
 * @example
 * ```ts
 * await discoverModels(join(root, "fluid")); // imports fluid/models.ts
 * await db.connect();
 * ```
 */
export async function discoverModels(packageDir: string): Promise<ModelClass[]> {
  const found: ModelClass[] = [];
  for (const file of modelFiles(packageDir)) {
    let exports: Record<string, unknown>;
    try {
      exports = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    } catch (error) {
      if (isWebFluidError(error)) throw error;
      const shown = relative(dirname(packageDir), file) || basename(file);
      const message = error instanceof Error ? error.message : String(error);
      throw new DbError(
        DbErrorCode.MODELS_IMPORT,
        `cannot import ${shown}: ${oneLine(message)}; fix that file (models are discovered from it)`,
        { cause: error },
      );
    }
    for (const value of Object.values(exports)) {
      if (!isModelClass(value) || found.includes(value)) continue;
      value[MODEL].owner.register(value);
      found.push(value);
    }
  }
  return found;
}
