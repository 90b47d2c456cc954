/**
 * Keeps V8's young generation small when an editor starts the server without
 * our Node flags (`node dist/server.js --stdio`). By default V8 lets the young
 * generation grow to 2 × 16 MB under a burst of allocation (opening a file,
 * the first lint, the first code lens) and never gives those pages back, so
 * the process stays 20–30 MB bigger than it needs to be. The extension starts
 * the server with `--max-semi-space-size=2` (protocol/nodeOptions.ts); this
 * does the same for every other editor by not letting the semi-spaces grow.
 * Runs before any other module of the server (imported first by server.ts).
 */
import { setFlagsFromString } from 'node:v8';

if (!process.execArgv.some((a) => a.startsWith('--max-semi-space-size') || a.startsWith('--semi-space-growth-factor'))) {
  setFlagsFromString('--semi-space-growth-factor=1');
}
