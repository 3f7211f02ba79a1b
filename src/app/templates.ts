/** Nunjucks (Jinja syntax) templates from `<package>/templates`, autoescaped. */
import type nunjucks from "nunjucks";
import { lazyRequire } from "../lazy-require.ts";

export interface TemplateOptions {
  readonly directory: string;
  /** Re-read templates on every render (development). */
  readonly noCache: boolean;
}

/** Creates the app's template environment. */
export function createTemplates(options: TemplateOptions): nunjucks.Environment {
  const nunjucks = lazyRequire<typeof import("nunjucks")>("nunjucks");
  const loader = new nunjucks.FileSystemLoader(options.directory, { noCache: options.noCache });
  return new nunjucks.Environment(loader, { autoescape: true });
}
