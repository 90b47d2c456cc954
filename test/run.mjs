// Runs every compiled test (out/test/**/*.test.js) with mocha and ends with the
// one line CI reads: "tests: N passed, N failed, N skipped". Exits non-zero on any failure.
import Mocha from 'mocha';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const grep = process.argv.find((a) => a.startsWith('--grep='))?.slice(7);
function find(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules') continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...find(p));
    else if (name.endsWith('.test.js')) out.push(p);
  }
  return out.sort();
}
const mocha = new Mocha({ reporter: 'spec', timeout: 60000, ...(grep ? { grep } : {}) });
for (const f of find(join(root, 'out/test'))) mocha.addFile(f);
let passed = 0;
let failed = 0;
let skipped = 0;
const runner = mocha.run(() => {
  console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
});
runner.on('pass', () => passed++);
runner.on('fail', () => failed++);
// it.skip / this.skip(): a test skipped for a missing tool is counted as skipped, never as passed
runner.on('pending', () => skipped++);
