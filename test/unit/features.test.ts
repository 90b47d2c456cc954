/** Hover and completion providers on the semantic model (no protocol). */
import * as assert from 'node:assert/strict';
import type { CompletionItem, Hover, MarkupContent } from 'vscode-languageserver';
import { instructionDoc } from '../../server/src/docs/instructions';
import { completion } from '../../server/src/features/completion';
import { hover } from '../../server/src/features/hover';
import { parseImageReference } from '../../server/src/model/imageReference';
import { analyze } from '../../server/src/model/document';
import { realDockerfiles } from '../helpers/corpus';

/** `|` marks the cursor. */
function at(source: string) {
  const offset = source.indexOf('|');
  const text = source.slice(0, offset) + source.slice(offset + 1);
  const doc = analyze('file:///Dockerfile', 1, text);
  return { doc, position: doc.lines.positionAt(offset) };
}
const hoverText = (source: string, lang: 'en' | 'ko' = 'en') => {
  const { doc, position } = at(source);
  const h: Hover | null = hover(doc, position, lang);
  return h ? (h.contents as MarkupContent).value : undefined;
};
const labels = (source: string, snippets = false) => {
  const { doc, position } = at(source);
  return completion(doc, position, { lang: 'en', snippets }).map((i: CompletionItem) => i.label);
};

