/**
 * The file view of Show Image Layers (client/src/layerFiles.ts): per layer, its largest files first,
 * wasted ones marked with the line (or layer) that hid them; the layer a waste lens names opens;
 * every text escaped; reachable by keyboard (`<summary>`, a focusable "go to the line" link);
 * nothing while no image was analysed, a line while it runs or when it failed.
 */
import { strict as assert } from 'node:assert';
import { renderFiles, type FileLabels } from '../../client/src/layerFiles';
import type { ImageReportResult } from '../../server/src/protocol/requests';

const labels: FileLabels = {
  title: (image) => `Files in ${image}`,
  summary: (total, layers, wasted, efficiency) => `${total} in ${layers} layers · ${wasted} wasted · efficiency ${efficiency}`,
  running: (image) => `Reading the layers of ${image}…`,
  failed: (image, message) => `The layers of ${image} could not be read: ${message}`,
  layer: (index) => `Layer ${index}`,
  line: (line) => `line ${line}`,
  baseImage: 'base image',
  layerWasted: (bytes) => `${bytes} wasted`,
  entries: (count) => `${count} entries`,
  file: 'File',
  size: 'Size',
  status: 'In the image',
  hiddenBy: (place) => `wasted: hidden by ${place}`,
  visible: 'visible',
  largestOnly: (shown) => `The ${shown} largest files of the layer.`,
  noFiles: 'No regular files.',
  goToLine: 'Go to the line',
};

const LINES = ['FROM local/busybox:1', 'COPY big.bin <x>.bin', 'RUN rm /x.bin && echo "<script>"', ''];
const lineText = (n: number) => LINES[n - 1] ?? '';

const done: ImageReportResult = {
  image: 'waste/<test>:1',
  state: 'done',
  report: {
    image: 'waste/<test>:1',
    totalBytes: 301_000,
    wastedBytes: 300_000,
    efficiency: 1000 / 301_000,
    layers: [
      { index: 0, createdBy: 'busybox', bytes: 1000, wastedBytes: 0, files: 3, largest: [{ path: 'bin/busybox', bytes: 933 }, { path: 'etc/passwd', bytes: 67 }] },
      // out of order on purpose: the view sorts
      { index: 1, createdBy: 'COPY', line: 2, bytes: 300_000, wastedBytes: 300_000, files: 9, largest: [{ path: 'small.txt', bytes: 5 }, { path: '<x>.bin', bytes: 300_000, hiddenBy: 2 }] },
      { index: 2, createdBy: 'RUN', line: 3, bytes: 0, wastedBytes: 0, files: 1, largest: [] },
    ],
    wasted: [{ path: '<x>.bin', bytes: 300_000, layer: 1, hiddenBy: 2 }],
  },
};

describe('layers view: the file view', () => {
  it('no analysis: nothing; running and failed: one line', () => {
    assert.equal(renderFiles(null, labels, lineText), '');
    assert.match(renderFiles({ image: 'a:1', state: 'running' }, labels, lineText), /<p class="meta">Reading the layers of a:1…<\/p>/);
    assert.match(renderFiles({ image: 'a:1', state: 'failed', message: 'no <such> image' }, labels, lineText), /could not be read: no &lt;such&gt; image/);
  });

  it('a layer per <details>, largest file first, wasted ones marked with the hiding line, texts escaped', () => {
    const html = renderFiles(done, labels, lineText);
    assert.match(html, /<h2 id="files-title">Files in waste\/&lt;test&gt;:1<\/h2>/);
    assert.match(html, /301 kB in 3 layers · 300 kB wasted · efficiency 0\.3%/);
    const layers = html.split('<details').slice(1);
    assert.equal(layers.length, 3);
    assert.match(layers[0], /<summary>Layer 0 · base image · 1.00 kB · 3 entries<\/summary>/);
    assert.match(layers[1], /^ class="layer has-waste" data-layer="1" data-line="2">/);
    assert.match(layers[1], /<summary>Layer 1 · line 2 COPY big\.bin &lt;x&gt;\.bin · 300 kB · 9 entries · 300 kB wasted<\/summary>/);
    const rows = layers[1].split('<tr').slice(2);
    assert.deepEqual(rows.map((r) => /class="path">([^<]*)</.exec(r)![1]), ['/&lt;x&gt;.bin', '/small.txt']);
    assert.match(rows[0], /^ class="wasted"><td class="path">\/&lt;x&gt;\.bin<\/td><td class="num">300 kB<\/td><td>wasted: hidden by line 3<\/td>/);
    assert.match(rows[1], /^><td class="path">\/small\.txt<\/td><td class="num">5 B<\/td><td>visible<\/td>/);
    assert.match(layers[1], /The 2 largest files of the layer\./);
    assert.match(layers[2], /No regular files\./);
    assert.doesNotMatch(html, /<script>|style=/);
  });

  it('keyboard: each layer is a <summary>, its line a focusable link; the layer of the clicked lens opens', () => {
    const closed = renderFiles(done, labels, lineText);
    assert.doesNotMatch(closed, / open>/);
    assert.match(closed, /<a class="reveal" data-line="2" tabindex="0" role="link">Go to the line<\/a>/);
    const opened = renderFiles(done, labels, lineText, 2);
    assert.deepEqual([...opened.matchAll(/<details [^>]*\bopen>/g)].map((m) => m[0]), ['<details class="layer has-waste" data-layer="1" data-line="2" open>']);
  });
});
