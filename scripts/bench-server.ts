/**
 * Language-server latency on a 10,000-line Dockerfile, over the real protocol
 * (`node dist/server.js --stdio`): hover, completion and every editor request
 * (symbols, folding, navigation, rename, formatting, semantic tokens, inlay
 * hints, links) on an unchanged document, some right after an edit (which
 * includes the incremental re-parse and rebuilding the model), and the first
 * hover after an edit. Bundled by scripts/build.mjs to out/lib/bench-server.js;
 * `npm run bench` runs it after the parser benchmark.
 */
import { LspClient } from '../test/helpers/lspClient';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateDockerfile } = require('./gen-dockerfile.mjs') as { generateDockerfile: (lines: number, seed: number) => string };

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}
const f = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(1));

async function main(): Promise<void> {
  const client = new LspClient();
  // a client that resolves the lenses it shows (LSP 3.18 resolveSupport) and can be told to refresh them, as VS Code;
  // one without these gets every lens complete, computed on each request (test/protocol/anyClient.test.ts)
  await client.initialize('en', {
    textDocument: { completion: { completionItem: { snippetSupport: true } }, codeLens: { resolveSupport: { properties: ['command'] } } },
    workspace: { codeLens: { refreshSupport: true } },
  });
  const text = generateDockerfile(10000, 42);
  const lines = text.split('\n');
  const uri = 'file:///bench/Dockerfile';
  let version = 1;
  let t0 = performance.now();
  client.open(uri, text);
  await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } });
  const openMs = performance.now() - t0;

  // positions: instruction keywords, variables, empty-line completion spots
  const keywordLines: number[] = [];
  const varSpots: Array<{ line: number; character: number }> = [];
  lines.forEach((l, i) => {
    if (/^[A-Z]+ /.test(l)) keywordLines.push(i);
    const d = l.indexOf('${');
    if (d >= 0) varSpots.push({ line: i, character: d + 3 });
  });
  const rnd = (() => { let s = 7; return () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff); })();
  const pick = <T,>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];

  const time = async (fn: () => Promise<unknown>, n: number) => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      const s = performance.now();
      await fn();
      out.push(performance.now() - s);
    }
    return out;
  };
  const hoverKw = await time(() => client.request('textDocument/hover', { textDocument: { uri }, position: { line: pick(keywordLines), character: 1 } }), 300);
  const hoverVar = await time(() => client.request('textDocument/hover', { textDocument: { uri }, position: pick(varSpots) }), 300);
  const complLine = await time(() => client.request('textDocument/completion', { textDocument: { uri }, position: { line: pick(keywordLines), character: 0 } }), 300);
  const doc = { textDocument: { uri } };
  const lastLine = lines.length - 1;
  const editor = {
    'textDocument/definition (variable)': () => client.request('textDocument/definition', { ...doc, position: pick(varSpots) }),
    'textDocument/references (variable)': () => client.request('textDocument/references', { ...doc, position: pick(varSpots), context: { includeDeclaration: true } }),
    'textDocument/documentHighlight': () => client.request('textDocument/documentHighlight', { ...doc, position: pick(varSpots) }),
    'textDocument/rename (variable)': () => client.request('textDocument/rename', { ...doc, position: pick(varSpots), newName: 'RENAMED_X' }).catch(() => null),
    'textDocument/selectionRange': () => client.request('textDocument/selectionRange', { ...doc, positions: [pick(varSpots)] }),
    'textDocument/inlayHint (one screen)': () => {
      const line = pick(keywordLines);
      return client.request('textDocument/inlayHint', { ...doc, range: { start: { line, character: 0 }, end: { line: Math.min(lastLine, line + 60), character: 0 } } });
    },
    'textDocument/semanticTokens/range (one screen)': () => {
      const line = pick(keywordLines);
      return client.request('textDocument/semanticTokens/range', { ...doc, range: { start: { line, character: 0 }, end: { line: Math.min(lastLine, line + 60), character: 0 } } });
    },
    'textDocument/documentSymbol': () => client.request('textDocument/documentSymbol', doc),
    'textDocument/foldingRange': () => client.request('textDocument/foldingRange', doc),
    'textDocument/documentLink': () => client.request('textDocument/documentLink', doc),
    'textDocument/semanticTokens/full': () => client.request('textDocument/semanticTokens/full', doc),
    'textDocument/formatting': () => client.request('textDocument/formatting', { ...doc, options: { tabSize: 4, insertSpaces: true } }),
    // as an editor shows them: the list, then codeLens/resolve for the lenses on screen
    'textDocument/codeLens + resolve (one screen)': async () => {
      const line = pick(keywordLines);
      const ls = await client.request<Array<{ range: { start: { line: number } } }>>('textDocument/codeLens', doc);
      await Promise.all(ls.filter((l) => l.range.start.line >= line && l.range.start.line < line + 60).map((l) => client.request('codeLens/resolve', l)));
    },
    'textDocument/rangeFormatting (one screen)': () => {
      const line = pick(keywordLines);
      return client.request('textDocument/rangeFormatting', { ...doc, range: { start: { line, character: 0 }, end: { line: Math.min(lastLine, line + 60), character: 0 } }, options: { tabSize: 4, insertSpaces: true } });
    },
  };
  const editorTimes: Array<[string, number[]]> = [];
  for (const [name, fn] of Object.entries(editor)) editorTimes.push([name, await time(fn, 40)]);
  // each on a fresh version: nothing cached from an earlier request on the same version
  const fresh: Array<[string, number[]]> = [];
  for (const name of ['textDocument/documentSymbol', 'textDocument/semanticTokens/full', 'textDocument/formatting', 'textDocument/codeLens + resolve (one screen)', 'textDocument/definition (variable)'] as const) {
    const xs: number[] = [];
    for (let i = 0; i < 20; i++) {
      const line = pick(keywordLines);
      client.notify('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: i % 2 ? ' ' : '' }] });
      const s0 = performance.now();
      await editor[name]();
      xs.push(performance.now() - s0);
    }
    fresh.push([`${name}, right after an edit`, xs]);
  }
  const afterEdit: number[] = [];
  for (let i = 0; i < 100; i++) {
    const line = pick(keywordLines);
    client.notify('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: i % 2 ? ' ' : '' }] });
    t0 = performance.now();
    await client.request('textDocument/hover', { textDocument: { uri }, position: { line, character: 1 } });
    afterEdit.push(performance.now() - t0);
  }
  await client.shutdown();

  console.log('## Language server over stdio, 10,000-line file (ms, round trip)');
  console.log('');
  console.log('| request | p50 | p95 | runs |');
  console.log('|---|---:|---:|---:|');
  const row = (name: string, xs: number[]) => console.log(`| ${name} | ${f(pct(xs, 50))} | ${f(pct(xs, 95))} | ${xs.length} |`);
  row('hover on an instruction keyword', hoverKw);
  row('hover on a variable (scope + value)', hoverVar);
  row('completion at the start of a line', complLine);
  row('hover right after an edit (incremental re-parse included)', afterEdit);
  for (const [name, xs] of editorTimes) row(name, xs);
  for (const [name, xs] of fresh) row(name, xs);
  console.log(`| didOpen → first hover answered | ${f(openMs)} | | 1 |`);
  console.log('');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
