/**
 * `dockerfile-lens check --format github|sarif|checkstyle|gitlab`, run as CI runs it (`node dist/cli.js`),
 * each output read back by what reads it: the GitHub workflow-command syntax decoded as actions/toolkit
 * encodes it, SARIF validated against the official 2.1.0 schema (test/fixtures/sarif/) with ajv,
 * checkstyle parsed by a strict XML parser (sax), GitLab Code Quality checked field by field.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import * as sax from 'sax';
import { repoRoot } from '../helpers/corpus';
import { checkstyle, xmlAttr, type Reported } from '../../server/src/cli/formats';

const cli = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [join(repoRoot, 'dist/cli.js'), ...args], { encoding: 'utf8', cwd });

describe('CLI check --format for CI systems', function () {
  this.timeout(30000);
  const dir = mkdtempSync(join(tmpdir(), 'lens-formats-'));
  // a name with `,` and `:` (escaped in GitHub properties), a message with `%` `,` `:`, a finding over two lines
  const name = 'a,b:c.Dockerfile';
  const text = 'FROM alpine:3.20 as base\nFOO%,a:b\nCMD echo \\\n  hi\nENV a b\nRUN cd /x\nEXPOSE 80000\n';
  writeFileSync(join(dir, name), text);
  const json = () => JSON.parse(cli(dir, 'check', '--format', 'json', name).stdout) as Reported[];

  it('github: one workflow command per finding, decoded back to the same findings', () => {
    const r = cli(dir, 'check', '--format', 'github', name);
    assert.equal(r.status, 1, r.stderr);
    const expected = json();
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines.length, expected.length);
    // actions/toolkit's escaping, undone: %25 last
    const unescape = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
    const level = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' };
    lines.forEach((line, i) => {
      const m = /^::(error|warning|notice) ([^:]*)::(.*)$/.exec(line);
      assert.ok(m, line);
      const props = Object.fromEntries(m[2].split(',').map((kv) => { const eq = kv.indexOf('='); return [kv.slice(0, eq), unescape(kv.slice(eq + 1))]; }));
      const e = expected[i];
      assert.equal(m[1], level[e.severity]);
      assert.equal(unescape(m[3]), e.message);
      const sameLine = e.line === e.endLine;
      assert.deepEqual(props, {
        file: name, line: String(e.line), endLine: String(e.endLine), title: e.code,
        // columns only on one line (actions/toolkit AnnotationProperties)
        ...(sameLine ? { col: String(e.column), endColumn: String(e.endColumn) } : {}),
      });
    });
    assert.ok(lines.some((l) => l.startsWith('::error file=a%2Cb%3Ac.Dockerfile,line=2,col=1,') && l.endsWith('::unknown instruction: FOO%25,a:b')), r.stdout);
    assert.ok(lines.some((l) => /^::warning file=[^:]*,line=3,endLine=4,title=JSONArgsRecommended::/.test(l)), r.stdout);
  });

  it('sarif: valid against the official SARIF 2.1.0 schema, with rule help and UTF-16 columns', () => {
    const r = cli(dir, 'check', '--format', 'sarif', name);
    assert.equal(r.status, 1, r.stderr);
    const log = JSON.parse(r.stdout) as { runs: Array<Record<string, any>> };
    // the schema is draft-04 (`id`, not `$id`); it uses no keyword whose meaning changed in draft-07, which ajv 8 reads
    const schema = JSON.parse(readFileSync(join(repoRoot, 'test/fixtures/sarif/sarif-schema-2.1.0.json'), 'utf8'));
    assert.equal(schema.$schema, 'http://json-schema.org/draft-04/schema#');
    const { $schema: _draft, id, ...rest } = schema;
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile({ ...rest, $id: id });
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
    // a broken log fails the same validator (the check can fail)
    assert.equal(validate({ ...log, runs: [{ ...log.runs[0], results: [{ ...log.runs[0].results[0], level: 'fatal' }] }] }), false);
    const run = log.runs[0];
    assert.equal(run.columnKind, 'utf16CodeUnits');
    const rules = run.tool.driver.rules as Array<{ id: string; help: { text: string; markdown: string }; helpUri: string }>;
    for (const res of run.results) {
      assert.equal(rules[res.ruleIndex].id, res.ruleId);
      assert.equal(res.locations[0].physicalLocation.artifactLocation.uri, 'a%2Cb%3Ac.Dockerfile');
    }
    const json0 = json();
    assert.deepEqual(run.results.map((x: { ruleId: string }) => x.ruleId), json0.map((x) => x.code));
    const port = rules.find((x) => x.id === 'InvalidPort')!;
    assert.match(port.help.markdown, /```dockerfile\n/);
    assert.match(port.helpUri, /^https:\/\/docs\.docker\.com\//);
  });

  it('checkstyle: well-formed XML (strict parser) carrying every finding', () => {
    const r = cli(dir, 'check', '--format', 'checkstyle', name);
    assert.equal(r.status, 1, r.stderr);
    const errors: Array<Record<string, string>> = [];
    const files: string[] = [];
    const parser = sax.parser(true);
    parser.onerror = (e) => assert.fail(e);
    parser.onopentag = (n) => {
      const a = n.attributes as Record<string, string>;
      if (n.name === 'file') files.push(a.name);
      if (n.name === 'error') errors.push(a);
    };
    parser.write(r.stdout).close();
    assert.deepEqual(files, [name]);
    assert.deepEqual(errors, json().map((x) => ({ line: String(x.line), column: String(x.column), severity: x.severity === 'hint' ? 'info' : x.severity, message: x.message, source: x.code })));
  });

  it('checkstyle: any text survives as an attribute (markup, quotes, white space, characters XML cannot carry)', () => {
    const nasty = 'a<b>&c"d\'e\tf\ng\r\nh ]]> \u0001 \uD800 ok\uD83D\uDE00';
    const out = checkstyle([{ file: 'x"&<.Dockerfile', line: 1, column: 1, endLine: 1, endColumn: 2, severity: 'warning', code: 'C', message: nasty }]);
    let message: string | undefined;
    let file: string | undefined;
    const parser = sax.parser(true);
    parser.onerror = (e) => assert.fail(e);
    parser.onopentag = (n) => {
      const a = n.attributes as Record<string, string>;
      if (n.name === 'error') message = a.message;
      if (n.name === 'file') file = a.name;
    };
    parser.write(out).close();
    assert.equal(file, 'x"&<.Dockerfile');
    assert.equal(message, 'a<b>&c"d\'e\tf\ng\r\nh ]]> \uFFFD \uFFFD ok\uD83D\uDE00');
    assert.equal(xmlAttr('plain'), 'plain');
  });

  it('gitlab: Code Quality issues with stable, unique fingerprints', () => {
    const r = cli(dir, 'check', '--format', 'gitlab', name);
    assert.equal(r.status, 1, r.stderr);
    const issues = JSON.parse(r.stdout) as Array<{ description: string; check_name: string; fingerprint: string; severity: string; location: { path: string; lines: { begin: number } } }>;
    const found = json();
    assert.equal(issues.length, found.length);
    issues.forEach((x, i) => {
      assert.equal(x.description, found[i].message);
      assert.equal(x.check_name, found[i].code);
      assert.ok(['info', 'minor', 'major', 'critical', 'blocker'].includes(x.severity));
      assert.equal(x.location.path, name);
      assert.equal(x.location.lines.begin, found[i].line);
      assert.match(x.fingerprint, /^[0-9a-f]{32}$/);
    });
    assert.equal(issues.find((x) => x.check_name === 'InvalidPort')!.severity, 'blocker');
    assert.equal(new Set(issues.map((x) => x.fingerprint)).size, issues.length);
    // the same findings after lines are added above keep their fingerprints (GitLab would call them new otherwise)
    const moved = mkdtempSync(join(tmpdir(), 'lens-formats-moved-'));
    writeFileSync(join(moved, name), '# a comment\n\n' + text);
    const again = JSON.parse(cli(moved, 'check', '--format', 'gitlab', name).stdout) as typeof issues;
    assert.deepEqual(again.map((x) => x.fingerprint), issues.map((x) => x.fingerprint));
    assert.deepEqual(again.map((x) => x.location.lines.begin), issues.map((x) => x.location.lines.begin + 2));
    // two identical findings differ
    const twice = mkdtempSync(join(tmpdir(), 'lens-formats-twice-'));
    writeFileSync(join(twice, 'Dockerfile'), 'FROM alpine:3.20\nEXPOSE 80000\nEXPOSE 80000\n');
    const two = (JSON.parse(cli(twice, 'check', '--format', 'gitlab', 'Dockerfile').stdout) as typeof issues).filter((x) => x.check_name === 'InvalidPort');
    assert.equal(two.length, 2);
    assert.notEqual(two[0].fingerprint, two[1].fingerprint);
  });

  it('an unknown format is a usage error naming the formats', () => {
    const r = cli(dir, 'check', '--format', 'xml', name);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /text, json, sarif, github, checkstyle, gitlab/);
  });
});
