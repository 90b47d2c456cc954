/**
 * `dockerfile-lens image [--format text|json] [--dockerfile FILE] [--target STAGE] [--docker PATH]
 * [--registry] [--files N] [--progress] [--lowest-efficiency R] [--highest-wasted-bytes SIZE]
 * [--highest-wasted-percent R] SOURCE`: the bytes each layer of a built image adds and the bytes a
 * later layer hides (images/imageAnalysis.ts), mapped to the Dockerfile's lines with `--dockerfile`.
 * SOURCE is an image in the local engine, a `docker save` archive or an OCI layout folder (a
 * registry with `--registry`, when the engine does not have it).
 *
 * JSON: protocol/image.ts's `ImageReport` (`wasted` cut to N files with `--files N`, which also adds
 * each layer's N largest files as `largest`). Text: a table of the layers and the largest wasted files.
 *
 * CI mode, with dive's rules (wagoodman/dive runtime/ci/rules.go, its `.dive-ci` keys):
 * - `--lowest-efficiency R` (dive `lowestEfficiency`): fails when efficiency < R;
 * - `--highest-wasted-bytes SIZE` (dive `highestWastedBytes`): fails when wasted bytes > SIZE; SIZE as
 *   dive's go-humanize `ParseBytes` reads it: `20MB` = 20·1000², `20MiB` = 20·1024², `1.5GB`, plain bytes;
 * - `--highest-wasted-percent R` (dive `highestUserWastedPercent`): fails when wasted ÷ user bytes > R,
 *   user bytes being all bytes but the first (base) layer's, as dive counts them.
 * Exit 1 when one fails (the message names the worst layers and their lines), 2 on bad usage or an
 * image that cannot be read, else 0.
 *
 * Progress ("reading layer 3/12, 210 MB") goes to stderr when it is a terminal, or with `--progress`.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { analysisDetails, analyzeImage } from '../images/imageAnalysis';
import { analyze } from '../model/document';
import type { ImageLayer, ImageReport } from '../protocol/image';
import { formatBytes } from '../protocol/layers';
import { option, UsageError } from './check';

function flag(args: string[], name: string): boolean {
  const i = args.indexOf(name);
  if (i < 0) return false;
  args.splice(i, 1);
  return true;
}

const UNIT: Record<string, number> = { '': 1, k: 1e3, m: 1e6, g: 1e9, t: 1e12, p: 1e15, ki: 2 ** 10, mi: 2 ** 20, gi: 2 ** 30, ti: 2 ** 40, pi: 2 ** 50 };

/** `20MB` (SI), `20MiB` (binary), `1.5GB`, `512`, `512B` → bytes, as go-humanize's ParseBytes; undefined when it is not a size. */
export function parseSize(s: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?|\.\d+) ?([kmgtp]?i?)b?$/i.exec(s.trim());
  if (!m) return undefined;
  const unit = UNIT[m[2].toLowerCase()];
  if (unit === undefined) return undefined;
  return Math.round(Number(m[1]) * unit);
}

function ratio(args: string[], name: string): number | undefined {
  const v = option(args, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(v.trim()) || !(n >= 0 && n <= 1)) throw new UsageError(`${name} takes a ratio between 0 and 1, not ${v}`);
  return n;
}

const pct = (r: number) => `${(r * 100).toFixed(1)}%`;

