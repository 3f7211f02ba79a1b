/** Nunjucks (Jinja syntax) templates from `<package>/templates`, autoescaped. */
import nunjucks from "nunjucks";

export interface TemplateOptions {
  readonly directory: string;
  /** Re-read templates on every render (development). */
  readonly noCache: boolean;
}

/** Creates the app's template environment. */
export function createTemplates(options: TemplateOptions): nunjucks.Environment {
  const loader = new nunjucks.FileSystemLoader(options.directory, { noCache: options.noCache });
  return new nunjucks.Environment(loader, { autoescape: true });
}
