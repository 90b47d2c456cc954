/**
 * Safe fixes keep what a Dockerfile builds, on the real engine (private dockerd, the imported busybox
 * image, `--network=none`): for every rule whose documented example gets a safe fix from
 * `check --fix` (iterating RULES: a rule marked safe later is covered too), and for a few cases the
 * examples miss (the `/bin/sh -c` form of JSONArgsRecommended with a line continuation, overridden
 * CMD/ENTRYPOINT/HEALTHCHECK around an ENTRYPOINT), the file is built with BuildKit and with the
 * legacy builder before and after the CLI's `--fix` (safe fixes only), and the two images must have
 * the same config (Entrypoint, Cmd, Env, Labels, ExposedPorts, User, WorkingDir, Healthcheck,
 * StopSignal, Shell, OnBuild, Volumes, Author, ArgsEscaped) and the same layers (RootFS.Layers, the
 * diff IDs). The image history's text is not compared: it records the instruction as written.
 * When a step is not taken from the cache (ADD and COPY are distinct steps), the folder it creates
 * gets the build's time, so its diff ID changes from one build to the next even with the same
 * Dockerfile: there the test shows exactly that (the original rebuilt with `--no-cache` changes its
 * diff IDs too) and compares the layers' content instead, entry by entry (`docker save`: path, type,
 * mode, owner, size, link, SHA-256 of the data, and the time of everything but folders).
 *
 * The examples are adapted to what can run here, nothing else: each FROM image (not a stage, not
 * scratch) becomes the imported busybox, and `apk` (absent from it) is echoed instead of run.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { extract, type Header } from 'tar-stream';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fixText } from '../../server/src/cli/fix';
import { analyze } from '../../server/src/model/document';
import { RULES } from '../../server/src/rules/registry';
import { repoRoot } from '../helpers/corpus';
import { BUSYBOX_IMAGE, docker, dockerBuild, importBusybox, needDocker, startDockerd, type Dockerd } from '../helpers/docker';

const CONFIG_FIELDS = ['Entrypoint', 'Cmd', 'Env', 'Labels', 'ExposedPorts', 'User', 'WorkingDir', 'Healthcheck', 'StopSignal', 'Shell', 'OnBuild', 'Volumes', 'ArgsEscaped'] as const;

/** The example with every FROM image (not a stage, not scratch) replaced by busybox, and `apk` echoed. */
function onBusybox(text: string): string {
  const doc = analyze('file:///x/Dockerfile', 1, text);
  const stages = new Set<string>();
  const edits: Array<{ start: number; end: number }> = [];
  for (const s of doc.stages.stages) {
    const d = s.from.details;
    if (d.kind === 'from' && d.image && d.image.value.toLowerCase() !== 'scratch' && !stages.has(d.image.value.toLowerCase())) edits.push(d.image);
    if (s.name) stages.add(s.name);
  }
  let out = text;
  for (const e of edits.reverse()) out = out.slice(0, e.start) + BUSYBOX_IMAGE + out.slice(e.end);
  return out.replace(/\bapk (add|update)\b/g, 'echo apk $1');
}

/** The entries of a tar: name → data (small archives only). */
async function untar(data: Buffer): Promise<Array<{ header: Header; data: Buffer }>> {
  const out: Array<{ header: Header; data: Buffer }> = [];
  const x = extract();
  const done = new Promise<void>((resolve, reject) => {
    x.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: unknown) => chunks.push(c as Buffer));
      stream.on('end', () => {
        out.push({ header, data: Buffer.concat(chunks) });
        next();
      });
    });
    x.on('finish', resolve);
    x.on('error', reject);
  });
  Readable.from([data]).pipe(x);
  await done;
  return out;
}

