/**
 * The image analysis on a ~1 GB image (issue 16): a private dockerd (test/helpers/docker.ts) builds,
 * with BuildKit from the imported busybox, an image of random-data files (some overwritten, some
 * deleted, thousands of small ones), then times
 *   - `docker save IMG > /dev/null` (what reading the image from the engine costs at least),
 *   - `node dist/cli.js image IMG` (engine source: docker save streamed and analysed as it comes),
 *   - `node dist/cli.js image IMG.tar` (the same image as a docker save archive on disk),
 * each run RUNS times (the best and the median reported), with the peak RSS of the process tree
 * from `/usr/bin/time -f %M` (GNU time: the largest of node and its children). Targets: the
 * analysis ≤ 1× the save time, RSS ≤ 150 MiB.
 *
 * Bundled by scripts/build.mjs to out/lib/bench-image.js; `npm run bench:image`. Env: BENCH_MB
 * (image size, default 1000), RUNS (default 3), KEEP=1 to keep the daemon's folder.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dockerBuild, importBusybox, startDockerd, BUSYBOX_IMAGE, type Dockerd } from '../test/helpers/docker';

const root = join(__dirname, '..', '..');
const MB = Number(process.env.BENCH_MB ?? 1000);
const RUNS = Number(process.env.RUNS ?? 3);
const TIME = '/usr/bin/time';

function dockerfile(): string {
  // sizes in MiB of random data: two big layers of 10 MiB files, an overwrite, deletions, many small files
  const big = Math.round((MB * 0.42) / 10);
  const over = Math.round((MB * 0.1) / 10);
  return `FROM ${BUSYBOX_IMAGE}
RUN mkdir /data && for i in $(busybox seq 1 ${big}); do dd if=/dev/urandom of=/data/f$i bs=1048576 count=10 2>/dev/null; done
RUN mkdir /small && for i in $(busybox seq 1 3000); do busybox head -c 3000 /dev/urandom > /small/s$i; done
RUN for i in $(busybox seq 1 ${over}); do dd if=/dev/urandom of=/data/f$i bs=1048576 count=10 2>/dev/null; done
RUN for i in $(busybox seq ${over + 1} ${2 * over}); do rm /data/f$i; done
RUN mkdir /data2 && for i in $(busybox seq 1 ${big}); do dd if=/dev/urandom of=/data2/g$i bs=1048576 count=10 2>/dev/null; done
`;
}

interface Run {
  ms: number;
  rssKiB: number | undefined;
  code: number;
  stderr: string;
}

/** Runs `cmd args` with stdout to /dev/null, under GNU time when present; wall time and peak RSS. */
function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  const useTime = existsSync(TIME);
  const file = useTime ? TIME : cmd;
  const argv = useTime ? ['-f', '%M', cmd, ...args] : args;
  return new Promise((resolve) => {
    const started = performance.now();
    const p = spawn(file, argv, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('close', (code) => {
      const ms = performance.now() - started;
      const lines = stderr.trim().split('\n');
      const rss = useTime ? Number(lines[lines.length - 1]) : undefined;
      resolve({ ms, rssKiB: Number.isFinite(rss) ? rss : undefined, code: code ?? -1, stderr });
    });
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main(): Promise<void> {
  if (!existsSync(join(root, 'dist/cli.js'))) throw new Error('build first: node scripts/build.mjs');
  const d: Dockerd = await startDockerd();
  const work = mkdtempSync(join(tmpdir(), 'lens-bench-image-'));
  try {
    await importBusybox(d);
    const ctx = join(work, 'ctx');
    mkdirSync(ctx);
    writeFileSync(join(ctx, 'Dockerfile'), dockerfile());
    const tag = 'lens-bench/image:1';
    let t = performance.now();
    const b = await dockerBuild(d, { dockerfile: join(ctx, 'Dockerfile'), context: ctx, tag, builder: 'buildkit' });
    if (b.code !== 0) throw new Error(b.output);
    console.log(`built ${tag} in ${s(performance.now() - t)}`);
    const inspect = spawnSync(d.docker, ['image', 'inspect', '--format', '{{.Size}}', tag], { env: d.env, encoding: 'utf8' });
    console.log(`engine size: ${(Number(inspect.stdout) / 1e6).toFixed(0)} MB`);
    const archive = join(work, 'image.tar');
    t = performance.now();
    const saved = spawnSync(d.docker, ['save', '-o', archive, tag], { env: d.env });
    if (saved.status !== 0) throw new Error(String(saved.stderr));
    console.log(`docker save -o: ${s(performance.now() - t)}, ${(statSync(archive).size / 1e6).toFixed(0)} MB archive`);

    const cli = join(root, 'dist/cli.js');
    const cases: Array<[string, string, string[]]> = [
      ['docker save IMG > /dev/null', d.docker, ['save', tag]],
      ['dockerfile-lens image IMG (engine)', process.execPath, [cli, 'image', '--docker', d.docker, '--format', 'json', tag]],
      ['dockerfile-lens image IMG.tar (archive)', process.execPath, [cli, 'image', '--format', 'json', archive]],
    ];
    const results: Array<{ name: string; runs: Run[] }> = cases.map(([name]) => ({ name, runs: [] }));
    // interleaved, so that a burst of load from elsewhere spreads over all three
    for (let r = 0; r < RUNS; r++) {
      for (let c = 0; c < cases.length; c++) {
        const run = await timed(cases[c][1], cases[c][2], d.env);
        if (run.code !== 0) throw new Error(`${cases[c][0]} failed: ${run.stderr}`);
        results[c].runs.push(run);
      }
    }
    const json = spawnSync(process.execPath, [cli, 'image', '--format', 'json', archive], { encoding: 'utf8', maxBuffer: 64 << 20 });
    const report = JSON.parse(json.stdout) as { totalBytes: number; wastedBytes: number; efficiency: number; layers: unknown[]; wasted: unknown[] };
    const save = median(results[0].runs.map((x) => x.ms));
    console.log(`\n${'case'.padEnd(42)} ${'best'.padStart(8)} ${'median'.padStart(8)} ${'× save'.padStart(7)} ${'peak RSS'.padStart(9)}`);
    for (const { name, runs } of results) {
      const ms = runs.map((x) => x.ms);
      const rss = Math.max(...runs.map((x) => x.rssKiB ?? 0));
      console.log(`${name.padEnd(42)} ${s(Math.min(...ms)).padStart(8)} ${s(median(ms)).padStart(8)} ${(median(ms) / save).toFixed(2).padStart(7)} ${(rss ? `${(rss / 1024).toFixed(0)} MiB` : 'n/a').padStart(9)}`);
    }
    console.log(`\nreport: ${(report.totalBytes / 1e6).toFixed(0)} MB in ${report.layers.length} layers, ${(report.wastedBytes / 1e6).toFixed(0)} MB wasted in ${report.wasted.length} files, efficiency ${(report.efficiency * 100).toFixed(1)}%`);
    console.log(`runs: ${RUNS}, interleaved; peak RSS from ${TIME} -f %M (node and its docker child, the larger)`);
  } finally {
    await d.stop();
    if (!process.env.KEEP) rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
