/**
 * The rules that run only when configured: UntrustedRegistry (hadolint DL3026) and LabelSchema
 * (hadolint DL3049, DL3051–DL3056, DL3058).
 */
import * as assert from 'node:assert/strict';
import { registryMatches } from '../../../server/src/rules/UntrustedRegistry';
import type { RuleOptions } from '../../../server/src/rules/types';
import { findings, rangeText } from '../../helpers/rules';

const got = (text: string, id: string, ruleOptions: RuleOptions) => findings(text, id, { ruleOptions }).map((d) => rangeText(text, d));

describe('rules: UntrustedRegistry', () => {
  it('off unless configured', () => {
    assert.deepEqual(got('FROM evil.example/x:1\n', 'UntrustedRegistry', {}), []);
  });

  it("the registry as Docker reads it from the name: a first component with '.' or ':' or localhost, else Docker Hub", () => {
    const text = [
      'FROM ubuntu:24.04',
      'FROM library/ubuntu:24.04',
      'FROM company/app:1',
      'FROM docker.io/company/app:1',
      'FROM index.docker.io/company/app:1',
      'FROM ghcr.io/org/app:1',
      'FROM localhost:5000/app:1',
      'FROM registry.example.com/team/app:1 AS build',
      'FROM build',
      'FROM scratch',
      'COPY --from=quay.io/org/tool:1 /t /t',
      'COPY --from=build /a /a',
      'COPY --from=0 /a /a',
      '',
    ].join('\n');
    assert.deepEqual(got(text, 'UntrustedRegistry', { trustedRegistries: ['docker.io'] }), [
      'ghcr.io/org/app:1', 'localhost:5000/app:1', 'registry.example.com/team/app:1', '--from=quay.io/org/tool:1',
    ]);
    assert.deepEqual(got(text, 'UntrustedRegistry', { trustedRegistries: ['*.example.com', 'ghcr.io', 'localhost:5000', 'quay.*'] }), [
      'ubuntu:24.04', 'library/ubuntu:24.04', 'company/app:1', 'docker.io/company/app:1', 'index.docker.io/company/app:1',
    ]);
    assert.deepEqual(got(text, 'UntrustedRegistry', { trustedRegistries: ['*'] }), []);
    const [d] = findings('FROM company/app:1\n', 'UntrustedRegistry', { ruleOptions: { trustedRegistries: ['registry.example.com'] } });
    assert.equal(d.severity, 'error');
    assert.match(d.message, /`company\/app:1` comes from Docker Hub \(docker\.io\), which is not in trustedRegistries \(registry\.example\.com\)/);
  });

  it('global ARG defaults are expanded as BuildKit does; a variable without a default is not judged', () => {
    const text = 'ARG REG=ghcr.io\nARG NOPE\nFROM ${REG}/org/app:1\nFROM ${NOPE}/app:1\n';
    assert.deepEqual(got(text, 'UntrustedRegistry', { trustedRegistries: ['docker.io'] }), ['${REG}/org/app:1']);
  });

  it("hadolint's patterns: *, *suffix, prefix*, exact (case-insensitive); hub.docker.com for Docker Hub", () => {
    assert.ok(registryMatches('*', 'anything'));
    assert.ok(registryMatches('*.gcr.io', 'eu.gcr.io'));
    assert.ok(!registryMatches('*.gcr.io', 'gcr.io'));
    assert.ok(registryMatches('my-company.*', 'my-company.com:5000'));
    assert.ok(registryMatches('My.Registry', 'my.registry'));
    assert.ok(!registryMatches('my.registry', 'my.registry:5000'), 'the port is part of the registry');
    assert.ok(registryMatches('hub.docker.com', 'docker.io'));
  });

  it('`# hadolint ignore=DL3026` above the FROM suppresses it', () => {
    assert.deepEqual(got('# hadolint ignore=DL3026\nFROM ghcr.io/x/y:1\n', 'UntrustedRegistry', { trustedRegistries: ['docker.io'] }), []);
  });
});