/** Each layer of a `docker save` archive as its entries: everything but a folder's time. */
async function layerContents(archive: Buffer): Promise<string[][]> {
  const files = new Map((await untar(archive)).map((e) => [e.header.name, e.data]));
  const [manifest] = JSON.parse(files.get('manifest.json')!.toString()) as Array<{ Layers: string[] }>;
  const layers: string[][] = [];
  for (const path of manifest.Layers) {
    const entries = await untar(files.get(path)!);
    layers.push(entries.map(({ header: h, data }) =>
      [h.name, h.type, h.mode?.toString(8), h.uid, h.gid, h.size, h.linkname ?? '', createHash('sha256').update(data).digest('hex'), h.type === 'directory' ? '' : h.mtime?.toISOString()].join(' '),
    ));
  }
  return layers;
}

/** Cases the examples miss (name → Dockerfile on busybox). */
const EXTRA: Record<string, string> = {
  // JSONArgsRecommended's preferred fix when the command cannot be split: the Cmd the shell form stores, written out
  'JSONArgsRecommended /bin/sh -c': `FROM ${BUSYBOX_IMAGE}\nENTRYPOINT echo start \\\n  && exec "$@"\nCMD echo a && echo b | cat\n`,
  // the CMD before an ENTRYPOINT is removed: an ENTRYPOINT clears Cmd only when no CMD came before it, the last CMD sets it again
  'MultipleInstructionsDisallowed around ENTRYPOINT': `FROM ${BUSYBOX_IMAGE}\nCMD ["first"]\nENTRYPOINT ["echo", "one"]\nCMD ["second"]\nENTRYPOINT ["echo", "two"]\nHEALTHCHECK NONE\nHEALTHCHECK --interval=5s CMD ["true"]\nSTOPSIGNAL SIGINT\n`,
};