export async function runImage(argv: string[], write: (s: string) => void, err: (s: string) => void = (s) => process.stderr.write(s)): Promise<number> {
  const args = [...argv];
  const format = option(args, '--format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`unknown format ${format}`);
  const dockerfile = option(args, '--dockerfile');
  const target = option(args, '--target');
  const docker = option(args, '--docker') ?? 'docker';
  const registry = flag(args, '--registry');
  const progress = flag(args, '--progress') || process.stderr.isTTY === true;
  const filesText = option(args, '--files');
  const files = filesText === undefined ? undefined : Number(filesText);
  if (files !== undefined && !(Number.isSafeInteger(files) && files >= 0)) throw new UsageError(`--files takes a count, not ${filesText}`);
  const lowestEfficiency = ratio(args, '--lowest-efficiency');
  const highestWastedPercent = ratio(args, '--highest-wasted-percent');
  const sizeText = option(args, '--highest-wasted-bytes');
  const highestWastedBytes = sizeText === undefined ? undefined : parseSize(sizeText);
  if (sizeText !== undefined && highestWastedBytes === undefined) throw new UsageError(`--highest-wasted-bytes takes a size (20MB, 20MiB, 1.5GB, bytes), not ${sizeText}`);
  const unknown = args.find((a) => a.startsWith('--'));
  if (unknown) throw new UsageError(`unknown option ${unknown}`);
  if (args.length !== 1) throw new UsageError('image takes one SOURCE (an image name, a docker save archive or an OCI layout folder)');
  if (target !== undefined && dockerfile === undefined) throw new UsageError('--target needs --dockerfile');

  let doc;
  if (dockerfile !== undefined) {
    const file = resolve(dockerfile);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read ${dockerfile}: ${(e as Error).message}`);
    }
    doc = analyze(pathToFileURL(file).href, 1, text);
  }

  let last = 0;
  let shown = false;
  const onProgress = progress
    ? (p: { layer: number; layers: number; bytes: number }) => {
        const now = Date.now();
        if (now - last < 200) return;
        last = now;
        shown = true;
        const line = `reading layer ${p.layer}/${p.layers || '?'}, ${formatBytes(p.bytes)}`;
        err(process.stderr.isTTY ? `\r${line}\x1b[K` : `${line}\n`);
      }
    : undefined;

  let report: ImageReport;
  try {
    report = await analyzeImage(args[0], { docker, registry, dockerfile: doc ? { doc, target } : undefined, largestPerLayer: files, onProgress });
  } catch (e) {
    if (shown && process.stderr.isTTY) err('\r\x1b[K');
    err(`dockerfile-lens: cannot read image ${args[0]}: ${(e as Error).message}\n`);
    return 2;
  }
  if (shown && process.stderr.isTTY) err('\r\x1b[K');
  const info = analysisDetails(report);
  if (info?.mappingNote) err(`dockerfile-lens: ${dockerfile}: ${info.mappingNote}\n`);

  if (format === 'json') {
    const out = files === undefined ? report : { ...report, wasted: report.wasted.slice(0, files) };
    write(JSON.stringify(out, null, 2) + '\n');
  } else writeText(report, info?.kind, files ?? 10, write);

  const failures = ciFailures(report, { lowestEfficiency, highestWastedBytes, highestWastedPercent });
  if (!failures.length) return 0;
  err(failures.map((f) => `dockerfile-lens: FAIL ${f}\n`).join('') + `dockerfile-lens: ${worstLayers(report)}\n`);
  return 1;
}

function lineOf(report: ImageReport, index: number): string {
  const l = report.layers.find((x) => x.index === index);
  return l?.line !== undefined ? `line ${l.line}` : `layer ${index}`;
}

function layerLabel(l: ImageLayer): string {
  const by = l.createdBy.endsWith('# buildkit') ? l.createdBy.slice(0, -'# buildkit'.length) : l.createdBy;
  const what = by.replace(/^\/bin\/sh -c #\(nop\) */, '').trim();
  return `layer ${l.index}${l.line !== undefined ? ` (line ${l.line})` : ''}${what ? ` ${JSON.stringify(what.length > 60 ? what.slice(0, 59) + '…' : what)}` : ''}`;
}

/** "worst layers: layer 2 (line 5) "COPY big /" 2.1 MB wasted, hidden by line 7; …" */
export function worstLayers(report: ImageReport, n = 3): string {
  const worst = report.layers.filter((l) => l.wastedBytes > 0).sort((a, b) => b.wastedBytes - a.wastedBytes || a.index - b.index).slice(0, n);
  if (!worst.length) return 'no layer has wasted bytes';
  return `worst layers: ${worst
    .map((l) => {
      const hiders = [...new Set(report.wasted.filter((w) => w.layer === l.index).map((w) => w.hiddenBy))].sort((a, b) => a - b);
      return `${layerLabel(l)} ${formatBytes(l.wastedBytes)} wasted${hiders.length ? `, hidden by ${hiders.map((h) => lineOf(report, h)).join(', ')}` : ''}`;
    })
    .join('; ')}`;
}

export interface Thresholds {
  lowestEfficiency?: number;
  highestWastedBytes?: number;
  highestWastedPercent?: number;
}

/** The thresholds crossed, as dive's CI rules compare (see the header). */
export function ciFailures(report: ImageReport, t: Thresholds): string[] {
  const out: string[] = [];
  if (t.lowestEfficiency !== undefined && report.efficiency < t.lowestEfficiency) out.push(`image efficiency ${pct(report.efficiency)} is below --lowest-efficiency ${t.lowestEfficiency}`);
  if (t.highestWastedBytes !== undefined && report.wastedBytes > t.highestWastedBytes) out.push(`${formatBytes(report.wastedBytes)} (${report.wastedBytes} bytes) wasted, more than --highest-wasted-bytes ${t.highestWastedBytes} bytes`);
  if (t.highestWastedPercent !== undefined) {
    const first = report.layers.find((l) => l.index === 0)?.bytes ?? 0;
    const user = report.totalBytes - first;
    const share = user > 0 ? report.wastedBytes / user : 0;
    if (share > t.highestWastedPercent) out.push(`wasted bytes are ${pct(share)} of the bytes added over the base layer, more than --highest-wasted-percent ${t.highestWastedPercent}`);
  }
  return out;
}

function writeText(report: ImageReport, kind: string | undefined, files: number, write: (s: string) => void): void {
  write(`${report.image}${kind ? ` (${kind})` : ''}: ${formatBytes(report.totalBytes)} in ${report.layers.length} layer(s), ${formatBytes(report.wastedBytes)} wasted, efficiency ${pct(report.efficiency)}\n\n`);
  write(`${'layer'.padStart(5)}  ${'line'.padStart(5)}  ${'bytes'.padStart(10)}  ${'wasted'.padStart(10)}  ${'files'.padStart(6)}  created by\n`);
  for (const l of report.layers) {
    const by = l.createdBy.replace(/\s+/g, ' ').trim();
    write(`${String(l.index).padStart(5)}  ${(l.line === undefined ? '-' : String(l.line)).padStart(5)}  ${formatBytes(l.bytes).padStart(10)}  ${(l.wastedBytes ? formatBytes(l.wastedBytes) : '-').padStart(10)}  ${String(l.files).padStart(6)}  ${by.length > 70 ? by.slice(0, 69) + '…' : by}\n`);
  }
  if (!report.wasted.length || files === 0) return;
  const shown = report.wasted.slice(0, files);
  write(`\nwasted files, largest first (${shown.length} of ${report.wasted.length}):\n`);
  write(`${'bytes'.padStart(10)}  ${'layer'.padStart(5)}  ${'hidden by'.padStart(9)}  path\n`);
  for (const w of shown) write(`${formatBytes(w.bytes).padStart(10)}  ${String(w.layer).padStart(5)}  ${lineOf(report, w.hiddenBy).padStart(9)}  /${w.path}\n`);
}