describe('hover', () => {
  it('instruction keywords in English and Korean', () => {
    assert.ok(hoverText('FR|OM alpine\n')!.startsWith('**FROM** — ' + instructionDoc('FROM')!.summary.en));
    assert.ok(hoverText('FROM alpine\nRU|N x\n', 'ko')!.includes(instructionDoc('RUN')!.summary.ko));
    assert.ok(hoverText('FROM alpine\nonbuild R|UN x\n')!.startsWith('**RUN**'));
  });
  it('flags and mount types', () => {
    const h = hoverText('FROM a\nRUN --mo|unt=type=cache,target=/root/.cache x\n')!;
    assert.match(h, /\*\*--mount\*\*/);
    assert.match(h, /type=cache/);
    assert.match(hoverText('FROM a\nHEALTHCHECK --inter|val=5s CMD x\n')!, /30s/);
  });
  it('variables: where defined, value there, who expands them', () => {
    const h = hoverText('ARG V=3.20\nFROM alpine:$|V\n')!;
    assert.match(h, /build argument \(ARG\), global/);
    assert.match(h, /Defined on line 1/);
    assert.match(h, /Value here: `3.20`/);
    const env = hoverText('FROM a\nENV HOME_DIR=/home/app\nENV P=${HOME_DIR}/bin\nRUN echo $P|\n')!;
    assert.match(env, /environment variable \(ENV\)/);
    assert.match(env, /Value here: `\/home\/app\/bin`/);
    assert.match(env, /shell/);
    const exec = hoverText('FROM a\nENV X=1\nCMD ["echo", "$|X"]\n')!;
    assert.match(exec, /not\*\* expanded/);
  });
  it('a global ARG is not visible in a stage unless re-declared', () => {
    assert.match(hoverText('ARG V=1\nFROM a\nRUN echo $|V\n')!, /Not defined here/);
    assert.match(hoverText('ARG V=1\nFROM a\nARG V\nRUN echo $|V\n')!, /Value here: `1`/);
  });
  it('ENV persists into a stage built FROM another', () => {
    assert.match(hoverText('FROM a AS base\nENV X=7\nFROM base\nRUN echo $|X\n')!, /Value here: `7`/);
  });
  it('predefined ARGs', () => {
    assert.match(hoverText('FROM --platform=$BUILD|PLATFORM a\n')!, /predefined build argument/);
  });
  it('stages referenced by FROM and --from', () => {
    assert.match(hoverText('FROM golang AS build\nFROM scratch\nCOPY --from=bu|ild /a /b\n')!, /Build stage `build`/);
    assert.match(hoverText('FROM golang AS Build\nFROM bu|ild\n')!, /Build stage `build`/);
  });
  it('image references with Docker defaults', () => {
    const h = hoverText('FROM alp|ine\n')!;
    assert.match(h, /docker\.io\/library\/alpine:latest/);
    assert.match(h, /implicit/);
    assert.match(h, /https:\/\/hub\.docker\.com\/_\/alpine/);
    assert.deepEqual(parseImageReference('ghcr.io/owner/app:1.2@sha256:abc'), {
      registry: 'ghcr.io', path: 'owner/app', namespace: 'owner', repository: 'app', tag: '1.2', digest: 'sha256:abc',
      implicitTag: false, registryImplicit: false, url: 'https://ghcr.io/owner/app',
    });
    assert.equal(parseImageReference('localhost:5000/x')?.registry, 'localhost:5000');
    assert.equal(parseImageReference('bitnami/redis')?.url, 'https://hub.docker.com/r/bitnami/redis');
  });
  it('directives and heredocs', () => {
    assert.match(hoverText('# syn|tax=docker/dockerfile:1\nFROM a\n')!, /# syntax/);
    assert.match(hoverText('FROM a\nRUN <<E|OF\necho hi\nEOF\n')!, /Heredoc `EOF`.*1 lines/s);
  });
  it('every instruction of every corpus file has a hover', () => {
    for (const [name, text] of realDockerfiles()) {
      const doc = analyze('file:///x', 1, text);
      for (const ins of doc.ast.instructions) {
        const h = hover(doc, doc.lines.positionAt(ins.keywordRange.start), 'en');
        assert.ok(h, `${name}: no hover on ${ins.keyword}`);
      }
    }
  });
});

describe('completion', () => {
  it('only ARG and FROM before the first FROM, every instruction after', () => {
    assert.deepEqual(labels('|').sort(), ['ARG', 'FROM']);
    assert.deepEqual(labels('ARG A\nF|').sort(), ['ARG', 'FROM']);
    const after = labels('FROM a\n|');
    for (const k of ['RUN', 'COPY', 'CMD', 'ENTRYPOINT', 'HEALTHCHECK', 'ONBUILD']) assert.ok(after.includes(k), k);
  });
  it('directives at the top', () => {
    assert.deepEqual(labels('# |'), ['syntax', 'escape', 'check']);
    assert.deepEqual(labels('# syntax=docker/dockerfile:1\n# |'), ['escape', 'check']);
  });
  it('snippets carry tab stops when the client supports them', () => {
    const { doc, position } = at('FROM a\n|');
    const cmd = completion(doc, position, { lang: 'en', snippets: true }).find((i) => i.label === 'CMD')!;
    assert.equal(cmd.insertTextFormat, 2);
    assert.match((cmd.textEdit as { newText: string }).newText, /\$\{1:executable\}/);
  });
  it('flags per instruction and their values', () => {
    assert.ok(labels('FROM a\nRUN --|').includes('--mount'));
    assert.ok(labels('FROM a\nCOPY --|').includes('--chown'));
    assert.deepEqual(labels('FROM a\nRUN --mount=type=|'), ['bind', 'cache', 'tmpfs', 'secret', 'ssh']);
    const cache = labels('FROM a\nRUN --mount=type=cache,|');
    assert.ok(cache.includes('target') && cache.includes('sharing'));
    assert.deepEqual(labels('FROM a\nRUN --mount=type=cache,sharing=|'), ['shared', 'private', 'locked']);
    assert.ok(labels('FROM --platform=|').includes('linux/arm64'));
    assert.ok(labels('FROM --platform=|').includes('$BUILDPLATFORM'));
  });
  it('stage names after --from= and FROM', () => {
    assert.ok(labels('FROM golang AS build\nFROM scratch\nCOPY --from=|').includes('build'));
    assert.ok(labels('FROM golang AS build\nFROM |').includes('build'));
    assert.ok(labels('FROM golang AS build\nFROM scratch\nRUN --mount=type=bind,from=|').includes('build'));
  });
  it('variables in scope after $ and ${', () => {
    const l1 = labels('ARG G=1\nFROM a\nARG A\nENV E=1\nRUN echo $|');
    assert.ok(l1.includes('A') && l1.includes('E'));
    assert.ok(!l1.includes('G'), 'global ARG not visible in the stage');
    assert.ok(labels('ARG G=1\nFROM ${|').includes('G'));
    assert.ok(labels('FROM ${|').includes('TARGETPLATFORM'));
  });
  it('images and tags in FROM', () => {
    assert.ok(labels('FROM |').includes('alpine'));
    assert.ok(labels('FROM node:|').includes('24-alpine'));
    assert.deepEqual(labels('FROM node:24 |'), ['AS']);
  });
  it('HEALTHCHECK, STOPSIGNAL, EXPOSE, ONBUILD', () => {
    assert.ok(labels('FROM a\nHEALTHCHECK |').includes('CMD'));
    assert.ok(labels('FROM a\nHEALTHCHECK |').includes('NONE'));
    assert.ok(labels('FROM a\nSTOPSIGNAL |').includes('SIGTERM'));
    assert.deepEqual(labels('FROM a\nEXPOSE 80/|'), ['tcp', 'udp']);
    const onbuild = labels('FROM a\nONBUILD |');
    assert.ok(onbuild.includes('RUN') && !onbuild.includes('FROM') && !onbuild.includes('ONBUILD'));
  });
  it('exec-form template for CMD/ENTRYPOINT', () => {
    assert.deepEqual(labels('FROM a\nCMD |', true), ['["executable", "param"]']);
  });
  it('inside a continuation: arguments, not instructions', () => {
    assert.ok(!labels('FROM a\nRUN apt-get install \\\n  |').includes('RUN'));
    assert.ok(labels('FROM a\nENV E=1\nRUN apt-get install \\\n  $|').includes('E'));
  });
});
