/**
 * The "Show Image Layers" chart as markup: per stage, a row for each instruction that creates a
 * filesystem layer (RUN, COPY, ADD; the others add 0 B), with the estimated size and, after a build, the
 * measured one (`docker history`) as bars side by side, on one linear scale for the whole image; each
 * label says how the figure was obtained. The base image's size is in the stage's heading rather than a
 * bar: a base of hundreds of MB would flatten every layer next to it. A stage that is not in the built
 * image (only copied from) says so: a build measures the layers of the image it produces, never its.
 * Plain SVG (no library); attributes only, no inline styles, so the page's CSP needs no 'unsafe-inline';
 * colours are the theme's (`var(--vscode-charts-…)`, set by the page's stylesheet through classes).
 * Every text from the Dockerfile or the server is escaped. Pure: no VS Code API.
 */
import { formatBytes, type LayerReport, type LayersReport, type SizeBasis, type StageReport } from '../../server/src/protocol/layers';

export interface ChartLabels {
  stage: (index: number, name: string | null) => string;
  base: (size: string, basis: string) => string;
  total: (size: string) => string;
  measured: string;
  estimated: string;
  noLayers: string;
  /** `+ 1 metadata instruction …` (one), `+ 3 metadata instructions …` (other): the plural forms, as in Intl.PluralRules. */
  metadataOnly: { one: string; other: (count: number) => string };
  /** Said of a stage that is not in the built image (only copied from): a build measures none of its layers. */
  notInImage: string;
  revealHint: string;
  compressed: string;
  basis: Record<SizeBasis, string>;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

// A row: the instruction's text on a line of its own, then its bars (estimated; measured) from the left edge.
const LABEL_HEIGHT = 17;
const BAR_HEIGHT = 14;
const BAR_GAP = 3;
const ROW_GAP = 12;
const BAR_SPACE = 60; // % of the width for the longest bar; the rest is for the size text
const MAX_LABEL = 200;

/** The estimate as text: `12.3 MB`, `≈ 40 MB (30 MB–60 MB)`, `≥ 1.2 GB`, `?`. */
function estimateText(l: LayerReport): string {
  if (l.bytes === null) return l.low !== null ? `≥ ${formatBytes(l.low)}` : '?';
  if (l.low !== null && l.high !== null && l.low !== l.high) return `≈ ${formatBytes(l.bytes)} (${formatBytes(l.low)}–${formatBytes(l.high)})`;
  return formatBytes(l.bytes);
}

/** The widest figure of the whole report: the scale every bar shares. */
function scaleOf(report: LayersReport): number {
  let max = 0;
  for (const s of report.stages) {
    for (const l of s.layers) max = Math.max(max, l.bytes ?? 0, l.high ?? 0, l.low ?? 0, l.measured ?? 0);
  }
  return max;
}

/** `lineText(line)`: the Dockerfile's text at a 1-based line, for the row labels. */
export function renderChart(report: LayersReport, labels: ChartLabels, lineText: (line: number) => string): string {
  if (report.stages.length === 0) return `<p class="empty">${escapeHtml(labels.noLayers)}</p>`;
  const scale = scaleOf(report);
  const anyMeasured = report.stages.some((s) => s.layers.some((l) => l.measured !== undefined));
  const legend = `<p class="legend"><span class="swatch est"></span>${escapeHtml(labels.estimated)}`
    + (anyMeasured ? ` <span class="swatch meas"></span>${escapeHtml(labels.measured)}` : '')
    + ` · ${escapeHtml(labels.revealHint)}</p>`;
  return legend + report.stages.map((s) => renderStage(s, scale, anyMeasured, labels, lineText)).join('');
}

function renderStage(s: StageReport, scale: number, anyMeasured: boolean, labels: ChartLabels, lineText: (line: number) => string): string {
  const base = s.base.bytes === null ? '?' : formatBytes(s.base.bytes);
  const meta = [
    `FROM ${escapeHtml(s.from || '?')}`,
    escapeHtml(labels.base(base, labels.basis[s.base.basis] + (s.base.compressed ? `, ${labels.compressed}` : ''))),
    // the total as the parts add up (base + each layer as shown), `≥` when one is a lower bound or compressed
    escapeHtml(labels.total(s.total ? `${s.total.atLeast ? '≥ ' : ''}${formatBytes(s.total.bytes)}` : s.totalBytes === null ? '?' : formatBytes(s.totalBytes))),
    ...(s.inImage === false ? [`<span class="not-in-image">${escapeHtml(labels.notInImage)}</span>`] : []),
  ].join(' · ');
  const layers = s.layers.filter((l) => l.createsLayer);
  const metadata = s.layers.length - layers.length;
  const barsPerRow = anyMeasured ? 2 : 1;
  const rowHeight = LABEL_HEIGHT + barsPerRow * BAR_HEIGHT + (barsPerRow - 1) * BAR_GAP;
  const height = layers.length * (rowHeight + ROW_GAP);
  const rows = layers.map((l, i) => renderRow(l, lineText(l.line), i * (rowHeight + ROW_GAP), scale, anyMeasured, labels, s.inImage !== false)).join('');
  return `<section class="stage">`
    + `<h2>${escapeHtml(labels.stage(s.index, s.name))}</h2>`
    + `<p class="meta">${meta}${s.base.note ? `<span class="note"> — ${escapeHtml(s.base.note)}</span>` : ''}</p>`
    + (layers.length ? `<svg width="100%" height="${height}" role="list">${rows}</svg>` : '')
    + (metadata ? `<p class="meta">${escapeHtml(metadata === 1 ? labels.metadataOnly.one : labels.metadataOnly.other(metadata))}</p>` : '')
    + `</section>`;
}

function renderRow(l: LayerReport, text: string, y: number, scale: number, anyMeasured: boolean, labels: ChartLabels, inImage: boolean): string {
  const width = (bytes: number) => (scale > 0 ? Math.max((bytes / scale) * BAR_SPACE, bytes > 0 ? 0.3 : 0) : 0);
  const label = `${l.line}  ${text.trim().replace(/\s+/g, ' ') || l.instruction}`;
  const short = label.length > MAX_LABEL ? label.slice(0, MAX_LABEL - 1) + '…' : label;
  const basis = labels.basis[l.basis];
  const estimate = `${estimateText(l)} · ${basis}`;
  const barY = (bar: number) => y + LABEL_HEIGHT + bar * (BAR_HEIGHT + BAR_GAP);
  const textY = (bar: number) => barY(bar) + BAR_HEIGHT - 3;
  const parts: string[] = [];
  parts.push(`<title>${escapeHtml(`${l.instruction}\n${estimate}\n${l.note}`)}</title>`);
  // a nested <svg> clips the label at the panel's edge
  parts.push(`<svg width="100%" height="${LABEL_HEIGHT}" y="${y}"><text x="0" y="${LABEL_HEIGHT - 5}" class="label">${escapeHtml(short)}</text></svg>`);
  // the estimate: a bar to the best figure, a whisker over the range; an outline when unknown
  const known = l.bytes ?? l.low;
  if (known === null) {
    parts.push(`<rect x="0" y="${barY(0)}" width="1%" height="${BAR_HEIGHT}" class="unknown"/>`);
  } else {
    parts.push(`<rect x="0" y="${barY(0)}" width="${width(known)}%" height="${BAR_HEIGHT}" class="est${l.bytes === null ? ' partial' : ''}"/>`);
    if (l.low !== null && l.high !== null && l.high > l.low) {
      const mid = barY(0) + BAR_HEIGHT / 2;
      parts.push(`<line x1="${width(l.low)}%" x2="${width(l.high)}%" y1="${mid}" y2="${mid}" class="range"/>`);
    }
  }
  const estimateEnd = Math.max(width(known ?? 0), width(l.high ?? 0), 1);
  parts.push(`<text x="${estimateEnd + 0.8}%" y="${textY(0)}" class="value">${escapeHtml(estimate)}</text>`);
  if (anyMeasured) {
    if (l.measured !== undefined && l.measured !== null) {
      parts.push(`<rect x="0" y="${barY(1)}" width="${width(l.measured)}%" height="${BAR_HEIGHT}" class="meas"/>`);
      parts.push(`<text x="${Math.max(width(l.measured), 1) + 0.8}%" y="${textY(1)}" class="value">${escapeHtml(`${formatBytes(l.measured)} · ${labels.measured}`)}</text>`);
    } else {
      // a build measures the layers of the image it produces: a stage only copied from has none there
      parts.push(`<text x="0" y="${textY(1)}" class="value dim">${escapeHtml(inImage ? `? · ${labels.measured}` : labels.notInImage)}</text>`);
    }
  }
  return `<g class="reveal" data-line="${l.line}" tabindex="0" role="listitem">${parts.join('')}</g>`;
}
