/**
 * Side-by-side latency of our language server (`node dist/server.js --stdio`)
 * and the incumbent, dockerfile-language-server-nodejs (the server behind VS
 * Code's Docker extension), over the real protocol, both started without Node
 * flags. Both get the same
 * initialize capabilities (those an editor sends), the same documents
 * (generated at 100 / 1,000 / 10,000 lines, and every real Dockerfile of the
 * corpus) and the same requests, interleaved one by one (ours, theirs, ours,
 * theirs …) so machine noise hits both alike. Each generated size, and the
 * corpus, runs in its own fresh pair of server processes (started, initialized,
 * measured, shut down), so each server's peak RSS is known per input. Prints one
 * markdown table of p50 / p95 client round-trip times and the ratio ours/theirs
 * (of the p50s), plus a table of each server's peak RSS per input. Requests a
 * server does not advertise print "n/a"; one that takes over 120 s prints
 * "timeout" and is not repeated (its late answer is awaited, untimed, before the
 * next measurement). Slow rows stop repeating once a per-row time
 * budget is spent.
 * Bundled by scripts/build.mjs to out/lib/bench-compare.js; `npm run bench`
 * runs it after the other benchmarks.
 */
import { cpus } from 'node:os';
import { realDockerfiles } from '../test/helpers/corpus';
import { INCUMBENT, Server, incumbentVersion, rng, serverCommand, spots, type Pos } from './bench-lsp';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateDockerfile } = require('./gen-dockerfile.mjs') as { generateDockerfile: (lines: number, seed: number) => string };

type Sample = number | 'timeout' | 'n/a';

const TIMEOUT_MS = 120_000;

/**
 * Runs fn, returning its round-trip time in ms, or 'timeout' after TIMEOUT_MS. After a
 * timeout it still waits (up to another TIMEOUT_MS, untimed) for the late answer: the server
 * is busy with it, and the next measurement on that server would otherwise absorb the rest.
 */
async function timed(fn: () => Promise<unknown>): Promise<Sample> {
  const t0 = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = () => new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), TIMEOUT_MS)));
  const run = fn().then(() => 'ok' as const, () => 'ok' as const);
  const r = await Promise.race([run, timeout()]);
  clearTimeout(timer);
  if (r !== 'timeout') return performance.now() - t0;
  await Promise.race([run, timeout()]);
  clearTimeout(timer);
  return 'timeout';
}

type Row = { name: string; ours: Sample[]; theirs: Sample[] };
const rows: Row[] = [];
function row(name: string): Row {
  let r = rows.find((x) => x.name === name);
  if (!r) rows.push((r = { name, ours: [], theirs: [] }));
  return r;
}

/**
 * Runs `reps` interleaved rounds (ours, then theirs) of one measurement, each
 * side stopping early when it has spent `budgetMs` (at least one run) or timed
 * out; a side that does not support `capability` records 'n/a'.
 */
async function compare(
  name: string, ours: Server, theirs: Server, reps: number, budgetMs: number,
  capability: string | null, run: (s: Server, i: number) => Promise<unknown>,
  prepare?: (s: Server, i: number) => Promise<unknown>,
): Promise<void> {
  const r = row(name);
  const sides: Array<[Server, Sample[]]> = [[ours, r.ours], [theirs, r.theirs]];
  const spent = [0, 0];
  for (let i = 0; i < reps; i++) {
    let any = false;
    for (let k = 0; k < 2; k++) {
      const [s, xs] = sides[k];
      if (capability && !s.supports(capability)) { if (!xs.length) xs.push('n/a'); continue; }
      if (xs.includes('timeout') || xs.includes('n/a') || (i > 0 && spent[k] >= budgetMs)) continue;
      if (prepare) await prepare(s, i);
      const t = await timed(() => run(s, i));
      xs.push(t);
      if (typeof t === 'number') spent[k] += t;
      any = true;
    }
    if (!any) break;
  }
}

/** The lines where either server published a diagnostic (else a few keyword lines). */
function diagnosticLines(a: Server, b: Server, uri: string, fallback: Pos[]): number[] {
  const set = new Set<number>();
  for (const s of [a, b]) for (const d of s.diags.get(uri) ?? []) set.add(d.range.start.line);
  return set.size ? [...set].sort((x, y) => x - y) : fallback.map((p) => p.line);
}

