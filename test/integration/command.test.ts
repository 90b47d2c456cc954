/**
 * The effective command against a real engine (Docker 20.10, BuildKit and the
 * legacy builder): each Dockerfile below is built, and the Entrypoint and Cmd
 * that `docker inspect` shows, concatenated, must be exactly the argv that
 * model/command.ts computes and that `dist/cli.js layers --format json`
 * reports — ONBUILD triggers, FROM through a variable, shell-form ENTRYPOINT
 * with a CMD, SHELL, inheritance. An image with no command must fail to start
 * with "No command specified" where we say so, and `FROM Base` after
 * `AS base` must fail under BuildKit (InvalidStageReference) and build with
 * the legacy builder. Prints the table file × builder × inspect × ours.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { effectiveCommand } from '../../server/src/model/command';
import { analyze } from '../../server/src/model/document';
import type { LayersReport } from '../../server/src/protocol/layers';
import { lintText } from '../helpers/rules';
import { repoRoot } from '../helpers/corpus';
import { BUSYBOX_IMAGE, docker, dockerBuild, importBusybox, needDocker, startDockerd, type Dockerd } from '../helpers/docker';

const CASES: Record<string, string> = {
  'onbuild-cmd': 'FROM scratch AS a\nONBUILD CMD ["x"]\nFROM a\n',
  'onbuild-grandchild': 'FROM scratch AS a\nONBUILD CMD ["x"]\nFROM a AS b\nFROM b\n',
  'onbuild-shell-entrypoint': 'FROM scratch AS a\nONBUILD SHELL ["/bin/bash","-c"]\nONBUILD ENTRYPOINT echo hi\nFROM a AS b\nCMD y z\n',
  'onbuild-entrypoint-resets-cmd': 'FROM scratch AS a\nCMD ["x"]\nONBUILD ENTRYPOINT ["e"]\nFROM a\n',
  'onbuild-cmd-then-entrypoint': 'FROM scratch AS a\nONBUILD CMD ["x"]\nFROM a\nENTRYPOINT ["e"]\n',
  'from-variable': 'ARG B=base\nFROM scratch AS base\nCMD ["x"]\nFROM ${B}\n',
  'from-variable-default': 'ARG B\nFROM scratch AS base\nENTRYPOINT ["e"]\nFROM ${B:-base}\nCMD ["c"]\n',
  'shell-entrypoint-with-cmd': 'FROM scratch\nENTRYPOINT echo $0 $1\nCMD ["x","y"]\n',
  'shell-entrypoint-ignores-cmd': 'FROM scratch\nCMD ["x"]\nENTRYPOINT exec nginx -g "daemon off;"\n',
  'exec-entrypoint-shell-cmd': 'FROM scratch\nENTRYPOINT ["/bin/ping","localhost"]\nCMD -c 3\n',
  'shell-inherited': 'FROM scratch AS base\nSHELL ["/bin/ash", "-c"]\nFROM base\nCMD echo hi\n',
  'entrypoint-resets-inherited-cmd': 'FROM scratch AS base\nCMD ["--help"]\nFROM base\nENTRYPOINT ["my-tool"]\n',
  'no-command': 'FROM scratch\nLABEL a=b\n',
  'empty-forms': 'FROM scratch\nENTRYPOINT []\nCMD []\n',
  'busybox-run': `FROM ${BUSYBOX_IMAGE}\nENTRYPOINT ["/bin/sh","-c","echo \\"$0|$1\\""]\nCMD ["first","second"]\n`,
};

describe('effective command against a real engine (docker inspect)', function () {
  this.timeout(600000);
  let d: Dockerd;
  let dir: string;
  const rows: string[][] = [];

  before(async function () {
    needDocker(this, { busybox: true });
    d = await startDockerd();
    await importBusybox(d);
    dir = mkdtempSync(join(tmpdir(), 'lens-cmd-'));
  });
  after(async () => {
    if (rows.length) console.log('\n' + rows.map((r) => r.map((c, i) => c.padEnd([32, 9, 60][i] ?? 0)).join(' ')).join('\n'));
    await d?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Entrypoint ++ Cmd as the engine stored them; null/[] both count as none. */
  async function inspectArgv(tag: string): Promise<string[]> {
    const r = await docker(d, ['image', 'inspect', '-f', '{{json .Config.Entrypoint}}\t{{json .Config.Cmd}}', tag]);
    assert.equal(r.code, 0, r.output);
    const [ep, cmd] = r.output.trim().split('\t').map((j) => (JSON.parse(j) as string[] | null) ?? []);
    return [...ep, ...cmd];
  }

  for (const [name, text] of Object.entries(CASES)) {
    for (const builder of ['buildkit', 'legacy'] as const) {
      it(`${name} (${builder})`, async () => {
        const file = join(dir, `${name}.Dockerfile`);
        writeFileSync(file, text);
        const tag = `lens-cmd/${name}:${builder}`;
        const b = await dockerBuild(d, { dockerfile: file, context: dir, tag, builder });
        assert.equal(b.code, 0, b.output);
        const engine = await inspectArgv(tag);
        const doc = analyze('file:///x/Dockerfile', 1, text);
        const ours = effectiveCommand(doc, doc.stages.stages[doc.stages.stages.length - 1]);
        rows.push([name, builder, JSON.stringify(engine), JSON.stringify(ours.argv)]);
        assert.deepEqual(ours.argv ?? [], engine, ours.note);
        assert.equal(ours.noCommand, engine.length === 0);
        // the CLI's JSON says the same
        const cli = JSON.parse(execFileSync(process.execPath, [join(repoRoot, 'dist/cli.js'), 'layers', '--format', 'json', '--no-registry', file], { encoding: 'utf8' })) as LayersReport;
        const last = cli.stages[cli.stages.length - 1];
        assert.deepEqual(last.command.argv ?? [], engine);
        assert.equal(last.command.noCommand, engine.length === 0);
        // NoCommand is reported exactly when the image cannot start without a command
        assert.equal(lintText(text).some((x) => x.code === 'NoCommand'), engine.length === 0);
        if (engine.length === 0) {
          const run = await docker(d, ['create', '--network=none', tag]);
          assert.notEqual(run.code, 0);
          assert.match(run.output, /No command specified/);
        }
      });
    }
  }

  it('a shell-form ENTRYPOINT gets the CMD as $0 $1 (docker run)', async () => {
    const run = await docker(d, ['run', '--rm', '--network=none', 'lens-cmd/busybox-run:buildkit']);
    assert.equal(run.code, 0, run.output);
    assert.equal(run.output.trim(), 'first|second');
  });

  it('FROM Base after AS base: BuildKit fails, the legacy builder builds; we report InvalidStageReference', async () => {
    const text = 'FROM scratch AS base\nLABEL a=b\nFROM Base\nLABEL c=d\n';
    const file = join(dir, 'case.Dockerfile');
    writeFileSync(file, text);
    const bk = await dockerBuild(d, { dockerfile: file, context: dir, tag: 'lens-cmd/case:buildkit', builder: 'buildkit' });
    assert.notEqual(bk.code, 0);
    assert.match(bk.output, /failed to parse stage name "Base": invalid reference format: repository name must be lowercase/);
    const legacy = await dockerBuild(d, { dockerfile: file, context: dir, tag: 'lens-cmd/case:legacy', builder: 'legacy' });
    assert.equal(legacy.code, 0, legacy.output);
    const found = lintText(text).filter((x) => x.code === 'InvalidStageReference');
    assert.equal(found.length, 1);
    assert.ok(found[0].message.includes('failed to parse stage name "Base": invalid reference format: repository name must be lowercase'));
    // COPY --from=Base is looked up case-insensitively by both builders: no finding
    const copy = 'FROM scratch AS base\nCOPY case.Dockerfile /f\nFROM scratch\nCOPY --from=Base /f /g\n';
    writeFileSync(file, copy);
    for (const builder of ['buildkit', 'legacy'] as const) {
      const r = await dockerBuild(d, { dockerfile: file, context: dir, tag: `lens-cmd/copy:${builder}`, builder });
      assert.equal(r.code, 0, r.output);
    }
    assert.deepEqual(lintText(copy).filter((x) => x.code === 'InvalidStageReference'), []);
  });
});
