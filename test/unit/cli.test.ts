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

describe('CLI check --locale (Korean)', function () {
  this.timeout(30000);
  const dir = mkdtempSync(join(tmpdir(), 'lens-cli-ko-'));
  const file = join(dir, 'Dockerfile');
  writeFileSync(file, 'FROM alpine:3.20 as base\nRUNN echo hi\n');
  const run = (env: Record<string, string>, ...args: string[]) =>
    spawnSync(process.execPath, [join(repoRoot, 'dist/cli.js'), 'check', ...args, file], { encoding: 'utf8', env: { ...process.env, LC_ALL: '', LC_MESSAGES: '', LANG: '', ...env } });
  const korean = [
    `${file}:1:18: warning FromAsCasing: 키워드 'as'와(과) 'FROM'의 대소문자가 다릅니다`,
    `${file}:2:1: error UnknownInstruction: 알 수 없는 명령어입니다: RUNN(RUN을 쓰려던 것인가요?)`,
    '파일 1개를 검사했고 2건을 찾았습니다',
    '',
  ].join('\n');
  const english = [
    `${file}:1:18: warning FromAsCasing: 'as' and 'FROM' keywords' casing do not match`,
    `${file}:2:1: error UnknownInstruction: unknown instruction: RUNN (did you mean RUN?)`,
    '1 file(s) checked, 2 finding(s)',
    '',
  ].join('\n');

  it('--locale ko: Korean messages, rule ids unchanged, same exit code', () => {
    const r = run({}, '--locale', 'ko');
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stdout, korean);
  });

  it('default from the environment: LANG=ko_KR.UTF-8 is Korean, LC_ALL=C over it is English; --locale wins', () => {
    assert.equal(run({ LANG: 'ko_KR.UTF-8' }).stdout, korean);
    assert.equal(run({ LANG: 'ko_KR.UTF-8', LC_ALL: 'C' }).stdout, english);
    assert.equal(run({ LC_MESSAGES: 'ko_KR.UTF-8', LANG: 'en_US.UTF-8' }).stdout, korean);
    assert.equal(run({}).stdout, english);
    assert.equal(run({ LANG: 'ko_KR.UTF-8' }, '--locale=en').stdout, english);
  });

  it('JSON keeps its keys and codes; an unknown locale is a usage error', () => {
    const results = JSON.parse(run({}, '--locale', 'ko', '--format', 'json').stdout) as Array<{ code: string; message: string }>;
    assert.deepEqual(results.map((x) => x.code), ['FromAsCasing', 'UnknownInstruction']);
    const r = run({}, '--locale', 'fr');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--locale must be ko or en/);
  });
});
