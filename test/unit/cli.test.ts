/** The CLI as CI uses it: `node dist/cli.js check`. */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpus, repoRoot } from '../helpers/corpus';

const cli = (...args: string[]) => spawnSync(process.execPath, [join(repoRoot, 'dist/cli.js'), ...args], { encoding: 'utf8' });

describe('CLI check', function () {
  this.timeout(30000);
  const dir = mkdtempSync(join(tmpdir(), 'lens-cli-'));
  mkdirSync(join(dir, 'svc'));
  writeFileSync(join(dir, 'svc', 'Dockerfile'), 'FROM alpine:3.20\nFOO bar\n');
  writeFileSync(join(dir, 'api.Dockerfile'), 'FROM alpine:3.20\nRUN echo ok\n');
  writeFileSync(join(dir, 'notes.txt'), 'not a Dockerfile');

  it('finds Dockerfiles in folders, exits 1 on an error, JSON with 1-based positions', () => {
    const r = cli('check', '--format', 'json', dir);
    assert.equal(r.status, 1, r.stderr);
    const results = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    const unknown = results.find((x) => /unknown instruction: FOO/.test(String(x.message)))!;
    assert.deepEqual({ ...unknown, message: undefined, code: undefined }, { file: join(dir, 'svc', 'Dockerfile'), line: 2, column: 1, endLine: 2, endColumn: 4, severity: 'error', message: undefined, code: undefined });
  });

  it('exits 0 on the real-world corpus (no error-level findings)', () => {
    const r = cli('check', corpus('real'));
    assert.equal(r.status, 0, r.stdout);
    assert.match(r.stdout, /45 file\(s\) checked/);
  });

  it('SARIF 2.1.0 output', () => {
    const r = cli('check', '--format=sarif', join(dir, 'svc'));
    const s = JSON.parse(r.stdout);
    assert.equal(s.version, '2.1.0');
    const res = s.runs[0].results[0];
    assert.equal(res.level, 'error');
    assert.deepEqual(res.locations[0].physicalLocation.region, { startLine: 2, startColumn: 1, endLine: 2, endColumn: 4 });
  });

  it('--config sets severities; bad usage and unreadable input exit 2', () => {
    const cfg = join(dir, 'lens.json');
    writeFileSync(cfg, JSON.stringify({ rules: { JSONArgsRecommended: 'off' } }));
    writeFileSync(join(dir, 'cmd.Dockerfile'), 'FROM alpine:3.20\nCMD echo hi\n');
    const on = JSON.parse(cli('check', '--format', 'json', join(dir, 'cmd.Dockerfile')).stdout) as Array<{ code: string }>;
    const off = JSON.parse(cli('check', '--format', 'json', '--config', cfg, join(dir, 'cmd.Dockerfile')).stdout) as Array<{ code: string }>;
    assert.ok(on.some((x) => x.code === 'JSONArgsRecommended'));
    assert.ok(!off.some((x) => x.code === 'JSONArgsRecommended'));
    assert.equal(cli('check', '--format', 'xml', dir).status, 2);
    assert.equal(cli('check').status, 2);
    const missing = cli('check', join(dir, 'nope'));
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /cannot read/);
  });

  it('docs/rules.md is generated from the rule files and up to date', () => {
    const r = cli('rules', '--markdown');
    assert.equal(r.status, 0);
    assert.equal(readFileSync(join(repoRoot, 'docs/rules.md'), 'utf8'), r.stdout, 'run: node dist/cli.js rules --markdown > docs/rules.md');
  });
});
