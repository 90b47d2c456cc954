/** Definition, references, highlight, rename and inlay hints on the semantic model (no protocol). */
import * as assert from 'node:assert/strict';
import type { Position, TextEdit } from 'vscode-languageserver';
import { inlayHints } from '../../server/src/features/inlayHints';
import { definition, documentHighlights, prepareRename, references, rename } from '../../server/src/features/navigation';
import { analyze } from '../../server/src/model/document';
import { applyEdits } from '../../server/src/model/edits';
import { realDockerfiles } from '../helpers/corpus';

const doc = (text: string) => analyze('file:///Dockerfile', 1, text);

/** The position of the `n`-th occurrence (0-based) of `needle`, plus `delta` characters. */
function pos(text: string, needle: string, n = 0, delta = 1): Position {
  let at = -1;
  for (let i = 0; i <= n; i++) at = text.indexOf(needle, at + 1);
  assert.ok(at >= 0, `${needle} #${n} not found`);
  const d = doc(text);
  return d.lines.positionAt(at + delta);
}

/** The text at each location, as `line:text`. */
function texts(text: string, locs: Array<{ range: { start: Position; end: Position } }>): string[] {
  const d = doc(text);
  return locs.map((l) => `${l.range.start.line}:${text.slice(d.lines.offsetAt(l.range.start), d.lines.offsetAt(l.range.end))}`);
}

function applyRename(text: string, p: Position, name: string): string {
  const d = doc(text);
  const edit = rename(d, p, name)!;
  const edits = edit.changes!['file:///Dockerfile'] as TextEdit[];
  return applyEdits(text, edits.map((e) => ({ start: d.lines.offsetAt(e.range.start), end: d.lines.offsetAt(e.range.end), newText: e.newText })));
}

const STAGES = [
  'FROM golang:1.22 AS Build',
  'RUN go build -o /app .',
  'FROM build AS test',
  'RUN go test ./...',
  'FROM alpine:3.20',
  'COPY --from=BUILD /app /app',
  'RUN --mount=type=bind,from=build,target=/src ls /src',
  'COPY --from=0 /app /app0',
  'COPY --from=later /x /x',
  'FROM scratch AS later',
  '',
].join('\n');

describe('navigation: stages', () => {
  it('definition from FROM, --from= (any case), mount from= and a stage index', () => {
    const d = doc(STAGES);
    for (const [needle, n] of [['build AS test', 0], ['BUILD /app', 0], ['from=build', 0], ['=0', 0]] as const) {
      const delta = needle.startsWith('from=') ? 6 : needle.startsWith('=') ? 1 : 1;
      const defs = definition(d, pos(STAGES, needle, n, delta));
      assert.deepEqual(texts(STAGES, defs), ['0:Build'], needle);
    }
  });
  it('--from= may name a later stage; FROM may not', () => {
    const d = doc(STAGES);
    assert.deepEqual(texts(STAGES, definition(d, pos(STAGES, '=later', 0, 2))), ['9:later']);
    const t2 = 'FROM later\nFROM alpine AS later\n';
    assert.deepEqual(definition(doc(t2), pos(t2, 'later')), []);
  });
  it('references and highlights include every place, declaration first', () => {
    const d = doc(STAGES);
    const refs = texts(STAGES, references(d, pos(STAGES, 'Build'), true));
    assert.deepEqual(refs, ['0:Build', '2:build', '5:BUILD', '6:build', '7:0']);
    assert.deepEqual(texts(STAGES, references(d, pos(STAGES, 'Build'), false)), ['2:build', '5:BUILD', '6:build', '7:0']);
    const hl = documentHighlights(d, pos(STAGES, 'BUILD /app'));
    assert.equal(hl.length, 5);
    assert.equal(hl[0].kind, 3 /* Write */);
    assert.equal(hl[1].kind, 2 /* Read */);
  });
  it('rename changes the declaration and every plain reference, not the index', () => {
    const out = applyRename(STAGES, pos(STAGES, 'BUILD /app'), 'compile');
    assert.match(out, /AS compile\n/);
    assert.match(out, /FROM compile AS test/);
    assert.match(out, /--from=compile \/app/);
    assert.match(out, /from=compile,target/);
    assert.match(out, /--from=0 /);
    assert.doesNotMatch(out, /AS build|FROM build|from=build/i);
  });
  it('rename validates the name and rejects conflicts', () => {
    const d = doc(STAGES);
    const p = pos(STAGES, 'Build');
    assert.throws(() => rename(d, p, '1abc'), /not a valid stage name/);
    assert.throws(() => rename(d, p, 'my stage'), /not a valid stage name/);
    assert.throws(() => rename(d, p, 'TEST'), /already exists/);
    const t = 'FROM golang AS b\nFROM alpine\n';
    assert.throws(() => rename(doc(t), pos(t, 'b\n', 0, 0), 'Alpine'), /would then build this stage/);
    assert.throws(() => prepareRename(d, pos(STAGES, '=0', 0, 1)), /not written as the plain name/);
    assert.deepEqual(prepareRename(d, p)?.placeholder, 'Build');
  });
});

