/**
 * Memory as any editor starts the server (`node dist/server.js --stdio`, no Node
 * flags). Two V8 settings, made before any other module of the server runs
 * (server.ts imports this first):
 * - The young generation stays small. By default V8 lets it grow to 2 × 16 MB
 *   under a burst of allocation (opening a file, the first lint, the first code
 *   lens) and keeps those pages; the extension starts the server with
 *   `--max-semi-space-size=2` (protocol/nodeOptions.ts), and this does the same
 *   for every other editor by not letting the semi-spaces grow.
 * - Functions are optimized later (an interrupt budget of 500,000 instead of
 *   V8's 67,584: about 7 times as much running before TurboFan steps in).
 *   On ordinary files little code then runs often enough to be optimized, and
 *   TurboFan's code and compiler memory (about 10 MB of RSS in a 100-line
 *   session) are not spent; on big files the hot code (parser, rules) still gets
 *   there within a few dozen edits. The price: the first edits of a fresh
 *   process allocate more (3.5 MB per version at 10,000 lines, 2.6 MB once warm;
 *   `npm run bench` prints both).
 * Either is left alone when the command line sets it.
 */
import { setFlagsFromString } from 'node:v8';

const given = (flag: string) => process.execArgv.some((a) => a.startsWith(flag));
if (!given('--max-semi-space-size') && !given('--semi-space-growth-factor')) setFlagsFromString('--semi-space-growth-factor=1');
if (!given('--interrupt-budget')) setFlagsFromString('--interrupt-budget=500000');
