/** Debian's Chromium, driven by playwright-core, for the browser tests (`.ci/run` installs it). */
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";

/** `describe`'s skip option: a reason when Chromium is not installed. */
export const chromiumSkip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is missing: apt-get install -y chromium`;

/** A headless Chromium that fetches nothing on its own. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
}
