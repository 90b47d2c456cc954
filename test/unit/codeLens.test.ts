/**
 * The code lenses as a reader sees them (server/src/features/codeLens.ts): one per thing worth
 * knowing, each short, in English and Korean — over examples/, the layer fixtures and every real
 * Dockerfile of the corpus, with each kind of base-image figure; where the effective command goes;
 * and the exact lenses of examples/Dockerfile in both languages.
 */
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { codeLenses, compactBytes, MAX_LENS, shortImage, type CodeLensSettings } from '../../server/src/features/codeLens';
import { contextIndex } from '../../server/src/layers/context';
import { analyzeLayers, LAYER_INSTRUCTIONS, type LayerInputs } from '../../server/src/layers/report';
import { analyze, type DockerfileDocument } from '../../server/src/model/document';
import type { SizeEstimate } from '../../server/src/protocol/layers';
import { corpus, realDockerfiles, repoRoot } from '../helpers/corpus';

const BASES: Record<string, SizeEstimate> = {
  engine: { bytes: 987_654_321, basis: 'engine', compressed: false, note: 'engine' },
  registry: { bytes: 49_000_000, basis: 'registry', compressed: true, note: 'registry' },
  table: { bytes: 40_000_000, low: 30_000_000, high: 60_000_000, basis: 'table', compressed: true, note: 'table' },
  unknown: { bytes: null, basis: 'unknown', note: 'Looking the base image up…' },
};
const ALL: CodeLensSettings = { layerSizes: true, effectiveCommand: true };
const HANGUL = /[\uac00-\ud7a3]/;

/** [name, folder (the build context) or undefined, text]. */
function files(): Array<[string, string | undefined, string]> {
  const out: Array<[string, string | undefined, string]> = [];
  const examples = join(repoRoot, 'examples');
  for (const n of readdirSync(examples)) if (/ockerfile/.test(n)) out.push([`examples/${n}`, examples, readFileSync(join(examples, n), 'utf8')]);
  const fixtures = join(repoRoot, 'test/fixtures/layers');
  for (const n of readdirSync(fixtures)) if (existsSync(join(fixtures, n, 'Dockerfile'))) out.push([`fixtures/${n}`, join(fixtures, n), readFileSync(join(fixtures, n, 'Dockerfile'), 'utf8')]);
  for (const [n, t] of realDockerfiles()) out.push([`corpus/real/${n}`, undefined, t]);
  const parser = corpus('buildkit-parser/testfiles');
  for (const n of readdirSync(parser)) if (existsSync(join(parser, n, 'Dockerfile'))) out.push([`buildkit-parser/${n}`, undefined, readFileSync(join(parser, n, 'Dockerfile'), 'utf8')]);
  return out;
}

async function analysed(name: string, dir: string | undefined, text: string, base: SizeEstimate) {
  const doc = analyze(pathToFileURL(join(dir ?? '/nonexistent', name.includes('/') && dir ? name.split('/').pop()! : 'Dockerfile')).href, 1, text);
  const context = dir ? contextIndex(dir, join(dir, 'Dockerfile')) : undefined;
  await context?.ready();
  const inputs: LayerInputs = { context, baseSize: () => base };
  let a = analyzeLayers(doc, inputs);
  for (let i = 0; i < 4 && context && !context.isReady(); i++) {
    await context.ready();
    a = analyzeLayers(doc, inputs);
  }
  return { doc, a };
}

const titles = (doc: DockerfileDocument, a: ReturnType<typeof analyzeLayers>, lang: 'en' | 'ko', settings = ALL) =>
  codeLenses(doc, a, settings, lang).map((l) => `${l.range.start.line + 1}: ${l.command!.title}`);

