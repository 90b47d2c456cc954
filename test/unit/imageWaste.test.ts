/**
 * The waste lenses and hovers (server/src/features/imageWaste.ts) over the summary the server keeps
 * (server/src/images/imageReports.ts), from a report shaped as images/imageAnalysis.ts returns one:
 * layer 0 the base image, then one layer per line. The real-engine test with the same shapes is
 * test/integration/imageWaste.test.ts.
 */
import { strict as assert } from 'node:assert';
import { wasteHoverText, wasteLenses, withWasteHover } from '../../server/src/features/imageWaste';
import { bounded, ImageReportService, MAX_REPORTS, MAX_WASTED, summarize } from '../../server/src/images/imageReports';
import { analyze } from '../../server/src/model/document';
import type { ImageReport } from '../../server/src/protocol/image';

const TEXT = [
  'FROM local/busybox:1', //           1 (layer 0: the base)
  'COPY big.bin /data/big.bin', //     2 (layer 1)
  'COPY a.conf /etc/app.conf', //      3 (layer 2)
  'RUN rm /data/big.bin /etc/passwd', // 4 (layer 3)
  'COPY b.conf /etc/app.conf', //      5 (layer 4)
  'COPY c.bin /c.bin', //              6 (layer 5)
  'RUN rm /c.bin', //                  7 (layer 6)
  '',
].join('\n');

function report(): ImageReport {
  return {
    image: 'waste/test:1',
    totalBytes: 1_000_000,
    wastedBytes: 300_000 + 5_000 + 67 + 2_100_000,
    efficiency: 0.5,
    layers: [
      { index: 0, createdBy: 'busybox', bytes: 1000, wastedBytes: 67, files: 3, largest: [{ path: 'bin/busybox', bytes: 933 }, { path: 'etc/passwd', bytes: 67, hiddenBy: 3 }] },
      { index: 1, createdBy: 'COPY big.bin /data/big.bin # buildkit', line: 2, bytes: 300_000, wastedBytes: 300_000, files: 2, largest: [{ path: 'data/big.bin', bytes: 300_000, hiddenBy: 3 }] },
      { index: 2, createdBy: 'COPY a.conf /etc/app.conf # buildkit', line: 3, bytes: 5_000, wastedBytes: 5_000, files: 2, largest: [{ path: 'etc/app.conf', bytes: 5_000, hiddenBy: 4 }] },
      { index: 3, createdBy: 'RUN /bin/sh -c rm /data/big.bin /etc/passwd # buildkit', line: 4, bytes: 0, wastedBytes: 0, files: 4, largest: [] },
      { index: 4, createdBy: 'COPY b.conf /etc/app.conf # buildkit', line: 5, bytes: 7_000, wastedBytes: 0, files: 2, largest: [{ path: 'etc/app.conf', bytes: 7_000 }] },
      { index: 5, createdBy: 'COPY c.bin /c.bin # buildkit', line: 6, bytes: 2_100_000, wastedBytes: 2_100_000, files: 1, largest: [{ path: 'c.bin', bytes: 2_100_000, hiddenBy: 6 }] },
      { index: 6, createdBy: 'RUN /bin/sh -c rm /c.bin # buildkit', line: 7, bytes: 0, wastedBytes: 0, files: 1, largest: [] },
    ],
    wasted: [
      { path: 'c.bin', bytes: 2_100_000, layer: 5, hiddenBy: 6 },
      { path: 'data/big.bin', bytes: 300_000, layer: 1, hiddenBy: 3 },
      { path: 'etc/app.conf', bytes: 5_000, layer: 2, hiddenBy: 4 },
      { path: 'etc/passwd', bytes: 67, layer: 0, hiddenBy: 3 },
    ],
  };
}

const lensTitles = (lang: 'en' | 'ko' = 'en') => {
  const doc = analyze('file:///w/Dockerfile', 1, TEXT);
  return wasteLenses(doc, summarize(report()), lang, { id: 'dockerfileLens.showImageLayers', args: (line) => [{ uri: doc.uri, line }] })
    .map((l) => `${l.range.start.line + 1}: ${l.command!.title}`);
};

