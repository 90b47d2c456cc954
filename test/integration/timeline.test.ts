/**
 * Build timelines on the real engine (issue 16 item 1), both builders of Docker 20.10: a Dockerfile is built
 * on a private dockerd, its output read line by line as it arrives by client/src/buildTimeline.ts (the
 * legacy builder prints no times: wall-clock between step lines), the steps matched to the lines the server's
 * `dockerfileLens/outline` gives, sent over the real protocol (`dockerfileLens/timeline`), and the lenses and
 * the hover read back. Builds: the first (every step runs; `RUN … sleep 1` takes ≥ 1 s), the same again
 * (every step `cached`), after touching the copied file (the miss on that COPY, every later step ran), after
 * editing a RUN (the miss there: edited), with another `--build-arg` (the miss on the RUN that sees it).
 * Prints the timeline of each build next to what docker printed.
 */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BuildTimelineParser } from '../../client/src/buildTimeline';
import type { Outline, TimelineParams, TimelineResult, TimelineStep } from '../../server/src/protocol';
import { BUSYBOX_IMAGE, importBusybox, needDocker, startDockerd, type Dockerd } from '../helpers/docker';
import { LspClient } from '../helpers/lspClient';

type Builder = 'buildkit' | 'legacy';
type Lens = { range: { start: { line: number } }; command: { title: string } };

const DOCKERFILE = [
  `FROM ${BUSYBOX_IMAGE}`, // 0
  'ARG V=1', // 1
  'RUN echo one $V && sleep 1', // 2
  'COPY a.txt /a.txt', // 3
  'RUN echo two', // 4
  'WORKDIR /w', // 5
  'ENV X=1', // 6
  'RUN cat /a.txt', // 7
  '',
].join('\n');

/** The lines each builder reports a step for: BuildKit makes no vertex for ARG and ENV (config only); the legacy builder has a step per instruction. */
const STEP_LINES: Record<Builder, number[]> = { buildkit: [0, 2, 3, 4, 5, 7], legacy: [0, 1, 2, 3, 4, 5, 6, 7] };

/** `docker build` streamed: each line goes to the parser with the time it arrived. */
function build(d: Dockerd, builder: Builder, dir: string, tag: string, buildArgs: string[] = []): Promise<{ code: number; output: string; parser: BuildTimelineParser; ms: number }> {
  const args = ['build', '-f', join(dir, 'Dockerfile'), '-t', tag, ...buildArgs, ...(builder === 'buildkit' ? ['--network=none', '--progress=plain'] : []), dir];
  const parser = new BuildTimelineParser();
  const started = Date.now();
  return new Promise((resolve) => {
    const proc = spawn(d.docker, args, { env: { ...d.env, DOCKER_BUILDKIT: builder === 'buildkit' ? '1' : '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    for (const stream of [proc.stdout, proc.stderr]) {
      let partial = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        output += chunk;
        const lines = (partial + chunk).split(/\r?\n/);
        partial = lines.pop() ?? '';
        for (const line of lines) parser.push(line);
      });
      stream.on('end', () => partial && parser.push(partial));
    }
    proc.on('close', (code) => resolve({ code: code ?? -1, output, parser, ms: Date.now() - started }));
  });
}

const table = (builder: Builder, title: string, steps: TimelineStep[]) =>
  console.log(`      ${builder}, ${title}: ${steps.map((s) => `${s.line + 1}:${s.status === 'cached' ? 'cached' : `${s.status} ${s.seconds}s`}`).join('  ')}`);

