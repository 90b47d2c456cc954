/**
 * The rules issue 15 added so that every mistake in examples/mistakes.dockerfile is reported:
 * RunCdInsteadOfWorkdir (hadolint DL3003), GlobalArgNotInStage, and CopyFromStage's
 * "did you mean" for a misspelt `--from` stage.
 */
import * as assert from 'node:assert/strict';
import { analyze } from '../../../server/src/model/document';
import { editsKeepParse } from '../../../server/src/model/edits';
import { applyFix, findings, lintText, rangeText } from '../../helpers/rules';

const got = (text: string, id: string) => findings(text, id).map((d) => rangeText(text, d));

describe('rules: RunCdInsteadOfWorkdir', () => {
  it('a cd nothing runs after: end of the RUN, end of a subshell, pipeline, background, heredoc script', () => {
    const text = [
      'FROM busybox',
      'RUN cd /app',
      'RUN make; cd /app',
      'RUN (cd /x) && make',
      'RUN a && (b; cd /y)',
      'RUN if [ -d /x ]; then cd /x; fi',
      'RUN cd /x | cat',
      'RUN cd /x &',
      'RUN cd /x || exit 1',
      'RUN <<EOF',
      'set -e',
      'cd /opt',
      'EOF',
      '',
    ].join('\n');
    assert.deepEqual(got(text, 'RunCdInsteadOfWorkdir'), ['cd /app', 'cd /app', 'cd /x', 'cd /y', 'cd /x', 'cd /x', 'cd /x', 'cd /x', 'cd /opt']);
    const [first] = findings(text, 'RunCdInsteadOfWorkdir');
    assert.equal(first.severity, 'warning');
    assert.equal(first.fixes, undefined, 'no quick fix: WORKDIR would change where later instructions run');
    assert.ok(first.message.includes('`WORKDIR /app`'), first.message);
    assert.ok(findings(text, 'RunCdInsteadOfWorkdir')[2].message.includes('subshell'));
    assert.ok(findings(text, 'RunCdInsteadOfWorkdir')[5].message.includes('pipeline'));
  });
  it('a cd whose directory later commands of the same RUN use is fine (hadolint flags it; documented)', () => {
    const text = [
      'FROM busybox',
      'RUN cd /src && make',
      'RUN cd /src; make',
      'RUN (cd /x; make) && ls',
      'RUN { cd /x; } && make',
      'RUN cd /a && cd b',
      'RUN cd /a \\',
      '  && make',
      'RUN echo cd /x',
      'RUN ["sh", "-c", "cd /x"]',
      '',
    ].join('\n');
    assert.deepEqual(got(text, 'RunCdInsteadOfWorkdir'), ['cd b']);
  });
  it('not in RUNs whose SHELL is not a POSIX shell; # hadolint ignore=DL3003 suppresses it', () => {
    assert.deepEqual(got('FROM busybox\nSHELL ["pwsh", "-c"]\nRUN cd /x\n', 'RunCdInsteadOfWorkdir'), []);
    assert.deepEqual(got('FROM busybox\n# hadolint ignore=DL3003\nRUN cd /x\n', 'RunCdInsteadOfWorkdir'), []);
  });
});

