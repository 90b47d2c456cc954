/**
 * Wasted space in the built image, beside the lines (issue 16), from the report the server keeps after
 * a build (images/imageReports.ts):
 * - a lens on an instruction whose layer holds files that a later line removed or overwrote:
 *   `2.1 MB of this layer is removed by line 14` (several lines: the one that hid the most, `and 2
 *   more`), and on a line that removed files of the base image, `removes 3 MB of the base image`;
 * - the hover on such an instruction lists its hidden files (largest first, a few), with the line
 *   that hid each; on the hiding line, what it hid and from which line.
 *
 * Docker's side of it: a layer is a tar applied over the ones below it. Deleting or replacing a
 * file in a later layer writes a whiteout (`.wh.NAME`) or the new file; the earlier layer's tar keeps
 * the old bytes, which every pull still downloads and every store keeps (OCI image spec, layer
 * "Representing Changes"; Docker docs, "Dockerfile best practices: minimize the number of layers").
 * The fix is in the same RUN: create and remove in one layer, or copy only what the image needs.
 */
import type { CodeLens, Hover, Position } from 'vscode-languageserver';
import type { DockerfileDocument } from '../model/document';
import type { Instruction } from '../parser';
import type { LayerWaste, WasteLink, WasteSummary } from '../images/imageReports';
import { formatBytes } from '../protocol/layers';
import { l, t, type Lang } from '../docs/locale';
import type { Localized } from '../docs/types';

/** The longest lens title (as every lens: features/codeLens.ts). */
const MAX_LENS = 60;
/** Hidden files a hover lists. */
const HOVER_FILES = 8;

const TEXT = {
  heldRemoved: l('{0} of this layer is removed by line {1}', '이 레이어 중 {0}가 {1}행에서 삭제됨'),
  heldOverwritten: l('{0} of this layer is overwritten by line {1}', '이 레이어 중 {0}가 {1}행에서 덮어써짐'),
  heldHidden: l('{0} of this layer is hidden by line {1}', '이 레이어 중 {0}가 {1}행에서 가려짐'),
  heldRemovedMore: l('{0} of this layer is removed by line {1} and {2} more', '이 레이어 중 {0}가 {1}행 외 {2}곳에서 삭제됨'),
  heldOverwrittenMore: l('{0} of this layer is overwritten by line {1} and {2} more', '이 레이어 중 {0}가 {1}행 외 {2}곳에서 덮어써짐'),
  heldHiddenMore: l('{0} of this layer is hidden by line {1} and {2} more', '이 레이어 중 {0}가 {1}행 외 {2}곳에서 가려짐'),
  heldLater: l('{0} of this layer is hidden by a later layer', '이 레이어 중 {0}가 이후 레이어에서 가려짐'),
  hidBase: l('removes {0} of the base image (still pulled)', '베이스 이미지의 {0}를 지움 (여전히 받아짐)'),
  hoverTitle: l('**Wasted space** in `{0}` (image efficiency {1})', '`{0}`의 **낭비된 공간** (이미지 효율 {1})'),
  heldIntro: l('{0} of this layer’s files are hidden by later layers: the layer still stores them and every pull downloads them.', '이 레이어 파일 중 {0}가 이후 레이어에 가려졌습니다. 레이어에는 그대로 저장되어 pull할 때마다 내려받습니다.'),
  hidIntro: l('This line hides {0} of earlier layers: those bytes stay in the image.', '이 줄이 이전 레이어의 {0}를 가립니다. 그 바이트는 이미지에 남아 있습니다.'),
  byLine: l('line {0}', '{0}행'),
  base: l('the base image', '베이스 이미지'),
  laterLayer: l('layer {0}', '레이어 {0}'),
  removed: l('removed', '삭제'),
  overwritten: l('overwritten', '덮어씀'),
  hidden: l('hidden', '가림'),
  filesHeld: l('| File | Size | Hidden by |', '| 파일 | 크기 | 가린 곳 |'),
  filesHid: l('| File | Size | From |', '| 파일 | 크기 | 원래 레이어 |'),
  more: l('…and {0} more hidden files.', '…외 가려진 파일 {0}개 더 있습니다.'),
  fix: l('Remove files in the same RUN that creates them, or copy only what the image needs (a multi-stage build).', '파일은 만든 RUN 안에서 지우거나, 이미지에 필요한 것만 복사하세요(멀티 스테이지 빌드).'),
} satisfies Record<string, Localized>;

