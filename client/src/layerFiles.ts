/**
 * The file view of "Show Image Layers" (issue 16), as markup: after a build, the server's analysis of
 * the built image (`dockerfileLens/imageReport`) lists each layer's largest files; a file a later
 * layer removed or overwrote is marked wasted, with the line (or layer) that hid it: its bytes stay in
 * the layer's tar, and every pull downloads them. One `<details>` per layer (its `<summary>` is
 * keyboard reachable and toggles with Enter or Space), largest files first, the layer a waste lens
 * was clicked on opened. Every text from the Dockerfile or the image is escaped; no inline styles
 * (the page's CSP). Pure: no VS Code API.
 */
import type { ImageLayer, ImageReport } from '../../server/src/protocol/image';
import { formatBytes } from '../../server/src/protocol/layers';
import type { ImageReportResult } from '../../server/src/protocol/requests';
import { escapeHtml } from './layersChart';

export interface FileLabels {
  /** `Files in {image}`. */
  title: (image: string) => string;
  /** `{total} in {layers} layers · {wasted} wasted · efficiency {percent}`. */
  summary: (total: string, layers: number, wasted: string, efficiency: string) => string;
  running: (image: string) => string;
  failed: (image: string, message: string) => string;
  /** `Layer {index}` and, when mapped, `line {n}`. */
  layer: (index: number) => string;
  line: (line: number) => string;
  baseImage: string;
  /** `{bytes} wasted`, for a layer's summary. */
  layerWasted: (bytes: string) => string;
  /** `{n} entries`. */
  entries: (count: number) => string;
  file: string;
  size: string;
  status: string;
  /** A wasted file's status: hidden by `{place}` (a line, or a layer). */
  hiddenBy: (place: string) => string;
  visible: string;
  /** Below a layer's list when it shows fewer files than the layer has. */
  largestOnly: (shown: number) => string;
  noFiles: string;
  goToLine: string;
}

const MAX_LABEL = 120;

/** `lineText(line)`: the Dockerfile's 1-based line, for each layer's heading; `open`: the 1-based line whose layer starts open. */
export function renderFiles(result: ImageReportResult | null, labels: FileLabels, lineText: (line: number) => string, open?: number): string {
  if (!result) return '';
  const head = `<h2 id="files-title">${escapeHtml(labels.title(result.image))}</h2>`;
  if (result.state === 'running') return `<section class="files" aria-labelledby="files-title">${head}<p class="meta">${escapeHtml(labels.running(result.image))}</p></section>`;
  if (result.state === 'failed' || !result.report) {
    return `<section class="files" aria-labelledby="files-title">${head}<p class="meta">${escapeHtml(labels.failed(result.image, result.message ?? ''))}</p></section>`;
  }
  const r = result.report;
  const summary = labels.summary(formatBytes(r.totalBytes), r.layers.length, formatBytes(r.wastedBytes), `${(r.efficiency * 100).toFixed(1)}%`);
  const firstMapped = Math.min(...r.layers.filter((x) => x.line !== undefined).map((x) => x.index));
  const place = (index: number) => {
    const x = r.layers.find((y) => y.index === index);
    return x?.line !== undefined ? labels.line(x.line) : labels.layer(index);
  };
  return `<section class="files" aria-labelledby="files-title">${head}<p class="meta">${escapeHtml(summary)}</p>`
    + r.layers.map((x) => renderLayer(r, x, labels, lineText, place, x.index < firstMapped, open !== undefined && x.line === open)).join('')
    + `</section>`;
}

function renderLayer(r: ImageReport, x: ImageLayer, labels: FileLabels, lineText: (line: number) => string, place: (index: number) => string, base: boolean, open: boolean): string {
  const text = x.line !== undefined ? lineText(x.line).trim().replace(/\s+/g, ' ') : '';
  const origin = x.line !== undefined ? `${labels.line(x.line)}${text ? ` ${text}` : ''}` : base ? labels.baseImage : x.createdBy.replace(/\s+/g, ' ');
  const what = origin.length > MAX_LABEL ? origin.slice(0, MAX_LABEL - 1) + '…' : origin;
  const parts = [labels.layer(x.index), what, formatBytes(x.bytes), labels.entries(x.files)];
  if (x.wastedBytes > 0) parts.push(labels.layerWasted(formatBytes(x.wastedBytes)));
  const files = [...(x.largest ?? [])].sort((a, b) => b.bytes - a.bytes || a.path.localeCompare(b.path));
  const rows = files.map((f) => {
    const wasted = f.hiddenBy !== undefined;
    const status = wasted ? labels.hiddenBy(place(f.hiddenBy!)) : labels.visible;
    return `<tr${wasted ? ' class="wasted"' : ''}><td class="path">/${escapeHtml(f.path)}</td><td class="num">${escapeHtml(formatBytes(f.bytes))}</td><td>${escapeHtml(status)}</td></tr>`;
  }).join('');
  const table = files.length
    ? `<table><thead><tr><th scope="col">${escapeHtml(labels.file)}</th><th scope="col" class="num">${escapeHtml(labels.size)}</th><th scope="col">${escapeHtml(labels.status)}</th></tr></thead><tbody>${rows}</tbody></table>`
    : `<p class="meta">${escapeHtml(labels.noFiles)}</p>`;
  // the layer's whole list is bounded by the analysis: say when it shows only the largest
  const regular = x.files;
  const more = files.length && regular > files.length ? `<p class="meta">${escapeHtml(labels.largestOnly(files.length))}</p>` : '';
  const reveal = x.line !== undefined ? `<a class="reveal" data-line="${x.line}" tabindex="0" role="link">${escapeHtml(labels.goToLine)}</a>` : '';
  return `<details class="layer${x.wastedBytes > 0 ? ' has-waste' : ''}" data-layer="${x.index}"${x.line !== undefined ? ` data-line="${x.line}"` : ''}${open ? ' open' : ''}>`
    + `<summary>${escapeHtml(parts.join(' · '))}</summary>${reveal}${table}${more}</details>`;
}
