// The oldest Node WebFluid runs on, checked before anything that needs a newer one is loaded
// (plain JavaScript, no imports: this must parse and run on any Node).
const [major, minor] = process.versions.node.split(".").map(Number);

/** Exits with one line saying what to install when this Node is older than 22.18. */
export function requireNode(what) {
  if (major > 22 || (major === 22 && minor >= 18)) return;
  console.error(
    `error: ${what} needs Node.js >= 22.18 (this is ${process.version}); install Node.js 24 LTS (https://nodejs.org, or \`nvm install 24\`) and run the command again`,
  );
  process.exit(1);
}
