/**
 * The docs pages in a real browser (Debian's Chromium through playwright-core) against the real
 * `wf run`: Swagger UI at /docs shows the app's routes, and "Try it out" sends a request to the
 * app (a POST: the page hands Swagger UI the session's CSRF token) and shows its answer; ReDoc
 * at /redoc renders the document. Every request the pages make goes to the app (they work
 * offline), and the app's Content-Security-Policy refuses nothing they do.
 */
import assert from "node:assert/strict";
import { statSync } from "node:fs";
import { after, describe, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { chromiumSkip, launchChromium } from "../support/browser.ts";
import { TempProject } from "../support/project.ts";

const cleanup: Array<() => unknown> = [];
after(async () => {
  for (const fn of cleanup.reverse()) await fn();
});

function petsProject(): TempProject {
  const project = TempProject.empty();
  cleanup.push(() => project.remove());
  project.linkDependency("typebox");
  project.linkDependency("redoc");
  project.write("app_configs/app.ini", "PACKAGE = fluid\nSECRET_KEY = not-so-secret\nOPENAPI_TITLE = Pets API\nOPENAPI_VERSION = 1.2.0\n");
  project.write(
    "fluid/main.ts",
    `import Type from "typebox";
import { Fluid, Router } from "webfluid";

const Pet = Type.Object({ id: Type.Integer(), name: Type.String({ minLength: 1 }) }, { $id: "Pet" });
const NewPet = Type.Object({ name: Type.String({ minLength: 1 }) });

/** Adds a pet. */
function addPet(request: { payload: { name: string } }) {
  return { id: 7, name: request.payload.name };
}

export function createApp(): Fluid {
  const app = new Fluid(import.meta);
  const pets = new Router({ prefix: "/pets", tags: ["pets"] });
  pets.get("", { response: Type.Array(Pet) }, function listPets() {
    return [{ id: 1, name: "Rex" }];
  });
  pets.post("", { body: NewPet, response: { 201: Pet }, statusCode: 201 }, addPet);
  app.includeRouter(pets);
  return app;
}
`,
  );
  return project;
}

/**
 * ReDoc's sidebar credits Redocly with a logo from its CDN, which the docs' policy blocks (the
 * image hides itself and the link shows its text): the one outside request a page makes.
 */
const REDOC_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg";

/** Records what a page must not do: reach another origin, break the policy, throw. */
function watch(page: Page, origin: string): string[] {
  const problems: string[] = [];
  page.on("request", (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith("data:") && !url.startsWith("blob:") && url !== REDOC_LOGO) problems.push(`request to ${url}`);
  });
  page.on("console", (message) => {
    if (message.type() === "error" && !message.text().includes(REDOC_LOGO)) problems.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  return problems;
}

describe("the docs pages in Chromium", { skip: chromiumSkip }, () => {
  test("Swagger UI tries a route against the running app; ReDoc renders the document", async () => {
    const project = petsProject();
    const app = await project.start("app", { readyPath: "/openapi.json" });
    cleanup.push(() => app.stop());
    const browser: Browser = await launchChromium();
    cleanup.push(() => browser.close());
    const context = await browser.newContext();
    // Offline: nothing but the app answers.
    await context.route((url) => !url.href.startsWith(app.url), (route) => route.abort());
    const page = await context.newPage();
    const problems = watch(page, app.url);

    await page.goto(`${app.url}/docs`);
    await page.locator(".info .title", { hasText: "Pets API" }).waitFor();
    const post = page.locator("#operations-pets-addPet");
    await post.locator(".opblock-summary").click();
    await post.locator(".opblock-summary-description", { hasText: "Adds a pet." }).waitFor();
    await post.locator("button.try-out__btn").click();
    await post.locator("textarea.body-param__text").fill(JSON.stringify({ name: "Fido" }));
    const answered = page.waitForResponse((response) => response.url() === `${app.url}/pets` && response.request().method() === "POST");
    await post.locator("button.execute").click();
    const response = await answered;
    assert.equal(response.status(), 201, await response.text());
    assert.ok((await response.request().allHeaders())["x-csrf-token"], "the page's CSRF token went along");
    const shown = post.locator(".live-responses-table .response");
    await shown.locator(".response-col_status", { hasText: "201" }).waitFor();
    assert.match(await shown.locator(".response-col_description").innerText(), /"name": "Fido"/);
    const screenshot = project.path("docs.png");
    await page.screenshot({ path: screenshot, fullPage: true });
    assert.ok(statSync(screenshot).size > 10_000);

    await page.goto(`${app.url}/redoc`);
    await page.locator("h1", { hasText: "Pets API (1.2.0)" }).waitFor();
    await page.locator("h2", { hasText: "Adds a pet." }).waitFor();
    await page.screenshot({ path: project.path("redoc.png") });
    assert.deepEqual(problems, []);
  });
});