describe('build timeline on the real engine (both builders)', function () {
  this.timeout(240_000);
  let d: Dockerd | undefined;
  let client: LspClient | undefined;
  const dirs: string[] = [];

  before(async function () {
    needDocker(this, { busybox: true });
    d = await startDockerd();
    await importBusybox(d);
    client = new LspClient();
    const engine = d;
    client.onRequest = (method) => (method === 'workspace/configuration' ? [{ registry: { enabled: false }, docker: { path: engine.docker, env: { DOCKER_HOST: engine.host } } }] : null);
    await client.initialize('en', { workspace: { configuration: true } });
  });
  after(async function () {
    this.timeout(60_000);
    await client?.shutdown();
    await d?.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  for (const builder of ['buildkit', 'legacy'] as const) {
    describe(builder, () => {
      let dir: string;
      let uri: string;
      let version = 1;
      let text = DOCKERFILE;
      const tag = `lens-timeline/${builder}:1`;

      /** Builds, sends the timeline as the extension does, and returns the steps. */
      async function buildAndSend(buildArgs: Record<string, string> = {}): Promise<TimelineStep[]> {
        const r = await build(d!, builder, dir, tag, Object.entries(buildArgs).map(([k, v]) => `--build-arg=${k}=${v}`));
        assert.equal(r.code, 0, r.output);
        const outline = await client!.request<Outline>('dockerfileLens/outline', { uri });
        const steps = r.parser.timeline(r.code, outline);
        assert.equal(r.parser.format, builder === 'buildkit' ? 'plain' : 'legacy');
        const params: TimelineParams = { uri, builder, source: r.parser.format!, steps, buildArgs };
        const sent = await client!.request<TimelineResult>('dockerfileLens/timeline', params);
        assert.deepEqual(sent, { ok: true, message: sent.message, steps: steps.length });
        return steps;
      }
      async function lenses(): Promise<Lens[]> {
        return client!.request<Lens[]>('textDocument/codeLens', { textDocument: { uri } });
      }
      const titlesAt = (ls: Lens[], line: number) => ls.filter((l) => l.range.start.line === line).map((l) => l.command.title);
      const statusOf = (steps: TimelineStep[]) => Object.fromEntries(steps.map((s) => [s.line, s.status]));
      function edit(next: string): void {
        text = next;
        writeFileSync(join(dir, 'Dockerfile'), text);
        client!.notify('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ text }] });
      }

      before(() => {
        dir = mkdtempSync(join(tmpdir(), `lens-timeline-${builder}-`));
        dirs.push(dir);
        writeFileSync(join(dir, 'Dockerfile'), text);
        writeFileSync(join(dir, 'a.txt'), `${builder} 1\n`);
        uri = pathToFileURL(join(dir, 'Dockerfile')).href;
        client!.open(uri, text, version);
      });

      it('first build: a step per instruction the builder runs, on its exact line, each with its time', async () => {
        const steps = await buildAndSend();
        table(builder, 'first build', steps);
        assert.deepEqual(steps.map((s) => s.line).sort((a, b) => a - b), STEP_LINES[builder]);
        for (const s of steps) assert.equal(s.status, 'ran', JSON.stringify(s));
        const sleep = steps.find((s) => s.line === 2)!;
        assert.ok(sleep.seconds! >= 1 && sleep.seconds! < 10, `RUN … sleep 1 took ${sleep.seconds} s`);
        const ls = await lenses();
        assert.match(titlesAt(ls, 2)[0], / · \d+(\.\d)? s$/, titlesAt(ls, 2).join());
        assert.ok(ls.every((l) => [...l.command.title].length <= 60), ls.map((l) => l.command.title).join('\n'));
        assert.ok(!ls.some((l) => l.command.title.includes('cache invalidated')), 'nothing was invalidated: nothing was cached before');
        const hover = await client!.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 1 } });
        assert.match(hover.contents.value, /\*\*Last build\*\* \((BuildKit, --progress=plain|legacy builder)\): ran in \d/);
        // the slowest step first: the RUN with sleep 1
        assert.match(hover.contents.value, /\*\*Slowest steps\*\*\n\n1\. line 3 `RUN echo one \$V && sleep 1` — \d/);
      });

      it('rebuild with nothing changed: every step cached', async () => {
        const steps = await buildAndSend();
        table(builder, 'unchanged', steps);
        assert.deepEqual(steps.map((s) => s.line).sort((a, b) => a - b), STEP_LINES[builder]);
        // FROM resolves the image (BuildKit prints DONE 0.0s for it, the legacy builder its id): it is not a cache step
        for (const s of steps.filter((x) => x.line !== 0)) assert.equal(s.status, 'cached', JSON.stringify(s));
        const ls = await lenses();
        for (const line of [2, 3, 4, 7]) assert.match(titlesAt(ls, line)[0], / · cached$/, `line ${line}: ${titlesAt(ls, line).join()}`);
        assert.ok(!ls.some((l) => l.command.title.includes('cache invalidated')));
      });

      it('touching the copied file: the miss on that COPY, and every step after it ran', async () => {
        writeFileSync(join(dir, 'a.txt'), `${builder} 2, changed\n`);
        const steps = await buildAndSend();
        table(builder, 'a.txt touched', steps);
        const status = statusOf(steps);
        for (const line of STEP_LINES[builder].filter((l) => l > 0)) assert.equal(status[line], line < 3 ? 'cached' : 'ran', `line ${line}`);
        const ls = await lenses();
        assert.deepEqual(titlesAt(ls, 3).filter((t) => t.startsWith('⚠')), ['⚠ cache invalidated here: COPY a.txt changed']);
        assert.equal(ls.filter((l) => l.command.title.startsWith('⚠')).length, 1);
        assert.match(titlesAt(ls, 2).at(-1)!, / · cached$/);
        assert.match(titlesAt(ls, 4).at(-1)!, / · \d+(\.\d)? s$/);
        const hover = await client!.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 1 } });
        assert.match(hover.contents.value, /⚠ cache invalidated here: COPY a\.txt changed {2}\nThe instruction is unchanged: the files it copies changed/);
      });

      it('editing a RUN: the miss there, said to be edited', async () => {
        edit(text.replace('RUN echo two', 'RUN echo three'));
        const steps = await buildAndSend();
        table(builder, 'line 5 edited', steps);
        const status = statusOf(steps);
        for (const line of STEP_LINES[builder].filter((l) => l > 0)) assert.equal(status[line], line < 4 ? 'cached' : 'ran', `line ${line}`);
        const ls = await lenses();
        assert.deepEqual(ls.filter((l) => l.command.title.startsWith('⚠')).map((l) => `${l.range.start.line}: ${l.command.title}`), ['4: ⚠ cache invalidated here: RUN edited since the last build']);
      });

      it('another --build-arg: the miss on the first RUN that sees it', async () => {
        const steps = await buildAndSend({ V: '2' });
        table(builder, '--build-arg V=2', steps);
        const status = statusOf(steps);
        // the legacy builder's ARG step itself is cached: the value enters the cache key of the RUNs after it
        for (const line of STEP_LINES[builder].filter((l) => l > 0)) assert.equal(status[line], line < 2 ? 'cached' : 'ran', `line ${line}`);
        const ls = await lenses();
        assert.deepEqual(ls.filter((l) => l.command.title.startsWith('⚠')).map((l) => `${l.range.start.line}: ${l.command.title}`), ['2: ⚠ cache invalidated here: build arg V changed']);
        // and an edit of the file drops the timeline, like the measured sizes
        edit(text + '# edited\n');
        const after = await lenses();
        assert.ok(!after.some((l) => / · (cached|\d+(\.\d)? s)$/.test(l.command.title) || l.command.title.startsWith('⚠')), after.map((l) => l.command.title).join('\n'));
      });
    });
  }
});
