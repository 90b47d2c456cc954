/**
 * JS heap allocation per document version on a 10,000-line Dockerfile: the
 * bytes a server's V8 heap allocates (garbage included) from a one-character
 * edit (didChange, as bench-compare's edits) to the publishDiagnostics of that
 * version. Runs the real server process, `node -r scripts/alloc-probe.cjs
 * dist/server.js --stdio` (the preload is the only flag; no other Node flags),
 * opens the generated 10,000-line file, makes WARMUP edits that are not counted
 * (JIT compilation, first incremental state), then VERSIONS edits, each waiting
 * for the diagnostics of its version, and reads the probe's running total of
 * allocated bytes before, after each edit and at the end (see alloc-probe.cjs for
 * how it counts). Prints total / versions, and the incumbent
 * (dockerfile-language-server-nodejs, started the same way) for reference.
 * Before measuring, a self-test runs the probe on a known allocation.
 * Bundled by scripts/build.mjs to out/lib/bench-alloc.js; `npm run bench` runs it
 * after bench-compare.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../test/helpers/corpus';
import { INCUMBENT, Server, incumbentVersion, rng, serverCommand, spots } from './bench-lsp';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateDockerfile } = require('./gen-dockerfile.mjs') as { generateDockerfile: (lines: number, seed: number) => string };

const LINES = 10_000;
const WARMUP = 6;
/** A second run of ours after a long warm-up: V8 optimizes our server's code later (server/src/heap.ts), so the first versions of a fresh process allocate more than steady typing does. */
const LONG_WARMUP = 60;
const VERSIONS = 30;
const SETTLE_MS = 200;
const PROBE = join(repoRoot, 'scripts/alloc-probe.cjs');
const MB = 1024 * 1024;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Reads a preloaded probe: SIGUSR2, then the `alloc-probe <bytes> <gcs>` line it writes on stderr. */
class Probe {
  private buf = '';
  private waiting: Array<(line: string) => void> = [];
  private ready: Promise<void>;
  constructor(private readonly proc: ChildProcessWithoutNullStreams) {
    let markReady!: () => void;
    this.ready = new Promise((r) => (markReady = r));
    proc.stderr.on('data', (d: Buffer) => {
      this.buf += d.toString();
      let nl;
      while ((nl = this.buf.indexOf('\n')) >= 0) {
        const line = this.buf.slice(0, nl);
        this.buf = this.buf.slice(nl + 1);
        if (line === 'alloc-probe ready') markReady();
        else if (line.startsWith('alloc-probe ')) this.waiting.shift()?.(line);
      }
    });
  }
  async read(): Promise<{ bytes: number; gcs: number }> {
    await this.ready;
    const line = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('allocation probe did not answer (is scripts/alloc-probe.cjs preloaded?)')), 30_000);
      this.waiting.push((l) => (clearTimeout(timer), resolve(l)));
      this.proc.kill('SIGUSR2');
    });
    const [, bytes, gcs] = line.split(' ');
    return { bytes: Number(bytes), gcs: Number(gcs) };
  }
}

/**
 * The probe on a known allocation: a child preloaded like the servers allocates
 * 2,000,000 objects of three small-integer fields (6 tagged words each: map,
 * properties, elements, 3 fields) on request; returns measured / expected.
 */
async function selfTest(): Promise<{ expected: number; measured: number }> {
  const n = 2_000_000;
  const script = `const keep = new Array(64);
    process.stdin.on('data', () => { for (let i = 0; i < ${n}; i++) keep[i % 64] = { a: i, b: i, c: i }; process.stdout.write('done\\n'); });`;
  const proc = spawn(process.execPath, ['-r', PROBE, '-e', script], { stdio: 'pipe' });
  const probe = new Probe(proc);
  const once = () => new Promise<void>((r) => { proc.stdout.once('data', () => r()); proc.stdin.write('go\n'); });
  try {
    await once(); // warm-up: first run interpreted, with feedback allocation
    const a = await probe.read();
    await once();
    const b = await probe.read();
    const tagged = (process.config.variables as Record<string, unknown>).v8_enable_pointer_compression ? 4 : 8;
    return { expected: n * 6 * tagged, measured: b.bytes - a.bytes };
  } finally {
    proc.kill();
  }
}

