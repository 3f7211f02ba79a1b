import { log } from "webfluid";

/** Jobs of the app; scheduled in main.ts, run only while the app serves. */
export async function heart(): Promise<void> {
  log.info("heart: beat");
}
