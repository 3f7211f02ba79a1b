/**
 * The tutorial in a real browser (Debian's Chromium through playwright-core) against the real
 * `wf run`: the home page's Health Check button fetches /health and shows the answer; the
 * session cookie carries the configured attributes, the form round trip works, and a page of
 * another origin cannot post to it.
 */
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { after, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { chromiumSkip, launchChromium } from "../support/browser.ts";
import { freePort, TempProject } from "../support/project.ts";

const cleanup: Array<() => unknown> = [];
after(async () => {
  for (const fn of cleanup.reverse()) await fn();
});

/** A site of its own serving a form that posts itself, at once, to `action`. */
async function attackerSite(host: string, action: string): Promise<string> {
  const port = await freePort();
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><form method="post" action="${action}"><input name="name" value="Mallory"></form><script>document.forms[0].submit()</script>`);
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  cleanup.push(() => new Promise((resolve) => server.close(resolve)));
  return `http://${host}:${port}/`;
}

describe("the tutorial's pages in Chromium", { skip: chromiumSkip }, () => {
  test("the Health Check button, the cookie's attributes, the form round trip, and a cross-origin form refused with 403", async () => {
    const project = TempProject.fromExample("tutorial");
    cleanup.push(() => project.remove());
    const app = await project.start("app", { env: { WF_EXT_SCHEDULER: "0" } });
    cleanup.push(() => app.stop());
    const browser: Browser = await launchChromium();
    cleanup.push(() => browser.close());
    const context = await browser.newContext();
    const page = await context.newPage();

    // The home page: the extension's template global, and the Health Check button's script
    // (a static file, allowed by the Content-Security-Policy) fetching /health.
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    // (The browser's own request for /favicon.ico is a 404 the tutorial does not serve.)
    page.on("console", (message) => void (message.type() === "error" && !message.location().url.endsWith("/favicon.ico") && errors.push(message.text())));
    await page.goto(`${app.url}/`);
    assert.equal(await page.textContent("#my-ext"), "Hello from MyExtension (MYEXT_BAR is crazy)");
    assert.equal(await page.textContent("#health"), "");
    const answered = page.waitForResponse((res) => res.url() === `${app.url}/health`);
    await page.click("#health-check");
    assert.equal((await answered).status(), 200);
    await page.waitForFunction(`document.getElementById("health").textContent.startsWith("200")`);
    assert.equal(await page.textContent("#health"), '200 {"status":"ok"}');
    assert.deepEqual(errors, [], "no script error, no CSP violation");

    await page.goto(`${app.url}/visits`);
    assert.equal(await page.textContent("#visits"), "1");
    assert.equal(await page.textContent("#name"), "stranger");
    const [cookie, ...others] = await context.cookies(app.url);
    assert.deepEqual(others, []);
    assert.deepEqual(
      { name: cookie!.name, path: cookie!.path, httpOnly: cookie!.httpOnly, secure: cookie!.secure, sameSite: cookie!.sameSite, expires: cookie!.expires },
      { name: "session", path: "/", httpOnly: true, secure: true, sameSite: "Lax", expires: -1 },
      "the config class's SESSION_COOKIE_SECURE, Flask's other defaults; a browser-session cookie",
    );
    assert.equal(await page.evaluate("document.cookie"), "", "HttpOnly: invisible to scripts");

    await page.fill('input[name="name"]', "Ann");
    await Promise.all([page.waitForURL(`${app.url}/visits`), page.click('button[type="submit"]')]);
    assert.equal(await page.textContent("#name"), "Ann");
    assert.equal(await page.textContent("#visits"), "2");

    // Another origin of the same site (another port) gets the Lax cookie sent along, so only
    // the missing token stops it; another site (localhost) does not get the cookie at all.
    for (const host of ["127.0.0.1", "localhost"]) {
      const attacker = await attackerSite(host, `${app.url}/visits`);
      const posted = page.waitForResponse((res) => res.url() === `${app.url}/visits` && res.request().method() === "POST");
      await page.goto(attacker);
      const response = await posted;
      assert.equal(response.status(), 403, host);
      assert.deepEqual(await response.json(), { detail: "The CSRF token is missing." }, host);
      assert.equal((await response.request().allHeaders()).cookie === undefined, host === "localhost", `${host}: cookie sent only within the site`);
    }

    await page.goto(`${app.url}/visits`);
    assert.equal(await page.textContent("#name"), "Ann", "the cross-origin posts changed nothing");
    assert.equal(await page.textContent("#visits"), "3");
  });
});