/** Request-level measurements on one open document (same uri in both servers). */
async function requests(label: string, ours: Server, theirs: Server, uri: string, text: string, reps: number, slowReps: number, seed: number): Promise<void> {
  const sp = spots(text);
  const pick = <T,>(xs: T[], i: number, salt: number) => xs[Math.floor(rng(seed * 7919 + i * 31 + salt)() * xs.length)];
  const doc = { textDocument: { uri } };
  const budget = 10_000;
  // whole-document requests run on a fresh version (after a one-character edit whose
  // diagnostics have been published), as in an editor: nothing cached from an earlier
  // request on the same version, and no validation still running in the server
  const edited = (s: Server, i: number) => s.edit(uri, pick(sp.keywords, i, 5).line);
  await compare(`hover | ${label}`, ours, theirs, reps, budget, 'hoverProvider', (s, i) =>
    s.client.request('textDocument/hover', { ...doc, position: i % 2 ? pick(sp.vars, i, 1) : pick(sp.keywords, i, 1) }));
  await compare(`completion | ${label}`, ours, theirs, reps, budget, 'completionProvider', (s, i) =>
    s.client.request('textDocument/completion', { ...doc, position: i % 2 ? pick(sp.afterKeyword, i, 2) : { line: pick(sp.keywords, i, 2).line, character: 0 } }));
  await compare(`definition | ${label}`, ours, theirs, reps, budget, 'definitionProvider', (s, i) =>
    s.client.request('textDocument/definition', { ...doc, position: pick(sp.vars, i, 3) }));
  const diagLines = diagnosticLines(ours, theirs, uri, sp.keywords);
  await compare(`codeAction | ${label}`, ours, theirs, reps, budget, 'codeActionProvider', (s, i) => {
    const line = pick(diagLines, i, 4);
    const diagnostics = (s.diags.get(uri) ?? []).filter((d) => d.range.start.line <= line && d.range.end.line >= line);
    const range = { start: { line, character: 0 }, end: { line, character: sp.lines[line]?.length ?? 0 } };
    return s.client.request('textDocument/codeAction', { ...doc, range, context: { diagnostics, only: undefined, triggerKind: 1 } });
  });
  await compare(`documentSymbol | ${label}`, ours, theirs, slowReps, budget, 'documentSymbolProvider', (s) => s.client.request('textDocument/documentSymbol', doc), edited);
  await compare(`formatting | ${label}`, ours, theirs, slowReps, budget, 'documentFormattingProvider', (s) =>
    s.client.request('textDocument/formatting', { ...doc, options: { tabSize: 4, insertSpaces: true } }), edited);
  await compare(`semanticTokens/full | ${label}`, ours, theirs, slowReps, budget, 'semanticTokensProvider', (s) => s.client.request('textDocument/semanticTokens/full', doc), edited);
  // as an editor shows them: the list, then codeLens/resolve for the lenses on the first screen
  await compare(`codeLens (+ resolve of one screen) | ${label}`, ours, theirs, slowReps, budget, 'codeLensProvider', async (s) => {
    const ls = await s.client.request<Array<{ range: { start: { line: number } }; command?: unknown }>>('textDocument/codeLens', doc);
    await Promise.all(ls.filter((l) => !l.command && l.range.start.line < 60).map((l) => s.client.request('codeLens/resolve', l)));
  }, edited);
}

/** didChange (one character, inserted then removed again) → the diagnostics of that version. */
async function edits(label: string, ours: Server, theirs: Server, uri: string, text: string, reps: number, seed: number): Promise<void> {
  const { keywords } = spots(text);
  await compare(`didChange → diagnostics | ${label}`, ours, theirs, reps, 15_000, null, (s, i) =>
    s.edit(uri, keywords[Math.floor(rng(seed + i)() * keywords.length)].line));
}

type Peak = { hwm: number; polled: number };
type PeakRow = { input: string; ours: Peak; theirs: Peak };

/**
 * Starts a fresh pair of servers (ours, theirs), initializes both, runs `measure`
 * on them while polling each one's VmRSS every 50 ms, then reads each one's VmHWM
 * (the kernel's peak resident set of that process) and shuts both down. The
 * peaks are recorded under `input`; the shutdown exit codes are returned.
 */
