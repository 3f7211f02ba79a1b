/**
 * The template environment: globals, filters and tests the app and its extensions add reach
 * every template; bad additions are refused with WF_ERR_APP_BAD_TEMPLATE_HELPER when made.
 */
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { AppError, Extension, Fluid, HTMLResponse, render } from "../../src/index.ts";
import { testConfig } from "../../src/testing/index.ts";
import { TempProject } from "../support/project.ts";

const project = TempProject.empty();
after(() => project.remove());
project.write(
  "fluid/templates/page.html",
  "{{ site }}|{{ greet(name) }}|{{ price | money('USD') }}|{% if n is even_number %}even{% else %}odd{% endif %}|{{ my_ext() }}|{{ html() }}",
);

function newApp(): Fluid {
  return new Fluid(project.path("fluid"), { config: testConfig({}, { root: project.root }) });
}

class MyExtension extends Extension {
  readonly name = "MYEXT";
  protected setup(app: Fluid): void {
    app.templateGlobal("my_ext", () => "Hello from MyExtension");
  }
}

describe("template globals, filters and tests", () => {
  test("the app's and an extension's additions reach every template, escaped; render()'s context wins over a global", async () => {
    const app = newApp();
    app
      .templateGlobal("site", "Shop")
      .templateGlobal("greet", (name: string) => `Hi ${name}`)
      .templateGlobal("html", () => "<b>x</b>")
      .templateFilter("money", (cents: number, currency = "EUR") => `${(cents / 100).toFixed(2)} ${currency}`)
      .templateTest("even_number", (n: number) => n % 2 === 0);
    new MyExtension().expandFluid(app);
    app.get("/", { responseClass: HTMLResponse })(() => render("page.html", { name: "Ann", price: 250, n: 4 }));
    const res = await app.inject("/");
    assert.equal(res.body, "Shop|Hi Ann|2.50 USD|even|Hello from MyExtension|&lt;b&gt;x&lt;/b&gt;");
    assert.equal(app.render("page.html", { site: "Mine", name: "Bo", price: 1, n: 3 }), "Mine|Hi Bo|0.01 USD|odd|Hello from MyExtension|&lt;b&gt;x&lt;/b&gt;");
    await app.shutdown();
  });

  test("bad additions are one-line coded errors naming the call and the name", () => {
    const app = newApp();
    app.templateGlobal("taken", 1);
    app.templateFilter("myfilter", String);
    const cases: Array<[() => unknown, RegExp]> = [
      [() => app.templateFilter("money", "not a function" as never), /^templateFilter\("money"\): a filter must be a function, got string$/],
      [() => app.templateTest("t", null as never), /^templateTest\("t"\): a test must be a function, got null$/],
      [() => app.templateFilter("slow", (async () => 1) as never), /^templateFilter\("slow"\): templates render synchronously, so a filter cannot be async/],
      [() => app.templateGlobal("my-ext", 1), /^templateGlobal\("my-ext"\): the name must be an identifier/],
      [() => app.templateGlobal("csrf_token", () => ""), /^templateGlobal\("csrf_token"\): "csrf_token" is a name templates already have/],
      [() => app.templateGlobal("range", 1), /already have/],
      [() => app.templateGlobal("loop", 1), /already have/],
      [() => app.templateFilter("upper", String), /^templateFilter\("upper"\): "upper" is a name templates already have/],
      [() => app.templateTest("odd", Boolean), /^templateTest\("odd"\): "odd" is a name templates already have/],
      [() => app.templateGlobal("taken", 2), /^templateGlobal\("taken"\): a template global "taken" was added before \(by the app or an extension\); choose another name$/],
      [() => app.templateFilter("myfilter", String), /was added before/],
      [() => app.templateGlobal("nothing", undefined), /its value is undefined/],
    ];
    for (const [call, message] of cases) {
      assert.throws(call, (error: unknown) => {
        assert.ok(error instanceof AppError, String(error));
        assert.equal(error.code, "WF_ERR_APP_BAD_TEMPLATE_HELPER");
        assert.match(error.message, message);
        assert.doesNotMatch(error.message, /\n/);
        return true;
      });
    }
    // A filter and a test may share a name with a global: they live apart, as in Jinja.
    app.templateFilter("taken", String);
  });
});
