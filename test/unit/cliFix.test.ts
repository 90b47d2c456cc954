/**
 * `dockerfile-lens check --fix` / `--diff` (cli/fix.ts) on real files in a temporary folder: what is
 * written, what is reported, only safe fixes unless `--unsafe-fixes` (the unsafe ones counted and left), overlapping fixes converging over passes, a second run changing nothing,
 * the diff applied by `patch` giving the same files, exit codes; and over the real-world corpus: every
 * file converges, parses with no new error, and is a fixed point.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixText, MAX_PASSES } from '../../server/src/cli/fix';
import { parse } from '../../server/src/parser';
import { corpus, repoRoot } from '../helpers/corpus';

const cli = (cwd: string, ...args: string[]) =>
  spawnSync(process.execPath, [join(repoRoot, 'dist/cli.js'), ...args], { encoding: 'utf8', cwd, env: { ...process.env, LC_ALL: 'C', LANG: '' } });

// three fixes on one RUN overlap (AptGetMissingYes and AptNoInstallRecommends insert at the same place,
// AptListsNotCleaned appends): they land over two passes
const OVERLAPPING = 'FROM debian:12\nRUN apt-get update && apt-get install curl\nRUN pip install flask\n';
const OVERLAPPING_FIXED = 'FROM debian:12\nRUN apt-get update && apt-get install --no-install-recommends -y curl && rm -rf /var/lib/apt/lists/*\nRUN pip install --no-cache-dir flask\n';
// style fixes only, and an error no fix can repair (InvalidPort)
const STYLE = 'from alpine:3.20 as Build\nenv A 1\nfrom alpine:3.20\nCOPY --from=Build /etc/hostname /x\nCMD echo a\nCMD ["sh", "-c", "echo b"]\n';
const STYLE_FIXED = 'FROM alpine:3.20 AS build\nENV A=1\nFROM alpine:3.20\nCOPY --from=build /etc/hostname /x\nCMD ["sh", "-c", "echo b"]\n';
const errorsOf = (t: string) => parse(t).problems.filter((p) => p.severity === 'error').length;

describe('CLI check --fix / --diff', function () {
  this.timeout(60000);
  const fresh = () => {
    const dir = mkdtempSync(join(tmpdir(), 'lens-fix-'));
    writeFileSync(join(dir, 'Dockerfile'), OVERLAPPING);
    writeFileSync(join(dir, 'style.Dockerfile'), STYLE);
    writeFileSync(join(dir, 'port.Dockerfile'), 'FROM alpine:3.20\nEXPOSE 80000\n');
    writeFileSync(join(dir, 'clean.Dockerfile'), 'FROM alpine:3.20\nCMD ["true"]\n');
    return dir;
  };

  it('--fix --unsafe-fixes writes every preferred fix, reports them, then checks the fixed files (exit 1: an unfixable error remains)', () => {
    const dir = fresh();
    const r = cli(dir, 'check', '--fix', '--unsafe-fixes', '.');
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.equal(readFileSync(join(dir, 'Dockerfile'), 'utf8'), OVERLAPPING_FIXED);
    assert.equal(readFileSync(join(dir, 'style.Dockerfile'), 'utf8'), STYLE_FIXED);
    assert.equal(readFileSync(join(dir, 'port.Dockerfile'), 'utf8'), 'FROM alpine:3.20\nEXPOSE 80000\n');
    const lines = r.stdout.split('\n');
    assert.ok(lines.includes('Dockerfile: 4 fix(es) applied (AptGetMissingYes, AptListsNotCleaned, PipNoCacheDir, AptNoInstallRecommends) in 2 pass(es)'), r.stdout);
    assert.ok(lines.some((l) => /^style\.Dockerfile: \d+ fix\(es\) applied \(.*StageNameCasing.*\) in \d pass\(es\)$/.test(l) && /FromAsCasing/.test(l) && /LegacyKeyValueFormat/.test(l) && /MultipleInstructionsDisallowed/.test(l)), r.stdout);
    assert.ok(lines.includes('2 file(s) fixed'), r.stdout);
    // then the usual check of the files as written: only the port error is left
    assert.ok(lines.includes('port.Dockerfile:2:8: error InvalidPort: invalid containerPort: 80000'), r.stdout);
    assert.ok(lines.includes('4 file(s) checked, 1 finding(s)'), r.stdout);
  });

  it('--fix on fixable warnings alone exits 0; a second --fix changes nothing (idempotent)', () => {
    const dir = fresh();
    const first = cli(dir, 'check', '--fix', '--unsafe-fixes', 'Dockerfile', 'style.Dockerfile');
    assert.equal(first.status, 0, first.stdout + first.stderr);
    const after = [readFileSync(join(dir, 'Dockerfile'), 'utf8'), readFileSync(join(dir, 'style.Dockerfile'), 'utf8')];
    const second = cli(dir, 'check', '--fix', '--unsafe-fixes', 'Dockerfile', 'style.Dockerfile');
    assert.equal(second.status, 0);
    assert.match(second.stdout, /^0 file\(s\) fixed\n/);
    assert.deepEqual([readFileSync(join(dir, 'Dockerfile'), 'utf8'), readFileSync(join(dir, 'style.Dockerfile'), 'utf8')], after);
    const diff = cli(dir, 'check', '--diff', '--unsafe-fixes', '.');
    assert.equal(diff.status, 0);
    assert.equal(diff.stdout, '');
  });

  it('--fix with a machine format: stdout stays that format, the report goes to stderr', () => {
    const dir = fresh();
    const r = cli(dir, 'check', '--fix', '--format', 'json', 'style.Dockerfile');
    assert.equal(r.status, 0);
    assert.deepEqual(JSON.parse(r.stdout), []);
    assert.match(r.stderr, /style\.Dockerfile: \d+ fix\(es\) applied/);
  });

  it('--diff writes nothing, exits 1, and `patch -p1` applies it to the same files --fix writes', function () {
    if (spawnSync('patch', ['--version']).status !== 0) this.skip();
    const dir = fresh();
    const copy = mkdtempSync(join(tmpdir(), 'lens-fix-patch-'));
    cpSync(dir, copy, { recursive: true });
    const d = cli(dir, 'check', '--diff', '--unsafe-fixes', '.');
    assert.equal(d.status, 1, d.stderr);
    assert.match(d.stdout, /^--- a\/Dockerfile\n\+\+\+ b\/Dockerfile\n@@ /);
    for (const f of readdirSync(dir)) assert.equal(readFileSync(join(dir, f), 'utf8'), readFileSync(join(copy, f), 'utf8'), `${f} untouched`);
    const p = spawnSync('patch', ['-p1', '--batch', '--no-backup-if-mismatch'], { cwd: copy, input: d.stdout, encoding: 'utf8' });
    assert.equal(p.status, 0, p.stdout + p.stderr);
    cli(dir, 'check', '--fix', '--unsafe-fixes', '.');
    for (const f of readdirSync(dir)) assert.equal(readFileSync(join(copy, f), 'utf8'), readFileSync(join(dir, f), 'utf8'), f);
  });

  it('--fix applies only safe fixes: the unsafe ones stay, counted, with the option that applies them (en, ko)', () => {
    const dir = fresh();
    const r = cli(dir, 'check', '--fix', 'Dockerfile', 'style.Dockerfile');
    assert.equal(r.status, 0, r.stdout + r.stderr);
    // every fix of OVERLAPPING changes what is installed: none is applied
    assert.equal(readFileSync(join(dir, 'Dockerfile'), 'utf8'), OVERLAPPING);
    // the style fixes are safe (the unsafe exec-form conversion of `CMD echo a` is not needed: the CMD is removed)
    assert.equal(readFileSync(join(dir, 'style.Dockerfile'), 'utf8'), STYLE_FIXED);
    const lines = r.stdout.split('\n');
    assert.ok(lines.includes('1 file(s) fixed'), r.stdout);
    assert.ok(lines.includes('4 unsafe fix(es) not applied (they change what the image does or whether it builds): review them, then apply with --unsafe-fixes'), r.stdout);
    const ko = cli(fresh(), 'check', '--fix', '--locale', 'ko', 'Dockerfile');
    assert.match(ko.stdout, /안전하지 않은 수정 4건은 적용하지 않았습니다 .* --unsafe-fixes로 적용하세요\n/);
    // then --unsafe-fixes applies them, and nothing is left to report
    const all = cli(dir, 'check', '--fix', '--unsafe-fixes', 'Dockerfile');
    assert.equal(readFileSync(join(dir, 'Dockerfile'), 'utf8'), OVERLAPPING_FIXED);
    assert.doesNotMatch(all.stdout, /unsafe/);
  });

  it('--diff shows only safe fixes (the hint on stderr); with --unsafe-fixes the unsafe ones too', () => {
    const dir = fresh();
    const safe = cli(dir, 'check', '--diff', 'Dockerfile');
    assert.equal(safe.status, 0, safe.stderr);
    assert.equal(safe.stdout, '');
    assert.match(safe.stderr, /^4 unsafe fix\(es\) not applied .*--unsafe-fixes\n$/m);
    const all = cli(dir, 'check', '--diff', '--unsafe-fixes', 'Dockerfile');
    assert.equal(all.status, 1);
    assert.match(all.stdout, /^\+RUN apt-get update && apt-get install --no-install-recommends -y curl && rm -rf \/var\/lib\/apt\/lists\/\*$/m);
    assert.doesNotMatch(all.stderr, /unsafe/);
  });

  it('fixText: a safe-only pass leaves the unsafe findings in place and counts them; unsafeFixes applies them', () => {
    const text = 'FROM alpine:3.20\nrun pip install flask\nCOPY a /a\n';
    const safe = fixText('/nowhere/Dockerfile', text);
    assert.deepEqual([safe.text, safe.applied.map((a) => a.codes.join()), safe.unsafeLeft, safe.converged], ['FROM alpine:3.20\nRUN pip install flask\nCOPY a /a\n', ['ConsistentInstructionCasing'], 1, true]);
    const all = fixText('/nowhere/Dockerfile', text, { unsafeFixes: true });
    assert.deepEqual([all.text, all.unsafeLeft], ['FROM alpine:3.20\nRUN pip install --no-cache-dir flask\nCOPY a /a\n', 0]);
  });

  it('--unsafe-fixes without --fix or --diff is a usage error (exit 2)', () => {
    const r = cli(fresh(), 'check', '--unsafe-fixes', '.');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--unsafe-fixes goes with --fix or --diff/);
  });

  it('--fix and --diff together are a usage error (exit 2)', () => {
    const r = cli(fresh(), 'check', '--fix', '--diff', '.');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--fix writes the files, --diff only shows the changes/);
  });

  it('a rule turned off in the config fixes nothing', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'lens.json'), JSON.stringify({ rules: { PipNoCacheDir: 'off' } }));
    cli(dir, 'check', '--fix', '--unsafe-fixes', '--config', 'lens.json', 'Dockerfile');
    assert.match(readFileSync(join(dir, 'Dockerfile'), 'utf8'), /\nRUN pip install flask\n$/);
  });

  it('passes are bounded: overlapping fixes left after the last pass are reported as not converged', () => {
    const one = fixText('/nowhere/Dockerfile', OVERLAPPING, { unsafeFixes: true }, 1);
    assert.equal(one.converged, false);
    assert.equal(one.passes, 1);
    const all = fixText('/nowhere/Dockerfile', OVERLAPPING, { unsafeFixes: true });
    assert.deepEqual([all.text, all.passes, all.converged], [OVERLAPPING_FIXED, 2, true]);
  });

  it(`the real-world corpus: every file converges within ${MAX_PASSES} passes, parses with no new error, and is a fixed point (safe fixes, then all)`, () => {
    const dir = corpus('real');
    const files: string[] = [];
    const walk = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(d, e.name));
        else if (/Dockerfile|Containerfile/i.test(e.name)) files.push(join(d, e.name));
      }
    };
    walk(dir);
    assert.ok(files.length >= 40, `${files.length} files`);
    for (const unsafeFixes of [false, true]) {
      let changed = 0;
      for (const file of files) {
        const text = readFileSync(file, 'utf8');
        const r = fixText(file, text, { unsafeFixes });
        assert.ok(r.converged, file);
        assert.ok(errorsOf(r.text) <= errorsOf(text), file);
        if (r.text !== text) changed++;
        const again = fixText(file, r.text, { unsafeFixes });
        assert.deepEqual([again.text, again.applied.length], [r.text, 0], file);
        if (unsafeFixes) assert.equal(r.unsafeLeft, 0, file);
      }
      assert.ok(changed > 0, `some corpus files have ${unsafeFixes ? '' : 'safe '}fixes`);
    }
  });
});
