/**
 * The behaviour behind the rules that examples/mistakes.dockerfile demonstrates, on the real
 * engine (a private dockerd, the imported busybox image), with both builders of Docker 20.10:
 * - RunCdInsteadOfWorkdir: after `RUN cd /app` the next RUN still runs in `/`;
 * - GlobalArgNotInStage: a global ARG is empty in a RUN until the stage declares it (and the
 *   predefined TARGETARCH too, with BuildKit); the quick fix makes the RUN see the default;
 * - CopyFromStage's "did you mean": `COPY --from=biuld` is no stage, the builder looks for an
 *   image `biuld` and the build fails; the fix (`build`) builds.
 * Each time the lint says so on the same file, and stays quiet where the engine agrees.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyEdits } from '../../server/src/model/edits';
import { BUSYBOX_IMAGE, docker, dockerBuild, importBusybox, needDocker, startDockerd, type Dockerd } from '../helpers/docker';
import { findings } from '../helpers/rules';

const BUILDERS = ['buildkit', 'legacy'] as const;

describe('integration: the examples\' mistakes on the real engine (RunCdInsteadOfWorkdir, GlobalArgNotInStage, --from typo)', function () {
  this.timeout(300000);
  let d: Dockerd | undefined;
  let dir: string;
  let n = 0;
  before(async function () {
    needDocker(this, { busybox: true });
    d = await startDockerd();
    await importBusybox(d);
    dir = mkdtempSync(join(tmpdir(), 'lens-examples-'));
  });
  after(async () => {
    await d?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function build(text: string, builder: (typeof BUILDERS)[number]) {
    const ctx = join(dir, String(++n));
    mkdirSync(ctx);
    writeFileSync(join(ctx, 'Dockerfile'), text);
    const tag = `lens-examples/${n}`;
    return { tag, ...(await dockerBuild(d!, { dockerfile: join(ctx, 'Dockerfile'), context: ctx, tag, builder })) };
  }
  async function cat(tag: string, file: string): Promise<string> {
    const r = await docker(d!, ['run', '--rm', '--network=none', tag, 'cat', file]);
    assert.equal(r.code, 0, r.output);
    return r.output.trim();
  }

  for (const builder of BUILDERS) {
    it(`${builder}: the directory of RUN cd /app is lost at the end of the RUN; chained commands run in it`, async () => {
      const text = `FROM ${BUSYBOX_IMAGE}\nRUN mkdir -p /app\nRUN cd /app\nRUN pwd > /where\nRUN cd /app && pwd > /chained\n`;
      const b = await build(text, builder);
      assert.equal(b.code, 0, b.output);
      assert.equal(await cat(b.tag, '/where'), '/');
      assert.equal(await cat(b.tag, '/chained'), '/app');
      assert.deepEqual(findings(text, 'RunCdInsteadOfWorkdir').map((f) => text.slice(f.range.start, f.range.end)), ['cd /app']);
      assert.equal(findings(text, 'RunCdInsteadOfWorkdir')[0].range.start, text.indexOf('RUN cd /app\n') + 4);
    });

    it(`${builder}: a global ARG is empty in a RUN until ARG VERSION; the quick fix makes the RUN see the default`, async () => {
      const text = `ARG VERSION=1.2.3\nFROM ${BUSYBOX_IMAGE}\nRUN echo "[$VERSION] [$TARGETARCH]" > /before\nARG VERSION\nARG TARGETARCH\nRUN echo "[$VERSION] [$TARGETARCH]" > /after\n`;
      const b = await build(text, builder);
      assert.equal(b.code, 0, b.output);
      assert.equal(await cat(b.tag, '/before'), '[] []');
      // the legacy builder of 20.10 predefines no platform ARGs
      assert.equal(await cat(b.tag, '/after'), builder === 'buildkit' ? '[1.2.3] [amd64]' : '[1.2.3] []');
      const fs = findings(text, 'GlobalArgNotInStage');
      assert.deepEqual(fs.map((f) => text.slice(f.range.start, f.range.end)), ['$VERSION', '$TARGETARCH']);
      const fixed = applyEdits(text, fs[0].fixes![0].edits);
      const f = await build(fixed, builder);
      assert.equal(f.code, 0, f.output);
      assert.equal((await cat(f.tag, '/before')).split(' ')[0], '[1.2.3]');
      assert.deepEqual(findings(fixed, 'GlobalArgNotInStage').map((x) => fixed.slice(x.range.start, x.range.end)), ['$TARGETARCH']);
    });

    it(`${builder}: COPY --from=biuld is taken for an image and fails; "did you mean build" and its fix build`, async () => {
      const text = `FROM ${BUSYBOX_IMAGE} AS build\nRUN echo hi > /out\nFROM ${BUSYBOX_IMAGE}\nCOPY --from=biuld /out /out\n`;
      const b = await build(text, builder);
      assert.notEqual(b.code, 0, b.output);
      assert.match(b.output, /biuld/);
      const [f] = findings(text, 'CopyFromStage');
      assert.equal(f.severity, 'warning');
      assert.ok(f.message.endsWith('Did you mean build?'), f.message);
      const fixed = applyEdits(text, f.fixes![0].edits);
      const ok = await build(fixed, builder);
      assert.equal(ok.code, 0, ok.output);
      assert.equal(await cat(ok.tag, '/out'), 'hi');
      // what the engine said, for the rule docs
      console.log(`        ${builder}: ${b.output.split('\n').filter((l) => /biuld/.test(l)).pop()?.trim()}`);
    });
  }
});