describe('image waste: lenses and hovers', () => {
  it('a lens on each line whose layer holds hidden bytes: removed (whiteout) or overwritten, by which line; the base image\'s on the line that removed it', () => {
    assert.deepEqual(lensTitles(), [
      '2: 300 kB of this layer is removed by line 4',
      '3: 5 kB of this layer is overwritten by line 5',
      '4: removes 67 B of the base image (still pulled)',
      '6: 2.1 MB of this layer is removed by line 7',
    ]);
    assert.deepEqual(lensTitles('ko'), [
      '2: 이 레이어 중 300 kB가 4행에서 삭제됨',
      '3: 이 레이어 중 5 kB가 5행에서 덮어써짐',
      '4: 베이스 이미지의 67 B를 지움 (여전히 받아짐)',
      '6: 이 레이어 중 2.1 MB가 7행에서 삭제됨',
    ]);
  });

  it('several hiding lines: the one that hid the most, "and N more"; every title ≤ 60 characters', () => {
    const r = report();
    // line 2's layer also holds a file line 5 overwrote and one line 7 removed
    r.layers[1].largest!.push({ path: 'etc/x', bytes: 10, hiddenBy: 4 });
    r.wasted.push({ path: 'etc/app.conf', bytes: 10, layer: 1, hiddenBy: 4 }, { path: 'c.bin', bytes: 20, layer: 1, hiddenBy: 6 });
    const doc = analyze('file:///w/Dockerfile', 1, TEXT);
    const titles = wasteLenses(doc, summarize(r), 'en').map((l) => l.command!.title);
    assert.equal(titles[0], '300 kB of this layer is hidden by line 4 and 2 more');
    for (const lang of ['en', 'ko'] as const) for (const t of wasteLenses(doc, summarize(r), lang).map((l) => l.command!.title)) assert.ok([...t].length <= 60, t);
    // no command to run: a title-only lens (LSP allows it; the server gives other clients its own command)
    assert.deepEqual(wasteLenses(doc, summarize(r), 'en').map((l) => l.command!.command), ['', '', '', '']);
  });

  it('the hover on the holding line lists its hidden files with exact bytes; on the hiding line, what it hid and from where', () => {
    const s = summarize(report());
    const held = wasteHoverText(s, 2, 'en')!;
    assert.match(held, /300 kB \(300,000 B\) of this layer’s files are hidden by later layers/);
    assert.match(held, /- line 4: 300 kB \(300,000 B\), 1 file removed/);
    assert.match(held, /\| `\/data\/big\.bin` \| 300 kB \(300,000 B\) \| line 4 \|/);
    assert.match(held, /image efficiency 50\.0%/);
    const hid = wasteHoverText(s, 4, 'en')!;
    assert.match(hid, /This line hides 300 kB \(300,067 B\) of earlier layers/);
    assert.match(hid, /- line 2: 300 kB \(300,000 B\), 1 file removed/);
    assert.match(hid, /- the base image: 67 B, 1 file removed/);
    assert.match(hid, /\| `\/etc\/passwd` \| 67 B \| the base image \|/);
    assert.equal(wasteHoverText(s, 1, 'en'), undefined, 'FROM: the base layer has no line');
    assert.match(wasteHoverText(s, 3, 'ko')!, /이 레이어 파일 중 5\.00 kB \(5,000 B\)가 이후 레이어에 가려졌습니다/);
  });

  it('the waste section joins the instruction hover (or stands alone)', () => {
    const doc = analyze('file:///w/Dockerfile', 1, TEXT);
    const s = summarize(report());
    const alone = withWasteHover(doc, { line: 1, character: 10 }, null, s, 'en')!;
    assert.match((alone.contents as { value: string }).value, /^\*\*Wasted space\*\* in `waste\/test:1`/);
    const joined = withWasteHover(doc, { line: 1, character: 1 }, { contents: { kind: 'markdown', value: 'COPY docs' } }, s, 'en')!;
    assert.match((joined.contents as { value: string }).value, /^COPY docs\n\n---\n\n\*\*Wasted space\*\*/);
    const none = withWasteHover(doc, { line: 0, character: 1 }, { contents: { kind: 'markdown', value: 'FROM docs' } }, s, 'en');
    assert.deepEqual(none, { contents: { kind: 'markdown', value: 'FROM docs' } });
  });
});

describe('image waste: the reports the server keeps', () => {
  it('summary totals come from every hidden file; the kept report is bounded', () => {
    const r = report();
    for (let i = 0; i < MAX_WASTED + 500; i++) r.wasted.push({ path: `junk/${i}`, bytes: 1, layer: 1, hiddenBy: 3 });
    const s = summarize(r);
    assert.equal(s.layers.get(1)!.wastedBytes, 300_000 + MAX_WASTED + 500);
    assert.equal(s.layers.get(1)!.files.length, 20);
    const b = bounded(r);
    assert.equal(b.wasted.length, MAX_WASTED);
    assert.equal(b.wasted[0].path, 'c.bin');
  });

  it('keeps a report while the text is the one built; an edit drops it; a newer run cancels the older; at most MAX_REPORTS documents', async () => {
    let changes = 0;
    const signals: AbortSignal[] = [];
    const service = new ImageReportService(async (image, o) => {
      signals.push(o.signal);
      o.progress('1/1', 0);
      await new Promise((r) => setTimeout(r, 5));
      if (o.signal.aborted) throw new Error('aborted');
      return { ...report(), image };
    }, () => changes++);
    const doc = analyze('file:///w/Dockerfile', 1, TEXT);
    const first = service.start(doc, 'a:1', { docker: 'docker', env: {}, target: undefined, trusted: true });
    const second = service.start(doc, 'a:2', { docker: 'docker', env: {}, target: undefined, trusted: true });
    assert.equal(signals[0].aborted, true, 'the older run is cancelled');
    assert.equal((await first.result).state, 'failed');
    assert.equal((await second.result).state, 'done');
    assert.equal(service.result(doc)!.image, 'a:2');
    assert.ok(service.summary(doc));
    assert.equal(changes, 1);
    const edited = analyze(doc.uri, 2, TEXT + '# edit\n');
    assert.equal(service.result(edited), null);
    assert.equal(service.summary(doc), undefined, 'dropped for good once the text changed');

    const untrusted = await service.start(doc, 'a:3', { docker: 'docker', env: {}, target: undefined, trusted: false }).result;
    assert.equal(untrusted.state, 'failed');
    assert.equal(signals.length, 2, 'an untrusted workspace runs no analysis');

    const docs = Array.from({ length: MAX_REPORTS + 2 }, (_, i) => analyze(`file:///w/${i}/Dockerfile`, 1, TEXT));
    await Promise.all(docs.map((d) => service.start(d, 'x:1', { docker: 'docker', env: {}, target: undefined, trusted: true }).result));
    assert.equal(docs.filter((d) => service.result(d)?.state === 'done').length, MAX_REPORTS);
    assert.equal(service.result(docs[0]), null, 'the oldest is dropped');
  });
});
