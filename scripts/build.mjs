// Bundles the extension (dist/client.js), the language server (dist/server.js)
// and the CLI (dist/cli.js) with esbuild, compiles the tests to out/test, and
// writes the Debian package table the server reads (dist/debian-packages.bin).
// `--bundles-only`: only what the packages ship (dist/: bundles, table, WASM), no tests or benchmarks
// (`npm pack`'s prepack script: `--production --bundles-only`).
import * as esbuild from 'esbuild';
import { readdirSync, statSync, rmSync, readFileSync, writeFileSync, renameSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';

const root = new URL('..', import.meta.url).pathname;
const production = process.argv.includes('--production');
const bundlesOnly = process.argv.includes('--bundles-only');

function findTests(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...findTests(p));
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  absWorkingDir: root,
};

const entries = [
  { entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  // the parser alone, for the benchmark scripts
  { entryPoints: ['server/src/parser/index.ts'], outfile: 'out/lib/parser.js' },
  { entryPoints: ['scripts/bench-server.ts'], outfile: 'out/lib/bench-server.js' },
  { entryPoints: ['scripts/bench-compare.ts'], outfile: 'out/lib/bench-compare.js' },
  { entryPoints: ['scripts/bench-alloc.ts'], outfile: 'out/lib/bench-alloc.js' },
  { entryPoints: ['scripts/bench-shell-format.ts'], outfile: 'out/lib/bench-shell-format.js' },
  // docs/comparison.md (scripts/gen-comparison.ts)
  { entryPoints: ['scripts/gen-comparison.ts'], outfile: 'out/lib/gen-comparison.js' },
  { entryPoints: ['scripts/bench-image.ts'], outfile: 'out/lib/bench-image.js' },
];
const existing = (p) => { try { statSync(join(root, p)); return true; } catch { return false; } };
if (existing('client/src/extension.ts')) entries.push({ entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] });
if (existing('server/src/server.ts')) entries.push({ entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' });
// the mocha suite that runs inside VS Code's extension host, and its desktop (@vscode/test-electron) launcher
if (existing('test/vscode/suite/index.ts')) entries.push({ entryPoints: ['test/vscode/suite/index.ts'], outfile: 'out/vscode/suite/index.js', external: ['vscode'], logOverride: { 'require-resolve-not-external': 'silent' } }); // mocha bundled: its parallel mode is unused
if (existing('test/vscode/runElectron.ts')) entries.push({ entryPoints: ['test/vscode/runElectron.ts'], outfile: 'out/vscode/runElectron.js', external: ['@vscode/test-electron'] });

/**
 * dist/debian-packages.bin: the Debian package table of the RUN estimator, encoded from the text
 * table (server/src/layers/data/debianPackages.txt.br, the committed source of truth) by
 * server/src/layers/debianTable.ts itself (bundled here in memory), so that the server only reads
 * it (layout: debianTable.ts). Written only when its bytes change, atomically (other builds may run).
 */
async function debianTableBinary() {
  const { outputFiles } = await esbuild.build({ ...common, sourcemap: false, minify: false, format: 'esm', entryPoints: ['server/src/layers/debianTable.ts'], write: false });
  const { encodeDebianTable, openDebianTable } = await import('data:text/javascript;base64,' + Buffer.from(outputFiles[0].contents).toString('base64'));
  const text = brotliDecompressSync(readFileSync(join(root, 'server/src/layers/data/debianPackages.txt.br')));
  const bin = encodeDebianTable(text);
  if (!(openDebianTable(bin).count > 0)) throw new Error('dist/debian-packages.bin: empty Debian table');
  const out = join(root, 'dist/debian-packages.bin');
  let same = false;
  try { same = readFileSync(out).equals(bin); } catch { /* not built yet */ }
  if (same) return;
  mkdirSync(join(root, 'dist'), { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  writeFileSync(tmp, bin);
  renameSync(tmp, out);
}

/**
 * dist/sh-syntax.wasm: mvdan/sh's WASM build (npm sh-syntax), which the server compiles on the first
 * shell format (server/src/model/shellFormat.ts looks for it next to the bundle). Copied when it changes.
 */
function shSyntaxWasm() {
  const src = readFileSync(join(root, 'node_modules/sh-syntax/main.wasm'));
  const out = join(root, 'dist/sh-syntax.wasm');
  let same = false;
  try { same = readFileSync(out).equals(src); } catch { /* not built yet */ }
  if (same) return;
  mkdirSync(join(root, 'dist'), { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  writeFileSync(tmp, src);
  renameSync(tmp, out);
}
shSyntaxWasm();

const shipped = new Set(['dist/cli.js', 'dist/client.js', 'dist/server.js']);
if (bundlesOnly) {
  await Promise.all([debianTableBinary(), ...entries.filter((e) => shipped.has(e.outfile)).map((e) => esbuild.build({ ...common, ...e }))]);
} else {
  rmSync(join(root, 'out/test'), { recursive: true, force: true });
  await Promise.all([
    debianTableBinary(),
    ...entries.map((e) => esbuild.build({ ...common, ...e })),
    esbuild.build({
      ...common,
      entryPoints: findTests(join(root, 'test')).map((p) => p.slice(root.length)),
      outdir: 'out/test',
      outbase: 'test',
      external: ['vscode', 'mocha', 'typescript', 'recheck', 'dockerfile-language-server-nodejs'],
    }),
  ]);
}