describe('integration: safe fixes build the same image (BuildKit and the legacy builder)', function () {
  this.timeout(600000);
  let d: Dockerd | undefined;
  let dir = '';
  let mtime = Math.floor(Date.now() / 1000) - 200000;
  const outcomes: string[] = [];

  before(async function () {
    needDocker(this, { busybox: true });
    dir = mkdtempSync(join(tmpdir(), 'lens-safefix-'));
    d = await startDockerd();
    await importBusybox(d);
  });
  after(async () => {
    await d?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (outcomes.length) console.log(`      safe fixes on Docker 20.10:\n${outcomes.map((o) => `        ${o}`).join('\n')}`);
  });

  const image = async (tag: string) => {
    const r = await docker(d!, ['image', 'inspect', tag]);
    assert.equal(r.code, 0, r.output);
    const [img] = JSON.parse(r.output) as Array<{ Author: string; Config: Record<string, unknown>; RootFS: { Layers: string[] } }>;
    return { Author: img.Author, ...Object.fromEntries(CONFIG_FIELDS.map((f) => [f, img.Config[f] ?? null])), layers: img.RootFS.Layers };
  };
  const saved = async (tag: string) => {
    const out = join(dir, `${tag.replace(/[^\w]+/g, '-')}.tar`);
    const r = await docker(d!, ['save', '-o', out, tag]);
    assert.equal(r.code, 0, r.output);
    return layerContents(readFileSync(out));
  };

  const cases: Array<{ name: string; text: string; context: Record<string, string>; rule?: string }> = [
    // the rules whose docs call their fix safe ("Safe: …", "Safe when …"): their examples show the safe case. An
    // always-unsafe fix has nothing to prove here; a rule "Unsafe for …" but safe for a form of its own
    // (JSONArgsRecommended's `/bin/sh -c`) is proven by an EXTRA case of that form.
    ...RULES.filter((r) => r.docs.fix && /^Safe/.test(r.docs.fixSafety ?? '')).map((r) => ({ name: r.id, rule: r.id, text: onBusybox(r.docs.example), context: r.docs.context ?? {} })),
    ...Object.entries(EXTRA).map(([name, text]) => ({ name, text, context: {} })),
  ];

  let covered = 0;
  for (const c of cases) {
    it(`${c.name}: the same config and layers before and after check --fix`, async function () {
      const ctx = join(dir, c.name.replace(/[^\w]+/g, '-'));
      mkdirSync(ctx);
      for (const [name, content] of Object.entries(c.context)) {
        const p = join(ctx, name);
        mkdirSync(dirname(p), { recursive: true });
        writeFileSync(p, content);
        utimesSync(p, ++mtime, mtime);
      }
      const file = join(ctx, 'Dockerfile');
      // decided as the CLI will: a rule's example whose safe pass does nothing has nothing to prove here
      const planned = fixText(file, c.text);
      if (c.rule) assert.ok(planned.applied.some((a) => a.codes.includes(c.rule!)), `${c.name}: its docs call the fix safe, but no safe fix applies to its example (${planned.unsafeLeft} unsafe left)`);
      assert.ok(planned.applied.length > 0, `${c.name}: a safe fix applies`);
      covered++;
      writeFileSync(file, c.text);
      writeFileSync(join(ctx, 'original.Dockerfile'), c.text);
      const tag = c.name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
      const built: Record<string, { before?: Awaited<ReturnType<typeof image>>; after?: Awaited<ReturnType<typeof image>> }> = { buildkit: {}, legacy: {} };
      const notes: string[] = [];
      for (const builder of ['buildkit', 'legacy'] as const) {
        const r = await dockerBuild(d!, { dockerfile: file, context: ctx, tag: `lens-safe/${tag}:before-${builder}`, builder });
        if (builder === 'legacy' && r.code !== 0) {
          outcomes.push(`${c.name} (legacy): the original does not build there, not compared: ${/Error response from daemon: (.*)/.exec(r.output)?.[1] ?? r.output.slice(-200)}`);
          continue;
        }
        assert.equal(r.code, 0, `${c.name} before (${builder}):\n${c.text}\n${r.output}`);
        built[builder].before = await image(`lens-safe/${tag}:before-${builder}`);
      }

      const fix = spawnSync(process.execPath, [join(repoRoot, 'dist/cli.js'), 'check', '--fix', 'Dockerfile'], { cwd: ctx, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
      const after = readFileSync(file, 'utf8');
      assert.equal(after, planned.text, fix.stdout + fix.stderr);
      assert.notEqual(after, c.text);

      for (const builder of ['buildkit', 'legacy'] as const) {
        if (!built[builder].before) continue;
        const r = await dockerBuild(d!, { dockerfile: file, context: ctx, tag: `lens-safe/${tag}:after-${builder}`, builder });
        assert.equal(r.code, 0, `${c.name} after --fix (${builder}):\n${after}\n${r.output}`);
        const [b, a] = [built[builder].before!, (built[builder].after = await image(`lens-safe/${tag}:after-${builder}`))];
        const why = `${c.name} (${builder}): the image differs after --fix\nbefore:\n${c.text}\nafter:\n${after}`;
        assert.deepEqual({ ...a, layers: [] }, { ...b, layers: [] }, why);
        assert.equal(a.layers.length, b.layers.length, why);
        if (a.layers.join() === b.layers.join()) continue;
        // a step built anew: its diff ID is not stable even for the original; the content must be the same
        const again = await dockerBuild(d!, { dockerfile: join(ctx, 'original.Dockerfile'), context: ctx, tag: `lens-safe/${tag}:again-${builder}`, builder, extraArgs: ['--no-cache'] });
        assert.equal(again.code, 0, again.output);
        assert.notDeepEqual((await image(`lens-safe/${tag}:again-${builder}`)).layers, b.layers, `${why}\nand the original rebuilt gives the same diff IDs: the difference is the fix's`);
        assert.deepEqual(await saved(`lens-safe/${tag}:after-${builder}`), await saved(`lens-safe/${tag}:before-${builder}`), `${why}\n(layer content)`);
        notes.push(`${builder}: diff IDs of a rebuilt step change with every build (the original with --no-cache too), the layers' entries are the same`);
      }
      outcomes.push(`${c.name}: ${planned.applied.map((a) => a.codes.join('+')).join(', ')}: same config and ${built.buildkit.before!.layers.length} layer diff IDs (BuildKit${built.legacy.before ? ', legacy' : ''})${notes.length ? `; ${notes.join('; ')}` : ''}`);
    });
  }

  it('covered at least the style fixes of the examples', () => {
    assert.ok(covered >= 10, `${covered} cases compared`);
  });
});
