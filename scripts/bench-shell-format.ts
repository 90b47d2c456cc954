/**
 * Figures for dockerfileLens.format.shell (mvdan/sh through sh-syntax's WASM):
 *   1. the corpus: what happens to each RUN of /work/shared/corpus (real/ and
 *      the BuildKit parser cases): formatted, already formatted, or why skipped;
 *   2. format latency on a big file (every real corpus file, concatenated:
 *      5,476 lines, 168 RUN), in process: the first call (which compiles the WASM), calls
 *      with other options (tab size 2: nothing memoized applies), calls on the
 *      same text (memoized), and without format.shell;
 *   3. the server over the real protocol (`node dist/server.js --stdio`): time
 *      to answer `initialize` and its resident memory, then the first and warm
 *      textDocument/formatting with format.shell, and the memory after.
 *      `--server PATH` measures another build's server.js (e.g. the one before
 *      this feature) for step 3 only.
 * Bundled by scripts/build.mjs to out/lib/bench-shell-format.js:
 *   node scripts/build.mjs && node out/lib/bench-shell-format.js
 */
import { readFileSync } from 'node:fs';
import { DEFAULT_FORMAT_SETTINGS, formatDocument, formatDocumentAsync, shellFormatReport } from '../server/src/features/formatting';
import { analyze } from '../server/src/model/document';
import { parse } from '../server/src/parser';
import { corpus, listDirs, readCorpus, realDockerfiles } from '../test/helpers/corpus';
import { LspClient } from '../test/helpers/lspClient';

const OPTIONS = { tabSize: 4, insertSpaces: true };
const OPTIONS2 = { tabSize: 2, insertSpaces: true };
const SHELL = { ...DEFAULT_FORMAT_SETTINGS, shell: true };
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(0)) + ' ms';
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1) + ' MB';

function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : NaN;
}

async function corpusFigures(): Promise<void> {
  const files = realDockerfiles();
  for (const dir of ['testfiles', 'testfiles-negative']) {
    for (const name of listDirs(corpus('buildkit-parser', dir))) {
      const text = readCorpus('buildkit-parser', dir, name, 'Dockerfile');
      if (!parse(text).problems.some((p) => p.fatal)) files.push([`buildkit-parser/${dir}/${name}`, text]);
    }
  }
  const counts = new Map<string, number>();
  let runs = 0;
  for (const [, text] of files) {
    const report = await shellFormatReport(analyze('file:///Dockerfile', 1, text), OPTIONS, SHELL);
    runs += parse(text).instructions.filter((i) => i.name === 'RUN').length;
    for (const reason of report.values()) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  console.log(`corpus: ${files.length} files, ${runs} RUN instructions`);
  for (const [reason, n] of [...counts].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(4)}  ${reason}`);
}

function bigFile(): string {
  const all = realDockerfiles().map(([, t]) => t.replace(/^# syntax=.*\n/m, '')).join('\n');
  return all;
}

async function inProcess(text: string): Promise<void> {
  const doc = analyze('file:///big/Dockerfile', 1, text);
  const runs = doc.ast.instructions.filter((i) => i.name === 'RUN').length;
  const rss0 = process.memoryUsage().rss;
  let t = performance.now();
  const first = await formatDocumentAsync(doc, OPTIONS, SHELL);
  const firstMs = performance.now() - t;
  t = performance.now();
  await formatDocumentAsync(doc, OPTIONS2, SHELL);
  const otherMs = performance.now() - t;
  const warm: number[] = [];
  for (let i = 0; i < 5; i++) {
    t = performance.now();
    await formatDocumentAsync(doc, OPTIONS, SHELL);
    warm.push(performance.now() - t);
  }
  const plain: number[] = [];
  for (let i = 0; i < 5; i++) {
    t = performance.now();
    formatDocument(doc, OPTIONS, DEFAULT_FORMAT_SETTINGS);
    plain.push(performance.now() - t);
  }
  console.log(`big file: ${text.split('\n').length} lines, ${runs} RUN instructions, ${first.length} edits`);
  console.log(`  in process: format.shell first call ${ms(firstMs)} (WASM compile included), again with tab size 2 (no memo) ${ms(otherMs)}, same text again median ${ms(median(warm))}; without format.shell median ${ms(median(plain))}`);
  console.log(`  in process: RSS ${mb(rss0)} before the first shell format, ${mb(process.memoryUsage().rss)} after`);
}

async function overProtocol(text: string, server?: string, shell = true): Promise<void> {
  const t0 = performance.now();
  const client = server ? new LspClient(['--stdio'], { command: process.execPath, args: [server, '--stdio'] }) : new LspClient();
  client.onRequest = (method) => (method === 'workspace/configuration' ? [{ format: { shell } }] : null);
  await client.initialize('en', { workspace: { configuration: true } });
  const initMs = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 500));
  const rssInit = rssOf(client.proc.pid!);
  if (shell) console.log(`server ${server ?? 'dist/server.js'}: initialize answered after ${ms(initMs)}, RSS ${mb(rssInit)} (0.5 s later)`);
  if (!server) {
    const uri = 'file:///big/Dockerfile';
    client.open(uri, text);
    await client.request('textDocument/documentSymbol', { textDocument: { uri } });
    const rssOpen = rssOf(client.proc.pid!);
    const times: number[] = [];
    for (let i = 0; i < 4; i++) {
      // a new version each time (the server caches the edits of an unchanged version): one RUN edited
      if (i > 0) client.notify('textDocument/didChange', { textDocument: { uri, version: 10 + i }, contentChanges: [{ text: text.replace('RUN ', `RUN echo ${i}&& `) }] });
      const t = performance.now();
      await client.request('textDocument/formatting', { textDocument: { uri }, options: OPTIONS });
      times.push(performance.now() - t);
    }
    console.log(`  textDocument/formatting ${shell ? 'with' : 'without'} format.shell: first ${ms(times[0])}, after a one-RUN edit median ${ms(median(times.slice(1)))}; RSS ${mb(rssOpen)} with the file open, ${mb(rssOf(client.proc.pid!))} after formatting`);
  }
  await client.shutdown();
}

async function main(): Promise<void> {
  const server = process.argv.includes('--server') ? process.argv[process.argv.indexOf('--server') + 1] : undefined;
  if (!server) {
    // first: the in-process figures need a cold WASM and an empty memo
    await inProcess(bigFile());
    await corpusFigures();
  }
  await overProtocol(bigFile(), server);
  if (!server) await overProtocol(bigFile(), server, false);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
