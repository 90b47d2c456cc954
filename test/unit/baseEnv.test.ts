/**
 * UndefinedVar with the base image's ENV (issue 14): the bundled table of
 * official images, the rule given a lookup (as BuildKit, which starts each
 * stage with the image config's Env), the lint memo after an Env arrives, the
 * hover of a variable, and the server's lookup service (delay, cancellation,
 * re-lint signal) with a real executable standing in for docker.
 */
import * as assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hover } from '../../server/src/features/hover';
import { BaseEnvService, resolveBaseEnv } from '../../server/src/images/baseEnv';
import { tableEnv } from '../../server/src/images/baseEnvTable';
import { parseReference } from '../../server/src/images/registry';
import { envFromList, type BaseEnvLookup, type BaseEnvStatus } from '../../server/src/model/baseEnv';
import { analyze } from '../../server/src/model/document';
import { LintMemo, lint } from '../../server/src/rules/engine';
import { findings } from '../helpers/rules';

/** The bundled table as the CLI uses it with no engine and no registry. */
const table: BaseEnvLookup = (image) => {
  const t = tableEnv(parseReference(image)!);
  return t ? { known: true, env: envFromList(t.env), source: 'table', note: t.row } : { known: false, reason: 'not in the table' };
};
const known = (list: string[]): BaseEnvLookup => () => ({ known: true, env: envFromList(list), source: 'engine', note: 'test' });
const messages = (text: string, baseEnv?: BaseEnvLookup) => findings(text, 'UndefinedVar', { baseEnv }).map((d) => d.message);
const names = (image: string) => {
  const t = tableEnv(parseReference(image)!);
  return t && [...envFromList(t.env).keys()];
};

describe('base image ENV: the bundled table', () => {
  it('python: 3.12 declares LANG, 3.13 and later do not; tags map to their version row', () => {
    assert.deepEqual(names('python:3.12'), ['PATH', 'LANG', 'GPG_KEY', 'PYTHON_VERSION', 'PYTHON_SHA256']);
    assert.deepEqual(names('python:3.12.4-slim-bookworm'), names('python:3.12'));
    assert.deepEqual(names('python:3.13-alpine'), ['PATH', 'GPG_KEY', 'PYTHON_VERSION', 'PYTHON_SHA256']);
    assert.deepEqual(names('python:3.14'), ['PATH', 'PYTHON_VERSION', 'PYTHON_SHA256']);
    assert.equal(tableEnv(parseReference('python:slim')!)?.row, 'python:latest (3.14)');
    assert.equal(tableEnv(parseReference('python')!)?.row, 'python:latest (3.14)');
    assert.match(tableEnv(parseReference('python:3.12')!)!.source, /^docker-library\/python@\w+ \(\d{4}-\d\d-\d\d\) 3\.12\/bookworm\/Dockerfile$/);
  });

  it('images built FROM another row add to its ENV (maven on eclipse-temurin); PATH as the Dockerfiles set it', () => {
    assert.deepEqual(names('maven:3.9-eclipse-temurin-21'), ['PATH', 'JAVA_HOME', 'LANG', 'LANGUAGE', 'LC_ALL', 'JAVA_VERSION', 'MAVEN_HOME', 'MAVEN_CONFIG']);
    assert.equal(envFromList(tableEnv(parseReference('golang:1.27-alpine')!)!.env).get('PATH'), '/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin');
    assert.deepEqual(names('alpine:3.20'), ['PATH']);
  });

  it('nothing for what the table does not cover: old versions, Windows, other registries, digests, unknown images', () => {
    for (const image of ['python:3.8', 'node:18', 'python:3.12-windowsservercore-ltsc2022', 'quay.io/org/python:3.12', `python@sha256:${'a'.repeat(64)}`, 'myorg/app:1', 'redis:latest']) {
      assert.equal(tableEnv(parseReference(image)!), undefined, image);
    }
  });

  it('resolveBaseEnv: no engine, no registry → the table, with the reasons when it has nothing', async () => {
    const py = await resolveBaseEnv('python:3.12', { registry: false });
    assert.ok(py.known && py.source === 'table' && py.env.get('PYTHON_VERSION'));
    assert.deepEqual(await resolveBaseEnv('myorg/app:1', { registry: false }), { known: false, reason: 'registry lookups are off; not in the bundled table' });
    const scratch = await resolveBaseEnv('scratch', { registry: false });
    assert.ok(scratch.known && scratch.env.size === 0);
  });
});