const VARS = [
  'ARG BASE_TAG=3.20',
  'ARG VERSION=1.0',
  'FROM alpine:${BASE_TAG} AS base',
  'ARG VERSION',
  'ENV APP_HOME=/opt/app PATH=$APP_HOME/bin:$PATH',
  'RUN echo $VERSION $BASE_TAG',
  'FROM base AS child',
  'RUN ls $APP_HOME',
  'ENV APP_HOME=/srv',
  'RUN ls ${APP_HOME}',
  'FROM alpine',
  'RUN echo $APP_HOME $VERSION',
  '',
].join('\n');

describe('navigation: variables with Docker scoping', () => {
  it('a global ARG is seen by FROM, and inside a stage only through its re-declaration', () => {
    const d = doc(VARS);
    assert.deepEqual(texts(VARS, definition(d, pos(VARS, '${BASE_TAG}', 0, 3))), ['0:BASE_TAG']);
    // $BASE_TAG in the RUN is not re-declared in the stage: no definition
    assert.deepEqual(definition(d, pos(VARS, '$BASE_TAG', 0, 2)), []);
    // $VERSION resolves to the stage's `ARG VERSION`, which is the same symbol as the global
    assert.deepEqual(texts(VARS, definition(d, pos(VARS, '$VERSION', 0, 2))), ['3:VERSION']);
    assert.deepEqual(texts(VARS, references(d, pos(VARS, 'VERSION=1.0'), true)), ['1:VERSION', '3:VERSION', '5:VERSION']);
  });
  it('ENV persists into a stage built FROM the stage; a redefinition there is a different symbol', () => {
    const d = doc(VARS);
    assert.deepEqual(texts(VARS, definition(d, pos(VARS, 'ls $APP_HOME', 0, 5))), ['4:APP_HOME']);
    assert.deepEqual(texts(VARS, definition(d, pos(VARS, '${APP_HOME}', 0, 3))), ['8:APP_HOME']);
    // `$APP_HOME` in the same ENV sees the value before the instruction (Docker's rule), here none
    assert.deepEqual(texts(VARS, references(d, pos(VARS, 'APP_HOME=/opt'), true)), ['4:APP_HOME', '7:APP_HOME']);
    assert.deepEqual(definition(d, pos(VARS, '$APP_HOME/bin', 0, 2)), []);
    // the last stage is built FROM alpine: none of those variables is visible
    assert.deepEqual(definition(d, pos(VARS, '$APP_HOME $VERSION', 0, 2)), []);
  });
  it('rename a variable: declaration, re-declarations and uses', () => {
    const out = applyRename(VARS, pos(VARS, 'VERSION=1.0'), 'APP_VERSION');
    assert.deepEqual(out.split('\n').filter((l) => l.includes('VERSION')), [
      'ARG APP_VERSION=1.0', 'ARG APP_VERSION', 'RUN echo $APP_VERSION $BASE_TAG', 'RUN echo $APP_HOME $VERSION',
    ]);
    const env = applyRename(VARS, pos(VARS, 'APP_HOME=/opt'), 'HOME_DIR');
    assert.match(env, /ENV HOME_DIR=\/opt\/app PATH=\$APP_HOME\/bin/);
    assert.match(env, /RUN ls \$HOME_DIR\n/);
    assert.match(env, /ENV APP_HOME=\/srv/);
  });
  it('rename refuses invalid, predefined and captured names', () => {
    const d = doc(VARS);
    const p = pos(VARS, 'VERSION=1.0');
    assert.throws(() => rename(d, p, '9X'), /not a valid variable name/);
    assert.throws(() => rename(d, p, 'TARGETPLATFORM'), /predefined/);
    assert.throws(() => rename(d, pos(VARS, 'APP_HOME=/opt'), 'PATH'), /already used/);
    assert.throws(() => rename(d, p, 'BASE_TAG'), /already used/);
    const t = 'FROM alpine\nARG TARGETARCH\nRUN echo $TARGETARCH\n';
    assert.throws(() => prepareRename(doc(t), pos(t, '$TARGETARCH', 0, 2)), /predefined/);
  });
  it('a variable used inside ONBUILD resolves in its stage', () => {
    const t = 'FROM alpine\nARG DIR=/x\nONBUILD RUN ls ${DIR}\n';
    assert.deepEqual(texts(t, definition(doc(t), pos(t, '${DIR}', 0, 3))), ['1:DIR']);
  });
});

