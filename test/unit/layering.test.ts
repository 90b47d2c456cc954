/**
 * The server's layering (.dependency-cruiser.cjs, `npm run lint:deps`) and the
 * type check (`npm run typecheck`), run by `npm test` so CI enforces both.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../helpers/corpus';

interface Violation {
  type: string;
  from: string;
  to: string;
  rule: { name: string; severity: string };
  cycle?: Array<{ name: string }>;
}

describe('layering', function () {
  this.timeout(300000);

  it('dependency-cruiser finds no violation of .dependency-cruiser.cjs (server/src, client/src)', () => {
    const r = spawnSync(
      process.execPath,
      [join(repoRoot, 'node_modules/.bin/depcruise'), 'server/src', 'client/src', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'],
      { cwd: repoRoot, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
    );
    assert.ok(r.stdout, `depcruise printed nothing (exit ${r.status}):\n${r.stderr}`);
    const result = JSON.parse(r.stdout) as { summary: { violations: Violation[]; totalCruised: number } };
    const lines = result.summary.violations.map((v) =>
      `${v.rule.severity} ${v.rule.name}: ${v.from} → ${v.to}` + (v.cycle?.length ? ` (cycle: ${v.cycle.map((c) => c.name).join(' → ')})` : ''),
    );
    assert.deepEqual(lines, [], `dependency violations (see .dependency-cruiser.cjs for why each rule holds):\n${lines.join('\n')}`);
    assert.ok(result.summary.totalCruised > 100, `only ${result.summary.totalCruised} modules cruised`);
    assert.equal(r.status, 0, r.stderr);
  });

  it('tsc -p tsconfig.json --noEmit passes', () => {
    const r = spawnSync(process.execPath, [join(repoRoot, 'node_modules/.bin/tsc'), '-p', 'tsconfig.json', '--noEmit'], {
      cwd: repoRoot,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    assert.equal(r.status, 0, `tsc failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
  });
});
