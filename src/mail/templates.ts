/**
 * Mail bodies from the app's templates: `templates/mail/<name>.html` renders through the app's
 * own environment (`app.render`, autoescaped), and `templates/mail/<name>.txt` through a twin
 * environment over the same folder without autoescaping, since `&amp;` in a plain text mail
 * would be a bug, not a safeguard.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type nunjucks from "nunjucks";
import { lazyRequire } from "../lazy-require.ts";
import { mailErrors, reason } from "./errors.ts";

/** What rendering needs of the app. */
export interface TemplateHost {
  readonly packageDir: string;
  render(name: string, context: Readonly<Record<string, unknown>>): string;
}

/** A body rendered from templates: the alternatives whose template exists. */
export interface RenderedBody {
  readonly plain?: string;
  readonly html?: string;
}

export class MailTemplates {
  readonly #host: TemplateHost;
  readonly #noCache: boolean;
  #text: nunjucks.Environment | undefined;

  constructor(host: TemplateHost, noCache: boolean) {
    this.#host = host;
    this.#noCache = noCache;
  }

  get #directory(): string {
    return join(this.#host.packageDir, "templates");
  }

  #textEnvironment(): nunjucks.Environment {
    if (this.#text) return this.#text;
    const lib = lazyRequire<typeof import("nunjucks")>("nunjucks");
    const loader = new lib.FileSystemLoader(this.#directory, { noCache: this.#noCache });
    return (this.#text = new lib.Environment(loader, { autoescape: false }));
  }

  /**
   * Renders `mail/<name>.html` and `mail/<name>.txt`, whichever exist (at least one must).
   *
   * @throws MailError `WF_ERR_MAIL_TEMPLATE`.
   */
  render(name: string, context: Readonly<Record<string, unknown>>): RenderedBody {
    if (typeof name !== "string" || name === "" || name.includes("..")) throw mailErrors.template(String(name), "the name must be a template name without \"..\"");
    const html = `mail/${name}.html`;
    const text = `mail/${name}.txt`;
    const hasHtml = existsSync(join(this.#directory, html));
    const hasText = existsSync(join(this.#directory, text));
    if (!hasHtml && !hasText) {
      throw mailErrors.template(name, `neither ${html} nor ${text} exists in ${this.#directory}: create one (or both, for an HTML and a plain alternative)`);
    }
    try {
      return {
        ...(hasText ? { plain: this.#textEnvironment().render(text, context) } : {}),
        ...(hasHtml ? { html: this.#host.render(html, context) } : {}),
      };
    } catch (cause) {
      throw mailErrors.template(name, `rendering failed: ${reason(cause).replace(/\s+/g, " ")}`, cause);
    }
  }
}