describe('navigation: heredoc delimiters', () => {
  const H = 'FROM alpine\nRUN <<-"EOT" sh\n\techo EOF\n\tEOT\nCOPY <<EOF /f\nhello\nEOF\n';
  it('definition and references link the marker and the terminator', () => {
    const d = doc(H);
    assert.deepEqual(texts(H, definition(d, pos(H, 'EOT', 1))), ['1:EOT']);
    assert.deepEqual(texts(H, references(d, pos(H, 'EOT'), true)), ['1:EOT', '3:EOT']);
  });
  it('rename both, refusing a word that is a line of the body', () => {
    const out = applyRename(H, pos(H, 'EOF', 1), 'END');
    assert.equal(out, 'FROM alpine\nRUN <<-"EOT" sh\n\techo EOF\n\tEOT\nCOPY <<END /f\nhello\nEND\n');
    assert.throws(() => rename(doc(H), pos(H, 'EOF', 1), 'hello'), /end the heredoc early/);
  });
});

describe('navigation: every corpus file', () => {
  it('every reference resolves inside the text, renames keep the parse', () => {
    for (const [name, text] of realDockerfiles()) {
      const d = doc(text);
      for (const o of d.symbols.occurrences) {
        assert.ok(o.start >= 0 && o.end <= text.length && o.start < o.end, `${name}: ${o.symbol.name}`);
        if (o.target) assert.ok(o.target.declaration, name);
      }
      // rename every declared stage and the first variable, check the file still has the same structure
      const decl = d.symbols.occurrences.find((o) => o.declaration && o.symbol.kind === 'variable' && o.renamable);
      if (decl) {
        let out: string;
        try {
          out = applyRename(text, d.lines.positionAt(decl.start), 'RENAMED_VAR_X');
        } catch (e) {
          continue; // a refusal is fine
        }
        const after = doc(out);
        assert.equal(after.ast.instructions.length, d.ast.instructions.length, name);
        assert.equal(after.symbols.symbols.filter((s) => s.name === 'RENAMED_VAR_X').length >= 1, true, name);
      }
    }
  });
});

describe('inlay hints', () => {
  const all = { variableValues: true, implicitLatest: true };
  const labels = (text: string, s = all) => {
    const d = doc(text);
    return inlayHints(d, { start: { line: 0, character: 0 }, end: d.lines.positionAt(text.length) }, s)
      .map((h) => `${h.position.line}:${h.position.character}${h.label}`);
  };
  it('resolved values where BuildKit expands, including modifiers and nested defaults', () => {
    const t = 'ARG BASE_TAG=3.20\nARG IMG=alpine:${BASE_TAG}\nFROM ${IMG} AS a\nARG BASE_TAG\nENV DIR=/opt/${BASE_TAG:-x} U=${UNSET:-d}\nWORKDIR $DIR\nRUN echo $DIR\nCMD ["echo", "$DIR"]\n';
    assert.deepEqual(labels(t), ['1:26= 3.20', '2:16→ alpine:3.20', '4:27= 3.20', '5:12= /opt/3.20']);
  });
  it('implicit :latest on untagged images, not on stages, scratch, digests or variables', () => {
    const t = 'FROM ubuntu AS a\nFROM a\nFROM scratch\nFROM nginx@sha256:' + 'a'.repeat(64) + '\nFROM ${X}\nCOPY --from=busybox /bin/sh /sh\nCOPY --from=a /x /x\nFROM ghcr.io/o/r:1\n';
    assert.deepEqual(labels(t), ['0:11:latest', '5:19:latest']);
  });
  it('a FROM whose image has variables: one hint at the end of the line with the whole reference, none inside the name', () => {
    const t = 'ARG NODE_VERSION=20\nARG ALPINE_VERSION=3.20\nARG IMAGE=busybox\nFROM node:${NODE_VERSION}-alpine${ALPINE_VERSION} AS deps\nRUN echo ${NODE_VERSION}\nFROM --platform=linux/amd64 ${IMAGE}  \nFROM ${UNSET}\nFROM deps\n';
    // BuildKit builds node:20-alpine3.20 (the global ARGs' defaults); `${IMAGE}` pulls busybox:latest;
    // a variable without a default gets no hint; the RUN's variable is not BuildKit's (the stage did not declare it)
    assert.deepEqual(labels(t), ['3:57→ node:20-alpine3.20', '5:36→ busybox:latest']);
    assert.deepEqual(labels(t, { variableValues: true, implicitLatest: false }), ['3:57→ node:20-alpine3.20', '5:36→ busybox']);
    // elsewhere the per-variable hints stay
    assert.deepEqual(labels('ARG V=1.2\nFROM alpine:3.20\nARG V\nENV APP=/opt/app-${V}\n'), ['3:21= 1.2']);
  });
  it('each kind can be switched off; only the requested range', () => {
    const t = 'ARG T=1\nFROM alpine:$T\nFROM ubuntu\n';
    assert.deepEqual(labels(t, { variableValues: false, implicitLatest: true }), ['2:11:latest']);
    assert.deepEqual(labels(t, { variableValues: true, implicitLatest: false }), ['1:14→ alpine:1']);
    const d = doc(t);
    assert.equal(inlayHints(d, { start: { line: 2, character: 0 }, end: { line: 2, character: 11 } }, all).length, 1);
  });
});