async function withFreshPair(input: string, peaks: PeakRow[], measure: (ours: Server, theirs: Server) => Promise<void>): Promise<[number | null, number | null]> {
  const ours = new Server('ours', true, serverCommand('ours'));
  const theirs = new Server(INCUMBENT, false, serverCommand('theirs'));
  await ours.init();
  await theirs.init();
  const polled = { ours: 0, theirs: 0 };
  const pollRss = () => {
    polled.ours = Math.max(polled.ours, ours.rss().rss);
    polled.theirs = Math.max(polled.theirs, theirs.rss().rss);
  };
  const poll = setInterval(pollRss, 50);
  try {
    await measure(ours, theirs);
    pollRss();
  } finally {
    clearInterval(poll);
  }
  peaks.push({ input, ours: { hwm: ours.rss().hwm, polled: polled.ours }, theirs: { hwm: theirs.rss().hwm, polled: polled.theirs } });
  return [await ours.client.shutdown(), await theirs.client.shutdown().catch(() => null)];
}

async function main(): Promise<void> {
  const started = Date.now();
  const peaks: PeakRow[] = [];
  const exits: Array<[number | null, number | null]> = [];

  // generated files: [lines, didOpen reps, fast-request reps, whole-document reps, didChange reps]
  const sizes: Array<[number, number, number, number, number]> = [[100, 20, 60, 20, 60], [1000, 10, 40, 15, 40], [10000, 4, 30, 15, 30]];
  for (const [n, openReps, reps, slowReps, editReps] of sizes) {
    const label = `${n.toLocaleString('en-US')} lines`;
    const text = generateDockerfile(n, 42);
    exits.push(await withFreshPair(label, peaks, async (ours, theirs) => {
      // didOpen → first publishDiagnostics, each time on a fresh uri (closed again afterwards)
      await compare(`didOpen → diagnostics | ${label}`, ours, theirs, openReps, 15_000, null, async (s, i) => {
        const uri = `file:///bench/open-${n}-${i}/Dockerfile`;
        const done = s.nextDiagnostics(uri, 1);
        s.client.open(uri, text);
        await done;
        s.client.notify('textDocument/didClose', { textDocument: { uri } });
      });
      const uri = `file:///bench/gen-${n}/Dockerfile`;
      await Promise.all([ours, theirs].map((s) => { const d = s.nextDiagnostics(uri, 1); s.client.open(uri, text); return d; }));
      await requests(label, ours, theirs, uri, text, reps, slowReps, n);
      await edits(label, ours, theirs, uri, text, editReps, n);
      for (const s of [ours, theirs]) s.client.notify('textDocument/didClose', { textDocument: { uri } });
    }));
  }

  // the real corpus: every file opened in both, a few requests of each kind per file, all samples pooled
  const corpus = realDockerfiles();
  const label = `corpus (${corpus.length} files)`;
  exits.push(await withFreshPair('corpus', peaks, async (ours, theirs) => {
    for (const [idx, [name, text]] of corpus.entries()) {
      const uri = `file:///corpus/${name}`;
      await compare(`didOpen → diagnostics | ${label}`, ours, theirs, 1, Infinity, null, (s) => {
        const done = s.nextDiagnostics(uri, 1);
        s.client.open(uri, text);
        return done;
      });
      await requests(label, ours, theirs, uri, text, 4, 1, idx + 1);
      await edits(label, ours, theirs, uri, text, 2, idx + 1);
    }
  }));

  const pct = (xs: number[], p: number) => {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
  };
  const f = (x: number) => (x < 10 ? x.toFixed(2) : x < 1000 ? x.toFixed(1) : x.toFixed(0));
  const cell = (xs: Sample[]): [string, string, number | undefined] => {
    if (xs.includes('n/a')) return ['n/a', 'n/a', undefined];
    const nums = xs.filter((x): x is number => typeof x === 'number');
    if (xs.includes('timeout') && !nums.length) return ['timeout', 'timeout', undefined];
    if (!nums.length) return ['–', '–', undefined];
    const p50 = pct(nums, 50);
    const tail = xs.includes('timeout') ? ' (+timeout)' : '';
    return [f(p50) + tail, f(pct(nums, 95)), p50];
  };
  const cpu = cpus();
  console.log(`## Dockerfile Lens vs ${INCUMBENT}@${incumbentVersion()} (ms, client round trip over stdio)`);
  console.log('');
  console.log(`- date: ${new Date().toISOString()}`);
  console.log(`- machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} cores, Node ${process.version}, ${process.platform}`);
  console.log('- command: `npm run bench` (or `npm run build && node out/lib/bench-compare.js`)');
  console.log(`- requests interleaved ours/theirs; p50/p95 over the runs shown; ratio = ours p50 / theirs p50 (below 1: ours faster); per-request timeout ${TIMEOUT_MS / 1000} s (a request that times out is awaited, untimed, up to as long again before the next one, so its late work does not land in the next row)`);
  console.log('- documentSymbol, formatting, semanticTokens/full and codeLens are each timed on a fresh document version (after a one-character edit whose diagnostics were published; the edit is not timed)');
  console.log('');
  console.log('| request | input | runs (ours/theirs) | ours p50 | ours p95 | theirs p50 | theirs p95 | ratio |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    const [req, input] = r.name.split(' | ');
    const [o50, o95, on] = cell(r.ours);
    const [t50, t95, tn] = cell(r.theirs);
    const ratio = on !== undefined && tn !== undefined && tn > 0 ? `${(on / tn).toFixed(on / tn < 0.1 ? 3 : 2)}×` : 'n/a';
    const runs = `${r.ours.filter((x) => typeof x === 'number').length}/${r.theirs.filter((x) => typeof x === 'number').length}`;
    console.log(`| ${req} | ${input} | ${runs} | ${o50} | ${o95} | ${t50} | ${t95} | ${ratio} |`);
  }
  // the whole run now spans four pairs of processes: its peak is the largest of theirs
  const most = (side: 'ours' | 'theirs', k: keyof Peak) => Math.max(...peaks.map((p) => p[side][k]));
  const hwm = { ours: most('ours', 'hwm'), theirs: most('theirs', 'hwm') };
  const peak = { ours: most('ours', 'polled'), theirs: most('theirs', 'polled') };
  console.log(`| peak RSS, MB (VmHWM at end) | whole run | | ${hwm.ours.toFixed(1)} | | ${hwm.theirs.toFixed(1)} | | ${(hwm.ours / hwm.theirs).toFixed(2)}× |`);
  console.log(`| peak RSS, MB (VmRSS polled every 50 ms) | whole run | | ${peak.ours.toFixed(1)} | | ${peak.theirs.toFixed(1)} | | ${(peak.ours / peak.theirs).toFixed(2)}× |`);
  console.log('');
  console.log('### peak RSS by input (MB)');
  console.log('');
  console.log('Each input ran in its own fresh pair of server processes (started, initialized, measured as in the table above, shut down). ' +
    'VmHWM is the kernel\'s peak resident set of the process, read from /proc/<pid>/status before shutdown; ratio = ours / theirs (of VmHWM); ' +
    'the polled columns are the largest VmRSS seen every 50 ms.');
  console.log('');
  console.log('| input | ours (VmHWM) | theirs (VmHWM) | ratio | ours (VmRSS polled) | theirs (VmRSS polled) |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const p of peaks) {
    console.log(`| ${p.input} | ${p.ours.hwm.toFixed(1)} | ${p.theirs.hwm.toFixed(1)} | ${(p.ours.hwm / p.theirs.hwm).toFixed(2)}× | ${p.ours.polled.toFixed(1)} | ${p.theirs.polled.toFixed(1)} |`);
  }
  console.log('');
  const codes = (k: 0 | 1) => exits.map((e) => String(e[k])).join('/');
  console.log(`Notes: both servers run as \`node <server> --stdio\` without Node flags (ours without the flags the extension adds). ` +
    `Each input (100, 1,000 and 10,000 generated lines, the corpus) runs in its own fresh pair of server processes; the "whole run" peak RSS rows give the largest peak of those pairs. ` +
    `After an edit, our server publishes diagnostics right away when its last lint of the document took under 20 ms, else it waits as long as that lint took (at most 150 ms); the wait is inside its "didChange → diagnostics" time. The incumbent validates synchronously on every change. ` +
    `The incumbent publishes diagnostics without a version, so its "didChange → diagnostics" waits for its next publication for the document. ` +
    `Shutdown exit codes (per pair: ${peaks.map((p) => p.input).join(', ')}): ours ${codes(0)}, theirs ${codes(1)}. Total bench time ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  console.log('');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