type Result = { name: string; perVersion: number[]; total: number; gcs: number; versions: number };

/** One server, preloaded with the probe: open the 10,000-line file, warm up, then VERSIONS measured edits. */
async function measure(which: 'ours' | 'theirs', text: string, warmup = WARMUP): Promise<Result> {
  const name = (which === 'ours' ? 'ours' : `${INCUMBENT}@${incumbentVersion()}`) + ` (${warmup} warm-up edits)`;
  const server = new Server(name, which === 'ours', serverCommand(which, ['-r', PROBE]));
  const probe = new Probe(server.client.proc);
  try {
    await server.init();
    const uri = `file:///bench/alloc-${LINES}/Dockerfile`;
    const opened = server.nextDiagnostics(uri, 1);
    server.client.open(uri, text);
    await opened;
    // the same edits as bench-compare's "didChange → diagnostics | 10,000 lines": a space
    // inserted at the start of a keyword line, then taken out again
    const { keywords } = spots(text);
    const line = (i: number) => keywords[Math.floor(rng(LINES + i)() * keywords.length)].line;
    for (let i = 0; i < warmup; i++) await server.edit(uri, line(i));
    await sleep(SETTLE_MS);
    const start = await probe.read();
    const perVersion: number[] = [];
    let prev = start.bytes;
    for (let i = 0; i < VERSIONS; i++) {
      await server.edit(uri, line(warmup + i));
      if (i === VERSIONS - 1) await sleep(SETTLE_MS); // what the last version set off after publishing counts too
      const r = await probe.read();
      perVersion.push(r.bytes - prev);
      prev = r.bytes;
    }
    const end = await probe.read();
    return { name, perVersion, total: end.bytes - start.bytes, gcs: end.gcs - start.gcs, versions: VERSIONS };
  } finally {
    await server.client.shutdown().catch(() => server.client.proc.kill());
  }
}

async function main(): Promise<void> {
  const test = await selfTest();
  const ratio = test.measured / test.expected;
  if (Math.abs(ratio - 1) > 0.05) throw new Error(`allocation probe self-test off: measured ${test.measured} B for ${test.expected} B expected`);

  const text = generateDockerfile(LINES, 42);
  const results = [await measure('ours', text), await measure('theirs', text), await measure('ours', text, LONG_WARMUP)];

  const mb = (b: number) => (b / MB).toFixed(2);
  const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.max(0, Math.ceil((p / 100) * xs.length) - 1))];
  console.log(`## JS heap allocated per document version at ${LINES.toLocaleString('en-US')} lines`);
  console.log('');
  console.log(`- command: \`npm run bench\` (or \`npm run build && node out/lib/bench-alloc.js\`); each server run as \`node -r scripts/alloc-probe.cjs <server> --stdio\`, the probe being the only Node flag`);
  console.log(`- one version = a one-character edit (didChange) up to the publishDiagnostics of that version; ${WARMUP} warm-up edits not counted (${LONG_WARMUP} in the last row), then ${VERSIONS} counted; mean = bytes allocated over the ${VERSIONS} versions / ${VERSIONS}; p50 and max over single versions`);
  console.log(`- bytes allocated = growth of V8's used heap size plus what each collection freed (v8.GCProfiler before/after every GC), garbage included, memory outside the JS heap not; probe self-test on a known allocation: ${mb(test.measured)} MB measured for ${mb(test.expected)} MB allocated (${ratio.toFixed(4)}×)`);
  console.log('');
  console.log(`| server | versions | MB allocated per version at ${LINES.toLocaleString('en-US')} lines (mean) | p50 | max | collections |`);
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const r of results) {
    console.log(`| ${r.name} | ${r.versions} | ${mb(r.total / r.versions)} | ${mb(pct(r.perVersion, 50))} | ${mb(Math.max(...r.perVersion))} | ${r.gcs} |`);
  }
  console.log('');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
