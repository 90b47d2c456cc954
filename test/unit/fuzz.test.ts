/**
 * Robustness: mutated corpus files and pathological inputs never throw, every
 * range lies inside the document, and parse time grows linearly with input
 * (checked by scaling ratios, not by wall-clock limits).
 */
import * as assert from 'node:assert/strict';
import { parse } from '../../server/src/parser';
import { realDockerfiles, readCorpus, listDirs, corpus } from '../helpers/corpus';

// deterministic PRNG (mulberry32) shared with the benchmark's generator, so a failure replays from its seed
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { prng: rng } = require('../../scripts/gen-dockerfile.mjs') as { prng: (seed: number) => () => number };

const SNIPPETS = ['\\', '`', '\n', '\r\n', '\r', '<<EOF', '<<-"E"', 'EOF\n', '[', ']', '"', "'", '${', '}', '$', ':-', '#', '# escape=`\n',
  '--', '--from=', '=', ' ', '\t', '\u0000', '\uD83D', '\uDE00', '😀', '한국어', '\uFEFF', 'ONBUILD ', 'FROM ', 'HEALTHCHECK CMD ', '{"a":[', '\\\n'];

function mutate(text: string, r: () => number): string {
  let t = text;
  const n = 1 + Math.floor(r() * 6);
  for (let k = 0; k < n; k++) {
    const at = Math.floor(r() * (t.length + 1));
    switch (Math.floor(r() * 5)) {
      case 0: t = t.slice(0, at); break; // truncate
      case 1: t = t.slice(0, at) + SNIPPETS[Math.floor(r() * SNIPPETS.length)] + t.slice(at); break;
      case 2: t = t.slice(0, at) + t.slice(at + Math.floor(r() * 40)); break;
      case 3: t = t.slice(0, at) + String.fromCharCode(Math.floor(r() * 0x10000)) + t.slice(at); break;
      default: { const b = Math.floor(r() * t.length); t = t.slice(0, at) + t.slice(b, b + 200) + t.slice(at); }
    }
  }
  return t;
}

/** Every object with numeric start/end in the tree lies inside [0, length] with start <= end. */
function checkRanges(node: unknown, length: number, path = 'ast', seen = new Set<unknown>()): void {
  if (!node || typeof node !== 'object' || seen.has(node)) return;
  seen.add(node);
  const o = node as Record<string, unknown>;
  if (typeof o.start === 'number' && typeof o.end === 'number') {
    assert.ok(o.start >= 0 && o.start <= o.end && o.end <= length, `${path}: range [${o.start}, ${o.end}) outside [0, ${length}]`);
  }
  for (const [k, v] of Object.entries(o)) if (k !== 'text' && k !== 'original') checkRanges(v, length, `${path}.${k}`, seen);
}

function parseChecked(text: string): void {
  const ast = parse(text);
  checkRanges(ast, text.length);
}

describe('fuzz: mutated corpus files', () => {
  const sources = [
    ...realDockerfiles().map(([, t]) => t),
    ...listDirs(corpus('buildkit-parser/testfiles')).map((n) => readCorpus('buildkit-parser/testfiles', n, 'Dockerfile')),
    readCorpus('buildkit-parser/extracted-from-go-tests/heredoc-extract/Dockerfile'),
  ];
  const SEEDS = Number(process.env.FUZZ_SEEDS ?? 1500);
  it(`${SEEDS} mutations parse without exceptions and with in-document ranges`, () => {
    for (let seed = 1; seed <= SEEDS; seed++) {
      const r = rng(seed);
      const src = sources[Math.floor(r() * sources.length)];
      const text = mutate(src, r);
      try {
        parseChecked(text);
      } catch (e) {
        throw new Error(`seed ${seed}: ${(e as Error).stack}`);
      }
    }
  });
});

describe('pathological inputs', () => {
  const cases: Array<[string, (n: number) => string]> = [
    ['one huge line', (n) => 'FROM a\nRUN echo ' + 'x '.repeat(n / 2)],
    ['many lines', (n) => 'FROM a\n' + 'RUN x\n'.repeat(n / 6)],
    ['deep continuation', (n) => 'FROM a\nRUN a \\\n' + ' b \\\n'.repeat(n / 5) + 'c\n'],
    ['many stages', (n) => 'FROM a AS s0\n'.repeat(n / 13)],
    ['binary junk', (n) => { const r = rng(7); let s = ''; for (let i = 0; i < n; i++) s += String.fromCharCode(Math.floor(r() * 256)); return s; }],
    ['unterminated heredoc', (n) => 'FROM a\nRUN <<EOF\n' + 'line\n'.repeat(n / 5)],
    ['unterminated JSON', (n) => 'FROM a\nCMD ["' + 'a", "'.repeat(n / 5)],
    ['nested JSON', (n) => 'FROM a\nCMD ' + '['.repeat(n)],
    ['many variables', (n) => 'FROM a\nENV A=' + '${B:-${C}}'.repeat(n / 10)],
    ['many heredocs on a line', (n) => 'FROM a\nRUN ' + '<<E '.repeat(n / 8) + '\n' + 'E\n'.repeat(n / 8)],
  ];
  /** Best of three: `times` parses of `text`. */
  const time = (text: string, times = 1) => {
    let best = Infinity;
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      for (let k = 0; k < times; k++) parseChecked(text);
      best = Math.min(best, performance.now() - t0);
    }
    return best;
  };
  for (const [name, make] of cases) {
    it(`${name}: linear growth from 64 KB to 1 MB`, function () {
      this.timeout(120000);
      const small = make(64 * 1024);
      const big = make(1024 * 1024);
      // The same number of bytes both ways: 16 parses of 64 KB against one of 1 MB, so the
      // garbage collector has about as much to do in both (one small parse is too short to time).
      // Linear work takes about as long (1x); quadratic work 16x as long. 8x leaves room for the
      // larger live data of the big input and for noise; a busy machine can still skew one
      // measurement, so up to three tries.
      let ratio = Infinity;
      let detail = '';
      for (let attempt = 0; attempt < 3 && ratio >= 8; attempt++) {
        const ts = Math.max(time(small, 16), 5); // below 5 ms a single pause would decide
        const tb = time(big);
        ratio = tb / ts;
        detail = `1 MB took ${tb.toFixed(1)} ms vs ${ts.toFixed(1)} ms for 16 × 64 KB`;
      }
      console.log(`      ${detail}`);
      assert.ok(ratio < 8, `${name}: ${detail}: super-linear`);
    });
  }
});
