/**
 * The Node flags the language server runs with (the extension starts it so; run
 * `node --max-semi-space-size=2 --max-old-space-size=1024 dist/server.js --stdio`
 * in other editors). A 2 MB young generation (the default grows to 16 MB) and an
 * explicit old-space limit make V8 collect sooner: peak RSS on a 10,000-line
 * file drops from about 140 MB to about 95 MB (scripts/bench-compare.ts), at no
 * measurable cost in latency. 1 GB is far above what any Dockerfile needs.
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=2', '--max-old-space-size=1024'];
