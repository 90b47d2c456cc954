/**
 * The config file (server/src/config/config.ts): `.dockerfile-lens.json` and `.hadolint.yaml` parsed,
 * validated with places, hadolint ids mapped to our findings; and the CLI on real folders: upward
 * search, nested configs, `ignorePaths`, `override`, `failure-threshold` exit codes, `--config`, and
 * the hadolint keys without an equivalent named once per run.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Ajv from 'ajv';
import { ConfigCache, effectiveSeverities, fails, findConfigFile, hadolintIds, isIgnored, parseConfig } from '../../server/src/config/config';
import { RULES } from '../../server/src/rules/registry';
import { repoRoot } from '../helpers/corpus';
import { lintText } from '../helpers/rules';

const cli = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [join(repoRoot, 'dist/cli.js'), ...args], { encoding: 'utf8', cwd });

/** Writes files (path → text) under a fresh temp folder. */
function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'lens-config-'));
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  return dir;
}

describe('config: .dockerfile-lens.json', () => {
  it('rules, ignorePaths, docker.path, trustedRegistries, labelSchema', () => {
    const c = parseConfig('/p/.dockerfile-lens.json', JSON.stringify({
      rules: { JSONArgsRecommended: 'off', ImplicitLatestTag: 'error' }, ignorePaths: ['vendor/**'], docker: { path: 'podman' },
      trustedRegistries: ['registry.example.com'], labelSchema: { version: 'semver' },
    }));
    assert.deepEqual(c.problems, []);
    assert.deepEqual(c.severities, { JSONArgsRecommended: 'off', ImplicitLatestTag: 'error' });
    assert.equal(c.dockerPath, 'podman');
    assert.deepEqual(c.ruleOptions, { trustedRegistries: ['registry.example.com'], labelSchema: { version: 'semver' } });
    assert.ok(isIgnored(c, '/p/vendor/x/Dockerfile'));
    assert.ok(!isIgnored(c, '/p/app/Dockerfile'));
    assert.ok(!isIgnored(c, '/elsewhere/vendor/Dockerfile'), 'patterns are relative to the config file');
  });

  it('problems never throw and say where: bad JSON, wrong types (errors), unknown keys and rule ids (warnings)', () => {
    const bad = parseConfig('/p/.dockerfile-lens.json', '{"rules": {"A": "off",}}');
    assert.equal(bad.problems[0].severity, 'error');
    assert.match(bad.problems[0].message.en, /not valid JSON/);
    assert.ok(bad.problems[0].start > 0);
    const text = '{\n  "rules": {"ImplicitLatestTag": "of", "NoSuchRule": "off"},\n  "colour": true,\n  "ignorePaths": "vendor"\n}';
    const c = parseConfig('/p/.dockerfile-lens.json', text);
    const at = (p: { start: number }) => text.slice(p.start).split('\n')[0];
    assert.deepEqual(c.problems.map((p) => [p.severity, p.message.en, at(p)]), [
      ['error', 'rules.ImplicitLatestTag must be one of off, hint, information, warning, error', '"of", "NoSuchRule": "off"},'],
      ['warning', 'unknown rule id "NoSuchRule" (ignored)', '"NoSuchRule": "off"},'],
      ['warning', 'unknown key "colour" (ignored)', '"colour": true,'],
      ['error', 'ignorePaths must be a list of strings', '"vendor"'],
    ]);
    for (const p of c.problems) assert.ok(/[가-힣]/.test(p.message.ko), p.message.ko);
    for (const junk of ['', '[]', 'null', '"x"', '{"rules": []}', '{"labelSchema": {"a": "date"}}', '\u0000']) assert.doesNotThrow(() => parseConfig('/p/.dockerfile-lens.json', junk));
  });

  it('the file wins over the editor setting for the rules it names; the setting fills in the rest', () => {
    const c = parseConfig('/p/.dockerfile-lens.json', '{"rules": {"JSONArgsRecommended": "warning"}}');
    assert.deepEqual(effectiveSeverities({ JSONArgsRecommended: 'off', StageNameCasing: 'error' }, c), { JSONArgsRecommended: 'warning', StageNameCasing: 'error' });
    const h = parseConfig('/p/.hadolint.yaml', 'override:\n  error: [DL3006]\n');
    assert.deepEqual(effectiveSeverities({ ImplicitLatestTag: 'off', StageNameCasing: 'error' }, h), { StageNameCasing: 'error' }, 'a hadolint id of the rule set in the file: the setting steps aside');
  });

  it('the JSON schema contributed to VS Code accepts what the loader accepts and rejects its type errors (ajv)', () => {
    const schema = JSON.parse(readFileSync(join(repoRoot, 'schemas/dockerfile-lens.schema.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true }).compile(schema);
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
    assert.deepEqual(pkg.contributes.jsonValidation, [{ fileMatch: '.dockerfile-lens.json', url: './schemas/dockerfile-lens.schema.json' }]);
    const good = [
      { rules: Object.fromEntries(RULES.map((r) => [r.id, 'hint'])) },
      { ignorePaths: ['vendor/**'], docker: { path: 'podman' }, trustedRegistries: ['*.gcr.io'], labelSchema: { a: 'url', b: 'spdx' }, $schema: 'x' },
      {},
    ];
    const bad = [{ rules: { A: 'of' } }, { ignorePaths: 'vendor' }, { docker: { path: 1 } }, { labelSchema: { a: 'date' } }, { trustedRegistries: 'docker.io' }];
    for (const g of good) {
      assert.ok(validate(g), JSON.stringify(validate.errors));
      assert.deepEqual(parseConfig('/p/.dockerfile-lens.json', JSON.stringify(g)).problems, []);
    }
    for (const b of bad) {
      assert.ok(!validate(b), JSON.stringify(b));
      assert.ok(parseConfig('/p/.dockerfile-lens.json', JSON.stringify(b)).problems.some((p) => p.severity === 'error'), JSON.stringify(b));
    }
  });
});

describe('config: the cache the server keeps', () => {
  it('is stale once a file it read changes or vanishes, not before (a client that does not watch files)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lens-config-cache-'));
    try {
      const file = join(dir, '.dockerfile-lens.json');
      writeFileSync(file, '{"rules": {"StageNameCasing": "off"}}');
      const cache = new ConfigCache();
      assert.equal(cache.configFor(dir).severities.StageNameCasing, 'off');
      assert.equal(cache.stale(), false);
      writeFileSync(file, '{"rules": {"StageNameCasing": "error"}}');
      assert.equal(cache.stale(), true);
      cache.forget();
      assert.equal(cache.configFor(dir).severities.StageNameCasing, 'error');
      assert.equal(cache.stale(), false);
      rmSync(file);
      assert.equal(cache.stale(), true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('config: .hadolint.yaml', () => {
  it('ignored and override by hadolint id, through the ids the rules document; unmapped ids reported', () => {
    const yaml = [
      'ignored:',
      '  - DL3025',
      '  - DL3008',
      'override:',
      '  error:',
      '    - DL3006',
      '  info:',
      '    - DL3006',
      '    - DL4003',
      'failure-threshold: warning',
      'trustedRegistries: docker.io',
      'label-schema:',
      '  author: text',
      '  version: semver',
      'strict-labels: true',
      'no-color: true',
      '',
    ].join('\n');
    const c = parseConfig('/p/.hadolint.yaml', yaml);
    assert.deepEqual(c.problems.map((p) => [p.severity, p.message.en]), [['warning', 'ignored: DL3008 has no equivalent rule here (no rule documents this hadolint id): not applied']]);
    assert.deepEqual([...c.hadolint!.ignored], ['DL3025']);
    assert.deepEqual([...c.hadolint!.severity], [['DL3006', 'error'], ['DL4003', 'information']], 'error beats info, as hadolint applies error last');
    assert.equal(c.failureThreshold, 'warning');
    assert.deepEqual(c.ruleOptions, { trustedRegistries: ['docker.io'], labelSchema: { author: 'text', version: 'semver' } });
    assert.deepEqual(c.unsupported, ['strict-labels', 'no-color']);

    // applied per finding: DL3006 (no tag) is an error, DL3007 (:latest) keeps its severity; only the CMD duplicate (DL4003) moves
    const text = 'FROM ubuntu\nFROM ubuntu:latest\nCMD ["a"]\nCMD ["b"]\nENTRYPOINT ["a"]\nENTRYPOINT ["b"]\nCMD echo\n';
    const d = lintText(text, { hadolint: c.hadolint });
    const sev = (code: string, line: string) => d.filter((x) => x.code === code && text.slice(x.range.start).startsWith(line)).map((x) => x.severity);
    assert.deepEqual(sev('ImplicitLatestTag', 'ubuntu\n'), ['error']);
    assert.deepEqual(sev('ImplicitLatestTag', 'ubuntu:latest'), ['information']);
    assert.deepEqual(sev('MultipleInstructionsDisallowed', 'CMD ["a"]'), ['information']);
    assert.deepEqual(sev('MultipleInstructionsDisallowed', 'ENTRYPOINT ["a"]'), ['warning']);
    assert.ok(!d.some((x) => x.code === 'JSONArgsRecommended'), 'DL3025 ignored');
    assert.ok(lintText(text).some((x) => x.code === 'JSONArgsRecommended'));
  });

  it('the mapping covers every hadolint id a rule documents (the closing note counts them)', () => {
    const ids = hadolintIds();
    for (const id of ['DL3003', 'DL3006', 'DL3007', 'DL3009', 'DL3012', 'DL3014', 'DL3015', 'DL3019', 'DL3020', 'DL3025', 'DL3026', 'DL3032', 'DL3040', 'DL3042', 'DL3049', 'DL3051', 'DL3052', 'DL3053', 'DL3054', 'DL3055', 'DL3056', 'DL3058', 'DL4003', 'DL4004']) {
      assert.ok(ids.has(id), id);
    }
    assert.equal(ids.size, 24);
  });

  it('bad YAML and bad values are errors with a place; threshold semantics as hadolint', () => {
    const y = parseConfig('/p/.hadolint.yml', 'ignored: [DL3006\n');
    assert.equal(y.problems[0].severity, 'error');
    assert.match(y.problems[0].message.en, /not valid YAML/);
    const v = parseConfig('/p/.hadolint.yaml', 'failure-threshold: high\noverride:\n  fatal: [DL3006]\nlabel-schema:\n  a: date\n');
    assert.deepEqual(v.problems.map((p) => p.message.en), [
      'failure-threshold must be one of error, warning, info, style, ignore, none',
      'override.fatal must be one of error, warning, info, style',
      'label-schema.a must be one of text, url, email, hash, rfc3339, semver, spdx',
    ]);
    assert.deepEqual(parseConfig('/p/.hadolint.yaml', '').problems, []);
    assert.equal(fails(['warning'], undefined), false);
    assert.equal(fails(['error'], undefined), true);
    assert.equal(fails(['warning'], 'warning'), true);
    assert.equal(fails(['information'], 'warning'), false);
    assert.equal(fails(['hint'], 'hint'), true);
    assert.equal(fails(['hint'], 'none'), true, "hadolint's ignore/none: below every severity, so any finding fails");
    assert.equal(fails([], 'none'), false);
  });

  it('found upward; .dockerfile-lens.json wins over a hadolint file beside it; the nearest folder wins', () => {
    const dir = tree({ '.hadolint.yaml': '', 'a/.dockerfile-lens.json': '{}', 'a/.hadolint.yml': '', 'a/b/c/Dockerfile': 'FROM scratch\n' });
    try {
      assert.equal(findConfigFile(join(dir, 'a/b/c')), join(dir, 'a/.dockerfile-lens.json'));
      assert.equal(findConfigFile(dir), join(dir, '.hadolint.yaml'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('config: the CLI on real folders', function () {
  this.timeout(60000);
  const df = 'FROM ubuntu\nCMD echo hi\n';
  let dir: string;
  before(() => {
    dir = tree({
      'Dockerfile': df,
      'svc/api/Dockerfile': df,
      'svc/.dockerfile-lens.json': JSON.stringify({ rules: { JSONArgsRecommended: 'error' }, ignorePaths: ['legacy'] }),
      'svc/legacy/Dockerfile': 'FROM ubuntu\nFOO\n',
      'team/.hadolint.yaml': 'ignored: [DL3025]\noverride:\n  error: [DL3006]\nno-color: true\nstrict-labels: false\n',
      'team/a/Dockerfile': df,
      'team/b/Dockerfile': df,
      'team/c/Dockerfile': df,
      'ci/.hadolint.yaml': 'failure-threshold: warning\n',
      'ci/Dockerfile': df,
      'ci/style/.hadolint.yaml': 'failure-threshold: style\noverride:\n  style: [DL3006, DL3025]\n',
      'ci/style/Dockerfile': df,
      'ci/error/.hadolint.yaml': 'failure-threshold: error\n',
      'ci/error/Dockerfile': df,
    });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const json = (r: { stdout: string }) => JSON.parse(r.stdout) as Array<{ file: string; code: string; severity: string }>;

  it('each file takes the config found upward from its folder: nested folders, ignorePaths', () => {
    const r = cli(dir, 'check', '--format', 'json', '.');
    const found = json(r);
    const of = (f: string) => found.filter((x) => x.file === f).map((x) => `${x.code}:${x.severity}`).sort();
    assert.deepEqual(of('Dockerfile'), ['ImplicitLatestTag:warning', 'JSONArgsRecommended:warning'], 'no config above the root file');
    assert.deepEqual(of(join('svc', 'api', 'Dockerfile')), ['ImplicitLatestTag:warning', 'JSONArgsRecommended:error'], 'svc/.dockerfile-lens.json two folders up');
    assert.deepEqual(of(join('svc', 'legacy', 'Dockerfile')), [], 'ignorePaths: not checked');
    assert.deepEqual(of(join('team', 'a', 'Dockerfile')), ['ImplicitLatestTag:error'], '.hadolint.yaml: DL3025 ignored, DL3006 an error');
    assert.equal(r.status, 1);
  });

  it('the hadolint keys without an equivalent are named once for 3 files', () => {
    const r = cli(dir, 'check', 'team');
    assert.match(r.stdout, /3 file\(s\) checked/);
    const lines = r.stderr.split('\n').filter((l) => /without an equivalent/.test(l));
    assert.deepEqual(lines, [`dockerfile-lens: hadolint settings without an equivalent here, not applied: no-color, strict-labels (in ${join(dir, 'team', '.hadolint.yaml')})`]);
  });

  it('failure-threshold decides the exit code as in hadolint', () => {
    // only warnings (ImplicitLatestTag, JSONArgsRecommended): threshold warning fails, error passes, style fails on style findings
    assert.equal(cli(dir, 'check', join('ci', 'Dockerfile')).status, 1, 'warning threshold, warnings found');
    assert.equal(cli(dir, 'check', join('ci', 'error', 'Dockerfile')).status, 0, 'error threshold, only warnings');
    const style = cli(dir, 'check', '--format', 'json', join('ci', 'style', 'Dockerfile'));
    assert.deepEqual(json(style).map((x) => x.severity), ['hint', 'hint']);
    assert.equal(style.status, 1, 'style threshold, style findings');
    assert.equal(cli(dir, 'check', join('svc', 'api', 'Dockerfile')).status, 1, 'no threshold: an error-level finding fails');
    assert.equal(cli(dir, 'check', 'Dockerfile').status, 0, 'no threshold: warnings pass');
  });

  it('--config FILE wins over the files found; a broken config exits 2 with its place', () => {
    const explicit = join(dir, 'explicit.yaml');
    writeFileSync(explicit, 'ignored: [DL3006, DL3025]\n');
    const r = cli(dir, 'check', '--format', 'json', '--config', explicit, join('svc', 'api', 'Dockerfile'));
    assert.deepEqual(json(r), []);
    writeFileSync(join(dir, 'broken.json'), '{\n  "rules": {"JSONArgsRecommended": "loud"}\n}\n');
    const b = cli(dir, 'check', '--config', 'broken.json', 'Dockerfile');
    assert.equal(b.status, 2);
    assert.match(b.stderr, /config broken\.json:2:36: rules\.JSONArgsRecommended must be one of off, hint, information, warning, error/);
  });
});
