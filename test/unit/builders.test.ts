/**
 * Who builds a file (server/src/model/builder.ts) and what changes with it:
 * BuildKit-only failures that Buildah accepts are errors for Dockerfiles and
 * warnings naming both builders for Containerfiles / podman; and which stages
 * ship (shippedStages): hygiene findings elsewhere are hints.
 * What Buildah accepts was checked with Debian's buildah 1.28 (see builder.ts).
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builderFor, buildTargetOf, isBuildahEngine } from '../../server/src/model/builder';
import { analyze } from '../../server/src/model/document';
import { shippedStages } from '../../server/src/model/shellWords';
import { lint, LintMemo } from '../../server/src/rules/engine';
import { ruleById } from '../../server/src/rules/registry';
import { DocumentState } from '../../server/src/session';
import { DEFAULT_SETTINGS } from '../../server/src/protocol/settings';
import { repoRoot } from '../helpers/corpus';
import { findings } from '../helpers/rules';

const COPY_FROM_VAR = 'FROM scratch AS src\nCOPY a.txt /a.txt\nFROM scratch\nARG SRC=src\nCOPY --from=${SRC} /a.txt /b.txt\n';
const MOUNT_FROM_VAR = 'FROM alpine:3.21 AS src\nFROM alpine:3.21\nARG SRC=src\nRUN --mount=type=bind,from=${SRC},target=/m cat /m/a.txt\n';
const DUPLICATE = 'FROM alpine:3.21\nCOPY --chown=1 --chown=2 a.txt /a.txt\n';
const LATER_STAGE = 'FROM alpine:3.21 AS first\nCOPY --from=later /a.txt /a.txt\nFROM scratch AS later\nCOPY a.txt /a.txt\nFROM first\n';

describe('builders: BuildKit vs Buildah (podman build)', () => {
  it('the builder follows the file name and the engine setting', () => {
    for (const name of ['file:///w/Containerfile', 'file:///w/Containerfile.dev', 'file:///w/api.containerfile', '/w/x/Containerfile', 'file:///w/CONTAINERFILE']) {
      assert.equal(builderFor(name), 'buildah', name);
    }
    for (const name of ['file:///w/Dockerfile', 'file:///w/Dockerfile.dev', 'file:///w/api.dockerfile', 'untitled:Untitled-1', 'file:///Containerfile.d/Dockerfile']) {
      assert.equal(builderFor(name), 'buildkit', name);
    }
    for (const p of ['podman', '/usr/bin/podman', 'buildah', 'C:\\Tools\\podman.exe', 'podman-remote', ' podman ']) assert.ok(isBuildahEngine(p), p);
    for (const p of ['docker', '/usr/bin/docker', 'nerdctl', 'podmanx', '']) assert.ok(!isBuildahEngine(p), p);
    assert.equal(builderFor('file:///w/Dockerfile', '/usr/bin/podman'), 'buildah');
    assert.equal(builderFor('file:///w/Dockerfile', 'docker'), 'buildkit');
    assert.equal(buildTargetOf(['--no-cache', '--target', 'prod']), 'prod');
    assert.equal(buildTargetOf(['--target=dev']), 'dev');
    assert.equal(buildTargetOf(['--target']), undefined);
  });

  it('the session derives the builder and target from the URI and the settings', () => {
    const s = (docker: string, extraArgs: string[] = []) => ({ ...DEFAULT_SETTINGS, docker: { ...DEFAULT_SETTINGS.docker, path: docker }, build: { ...DEFAULT_SETTINGS.build, extraArgs } });
    assert.deepEqual(new DocumentState('file:///w/Containerfile').build(s('docker')), { builder: 'buildah', target: undefined });
    assert.deepEqual(new DocumentState('file:///w/Dockerfile').build(s('docker', ['--target', 'dev'])), { builder: 'buildkit', target: 'dev' });
    assert.deepEqual(new DocumentState('file:///w/Dockerfile').build(s('podman')), { builder: 'buildah', target: undefined });
  });

  it('COPY --from=${VAR}: an error for BuildKit, a warning naming both builders for Buildah', () => {
    const [bk] = findings(COPY_FROM_VAR, 'InvalidFlagValue');
    assert.equal(bk.severity, 'error');
    assert.equal(bk.message, 'variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope as a workaround');
    const [bh] = findings(COPY_FROM_VAR, 'InvalidFlagValue', { builder: 'buildah' });
    assert.equal(bh.severity, 'warning');
    assert.match(bh.message, /BuildKit \(docker build\) fails here: variable expansion is not supported for --from.*Buildah \(podman build, buildah build\) expands the variable/);
    assert.deepEqual(bh.range, bk.range);
  });

  it('RUN --mount=from=${VAR} and a repeated flag: the same', () => {
    for (const [text, id, buildah] of [[MOUNT_FROM_VAR, 'InvalidFlagValue', /expands the variable/], [DUPLICATE, 'DuplicateFlag', /uses the last value/]] as const) {
      const bk = findings(text, id);
      assert.deepEqual(bk.map((d) => d.severity), ['error'], text);
      const bh = findings(text, id, { builder: 'buildah' });
      assert.deepEqual(bh.map((d) => d.severity), ['warning'], text);
      assert.match(bh[0].message, /BuildKit \(docker build\) fails here/);
      assert.match(bh[0].message, buildah);
    }
  });

  it('what Buildah rejects too stays an error: COPY --from a later stage, a bad mount option', () => {
    for (const builder of ['buildkit', 'buildah'] as const) {
      assert.deepEqual(findings(LATER_STAGE, 'CopyFromStage', { builder }).map((d) => d.severity), ['error'], builder);
      assert.deepEqual(findings('FROM alpine\nRUN --mount=type=cache,target=/c,sharing=lock true\n', 'InvalidFlagValue', { builder }).map((d) => d.severity), ['error'], builder);
    }
  });

  it('the incremental lint starts over when the builder changes', () => {
    const memo = new LintMemo();
    const doc = analyze('file:///w/Dockerfile', 1, COPY_FROM_VAR);
    const sev = (builder: 'buildkit' | 'buildah') => lint(doc, { memo, builder }).find((d) => d.code === 'InvalidFlagValue')?.severity;
    assert.equal(sev('buildkit'), 'error');
    assert.equal(sev('buildah'), 'warning');
    assert.equal(sev('buildkit'), 'error');
  });

  describe('CLI check --builder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lens-builder-'));
    writeFileSync(join(dir, 'Dockerfile'), COPY_FROM_VAR);
    writeFileSync(join(dir, 'Containerfile'), COPY_FROM_VAR);
    writeFileSync(join(dir, 'podman.json'), JSON.stringify({ docker: { path: 'podman' } }));
    const cli = (...args: string[]) => spawnSync(process.execPath, [join(repoRoot, 'dist/cli.js'), 'check', '--format', 'json', ...args], { encoding: 'utf8' });
    const severityOf = (stdout: string, file: string) => (JSON.parse(stdout) as Array<{ file: string; code: string; severity: string }>).filter((r) => r.file.endsWith(file) && r.code === 'InvalidFlagValue').map((r) => r.severity);

    it('by file name: a Containerfile is built by Buildah', () => {
      const r = cli(dir);
      assert.equal(r.status, 1, r.stderr);
      assert.deepEqual(severityOf(r.stdout, '/Dockerfile'), ['error']);
      assert.deepEqual(severityOf(r.stdout, '/Containerfile'), ['warning']);
    });

    it('--builder and the config\'s docker.path override it', () => {
      const bh = cli('--builder', 'buildah', join(dir, 'Dockerfile'));
      assert.equal(bh.status, 0, bh.stderr);
      assert.deepEqual(severityOf(bh.stdout, '/Dockerfile'), ['warning']);
      const bk = cli('--builder=buildkit', join(dir, 'Containerfile'));
      assert.equal(bk.status, 1);
      assert.deepEqual(severityOf(bk.stdout, '/Containerfile'), ['error']);
      const cfg = cli('--config', join(dir, 'podman.json'), join(dir, 'Dockerfile'));
      assert.equal(cfg.status, 0, cfg.stderr);
      assert.deepEqual(severityOf(cfg.stdout, '/Dockerfile'), ['warning']);
      const bad = cli('--builder', 'kaniko', dir);
      assert.equal(bad.status, 2);
      assert.match(bad.stderr, /--builder must be auto, buildkit or buildah/);
    });
  });
});

describe('stages that never ship', () => {
  const MULTI =
    'FROM debian:bookworm AS build\n' +
    'RUN apt-get update && apt-get install -y gcc\n' +
    'FROM debian:bookworm-slim AS base\n' +
    'RUN apt-get update && apt-get install -y --no-install-recommends curl\n' +
    'FROM base AS final\n' +
    'COPY --from=build /out /out\n' +
    'RUN pip install requests\n' +
    'FROM base AS test\n' +
    'RUN apk add bash\n' +
    'FROM final\n';
  const line = (text: string, d: { range: { start: number } }) => text.slice(0, d.range.start).split('\n').length;

  it('the shipped stages are the build target and what it is built FROM; COPY --from does not ship a stage', () => {
    const doc = analyze('file:///w/Dockerfile', 1, MULTI);
    const names = (s: Set<{ name?: string; index: number }>) => [...s].map((x) => x.name ?? x.index).sort();
    assert.deepEqual(names(shippedStages(doc)), [4, 'base', 'final'].sort());
    assert.deepEqual(names(shippedStages(doc, 'test')), ['base', 'test']);
    assert.deepEqual(names(shippedStages(doc, 'BUILD')), ['build']);
    assert.deepEqual(names(shippedStages(doc, 'nope')), [4, 'base', 'final'].sort());
  });

  it('hygiene findings in a stage that never ships are hints saying so; in shipped stages they keep their severity', () => {
    const apt = findings(MULTI, 'AptListsNotCleaned');
    assert.deepEqual(apt.map((d) => [line(MULTI, d), d.severity]), [[2, 'hint'], [4, 'warning']]);
    assert.match(apt[0].message, /\(this stage is not in the final image\)$/);
    assert.doesNotMatch(apt[1].message, /not in the final image/);
    assert.deepEqual(findings(MULTI, 'AptNoInstallRecommends').map((d) => [line(MULTI, d), d.severity]), [[2, 'hint']]);
    assert.deepEqual(findings(MULTI, 'PipNoCacheDir').map((d) => [line(MULTI, d), d.severity]), [[7, ruleById('PipNoCacheDir')!.severity]]);
    const apk = findings(MULTI, 'ApkAddNoCache');
    assert.deepEqual(apk.map((d) => [line(MULTI, d), d.severity]), [[9, 'hint']]);
    assert.ok(apk[0].fixes?.length, 'the fix is still offered');
  });

  it('RemoveInLaterLayer and DnfYumCleanAll in a builder stage are hints', () => {
    const text = 'FROM fedora:41 AS build\nRUN dnf install -y gcc\nCOPY big.tar /tmp/big.tar\nRUN rm /tmp/big.tar\nFROM scratch\nCOPY --from=build /usr/bin/gcc /gcc\n';
    for (const id of ['DnfYumCleanAll', 'RemoveInLaterLayer']) {
      const d = findings(text, id);
      assert.deepEqual(d.map((x) => x.severity), ['hint'], id);
      assert.match(d[0].message, /this stage is not in the final image/);
    }
    // the same stage as the build target ships
    for (const id of ['DnfYumCleanAll', 'RemoveInLaterLayer']) assert.deepEqual(findings(text, id, { target: 'build' }).map((x) => x.severity), [ruleById(id)!.severity], id);
  });

  it('the build target from the settings\' extraArgs reaches the incremental lint', () => {
    const memo = new LintMemo();
    const doc = analyze('file:///w/Dockerfile', 1, MULTI);
    const sevAt2 = (target?: string) => lint(doc, { memo, target }).filter((d) => d.code === 'AptListsNotCleaned' && line(MULTI, d) === 2).map((d) => d.severity);
    assert.deepEqual(sevAt2(), ['hint']);
    assert.deepEqual(sevAt2('build'), ['warning']);
    assert.deepEqual(sevAt2(), ['hint']);
  });
});