const fill = (s: Localized, lang: Lang, ...args: Array<string | number>) => t(s, lang).replace(/\{(\d)\}/g, (_, i: string) => String(args[Number(i)]));

/** A size for a glance (`2.1 MB`, `512 B`), as the size lenses write it. */
export function compactBytes(n: number): string {
  const [v, unit] = formatBytes(n).split(' ');
  if (unit === 'B') return `${n} B`;
  const x = Number(v);
  return `${x >= 10 ? Math.round(x) : Number(x.toFixed(1))} ${unit}`;
}

/** A size with its exact byte count: `2.10 MB (2,097,152 B)`. */
function exactBytes(n: number): string {
  const exact = `${n.toLocaleString('en-US')} B`;
  return n < 1000 ? exact : `${formatBytes(n)} (${exact})`;
}

const clip = (s: string, max: number) => ([...s].length > max ? [...s].slice(0, max - 1).join('') + '…' : s);

/** The instruction starting on a 1-based line. */
function instructionOn(doc: DockerfileDocument, line: number): Instruction | undefined {
  return doc.ast.instructions.find((i) => i.startLine === line);
}

function verbOf(links: WasteLink[]): 'removed' | 'overwritten' | 'hidden' {
  const how = links[0]?.how;
  return how && links.every((x) => x.how === how) ? how : 'hidden';
}

/** The lens title of a layer whose files later layers hid. */
export function heldTitle(w: LayerWaste, lang: Lang): string {
  const top = w.hiddenBy[0];
  const bytes = compactBytes(w.wastedBytes);
  if (top?.line === undefined) return clip(fill(TEXT.heldLater, lang, bytes), MAX_LENS);
  const verb = verbOf(w.hiddenBy);
  const more = w.hiddenBy.length - 1;
  const text = more > 0
    ? { removed: TEXT.heldRemovedMore, overwritten: TEXT.heldOverwrittenMore, hidden: TEXT.heldHiddenMore }[verb]
    : { removed: TEXT.heldRemoved, overwritten: TEXT.heldOverwritten, hidden: TEXT.heldHidden }[verb];
  return clip(fill(text, lang, bytes, top.line, more), MAX_LENS);
}

/**
 * The waste lenses of a document. `command`: what a click runs (the extension opens the layer's
 * file view; a client that cannot run it gets a title-only lens).
 */
export function wasteLenses(doc: DockerfileDocument, summary: WasteSummary, lang: Lang, command?: { id: string; args: (line: number) => unknown[] }): CodeLens[] {
  const lenses: CodeLens[] = [];
  const lens = (ins: Instruction, title: string) => lenses.push({
    range: doc.lines.rangeOf({ start: ins.keywordRange.start, end: ins.keywordRange.end }),
    command: { title, command: command?.id ?? '', ...(command ? { arguments: command.args(ins.startLine - 1) } : {}) },
  });
  const byLine = [...summary.layers.values()].filter((w) => w.line !== undefined).sort((a, b) => a.line! - b.line!);
  for (const w of byLine) {
    const ins = instructionOn(doc, w.line!);
    if (!ins) continue;
    if (w.wastedBytes > 0) lens(ins, heldTitle(w, lang));
    // what it hid of unmapped layers (the base image's): no lens of their own to say it
    const base = w.hid.filter((x) => x.line === undefined).reduce((n, x) => n + x.bytes, 0);
    if (base > 0) lens(ins, clip(fill(TEXT.hidBase, lang, compactBytes(base)), MAX_LENS));
  }
  return lenses;
}

