/** Jobs of the app; scheduled in main.ts, run only while the app serves. */
export async function heart(): Promise<void> {
  console.log(`heart: beat at ${new Date().toISOString()}`);
}
