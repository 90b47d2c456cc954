/**
 * `dockerfile-lens layers [--format text|json] [--context DIR] [--no-registry]
 * [--docker PATH] FILE`: what each instruction adds to the image, per stage,
 * with the base image's size and the effective command — the figures of the
 * editor's code lenses. JSON: `LayersReport` (server/src/layers/types.ts),
 * lines 1-based, `bytes` null when unknown. Exit 0, or 2 on bad usage or
 * unreadable input.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { resolveBaseSize } from '../images/baseSize';
import { engineVersion } from '../images/engine';
import { formatArgv } from '../model/command';
import { analyze } from '../model/document';
import { contextIndex } from '../layers/context';
import { analyzeLayers, baseImages, formatEstimate, formatTotal, stageLabel, toReport, totalKind } from '../layers/report';
import { commandTitle, formatBytes, type SizeEstimate } from '../protocol/layers';
import { option, UsageError } from './check';

export async function runLayers(argv: string[], write: (s: string) => void): Promise<number> {
  const args = [...argv];
  const format = option(args, '--format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`unknown format ${format}`);
  const contextDir = option(args, '--context');
  const docker = option(args, '--docker') ?? 'docker';
  const noRegistry = args.includes('--no-registry');
  const files = args.filter((a) => !a.startsWith('--'));
  if (files.length !== 1) throw new UsageError('layers takes one Dockerfile');
  const file = resolve(files[0]);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${files[0]}: ${(e as Error).message}`);
  }
  const doc = analyze(pathToFileURL(file).href, 1, text);
  const context = contextIndex(resolve(contextDir ?? resolve(file, '..')), file);
  await context.ready();
  const sizes = new Map<string, SizeEstimate>();
  await Promise.all(baseImages(doc).map(async ({ image, platform }) => {
    sizes.set(`${image}|${platform ?? ''}`, await resolveBaseSize(image, { platform, docker, registry: !noRegistry }));
  }));
  const inputs = {
    context,
    engineVersion: await engineVersion({ docker }),
    baseSize: (image: string, platform: string | undefined): SizeEstimate => sizes.get(`${image}|${platform ?? ''}`) ?? { bytes: null, basis: 'unknown', note: 'not looked up' },
  };
  let analysis = analyzeLayers(doc, inputs);
  // estimates may start reading archives ADD unpacks: wait for them, then estimate again
  for (let i = 0; i < 8 && !context.isReady(); i++) {
    await context.ready();
    analysis = analyzeLayers(doc, inputs);
  }
  if (format === 'json') {
    write(JSON.stringify(toReport(analysis), null, 2) + '\n');
    return 0;
  }
  analysis.stages.forEach((s, i) => {
    const last = i === analysis.stages.length - 1;
    const base = s.stage.baseStage ? `stage ${stageLabel(s.stage.baseStage)}` : s.image ?? '?';
    write(`stage ${stageLabel(s.stage)} (FROM ${base}, line ${s.stage.from.startLine}${s.inImage ? '' : '; not in the final image'})\n`);
    write(`  base     ${formatEstimate(s.base).padEnd(24)} ${s.base.basis}${s.base.compressed ? ', compressed' : ''}: ${s.base.note}\n`);
    for (const l of s.layers) {
      const size = l.createsLayer ? formatEstimate(l.estimate) : formatBytes(0);
      write(`  ${String(l.ins.startLine).padStart(5)}  ${l.ins.name.padEnd(11)} ${size.padEnd(24)} ${!l.createsLayer ? "metadata" : l.estimate.basis === "unknown" ? l.estimate.note : `${l.estimate.basis}: ${l.estimate.note}`}\n`);
    }
    write(`  ${last ? 'image' : 'stage'} total ${formatTotal(s.total)} (${totalKind(s.total)})\n`);
    write(`  ${commandTitle(s.command, formatArgv)}${s.command.cmdIgnored ? '   (CMD passed as $0/$1…, unused by the shell-form ENTRYPOINT)' : ''}\n\n`);
  });
  return 0;
}
