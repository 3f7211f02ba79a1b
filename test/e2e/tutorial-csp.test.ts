/**
 * The tutorial's page in a real browser under the default security headers: its template and
 * stylesheet load with no Content-Security-Policy violation, while an inline script (what the
 * policy is for) is blocked.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { chromiumSkip, launchChromium } from "../support/browser.ts";
import { example } from "../support/examples.ts";


describe("the tutorial in Chromium", { skip: chromiumSkip }, () => {
  test("the page and its stylesheet work under the default policy; an inline script is blocked", async () => {
    const project = example("tutorial");
    project.write("fluid/static/inline.html", "<!doctype html><p>x</p><script>window.inlineRan = true</script>");
    const app = await project.start("app", { env: { WF_EXT_SCHEDULER: "0" } });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      // In the page (strings: these tests compile without the DOM's types).
      await page.addInitScript({
        content: `window.violations = []; document.addEventListener("securitypolicyviolation", (e) => window.violations.push(e.violatedDirective));`,
      });
      const violations = () => page.evaluate<string[]>("window.violations");

      const res = await page.goto(`${app.url}/`);
      assert.equal(res?.status(), 200);
      assert.match(String(await res?.headerValue("content-security-policy")), /^default-src 'self'/);
      assert.equal(await page.textContent("h1"), "Hello World!");
      const font = await page.evaluate<string>("getComputedStyle(document.body).fontFamily");
      assert.match(font, /system-ui/, "the stylesheet from /static/ applied");
      assert.deepEqual(await violations(), []);

      await page.goto(`${app.url}/static/inline.html`);
      assert.equal(await page.evaluate<string>("typeof window.inlineRan"), "undefined");
      assert.deepEqual(await violations(), ["script-src-elem"]);
    } finally {
      await browser.close();
      assert.equal((await app.stop()).code, 0);
    }
  });
});