describe('rules: LabelSchema', () => {
  const schema: RuleOptions = {
    labelSchema: { author: 'text', contact: 'email', created: 'rfc3339', version: 'semver', documentation: 'url', 'git-revision': 'hash', license: 'spdx' },
  };
  const good = [
    'FROM busybox:1.36',
    'LABEL author="Kim Minji" contact=minji@example.com created=2024-05-01T12:00:00Z version=1.4.2-rc.1+build.5 \\',
    '      documentation=https://example.com/docs git-revision=0123abc license="Apache-2.0 OR MIT"',
    '',
  ].join('\n');

  it('off unless configured; well-formed labels pass', () => {
    assert.deepEqual(got('FROM busybox:1.36\nLABEL version=v1\n', 'LabelSchema', {}), []);
    assert.deepEqual(got(good, 'LabelSchema', schema), []);
  });

  it('each type as hadolint names it, with its hadolint id on the finding', () => {
    const text = [
      'FROM busybox:1.36',
      'LABEL author="" contact=minji@ created=2024-13-01T00:00:00Z version=v1.2.3 documentation=example.com git-revision=XYZ license=MITT',
      '',
    ].join('\n');
    const fs = findings(text, 'LabelSchema', { ruleOptions: schema });
    assert.deepEqual(fs.map((d) => [rangeText(text, d), d.hadolint?.[0], d.severity]), [
      ['""', 'DL3051', 'warning'],
      ['minji@', 'DL3058', 'warning'],
      ['2024-13-01T00:00:00Z', 'DL3053', 'warning'],
      ['v1.2.3', 'DL3056', 'warning'],
      ['example.com', 'DL3052', 'warning'],
      ['XYZ', 'DL3055', 'warning'],
      ['MITT', 'DL3054', 'warning'],
    ]);
    assert.match(fs[3].message, /Label `version` should be a semantic version .* not `v1\.2\.3`/);
  });

  it('values as Docker stores them: quotes removed, variables expanded (one without a value is not judged)', () => {
    const text = 'FROM busybox:1.36\nARG V=1.2.3\nARG W\nLABEL version="${V}" created=$W\n';
    assert.deepEqual(got(text, 'LabelSchema', { labelSchema: { version: 'semver', created: 'rfc3339' } }), []);
    assert.deepEqual(got('FROM busybox:1.36\nARG V=v2\nLABEL version="$V"\n', 'LabelSchema', { labelSchema: { version: 'semver' } }), ['"$V"']);
  });

  it('a missing label: once, on the image built, counting the stages it is built FROM (DL3049, information)', () => {
    const text = 'FROM busybox:1.36 AS base\nLABEL author=me\nFROM base AS app\nRUN true\nFROM busybox:1.36 AS tools\n';
    const fs = findings(text, 'LabelSchema', { ruleOptions: { labelSchema: { author: 'text', version: 'semver' } } });
    assert.deepEqual(fs.map((d) => [rangeText(text, d), d.severity, d.hadolint]), [['busybox:1.36', 'information', ['DL3049']], ['busybox:1.36', 'information', ['DL3049']]]);
    assert.deepEqual(fs.map((d) => d.range.start), [text.lastIndexOf('busybox:1.36'), text.lastIndexOf('busybox:1.36')], 'on the last stage (tools), which sets neither');
    assert.match(fs[0].message, /The image has no label `author` \(labelSchema: text\)/);
    const target = findings(text, 'LabelSchema', { ruleOptions: { labelSchema: { author: 'text' } }, target: 'app' });
    assert.deepEqual(target, [], 'app is built FROM base, which sets author');
  });

  it('a config ignoring DL3049 keeps the type checks (per-finding ids)', () => {
    const text = 'FROM busybox:1.36\nLABEL version=v1\n';
    const ruleOptions = { labelSchema: { version: 'semver', author: 'text' } } as RuleOptions;
    const all = findings(text, 'LabelSchema', { ruleOptions });
    const kept = findings(text, 'LabelSchema', { ruleOptions, hadolint: { ignored: new Set(['DL3049']), severity: new Map() } });
    assert.equal(all.length, 2);
    assert.deepEqual(kept.map((d) => d.hadolint), [['DL3056']]);
  });
});
