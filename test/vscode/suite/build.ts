/**
 * The image commands in a real extension host (see index.ts): Build / Tag / Push Image, Pull Base Images,
 * Show Image Layers and the lens breakdown. The workspace is a copy of examples/; the tests that need a
 * container engine run `dockerfileLens.docker.path` (default `docker`, with `dockerfileLens.docker.env`
 * and the extension host's environment, e.g. DOCKER_HOST) and skip when it does not answer
 * `docker version`, unless DOCKERFILE_LENS_TEST_DOCKER=1 says an engine is there, in which case they fail.
 * They build only `FROM scratch` images (nothing to pull) and remove what they built.
 */
import * as assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DockerfileLensApi } from '../../../client/src/extension';
import type { BuildResult } from '../../../client/src/buildImage';
import { baseImagesOf, type PullResult } from '../../../client/src/pullBaseImages';
import type { ImageCommandResult } from '../../../client/src/tagPushImage';
import { analyze } from '../../../server/src/model/document';
import { outline } from '../../../server/src/model/outline';

const EXTENSION_ID = 'dockerfile-lens.dockerfile-lens';
const COMMANDS = [
  'dockerfileLens.buildImage',
  'dockerfileLens.tagImage',
  'dockerfileLens.pushImage',
  'dockerfileLens.pullBaseImages',
  'dockerfileLens.showImageLayers',
  'dockerfileLens.showLayerBreakdown',
];