const code = (s: string) => '`' + s.replace(/`/g, 'ˋ').replace(/\r?\n/g, ' ') + '`';

/** Where a layer came from: its line, the base image (below the first mapped layer), or its index. */
function placeOf(summary: WasteSummary, layer: number, lang: Lang): string {
  const w = summary.layers.get(layer);
  if (w?.line !== undefined) return fill(TEXT.byLine, lang, w.line);
  return layer < summary.firstMapped ? t(TEXT.base, lang) : fill(TEXT.laterLayer, lang, layer);
}

function linkRow(summary: WasteSummary, x: WasteLink, lang: Lang): string {
  const verb = t(TEXT[x.how ?? 'hidden'], lang);
  const files = lang === 'ko' ? `파일 ${x.files}개` : `${x.files} ${x.files === 1 ? 'file' : 'files'}`;
  return `- ${placeOf(summary, x.layer, lang)}: ${exactBytes(x.bytes)}, ${files} ${verb}`;
}

/**
 * The waste section of the hover on an instruction whose layer was built into the analysed image
 * (markdown), or undefined when it neither holds nor hid wasted bytes.
 */
export function wasteHoverText(summary: WasteSummary, line: number, lang: Lang): string | undefined {
  const w = [...summary.layers.values()].find((x) => x.line === line);
  if (!w || (w.wastedBytes === 0 && w.hidBytes === 0)) return undefined;
  const lineText = (layer: number) => placeOf(summary, layer, lang);
  const pct = `${(summary.efficiency * 100).toFixed(1)}%`;
  const out = [fill(TEXT.hoverTitle, lang, summary.image, pct)];
  if (w.wastedBytes > 0) {
    out.push(fill(TEXT.heldIntro, lang, exactBytes(w.wastedBytes)), w.hiddenBy.map((x) => linkRow(summary, x, lang)).join('\n'));
    const rows = w.files.slice(0, HOVER_FILES).map((f) => `| ${code('/' + f.path)} | ${exactBytes(f.bytes)} | ${lineText(f.hiddenBy)} |`);
    out.push([t(TEXT.filesHeld, lang), '|---|---:|---|', ...rows].join('\n'));
    const files = w.hiddenBy.reduce((n, x) => n + x.files, 0);
    if (files > rows.length) out.push(fill(TEXT.more, lang, files - rows.length));
  }
  if (w.hidBytes > 0) {
    out.push(fill(TEXT.hidIntro, lang, exactBytes(w.hidBytes)), w.hid.map((x) => linkRow(summary, x, lang)).join('\n'));
    const rows = w.hidFiles.slice(0, HOVER_FILES).map((f) => `| ${code('/' + f.path)} | ${exactBytes(f.bytes)} | ${lineText(f.layer)} |`);
    out.push([t(TEXT.filesHid, lang), '|---|---:|---|', ...rows].join('\n'));
    const files = w.hid.reduce((n, x) => n + x.files, 0);
    if (files > rows.length) out.push(fill(TEXT.more, lang, files - rows.length));
  }
  out.push(t(TEXT.fix, lang));
  return out.join('\n\n');
}

/** The hover at `position` with the waste section added (or made of it alone), when the instruction there has one. */
export function withWasteHover(doc: DockerfileDocument, position: Position, hover: Hover | null, summary: WasteSummary | undefined, lang: Lang): Hover | null {
  if (!summary) return hover;
  const ins = doc.instructionAt(doc.lines.offsetAt(position));
  const text = ins && wasteHoverText(summary, ins.startLine, lang);
  if (!ins || !text) return hover;
  if (!hover) return { contents: { kind: 'markdown', value: text }, range: doc.lines.rangeOf({ start: ins.start, end: ins.end }) };
  const c = hover.contents;
  const value = typeof c === 'object' && 'kind' in c ? c.value : Array.isArray(c) ? c.map((x) => (typeof x === 'string' ? x : x.value)).join('\n\n') : typeof c === 'string' ? c : c.value;
  return { ...hover, contents: { kind: 'markdown', value: `${value}\n\n---\n\n${text}` } };
}