describe('base image ENV: UndefinedVar as BuildKit reports it', () => {
  it('FROM python:3.12: $PYTHON_VERSION is defined, $PYTHONVERSION is flagged with a suggestion', () => {
    const text = 'FROM python:3.12\nWORKDIR /src/$PYTHON_VERSION\nCOPY $PYTHONVERSION /x\n';
    assert.deepEqual(messages(text, table), ["Usage of undefined variable '$PYTHONVERSION' (did you mean $PYTHON_VERSION?)"]);
    // without the lookup the ENV of python is unknown: today's caution (the typo has no known name to be near)
    assert.deepEqual(messages(text), []);
  });

  it('BuildKit\'s own example: FROM python + ARG VERSION=$PYTHON_VERSION is good (docs/rules: undefined-var)', () => {
    assert.deepEqual(messages('FROM python AS base\nARG VERSION=$PYTHON_VERSION\n', table), []);
    assert.deepEqual(messages('FROM python AS base\nARG VERSION=$PYTHON_VERSON\n', table), ["Usage of undefined variable '$PYTHON_VERSON' (did you mean $PYTHON_VERSION?)"]);
  });

  it('an unknown name is reported once the ENV is known, not before', () => {
    const text = 'FROM node:22\nCOPY $APP_DIR /app\n';
    assert.deepEqual(messages(text, table), ["Usage of undefined variable '$APP_DIR'"]);
    assert.deepEqual(messages(text), []);
    assert.deepEqual(messages(text, () => undefined), [], 'still being looked up');
    assert.deepEqual(messages(text, () => ({ known: false, reason: 'x' })), []);
  });

  it('a name the image defines is not "used before it is defined" by a later ENV of the stage', () => {
    const text = 'FROM node:22\nCOPY $NODE_VERSION /v\nENV NODE_VERSION=1\n';
    assert.deepEqual(messages(text), ["Usage of undefined variable '$NODE_VERSION'"]);
    assert.deepEqual(messages(text, table), []);
  });

  it('a stage FROM a stage inherits its root image\'s ENV', () => {
    const text = 'FROM golang:1.27 AS build\nFROM build AS test\nWORKDIR $GOPATH/src\nCOPY $GOPAHT /x\n';
    assert.deepEqual(messages(text, table), ["Usage of undefined variable '$GOPAHT' (did you mean $GOPATH?)"]);
  });

  it('the suggestion searches the image\'s names first, then the stage\'s (BuildKit\'s state order)', () => {
    const text = 'FROM example.com/img:1\nENV LENS_X=1\nCOPY $LENS_Z /x\n';
    assert.deepEqual(messages(text, known(['PATH=/bin', 'LENS_Y=2'])), ["Usage of undefined variable '$LENS_Z' (did you mean $LENS_Y?)"]);
    // without the image's names the stage's own is the nearest
    assert.deepEqual(messages(text, () => ({ known: true, env: new Map([['PATH', '/bin']]), source: 'engine', note: '' })), ["Usage of undefined variable '$LENS_Z' (did you mean $LENS_X?)"]);
  });

  it('an image config without PATH still has PATH (BuildKit adds it)', () => {
    assert.deepEqual(messages('FROM example.com/img:1\nENV PATH=/x:$PATH\nCOPY $FOO /x\n', known(['FOO=bar'])), []);
  });

  it('FROM with a variable: the expanded name is looked up', () => {
    const asked: string[] = [];
    const text = 'ARG TAG=3.12\nFROM --platform=linux/arm64 python:$TAG\nCOPY $PYTHON_VERSION /x\n';
    findings(text, 'UndefinedVar', { baseEnv: (image, platform) => (asked.push(`${image} ${platform}`), undefined) });
    assert.deepEqual(asked, ['python:3.12 linux/arm64']);
  });
});

describe('base image ENV: the lint memo', () => {
  it('a stage is linted again when its base image\'s ENV arrives, and reused while it stays the same', () => {
    const text = 'FROM scratch AS a\nCOPY x /x\n\nFROM node:22\nCOPY $NODE_VERSON /v\n';
    const doc = analyze('file:///m/Dockerfile', 1, text);
    const memo = new LintMemo();
    let answer: BaseEnvStatus | undefined;
    const lookup: BaseEnvLookup = () => answer;
    const undefinedVars = () => lint(doc, { memo, baseEnv: lookup }).filter((d) => d.code === 'UndefinedVar').map((d) => d.message);
    assert.deepEqual(undefinedVars(), []);
    answer = table('node:22', undefined);
    const before = memo.reused.stages;
    assert.deepEqual(undefinedVars(), ["Usage of undefined variable '$NODE_VERSON' (did you mean $NODE_VERSION?)"]);
    assert.equal(memo.reused.stages - before, 1, 'only the scratch stage was reused');
    const again = memo.reused.stages;
    assert.deepEqual(undefinedVars(), ["Usage of undefined variable '$NODE_VERSON' (did you mean $NODE_VERSION?)"]);
    assert.equal(memo.reused.stages - again, 2, 'both stages reused');
  });
});

