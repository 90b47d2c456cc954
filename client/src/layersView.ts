/**
 * "Show Image Layers": a webview panel per Dockerfile with the bar chart of its layers
 * (client/src/layersChart.ts), from the server's `dockerfileLens/layers` report. It follows the document:
 * re-drawn a moment after the last edit, when VS Code re-requests the lenses (the server refreshes them
 * when a size lookup finishes or measured sizes arrive), and after a build or pull. Clicking a bar (or
 * Enter on it) reveals its line in the editor.
 * The page allows no remote content; its one script and stylesheet carry a fresh nonce (CSP), and the
 * chart is sent as markup by postMessage, so a redraw keeps the scroll position.
 * After a build, below the chart, the file view of the built image (client/src/layerFiles.ts): each
 * layer's largest files, wasted ones marked; a waste lens opens the panel at its layer.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { Ctx } from './ctx';
import { renderFiles, type FileLabels } from './layerFiles';
import { escapeHtml, renderChart, type ChartLabels } from './layersChart';

const VIEW_TYPE = 'dockerfileLens.layers';
const REDRAW_DELAY_MS = 400;

export class LayersViews implements vscode.Disposable {
  private readonly panels = new Map<string, LayersPanel>();
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly ctx: Ctx) {
    this.disposables = [
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length) this.panels.get(e.document.uri.toString())?.scheduleRedraw();
      }),
      ctx.onDidRequestLenses((uri) => this.panels.get(uri.toString())?.scheduleRedraw()),
    ];
  }

  /**
   * Opens (or shows) the panel of a Dockerfile; `line` (0-based): open the file view of that line's layer.
   * Returns the panel and the markup it now shows (the command's result: the extension-host tests read it).
   */
  async show(uri: vscode.Uri, line?: number): Promise<{ panel: vscode.WebviewPanel; html: string }> {
    const key = uri.toString();
    let panel = this.panels.get(key);
    if (panel) {
      panel.panel.reveal(undefined, true);
    } else {
      const document = await vscode.workspace.openTextDocument(uri);
      panel = new LayersPanel(this.ctx, document, () => this.panels.delete(key));
      this.panels.set(key, panel);
    }
    panel.openLine = line === undefined ? undefined : line + 1;
    // a new panel draws again once its page is ready: the layer opens then too
    panel.openUntil = Date.now() + 3000;
    const html = await panel.redraw();
    return { panel: panel.panel, html };
  }

  /** Redraws a Dockerfile's panel, if open (after a build or a pull). */
  refresh(uri: vscode.Uri): void {
    this.panels.get(uri.toString())?.scheduleRedraw();
  }

  dispose(): void {
    for (const p of [...this.panels.values()]) p.panel.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

class LayersPanel {
  readonly panel: vscode.WebviewPanel;
  private timer: NodeJS.Timeout | undefined;
  /** Answers arriving out of order: only the newest request draws. */
  private generation = 0;
  private disposed = false;
  /** The 1-based line whose layer the file view opens at (a waste lens was clicked), for the redraws of the next moments. */
  openLine: number | undefined;
  openUntil = 0;

  constructor(private readonly ctx: Ctx, private readonly document: vscode.TextDocument, onDispose: () => void) {
    const name = vscode.workspace.asRelativePath(document.uri);
    this.panel = vscode.window.createWebviewPanel(VIEW_TYPE, vscode.l10n.t('Layers: {0}', name), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      localResourceRoots: [],
      retainContextWhenHidden: false,
    });
    this.panel.webview.html = page(name);
    this.panel.webview.onDidReceiveMessage((m: { type?: string; line?: unknown }) => {
      if (m?.type === 'reveal' && typeof m.line === 'number') void this.reveal(m.line);
      if (m?.type === 'ready') void this.redraw();
    });
    this.panel.onDidDispose(() => {
      this.disposed = true;
      clearTimeout(this.timer);
      onDispose();
    });
  }

  scheduleRedraw(): void {
    if (this.disposed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.redraw(), REDRAW_DELAY_MS);
  }

  /** Draws the panel again; returns the markup sent (or '' when a newer redraw took over). */
  async redraw(): Promise<string> {
    const generation = ++this.generation;
    let html: string;
    try {
      const lineText = (line: number) => (line >= 1 && line <= this.document.lineCount ? this.document.lineAt(line - 1).text : '');
      const [report, image] = await Promise.all([this.ctx.layers(this.document.uri), this.ctx.imageReport(this.document.uri).catch(() => null)]);
      if (Date.now() > this.openUntil) this.openLine = undefined;
      html = renderChart(report, chartLabels(), lineText) + renderFiles(image, fileLabels(), lineText, this.openLine);
    } catch (error) {
      html = `<p class="empty">${escapeHtml(error instanceof Error ? error.message : String(error))}</p>`;
    }
    // the panel may have been closed while the server answered
    if (generation === this.generation && !this.disposed) {
      void this.panel.webview.postMessage({ type: 'render', html, focusLine: this.openLine });
      return html;
    }
    return '';
  }

  /** Shows the 1-based line in the Dockerfile's editor (opened beside the panel when it is not visible). */
  private async reveal(line: number): Promise<void> {
    const visible = vscode.window.visibleTextEditors.find((e) => e.document === this.document);
    const position = new vscode.Position(Math.min(Math.max(line - 1, 0), this.document.lineCount - 1), 0);
    const editor = await vscode.window.showTextDocument(this.document, {
      viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One,
      selection: new vscode.Range(position, position),
    });
    editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }
}

