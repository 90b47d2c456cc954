/**
 * Completion after `COPY --from=` and `RUN --mount=…,from=` against a real
 * Docker engine (private dockerd, the imported busybox image): every stage the
 * server offers (earlier stages, nearest first; for COPY an unnamed one by its
 * index) builds with BuildKit and, for COPY, with the legacy builder; the
 * stage the instruction is in, a later stage, and a mount's stage index, which
 * it never offers, fail to build.
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LspClient } from '../helpers/lspClient';
import { BUSYBOX_IMAGE, dockerBuild, importBusybox, needDocker, startDockerd, type Dockerd } from '../helpers/docker';

type Item = { label: string; kind?: number; sortText?: string };
const REFERENCE = 18; // CompletionItemKind.Reference

/** Stages 0 (base), 1 (unnamed), 2 (app, where the cursor is), 3 (later); each writes a file named after itself. */
const stagesAround = (line: string) =>
  `FROM ${BUSYBOX_IMAGE} AS base\nRUN echo base > /base\nFROM ${BUSYBOX_IMAGE}\nRUN echo one > /1\nFROM ${BUSYBOX_IMAGE} AS app\nRUN echo app > /app\n${line}\nFROM ${BUSYBOX_IMAGE} AS later\nRUN echo later > /later\n`;
/** Which file a stage value names. */
const fileOf = (stage: string) => (stage === '0' ? 'base' : stage === '2' ? 'app' : stage === '3' ? 'later' : stage);

describe('integration: completion after --from= on a real engine', function () {
  this.timeout(300000);
  let d: Dockerd | undefined;
  let client: LspClient | undefined;
  let work = '';
  let n = 0;

  before(async function () {
    needDocker(this, { busybox: true });
    work = mkdtempSync(join(tmpdir(), 'lens-from-'));
    client = new LspClient();
    await client.initialize('en');
    d = await startDockerd();
    await importBusybox(d);
  });
  after(async () => {
    await d?.stop();
    if (client) assert.equal(await client.shutdown(), 0);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** The stage values offered at the end of `prefix` on line 6, in the order shown (sortText). */
  async function offered(prefix: string): Promise<Item[]> {
    const uri = `file://${work}/c${++n}/Dockerfile`;
    client!.open(uri, stagesAround(prefix));
    const items = await client!.request<Item[]>('textDocument/completion', { textDocument: { uri }, position: { line: 6, character: prefix.length } });
    return [...items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label));
  }

  async function build(dockerfile: string, builder: 'buildkit' | 'legacy') {
    const ctx = join(work, `b${++n}`);
    mkdirSync(ctx);
    writeFileSync(join(ctx, 'Dockerfile'), dockerfile);
    return dockerBuild(d!, { dockerfile: join(ctx, 'Dockerfile'), context: ctx, tag: `lens-from/t${n}:1`, builder, target: 'app' });
  }

  it('COPY --from=: the earlier stages nearest first, then images; each builds with both builders, the current and a later stage do not', async () => {
    const items = await offered('COPY --from=');
    const stages = items.filter((i) => i.kind === REFERENCE).map((i) => i.label);
    assert.deepEqual(stages, ['1', 'base']);
    // stages come before every image
    const firstImage = items.findIndex((i) => i.kind !== REFERENCE);
    assert.ok(firstImage === stages.length && items.length > stages.length, items.map((i) => i.label).join(', '));
    for (const s of stages) {
      for (const builder of ['buildkit', 'legacy'] as const) {
        const r = await build(stagesAround(`COPY --from=${s} /${fileOf(s)} /got`), builder);
        assert.equal(r.code, 0, `${builder} COPY --from=${s}:\n${r.output}`);
      }
    }
    // what it never offers fails: the stage itself, a later stage (by name or index)
    const self = await build(stagesAround('COPY --from=app /app /got'), 'buildkit');
    assert.notEqual(self.code, 0);
    assert.match(self.output, /circular dependency detected on stage: app/);
    for (const later of ['later', '3']) {
      const bk = await build(stagesAround(`COPY --from=${later} /later /got`), 'buildkit');
      assert.notEqual(bk.code, 0, bk.output);
      // BuildKit takes the later stage's base image, without its instructions
      assert.match(bk.output, /"\/later" not found/);
      const legacy = await build(stagesAround(`COPY --from=${later} /later /got`), 'legacy');
      assert.notEqual(legacy.code, 0, legacy.output);
      assert.match(legacy.output, /invalid from flag value/);
    }
    const legacySelf = await build(stagesAround('COPY --from=app /app /got'), 'legacy');
    assert.notEqual(legacySelf.code, 0);
    assert.match(legacySelf.output, /invalid from flag value app/);
  });

  it('RUN --mount=…,from=: the earlier named stages offered, each mounts with BuildKit; the stage itself and an index do not', async () => {
    const items = await offered('RUN --mount=type=bind,target=/m,from=');
    const stages = items.filter((i) => i.kind === REFERENCE).map((i) => i.label);
    assert.deepEqual(stages, ['base']);
    for (const s of stages) {
      const r = await build(stagesAround(`RUN --mount=type=bind,target=/m,from=${s} cat /m/${fileOf(s)}`), 'buildkit');
      assert.equal(r.code, 0, `RUN --mount from=${s}:\n${r.output}`);
    }
    const self = await build(stagesAround('RUN --mount=type=bind,target=/m,from=app cat /m/app'), 'buildkit');
    assert.notEqual(self.code, 0, self.output);
    assert.match(self.output, /circular dependency detected on stage: app/);
    // a mount reads `from=1` as an image name, not the unnamed stage 1: not offered
    const index = await build(stagesAround('RUN --mount=type=bind,target=/m,from=1 cat /m/1'), 'buildkit');
    assert.notEqual(index.code, 0, index.output);
    assert.match(index.output, /docker\.io\/library\/1:latest/);
  });
});
