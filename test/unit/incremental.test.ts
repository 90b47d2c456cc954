/**
 * Incremental re-parse: parse(newText, parse(oldText)) must equal a full
 * parse of newText, for random edits anywhere in real and generated files.
 */
import * as assert from 'node:assert/strict';
import { parse } from '../../server/src/parser';
import { realDockerfiles } from '../helpers/corpus';

// the benchmark's generator: multi-stage files with heredocs, ONBUILD, continuations and mistakes
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateDockerfile, prng: rng } = require('../../scripts/gen-dockerfile.mjs') as { generateDockerfile: (lines: number, seed: number) => string; prng: (seed: number) => () => number };

const INSERTS = ['x', ' ', '\n', '\\', '\\\n', '#', '# c\n', 'RUN echo $A\n', '<<EOF\n', 'EOF\n', '"', '[', 'ENV A=1\n', '\r\n', 'FROM a AS b\n', '😀', '\t'];

function edit(text: string, r: () => number): string {
  const at = Math.floor(r() * (text.length + 1));
  const kind = Math.floor(r() * 3);
  if (kind === 0) return text.slice(0, at) + INSERTS[Math.floor(r() * INSERTS.length)] + text.slice(at);
  if (kind === 1) return text.slice(0, at) + text.slice(at + 1 + Math.floor(r() * 30));
  return text.slice(0, at) + INSERTS[Math.floor(r() * INSERTS.length)] + text.slice(at + Math.floor(r() * 10));
}

describe('incremental re-parse', () => {
  const files = [...realDockerfiles().map(([, t]) => t), ...[1, 2, 3, 4, 5].map((seed) => generateDockerfile(300, seed))];
  it('equals a full parse after 1500 random edits (chains of 3 edits)', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const r = rng(seed);
      let text = files[Math.floor(r() * files.length)];
      let ast = parse(text);
      for (let step = 0; step < 3; step++) {
        const next = edit(text, r);
        const full = parse(next);
        const incremental = parse(next, ast);
        try {
          assert.deepEqual(incremental, full);
        } catch (e) {
          throw new Error(`seed ${seed} step ${step}: ${(e as Error).message.slice(0, 2000)}`);
        }
        text = next;
        ast = incremental;
      }
    }
  });

  it('an unchanged text re-parses nothing', () => {
    const text = 'FROM a\nRUN one\n';
    const old = parse(text);
    const first = old.instructions[1];
    const again = parse(text, old);
    assert.equal(again.instructions[1], first);
    assert.deepEqual(again, parse(text));
  });

  it('keeps the untouched instructions as the same objects before the edit', () => {
    const text = 'FROM a\nRUN one\nRUN two\nRUN three\n';
    const old = parse(text);
    const before = old.instructions[1];
    const next = parse(text.replace('two', 'TWO'), old);
    assert.equal(next.instructions[1], before);
    assert.deepEqual(old.instructions, [], 'the previous tree is consumed');
    assert.equal(next.instructions[2].args[0].value, 'TWO');
    assert.equal(next.instructions[3].args[0].value, 'three');
  });
});

describe('lint across versions (what is kept from one version to the next)', () => {
  // lazily: the rules are heavier to load than the parser
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { analyze } = require('../../server/src/model/document') as typeof import('../../server/src/model/document');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { lint, LintMemo } = require('../../server/src/rules/engine') as typeof import('../../server/src/rules/engine');
  const files = [...realDockerfiles().map(([, t]) => t), ...[1, 2, 3].map((seed) => generateDockerfile(300, seed))];
  const plain = (x: unknown) => JSON.stringify(x);
  it('lints an edited document exactly as the same text analysed fresh (300 chains of 4 edits)', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const r = rng(seed * 31);
      let text = files[Math.floor(r() * files.length)];
      let doc = analyze('file:///w/Dockerfile', 1, text);
      const memo = new LintMemo();
      lint(doc, { memo });
      for (let step = 0; step < 4; step++) {
        text = edit(text, r);
        doc = analyze('file:///w/Dockerfile', step + 2, text, doc);
        const incremental = plain(lint(doc, { memo }));
        const fresh = plain(lint(analyze('file:///w/Dockerfile', 1, text)));
        if (incremental !== fresh) assert.equal(incremental, fresh, `seed ${seed} step ${step}: the findings differ`);
      }
    }
  });
});

describe('memory across versions', () => {
  it('instructions carried over do not keep the text of the version they were parsed in', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const v8 = require('node:v8') as typeof import('node:v8');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const vm = require('node:vm') as typeof import('node:vm');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { analyze } = require('../../server/src/model/document') as typeof import('../../server/src/model/document');
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const heap = () => {
      gc();
      gc();
      return process.memoryUsage().heapUsed;
    };
    let text = generateDockerfile(10_000, 42); // about 340 KB
    let doc = analyze('file:///m/Dockerfile', 1, text);
    const edit1 = (k: number) => {
      // one character typed at a new place each time: the instruction there is parsed again
      const at = text.indexOf('\n', Math.floor((text.length * ((k * 37) % 100)) / 100)) + 1;
      text = text.slice(0, at) + ' ' + text.slice(at);
      doc = analyze('file:///m/Dockerfile', k + 2, text, doc);
    };
    const before = heap();
    for (let k = 0; k < 60; k++) edit1(k);
    const grown = (heap() - before) / 1e6;
    // keeping one text per edit would be about 60 × 340 KB
    assert.ok(grown < 6, `the heap grew by ${grown.toFixed(1)} MB over 60 edits: old texts are kept alive`);
    assert.ok(doc.ast.instructions.length > 0);
  });
});