describe('code lenses: short, one per thing worth knowing, in English and Korean', () => {
  it(`no lens is longer than ${MAX_LENS} characters; none on metadata-only instructions; the command once (examples/, fixtures, corpus; every kind of base; en and ko)`, async () => {
    const all = files();
    assert.ok(all.length > 40, `${all.length} files`);
    let lenses = 0;
    let longest = '';
    for (const [name, dir, text] of all) {
      for (const [kind, base] of Object.entries(BASES)) {
        const { doc, a } = await analysed(name, dir, text, base);
        for (const lang of ['en', 'ko'] as const) {
          const ls = codeLenses(doc, a, ALL, lang);
          const where = `${name}, ${kind} base, ${lang}`;
          for (const l of ls) {
            const title = l.command!.title;
            assert.ok(title.length > 0, where);
            assert.ok([...title].length <= MAX_LENS, `${where}, line ${l.range.start.line + 1}: ${[...title].length} characters: ${title}`);
            if ([...title].length > [...longest].length) longest = title;
            lenses++;
          }
          // lenses sit on FROM, on a layer, or (the command) on the last stage's ENTRYPOINT / CMD
          const lines = new Map(doc.ast.instructions.map((i) => [i.startLine - 1, i.name]));
          for (const l of ls) {
            const ins = lines.get(l.range.start.line);
            const ok = ins === 'FROM' || LAYER_INSTRUCTIONS.has(ins ?? '') || (l.command!.title.startsWith('▶') && (ins === 'CMD' || ins === 'ENTRYPOINT'));
            assert.ok(ok, `${where}: a lens on ${ins} (line ${l.range.start.line + 1}): ${l.command!.title}`);
          }
          const commands = ls.filter((l) => l.command!.command === 'dockerfileLens.showLayerBreakdown' && (l.command!.arguments![0] as { kind: string }).kind === 'command');
          assert.equal(commands.length, a.stages.length ? 1 : 0, `${where}: one command lens`);
          if (lang === 'ko') {
            const en = codeLenses(doc, a, ALL, 'en').map((l) => l.command!.title);
            ls.forEach((l, i) => {
              // every phrase has its Korean; figures, image names and commands stay as they are
              if (/metadata|context|archive|from |Debian|download|file data|engine|registry|table|measured|unknown|size|Build Image|base image|no command|source|stage|image [≥≈\d]/.test(en[i].replace(/^▶ (?!the base|no command).*/, ''))) {
                assert.match(l.command!.title, HANGUL, `${where}: ${en[i]} → ${l.command!.title}`);
              } else assert.equal(l.command!.title, en[i], where);
            });
          }
        }
      }
    }
    assert.ok(lenses > 1000, `${lenses} lenses checked`);
    console.log(`      (${lenses} lenses, the longest ${[...longest].length} characters: ${longest})`);
  });

  it('examples/Dockerfile: the lenses, in English and in Korean', async () => {
    const dir = join(repoRoot, 'examples');
    const { doc, a } = await analysed('examples/Dockerfile', dir, readFileSync(join(dir, 'Dockerfile'), 'utf8'), BASES.table);
    assert.deepEqual(titles(doc, a, 'en'), [
      '12: node:20-alpine3.20 · ≈ 40 MB · stage ≥ 40 MB',
      '14: +422 B · build context',
      '16: size after build',
      '19: from deps · stage ≥ 40 MB',
      '23: +884 B · build context',
      '25: size after build',
      '31: node:20-alpine3.20 · ≈ 40 MB · image ≥ 40 MB',
      '31: Build Image…',
      '34: size after build',
      '36: size after build',
      '37: size after build',
      '39: +71 B · build context',
      '48: ▶ /sbin/tini -- node dist/server.js',
    ]);
    assert.deepEqual(titles(doc, a, 'ko'), [
      '12: node:20-alpine3.20 · ≈ 40 MB · 스테이지 ≥ 40 MB',
      '14: +422 B · 빌드 컨텍스트',
      '16: 빌드 후 크기',
      '19: deps에서 · 스테이지 ≥ 40 MB',
      '23: +884 B · 빌드 컨텍스트',
      '25: 빌드 후 크기',
      '31: node:20-alpine3.20 · ≈ 40 MB · 이미지 ≥ 40 MB',
      '31: 이미지 빌드…',
      '34: 빌드 후 크기',
      '36: 빌드 후 크기',
      '37: 빌드 후 크기',
      '39: +71 B · 빌드 컨텍스트',
      '48: ▶ /sbin/tini -- node dist/server.js',
    ]);
    // the metadata lenses come back with the setting
    const meta = titles(doc, a, 'en', { ...ALL, metadata: true });
    assert.ok(meta.includes('13: 0 B · metadata') && meta.includes('44: 0 B · metadata'), meta.join('\n'));
    assert.ok(titles(doc, a, 'ko', { ...ALL, metadata: true }).includes('13: 0 B · 메타데이터'));
  });

  it('the effective command: above the last stage’s ENTRYPOINT or CMD in effect, above FROM when inherited or missing', async () => {
    const lensOf = async (text: string, lang: 'en' | 'ko' = 'en') => {
      const { doc, a } = await analysed('Dockerfile', undefined, text, BASES.registry);
      return titles(doc, a, lang, { layerSizes: false, effectiveCommand: true });
    };
    // only the last stage's command: it is what `docker run` of the built image executes
    assert.deepEqual(await lensOf('FROM alpine AS a\nCMD ["a"]\nFROM alpine\nENTRYPOINT ["/bin/app"]\nCMD ["--serve"]\n'), ['4: ▶ /bin/app --serve']);
    // the ENTRYPOINT comes from the stage it is built FROM: the lens goes to the CMD here
    assert.deepEqual(await lensOf('FROM alpine AS a\nENTRYPOINT ["/bin/app"]\nFROM a\nCMD ["--serve"]\n'), ['4: ▶ /bin/app --serve']);
    // both from the stage below: on FROM
    assert.deepEqual(await lensOf('FROM alpine AS a\nCMD ["run"]\nFROM a\nENV X=1\n'), ['3: ▶ run']);
    // inherited from the base image, and none at all (scratch): on FROM, in both languages
    assert.deepEqual(await lensOf('FROM alpine\nRUN true\n'), ['1: ▶ the base image’s command']);
    assert.deepEqual(await lensOf('FROM alpine\nRUN true\n', 'ko'), ['1: ▶ 베이스 이미지의 명령']);
    assert.deepEqual(await lensOf('FROM scratch\nCOPY a /\n'), ['1: ▶ no command: docker run fails']);
    assert.deepEqual(await lensOf('FROM scratch\nCOPY a /\n', 'ko'), ['1: ▶ 명령 없음: docker run 실패']);
    // a long command is cut, the breakdown has every word
    const long = await lensOf(`FROM alpine\nCMD ["node", "${'x'.repeat(100)}.js"]\n`);
    assert.equal([...long[0]].length, '2: '.length + MAX_LENS);
    assert.ok(long[0].endsWith('…'));
  });

  it('figures and images as a lens shows them', () => {
    assert.deepEqual([0, 512, 1500, 13_845, 45_012_345, 987_654_321, 1_234_567_890].map(compactBytes), ['0 B', '512 B', '1.5 kB', '14 kB', '45 MB', '988 MB', '1.2 GB']);
    assert.equal(shortImage('docker.io/library/node:20-alpine'), 'node:20-alpine');
    assert.equal(shortImage('mcr.microsoft.com/windows/servercore:ltsc2022'), '…/servercore:ltsc2022');
    assert.equal(shortImage(`alpine@sha256:${'a'.repeat(64)}`), 'alpine@sha256:aaaaaaaa…');
    assert.ok([...shortImage(`registry.example.com:5000/team/${'x'.repeat(60)}:1`)].length <= 24);
  });
});