function chartLabels(): ChartLabels {
  const t = vscode.l10n.t;
  return {
    stage: (index, name) => (name ? t('Stage {0} · {1}', String(index), name) : t('Stage {0}', String(index))),
    base: (size, basis) => t('base image {0} ({1})', size, basis),
    total: (size) => t('stage total {0}', size),
    measured: t('measured'),
    estimated: t('estimated'),
    noLayers: t('No stages: the Dockerfile has no FROM instruction yet.'),
    metadataOnly: { one: t('+ 1 metadata instruction (0 B, not shown)'), other: (count) => t('+ {0} metadata instructions (0 B, not shown)', String(count)) },
    notInImage: t('not in the final image'),
    revealHint: t('click a bar to go to its line'),
    compressed: t('compressed'),
    basis: {
      metadata: t('metadata'),
      context: t('build context'),
      archive: t('archive, unpacked'),
      stage: t('from a stage'),
      apt: t('Debian package sizes'),
      download: t('download size'),
      commands: t('no file data written'),
      engine: t('local engine'),
      registry: t('registry'),
      table: t('approx., bundled table'),
      measured: t('measured'),
      unknown: t('unknown'),
    },
  };
}

function fileLabels(): FileLabels {
  const t = vscode.l10n.t;
  return {
    title: (image) => t('Files in {0}', image),
    summary: (total, layers, wasted, efficiency) => t('{0} in {1} layers · {2} wasted · efficiency {3}', total, String(layers), wasted, efficiency),
    running: (image) => t('Reading the layers of {0}…', image),
    failed: (image, message) => t('The layers of {0} could not be read: {1}', image, message),
    layer: (index) => t('Layer {0}', String(index)),
    line: (line) => t('line {0}', String(line)),
    baseImage: t('base image'),
    layerWasted: (bytes) => t('{0} wasted', bytes),
    entries: (count) => t('{0} entries', String(count)),
    file: t('File'),
    size: t('Size'),
    status: t('In the image'),
    hiddenBy: (place) => t('wasted: hidden by {0}', place),
    visible: t('visible'),
    largestOnly: (shown) => t('The {0} largest files of the layer.', String(shown)),
    noFiles: t('No regular files.'),
    goToLine: t('Go to the line'),
  };
}

function page(title: string): string {
  const nonce = randomBytes(16).toString('base64');
  const csp = `default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';`;
  return `<!DOCTYPE html>
<html lang="${vscode.env.language}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(title)}</title>
<style nonce="${nonce}">
  body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 16px 16px; }
  h2 { font-size: 1.1em; margin: 1.2em 0 0.2em; }
  .meta, .legend { color: var(--vscode-descriptionForeground); margin: 0.2em 0 0.6em; }
  .note { font-style: italic; }
  .not-in-image { font-weight: 600; }
  svg text { font-family: var(--vscode-editor-font-family); font-size: 12px; fill: var(--vscode-foreground); }
  svg text.value, svg text.dim { fill: var(--vscode-descriptionForeground); }
  .est { fill: var(--vscode-charts-blue); }
  .est.partial { fill-opacity: 0.5; }
  .meas { fill: var(--vscode-charts-green); }
  .unknown { fill: none; stroke: var(--vscode-charts-yellow); stroke-dasharray: 3 2; }
  .range { stroke: var(--vscode-foreground); stroke-width: 1.5; }
  .swatch { display: inline-block; width: 0.9em; height: 0.9em; vertical-align: middle; margin: 0 0.3em 0 0.6em; }
  .swatch.est { background: var(--vscode-charts-blue); }
  .swatch.meas { background: var(--vscode-charts-green); }
  g.reveal { cursor: pointer; outline: none; }
  g.reveal:hover rect, g.reveal:focus rect { stroke: var(--vscode-focusBorder); stroke-width: 1; }
  .empty { color: var(--vscode-descriptionForeground); }
  details.layer { margin: 0.3em 0; }
  details.layer > summary { cursor: pointer; font-family: var(--vscode-editor-font-family); }
  details.layer > summary:focus-visible, a.reveal:focus-visible { outline: 1px solid var(--vscode-focusBorder); }
  details.has-waste > summary { color: var(--vscode-editorWarning-foreground); }
  a.reveal { cursor: pointer; color: var(--vscode-textLink-foreground); margin-left: 1.2em; }
  table { border-collapse: collapse; margin: 0.3em 0 0.3em 1.2em; }
  th, td { text-align: left; padding: 1px 10px 1px 0; }
  td.path { font-family: var(--vscode-editor-font-family); word-break: break-all; }
  .num { text-align: right; white-space: nowrap; }
  tr.wasted td { color: var(--vscode-editorWarning-foreground); }
  tr.wasted td.path { text-decoration: line-through; }
</style>
</head>
<body>
<div id="chart"><p class="empty">…</p></div>
<script nonce="${nonce}">
  const vscode = acquireVsCodeApi();
  const chart = document.getElementById('chart');
  window.addEventListener('message', (event) => {
    if (!event.data || event.data.type !== 'render') return;
    chart.innerHTML = event.data.html;
    // a waste lens was clicked: its layer's file view, opened, in sight and focused
    const layer = event.data.focusLine ? chart.querySelector('details.layer[data-line="' + Number(event.data.focusLine) + '"]') : null;
    if (layer) {
      layer.open = true;
      layer.scrollIntoView({ block: 'start' });
      layer.querySelector('summary').focus();
    }
  });
  const reveal = (target) => {
    const row = target.closest && target.closest('.reveal');
    if (row) vscode.postMessage({ type: 'reveal', line: Number(row.getAttribute('data-line')) });
  };
  chart.addEventListener('click', (event) => reveal(event.target));
  chart.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') reveal(event.target);
  });
  vscode.postMessage({ type: 'ready' });
</script>
</body>
</html>`;
}
