/**
 * Shell formatting against a real engine (Docker 20.10; BuildKit and the
 * legacy builder): a Dockerfile whose RUN instructions use the usual styles
 * (`&& \` at the end or at the start of lines, `set -eux; \` scripts, if/for/
 * case/functions/subshells, pipes and redirections, quoted runs of blanks,
 * `$VAR` from ARG and ENV, a SHELL bash stage) is formatted with
 * format.shell; every RUN must have changed, and the original and the
 * formatted files must build images whose /out files are byte for byte the
 * same. (RUN heredocs are not built: dockerd 20.10's built-in frontend
 * predates them and no newer frontend can be pulled here; the unit tests
 * cover their bodies.)
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_FORMAT_SETTINGS, formatDocumentAsync } from '../../server/src/features/formatting';
import { analyze } from '../../server/src/model/document';
import { parse } from '../../server/src/parser';
import { BUSYBOX_IMAGE, docker, dockerBuild, importBusybox, needDocker, startDockerd, type Dockerd } from '../helpers/docker';

const DOCKERFILE = [
  `FROM ${BUSYBOX_IMAGE}`,
  'ARG GREETING="hello  there"',
  'ENV WHO=world',
  'RUN mkdir -p /out&&echo "$GREETING"   $WHO>/out/1',
  'RUN echo one > /out/2 &&\\',
  '      echo two>>/out/2 ||\\',
  '  echo never >> /out/2',
  'RUN echo a > /out/3 \\',
  '  &&   echo b >> /out/3 \\',
  '        && ( cd /tmp&&pwd ) >> /out/3',
  'RUN set -eu;\\',
  '  if [ -d /out ];then echo dir;else echo none;fi>/out/4; \\',
  '  for f in x y  z;do echo "<$f>";done>>/out/4;\\',
  '  case "$WHO" in wor*) echo matched;; *) echo no;; esac >> /out/4',
  "RUN f() { echo \"f:$1\"; };f 'a  b'>/out/5;echo $((1+2))|cat>>/out/5 2>&1",
  'RUN { echo x; echo y; } |wc -l>/out/6 ; true & wait',
  'RUN echo \'single  quoted\' "dq  $WHO" a\\ \\ b>/out/7',
  '',
].join('\n');

describe('shell formatting against a real engine (same /out files)', function () {
  this.timeout(600000);
  let d: Dockerd;
  let dir: string;

  before(async function () {
    needDocker(this, { busybox: true });
    d = await startDockerd();
    await importBusybox(d);
    dir = mkdtempSync(join(tmpdir(), 'lens-shfmt-'));
  });
  after(async () => {
    await d?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the original and the formatted Dockerfile build the same results', async () => {
    const doc = analyze('file:///Dockerfile', 1, DOCKERFILE);
    const edits = await formatDocumentAsync(doc, { tabSize: 4, insertSpaces: true }, { ...DEFAULT_FORMAT_SETTINGS, shell: true });
    const formatted = TextDocument.applyEdits(TextDocument.create('file:///Dockerfile', 'dockerfile', 1, DOCKERFILE), edits);
    console.log('\n' + formatted.replace(/^/gm, '      | '));
    const before = parse(DOCKERFILE).instructions.filter((i) => i.name === 'RUN');
    const after = parse(formatted).instructions.filter((i) => i.name === 'RUN');
    assert.equal(after.length, before.length);
    before.forEach((b, i) => assert.notEqual(after[i].original, b.original, `RUN at line ${b.startLine} was formatted`));
    writeFileSync(join(dir, 'Dockerfile.original'), DOCKERFILE);
    writeFileSync(join(dir, 'Dockerfile.formatted'), formatted);
    for (const builder of ['buildkit', 'legacy'] as const) {
      const outs: string[] = [];
      for (const which of ['original', 'formatted']) {
        const tag = `lens-shfmt-${which}:${builder}`;
        const b = await dockerBuild(d, { dockerfile: join(dir, `Dockerfile.${which}`), context: dir, tag, builder, extraArgs: ['--no-cache'] });
        assert.equal(b.code, 0, b.output);
        const r = await docker(d, ['run', '--rm', '--network=none', tag, 'sh', '-c', 'for f in /out/*; do echo "== $f"; cat "$f"; done']);
        assert.equal(r.code, 0, r.output);
        outs.push(r.output);
      }
      console.log(`      ${builder}: /out of both images\n` + outs[0].replace(/^/gm, '      | '));
      assert.equal(outs[1], outs[0], builder);
      assert.match(outs[0], /== \/out\/7\nsingle {2}quoted dq {2}world a {2}b\n/);
      assert.match(outs[0], /== \/out\/1\nhello {2}there world\n/);
    }
  });
});