export function defineBuildTests(): void {
  describe('Build Image and the layer views in the extension host', () => {
    let folder: vscode.WorkspaceFolder;

    before(async () => {
      await ((await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as DockerfileLensApi).ready;
      folder = vscode.workspace.workspaceFolders![0];
      assert.ok(folder, 'no workspace folder is open (expected a copy of examples/)');
    });

    afterEach(async () => {
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    });

    it('contributes the image commands and their settings with their defaults', async () => {
      const commands = await vscode.commands.getCommands(true);
      for (const c of COMMANDS) assert.ok(commands.includes(c), `${c} is not registered`);
      // the client says it runs these itself (initializationOptions.client): the server announces no
      // executeCommand ids, which vscode-languageclient would register as commands next to ours
      assert.deepEqual(commands.filter((c) => c.startsWith('dockerfileLens.server.')), []);
      const config = vscode.workspace.getConfiguration('dockerfileLens');
      assert.equal(config.get('docker.path'), 'docker');
      assert.deepEqual(config.get('docker.env'), {});
      assert.equal(config.get('build.context'), '');
      assert.deepEqual(config.get('build.extraArgs'), []);
      assert.equal(config.get('registry.enabled'), true);
      assert.equal(config.get('codeLens.layerSizes'), true);
      assert.equal(config.get('codeLens.effectiveCommand'), true);
      assert.equal(config.get('downloads.headRequests'), false);
    });

    it('refuses an image name Docker would refuse, before anything runs', async () => {
      const uri = vscode.Uri.joinPath(folder.uri, 'Dockerfile');
      for (const image of ['app;rm -rf /', 'app:$(reboot)', 'App:latest', 'app@sha256:abc', '-t']) {
        const result = await vscode.commands.executeCommand<BuildResult>('dockerfileLens.buildImage', { uri: uri.toString(), image });
        assert.equal(result.ok, false, image);
        if (vscode.workspace.isTrusted) {
          assert.ok(result.error && result.error !== 'untrusted', `${image}: ${result.error}`);
        } else {
          assert.equal(result.error, 'untrusted');
        }
      }
      const tag = await vscode.commands.executeCommand<ImageCommandResult>('dockerfileLens.tagImage', { source: 'app:1', target: 'app:`id`' });
      assert.equal(tag.ok, false);
      const push = await vscode.commands.executeCommand<ImageCommandResult>('dockerfileLens.pushImage', { image: 'a b' });
      assert.equal(push.ok, false);
      assert.equal(vscode.tasks.taskExecutions.filter((t) => t.task.definition.type === 'dockerfileLens').length, 0, 'a task was started');
    });

    it('finds the base images to pull: not scratch, not stages, not unresolved variables; --platform kept', () => {
      const text = [
        'ARG BASE=alpine:3.20',
        'ARG NOPE',
        'FROM ${BASE} AS a',
        'FROM a AS b',
        'FROM scratch',
        'FROM ${NOPE}',
        'FROM --platform=linux/arm64 busybox:1.36',
        'FROM alpine:3.20',
        'FROM A;B',
      ].join('\n');
      // the outline the server sends for this text (`dockerfileLens/outline`)
      const { images, skipped } = baseImagesOf(outline(analyze('untitled:Dockerfile', 0, text)));
      assert.deepEqual(images, [
        { image: 'alpine:3.20', platform: undefined },
        { image: 'busybox:1.36', platform: 'linux/arm64' },
      ]);
      assert.equal(skipped.length, 2, skipped.join(' | '));
      assert.ok(skipped[0].startsWith('${NOPE}'), skipped[0]);
      assert.ok(skipped[1].startsWith('A;B'), skipped[1]);
    });

    it('Show Image Layers opens a webview panel beside the Dockerfile', async () => {
      const uri = vscode.Uri.joinPath(folder.uri, 'Dockerfile');
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      await vscode.commands.executeCommand('dockerfileLens.showImageLayers', { uri: uri.toString() });
      const tab = await eventually(async () => layerTabs()[0], (t) => t !== undefined);
      assert.ok(tab, 'no layers panel');
      assert.match(tab.label, /Dockerfile/);
      // the same Dockerfile again: the same panel
      await vscode.commands.executeCommand('dockerfileLens.showImageLayers', { uri: uri.toString() });
      assert.equal(layerTabs().length, 1);
      await vscode.window.tabGroups.close(layerTabs());
    });

    it('the lens breakdown opens and closes without harm', async () => {
      const uri = vscode.Uri.joinPath(folder.uri, 'Dockerfile');
      const shown = vscode.commands.executeCommand('dockerfileLens.showLayerBreakdown', {
        uri: uri.toString(),
        line: 0,
        title: '+1.2 kB · build context',
        note: 'Files of the build context, summed.',
        items: [{ label: 'app/package.json', bytes: 1200 }, { label: 'unknown.bin', bytes: null, detail: 'not readable' }],
      });
      // no API tells when the QuickPick is up: close it until the command returns
      let settled = false;
      void Promise.resolve(shown).finally(() => (settled = true));
      while (!settled) {
        await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
        await new Promise((r) => setTimeout(r, 100));
      }
      await shown;
    });

    describe('with a container engine', function () {
      let docker: { path: string; env: NodeJS.ProcessEnv };
      let dir: string;
      const built: string[] = [];

      before(function () {
        const config = vscode.workspace.getConfiguration('dockerfileLens');
        docker = { path: config.get<string>('docker.path') || 'docker', env: { ...process.env, ...config.get<Record<string, string>>('docker.env') } };
        const version = spawnSync(docker.path, ['version', '--format', '{{.Server.Version}}'], { env: docker.env, encoding: 'utf8', timeout: 20_000 });
        if (version.status !== 0 || !vscode.workspace.isTrusted) {
          if (process.env.DOCKERFILE_LENS_TEST_DOCKER === '1') assert.fail(`no container engine: ${version.error ?? version.stderr}`);
          this.skip();
        }
        // a folder name a shell would execute: the build must take it as a plain path
        dir = path.join(folder.uri.fsPath, 'build-test $(touch pwned) ;touch pwned2');
        mkdirSync(dir, { recursive: true });
        writeFileSync(path.join(dir, 'hello.txt'), 'hello\n');
        writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\nCOPY hello.txt /\nLABEL test=dockerfile-lens\n');
        writeFileSync(path.join(dir, 'Dockerfile.fail'), 'FROM scratch\nCOPY hello.txt /\nCOPY missing.txt /\n');
      });

      after(() => {
        if (!dir) return;
        for (const image of built) spawnSync(docker.path, ['rmi', '-f', image], { env: docker.env, timeout: 20_000 });
        rmSync(dir, { recursive: true, force: true });
      });

      it('builds a Dockerfile whose path has shell metacharacters, running no shell; its lenses show measured sizes and step times, then cached after a rebuild', async () => {
        const image = 'dockerfile-lens-test/hello:1';
        const uri = vscode.Uri.file(path.join(dir, 'Dockerfile'));
        const result = await vscode.commands.executeCommand<BuildResult>('dockerfileLens.buildImage', { uri: uri.toString(), image });
        built.push(image);
        assert.equal(result.ok, true, JSON.stringify(result));
        assert.equal(result.exitCode, 0);
        // the builder read from the output: Debian's docker 20.10 (the e2e run's engine) runs BuildKit, nothing to warn about
        assert.ok(result.builder?.builder, JSON.stringify(result.builder));
        if (docker.path === '/usr/bin/docker') {
          assert.deepEqual(result.builder, { builder: 'buildkit' });
          assert.equal(result.builderNote, undefined);
        }
        const inspect = spawnSync(docker.path, ['image', 'inspect', '--format', '{{index .Config.Labels "test"}}', image], { env: docker.env, encoding: 'utf8' });
        assert.equal(inspect.stdout.trim(), 'dockerfile-lens');
        const created = [dir, folder.uri.fsPath].flatMap((d) => readdirSync(d)).filter((f) => f.startsWith('pwned'));
        assert.deepEqual(created, [], 'a shell ran');
        assert.equal(vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'docker build').length, 0);
        // the lenses now show the sizes docker history measured, next to the estimates
        const lenses = await eventually(
          async () => (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10_000)).map((l) => `${l.range.start.line}: ${l.command?.title}`),
          (ts) => ts.some((t) => t.includes('measured')),
        );
        // …and the step's time from the build's timeline (`cached` when an earlier run on this engine built it)
        const timing = result.timeline?.cached === 0 ? String.raw`\d+(\.\d)? s` : 'cached';
        assert.ok(lenses.some((l) => new RegExp(`^1: 6 B measured · estimate 6 B · ${timing}$`).test(l)), lenses.join('\n'));
        // the image total: every part measured (scratch is 0 B)
        assert.ok(lenses.includes('0: scratch · image 6 B'), lenses.join('\n'));
        // LABEL adds no layer: no lens (dockerfileLens.codeLens.metadata is off)
        assert.deepEqual(lenses.filter((l) => l.startsWith('2:')), [], lenses.join('\n'));

        // Build Image again: the timeline says the COPY was cached, and so does its lens
        const again = await vscode.commands.executeCommand<BuildResult>('dockerfileLens.buildImage', { uri: uri.toString(), image });
        assert.equal(again.ok, true, JSON.stringify(again));
        // Debian's docker 20.10 has no --progress=rawjson: its plain progress is read, one vertex (the COPY)
        if (docker.path === '/usr/bin/docker') assert.deepEqual(again.timeline, { steps: 1, cached: 1, source: 'plain' });
        // every step but FROM cached: the legacy builder (a CLI without buildx) also reports FROM scratch and LABEL as steps
        const fromSteps = again.timeline?.source === 'legacy' ? 1 : 0;
        assert.ok(again.timeline && again.timeline.cached >= 1 && again.timeline.cached === again.timeline.steps - fromSteps, JSON.stringify(again.timeline));
        const cached = await eventually(
          async () => (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10_000)).map((l) => `${l.range.start.line}: ${l.command?.title}`),
          (ts) => ts.includes('1: 6 B measured · estimate 6 B · cached'),
        );
        assert.ok(cached.includes('1: 6 B measured · estimate 6 B · cached'), cached.join('\n'));
      });

      it('after a build: a waste lens on the COPY a later COPY overwrote, and Show Image Layers lists its files, the wasted one marked', async () => {
        const image = 'dockerfile-lens-test/waste:1';
        writeFileSync(path.join(dir, 'big.bin'), Buffer.alloc(20_000, 1));
        writeFileSync(path.join(dir, 'waste.dockerfile'), 'FROM scratch\nCOPY big.bin /data.bin\nCOPY hello.txt /data.bin\n');
        const uri = vscode.Uri.file(path.join(dir, 'waste.dockerfile'));
        const result = await vscode.commands.executeCommand<BuildResult>('dockerfileLens.buildImage', { uri: uri.toString(), image });
        built.push(image);
        assert.equal(result.ok, true, JSON.stringify(result));
        // the server analyses the image in the background, then refreshes the lenses
        const lenses = await eventually(
          async () => (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10_000)).map((l) => `${l.range.start.line}: ${l.command?.title}`),
          (ts) => ts.some((t) => t.includes('overwritten')),
        );
        assert.ok(lenses.includes('1: 20 kB of this layer is overwritten by line 3'), lenses.join('\n'));
        // the lens's click: the panel, that layer's files open
        const shown = await vscode.commands.executeCommand<{ html: string }>('dockerfileLens.showImageLayers', { uri: uri.toString(), line: 1 });
        assert.match(shown.html, /<details class="layer has-waste" data-layer="0" data-line="2" open>/, shown.html);
        assert.match(shown.html, /<tr class="wasted"><td class="path">\/data\.bin<\/td><td class="num">20\.0 kB<\/td><td>wasted: hidden by line 3<\/td>/, shown.html);
        assert.match(shown.html, /<td class="path">\/data\.bin<\/td><td class="num">6 B<\/td><td>visible<\/td>/, shown.html);
        await vscode.window.tabGroups.close(layerTabs());
      });

      it('with a docker CLI without buildx (/usr/local/bin/docker 28.x here): builds with the legacy builder and says so, with how to get BuildKit', async function () {
        const noBuildx = '/usr/local/bin/docker';
        const config = vscode.workspace.getConfiguration('dockerfileLens');
        if (!existsSync(noBuildx) || spawnSync(noBuildx, ['buildx', 'version'], { env: docker.env }).status === 0) this.skip();
        await config.update('docker.path', noBuildx, vscode.ConfigurationTarget.Workspace);
        try {
          const image = 'dockerfile-lens-test/legacy:1';
          const uri = vscode.Uri.file(path.join(dir, 'Dockerfile'));
          const result = await vscode.commands.executeCommand<BuildResult>('dockerfileLens.buildImage', { uri: uri.toString(), image });
          built.push(image);
          assert.equal(result.ok, true, JSON.stringify(result));
          assert.deepEqual(result.builder, { builder: 'legacy', reason: 'buildx-missing' });
          assert.match(result.builderNote ?? '', /legacy builder ran, not BuildKit: this docker CLI has no buildx plugin/);
          assert.ok(result.builderNote!.includes('https://docs.docker.com/go/buildx/'), result.builderNote);
          // it really was the legacy builder: its history rows read #(nop)
          const history = spawnSync(noBuildx, ['history', '--no-trunc', '--format', '{{.CreatedBy}}', image], { env: docker.env, encoding: 'utf8' });
          assert.match(history.stdout, /#\(nop\) *LABEL test=dockerfile-lens/);
        } finally {
          await config.update('docker.path', undefined, vscode.ConfigurationTarget.Workspace);
        }
      });

      it('puts a failed build’s error on the instruction, and drops it at the next edit', async () => {
        const uri = vscode.Uri.file(path.join(dir, 'Dockerfile.fail'));
        const result = await vscode.commands.executeCommand<BuildResult>('dockerfileLens.buildImage', { uri: uri.toString(), image: 'dockerfile-lens-test/fail:1' });
        assert.equal(result.ok, false);
        assert.notEqual(result.exitCode, 0);
        const diagnostics = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'docker build');
        assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics));
        assert.equal(diagnostics[0].range.start.line, 2);
        assert.equal(diagnostics[0].severity, vscode.DiagnosticSeverity.Error);
        assert.match(diagnostics[0].message, /missing\.txt/);

        const doc = await vscode.workspace.openTextDocument(uri);
        const edit = new vscode.WorkspaceEdit();
        edit.insert(uri, new vscode.Position(0, 0), '# edited\n');
        assert.ok(await vscode.workspace.applyEdit(edit));
        const left = await eventually(async () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'docker build'), (ds) => ds.length === 0);
        assert.equal(left.length, 0);
        await vscode.window.showTextDocument(doc);
        await vscode.commands.executeCommand('workbench.action.files.revert');
      });

      it('tags an image', async () => {
        const result = await vscode.commands.executeCommand<ImageCommandResult>('dockerfileLens.tagImage', { source: 'dockerfile-lens-test/hello:1', target: 'dockerfile-lens-test/hello:tagged' });
        built.push('dockerfile-lens-test/hello:tagged');
        assert.equal(result.ok, true, JSON.stringify(result));
        const inspect = spawnSync(docker.path, ['image', 'inspect', 'dockerfile-lens-test/hello:tagged'], { env: docker.env });
        assert.equal(inspect.status, 0);
        assert.ok(!existsSync(path.join(folder.uri.fsPath, 'pwned')));
      });

      it('pushes to a local registry, then Pull Base Images pulls the base image back', async function () {
        if (spawnSync('docker-registry', ['--version']).status !== 0) {
          if (process.env.DOCKERFILE_LENS_TEST_DOCKER === '1') assert.fail('docker-registry is not installed');
          this.skip();
        }
        const registry = await startRegistry();
        try {
          const remote = `127.0.0.1:${registry.port}/lens/hello:1`;
          built.push(remote);
          const tagged = await vscode.commands.executeCommand<ImageCommandResult>('dockerfileLens.tagImage', { source: 'dockerfile-lens-test/hello:1', target: remote });
          assert.equal(tagged.ok, true, JSON.stringify(tagged));
          const pushed = await vscode.commands.executeCommand<ImageCommandResult>('dockerfileLens.pushImage', { image: remote });
          assert.equal(pushed.ok, true, JSON.stringify(pushed));
          assert.equal(pushed.image, remote, 'a registry name needs no account');
          assert.equal(spawnSync(docker.path, ['rmi', remote], { env: docker.env }).status, 0);

          const dockerfile = path.join(dir, 'Dockerfile.pull');
          writeFileSync(dockerfile, `ARG REGISTRY=127.0.0.1:${registry.port}\nFROM \${REGISTRY}/lens/hello:1 AS base\nFROM base\nFROM scratch\n`);
          const pulled = await vscode.commands.executeCommand<PullResult>('dockerfileLens.pullBaseImages', { uri: vscode.Uri.file(dockerfile).toString() });
          assert.deepEqual(pulled.pulled, [remote], JSON.stringify(pulled));
          assert.deepEqual(pulled.failed, []);
          assert.equal(spawnSync(docker.path, ['image', 'inspect', remote], { env: docker.env }).status, 0, 'the image is not in the engine');
        } finally {
          registry.process.kill('SIGTERM');
          rmSync(registry.dir, { recursive: true, force: true });
        }
      });
    });
  });
}

/** A private registry (Debian's docker-registry, distribution 2.8) on a free loopback port; stopped by its PID. */
async function startRegistry(): Promise<{ port: number; dir: string; process: ChildProcess }> {
  const port = await new Promise<number>((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    }).on('error', reject);
  });
  const dir = mkdtempSync(path.join(tmpdir(), 'lens-registry-'));
  writeFileSync(path.join(dir, 'config.yml'), `version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: ${dir}/data\nhttp:\n  addr: 127.0.0.1:${port}\n`);
  const child = spawn('docker-registry', ['serve', path.join(dir, 'config.yml')], { stdio: 'ignore' });
  const up = await eventually(
    () => new Promise<boolean>((resolve) => {
      const socket = createConnection(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      }).on('error', () => resolve(false));
    }),
    (ok) => ok,
  );
  assert.ok(up, 'the registry did not start');
  return { port, dir, process: child };
}

function layerTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('dockerfileLens.layers'));
}

/** Polls `get` until `ok` holds; returns the last value. */
async function eventually<T>(get: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await get();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
}