describe('rules: GlobalArgNotInStage', () => {
  it('a global ARG used in a RUN of a stage that did not declare it', () => {
    const text = 'ARG VERSION=1.2.3\nFROM busybox:1.36\nRUN echo "version $VERSION"\nRUN echo ${VERSION}\n';
    const fs = findings(text, 'GlobalArgNotInStage');
    assert.deepEqual(fs.map((d) => rangeText(text, d)), ['$VERSION', '${VERSION}']);
    assert.equal(fs[0].severity, 'warning');
    assert.ok(fs[0].message.includes('declare `ARG VERSION` in this stage'.replace('declare', 'Declare')), fs[0].message);
    // both fixes declare it once, before the first RUN using it
    const fixed = 'ARG VERSION=1.2.3\nFROM busybox:1.36\nARG VERSION\nRUN echo "version $VERSION"\nRUN echo ${VERSION}\n';
    assert.equal(applyFix(text, 'GlobalArgNotInStage', 0, 0), fixed);
    assert.equal(applyFix(text, 'GlobalArgNotInStage', 0, 1), fixed);
    assert.deepEqual(findings(fixed, 'GlobalArgNotInStage'), []);
    assert.ok(editsKeepParse(text, fs[0].fixes![0].edits));
  });
  it('the predefined platform ARGs too; a heredoc script; the fix keeps the indentation and CRLF', () => {
    const text = 'FROM busybox:1.36\r\n  RUN echo $TARGETARCH\r\n';
    assert.deepEqual(got(text, 'GlobalArgNotInStage'), ['$TARGETARCH']);
    assert.equal(applyFix(text, 'GlobalArgNotInStage'), 'FROM busybox:1.36\r\n  ARG TARGETARCH\r\n  RUN echo $TARGETARCH\r\n');
    assert.deepEqual(got('ARG V=1\nFROM busybox:1.36\nRUN <<EOF\necho $V\nEOF\n', 'GlobalArgNotInStage'), ['$V']);
  });
  it('not when declared in the stage (or the stage it is built FROM), set by ENV, by the script itself, defaulted, single-quoted, or not a global ARG', () => {
    for (const text of [
      'ARG V=1\nFROM busybox:1.36\nARG V\nRUN echo $V\n',
      'ARG V=1\nFROM busybox:1.36 AS a\nARG V\nFROM a\nRUN echo $V\n',
      'ARG V=1\nFROM busybox:1.36\nENV V=2\nRUN echo $V\n',
      'ARG V=1\nFROM busybox:1.36\nRUN V=2 && echo $V\n',
      'ARG V=1\nFROM busybox:1.36\nRUN for V in 1 2; do echo $V; done\n',
      'ARG V=1\nFROM busybox:1.36\nRUN read V < /etc/hostname; echo $V\n',
      'ARG V=1\nFROM busybox:1.36\nRUN echo ${V:-none} ${V-x} ${V:+y}\n',
      "ARG V=1\nFROM busybox:1.36\nRUN echo '$V' \\$V\n",
      'ARG V=1\nFROM busybox:1.36\nRUN ["echo", "$V"]\n',
      'ARG V=1\nFROM busybox:1.36\nCOPY $V /x\n',
      'FROM busybox:1.36\nRUN echo $HOME $UNKNOWN\n',
      'ARG V=1\nFROM busybox:1.36\nONBUILD RUN echo $V\n',
    ]) assert.deepEqual(got(text, 'GlobalArgNotInStage'), [], text);
  });
  it('BuildKit\'s UndefinedVar stays as BuildKit has it: shell-form RUN is not its business', () => {
    assert.deepEqual(findings('ARG V=1\nFROM busybox:1.36\nRUN echo $V\n', 'UndefinedVar'), []);
  });
});

describe('rules: CopyFromStage, a misspelt --from', () => {
  it('a near miss of an earlier stage: warning, did you mean, the stage as preferred fix', () => {
    const text = 'FROM busybox:1.36 AS build\nRUN touch /out\nFROM busybox:1.36\nCOPY --from=biuld /out /out\n';
    const [f] = findings(text, 'CopyFromStage');
    assert.equal(rangeText(text, f), 'biuld');
    assert.equal(f.severity, 'warning');
    assert.equal(f.message, 'No stage is called "biuld": BuildKit copies from the image "biuld" (biuld:latest from Docker Hub) instead. Did you mean build?');
    assert.equal(f.fixes?.[0].preferred, true);
    assert.equal(applyFix(text, 'CopyFromStage'), text.replace('biuld', 'build'));
    assert.deepEqual(lintText(applyFix(text, 'CopyFromStage')).filter((d) => d.code === 'CopyFromStage'), []);
  });
  it('RUN --mount=from= too, case-insensitive like BuildKit\'s lookup', () => {
    const text = 'FROM busybox:1.36 AS Build\nFROM busybox:1.36\nRUN --mount=type=bind,from=buidl,target=/b true\n';
    assert.deepEqual(got(text, 'CopyFromStage'), ['buidl']);
    assert.ok(findings(text, 'CopyFromStage')[0].message.endsWith('Did you mean build?'));
  });
  it('no suggestion for images with a tag/registry, far names, short names, the current or a later stage; no fix when two stages are as close', () => {
    for (const text of [
      'FROM busybox:1.36 AS build\nFROM busybox:1.36\nCOPY --from=build:1 /a /b\nCOPY --from=docker.io/biuld /a /b\nCOPY --from=alpine /a /b\n',
      'FROM busybox:1.36 AS js\nFROM busybox:1.36\nCOPY --from=go /a /b\n',
      'FROM busybox:1.36 AS app\nCOPY --from=ap /a /b\nFROM busybox:1.36 AS build\n',
      'FROM busybox:1.36\nCOPY --from=biuld /a /b\nFROM busybox:1.36 AS build\n',
    ]) assert.deepEqual(got(text, 'CopyFromStage'), [], text);
    const two = 'FROM busybox:1.36 AS app1\nFROM busybox:1.36 AS app2\nFROM busybox:1.36\nCOPY --from=app3 /a /b\n';
    const [f] = findings(two, 'CopyFromStage');
    assert.equal(rangeText(two, f), 'app3');
    assert.equal(f.fixes, undefined);
  });
  it('the fixed text still parses the same way around the edit', () => {
    const text = 'FROM busybox:1.36 AS build\nFROM busybox:1.36\nCOPY --from=biuld /a /b\n';
    const [f] = findings(text, 'CopyFromStage');
    assert.ok(editsKeepParse(text, f.fixes![0].edits));
    assert.ok(analyze('file:///x/Dockerfile', 1, applyFix(text, 'CopyFromStage')).ast.instructions.length === 3);
  });
});