describe('base image ENV: hover of a variable', () => {
  const at = (text: string, line: number, character: number, lang: 'en' | 'ko', lookup?: BaseEnvLookup) =>
    (hover(analyze('file:///h/Dockerfile', 1, text), { line, character }, lang, lookup)?.contents as { value: string }).value;

  it('says the image defines it, and where the ENV was read', () => {
    const text = 'FROM python:3.12\nCOPY $PYTHON_VERSION /x\n';
    assert.match(at(text, 1, 7, 'en', table), /Defined by the base image `python:3.12`: its ENV \(from python:3\.12\) sets it; value when the table was made: `3\.12\.\d+`/);
    assert.match(at(text, 1, 7, 'ko', table), /베이스 이미지 `python:3.12`가 정의합니다/);
    assert.match(at(text, 1, 7, 'en', known(['PYTHON_VERSION=3.12.9'])), /; value: `3\.12\.9`\./);
  });

  it('says when the ENV is not known here, and why (English and Korean)', () => {
    const text = 'FROM myorg/app:1\nCOPY $APP_HOME /x\n';
    const reason: BaseEnvLookup = () => ({ known: false, reason: 'not in the local engine; registry lookups are off; not in the bundled table' });
    assert.match(at(text, 1, 7, 'en', reason), /The ENV of `myorg\/app:1` is not known here \(not in the local engine; registry lookups are off; not in the bundled table\), so UndefinedVar does not report this name/);
    assert.match(at(text, 1, 7, 'ko', reason), /여기서는 `myorg\/app:1`의 ENV를 알 수 없습니다/);
    assert.match(at(text, 1, 7, 'en', () => undefined), /is not known here \(it is being looked up\)/);
    assert.match(at(text, 1, 7, 'en'), /is not known here \(base images are not looked up here\)/);
  });

  it('nothing about the image for FROM scratch, nor for a name ARG defines', () => {
    assert.doesNotMatch(at('FROM scratch\nCOPY $X /x\n', 1, 7, 'en', table), /base image|ENV of/);
    assert.doesNotMatch(at('FROM python:3.12\nARG X\nCOPY $X /x\n', 2, 7, 'en', table), /ENV of|Defined by the base image/);
  });
});

describe('base image ENV: the server\'s lookup service (a real executable standing in for docker)', function () {
  this.timeout(20000);
  const dir = mkdtempSync(join(tmpdir(), 'lens-baseenv-'));
  const fake = join(dir, 'docker');
  const log = join(dir, 'calls');
  // `docker image inspect -- REF`: an image with Env for example.com/*, none for the others
  writeFileSync(fake, `#!/bin/sh\necho "$4" >> "${log}"\ncase "$4" in example.com/*) printf '%s' '[{"Id":"sha256:1","Size":1,"Os":"linux","Architecture":"amd64","Config":{"Env":["PATH=/bin","LENS_HOME=/opt/lens"]}}]';; *) echo "Error: No such image: $4" >&2; exit 1;; esac\n`);
  chmodSync(fake, 0o755);
  const opts = { docker: fake, registry: false };
  const waitFor = async (f: () => boolean) => {
    for (let i = 0; i < 200 && !f(); i++) await new Promise((r) => setTimeout(r, 10));
    assert.ok(f());
  };

  it('answers undefined at first, looks up after the delay, then signals a change with the engine\'s Env', async () => {
    let changes = 0;
    const svc = new BaseEnvService(() => changes++, 20);
    const a = svc.lookupFor('file:///a', opts);
    assert.equal(a.lookup('example.com/tool:1', undefined), undefined);
    a.done();
    await waitFor(() => changes === 1);
    const b = svc.lookupFor('file:///a', opts);
    const s = b.lookup('example.com/tool:1', undefined);
    b.done();
    assert.ok(s?.known);
    assert.deepEqual([s.source, [...s.env]], ['engine', [['PATH', '/bin'], ['LENS_HOME', '/opt/lens']]]);
    // python is not in the fake engine: the table answers
    const c = svc.lookupFor('file:///a', opts);
    c.lookup('python:3.12', undefined);
    c.done();
    await waitFor(() => changes === 2);
    const p = svc.peek(opts)('python:3.12', undefined);
    assert.ok(p?.known && p.source === 'table');
    assert.equal(svc.counts.started, 2);
  });

  it('a lookup no document needs any more is cancelled before it starts (typing a FROM line)', async () => {
    let changes = 0;
    const svc = new BaseEnvService(() => changes++, 50);
    for (const image of ['example.com/t', 'example.com/to', 'example.com/too']) {
      const l = svc.lookupFor('file:///typing', opts);
      l.lookup(image, undefined);
      l.done();
    }
    await waitFor(() => changes === 1);
    assert.deepEqual({ ...svc.counts }, { started: 1, cancelled: 2 });
    const s = svc.peek(opts)('example.com/too', undefined);
    assert.ok(s?.known && s.env.get('LENS_HOME') === '/opt/lens');
    assert.equal(svc.peek(opts)('example.com/t', undefined), undefined);
    // closing the document forgets what it asked for
    svc.release('file:///typing');
  });

  it('a lint cut short by an edit keeps the lookups the document asked for before', async () => {
    const svc = new BaseEnvService(() => undefined, 50);
    const full = svc.lookupFor('file:///two', opts);
    full.lookup('example.com/a:1', undefined);
    full.lookup('example.com/b:1', undefined);
    full.done();
    // the next lint reached only the first stage before a newer version made it stale
    const cut = svc.lookupFor('file:///two', opts);
    cut.lookup('example.com/a:1', undefined);
    cut.done(true);
    await waitFor(() => svc.counts.started === 2);
    assert.equal(svc.counts.cancelled, 0);
  });
});
