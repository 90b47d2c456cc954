/**
 * The quick-fix menu over the real protocol, for the exec/shell conversions:
 * one action per distinct edit (two findings offering the same conversion
 * share it), titles that show the text each writes and never read alike, one
 * preferred action per place, Korean titles with `ko`, and every offered
 * conversion resolving its finding once applied.
 */
import * as assert from 'node:assert/strict';
import { applyLspEdits, LspClient, publishedDiagnostics } from '../helpers/lspClient';

type Pos = { line: number; character: number };
type Range = { start: Pos; end: Pos };
type Diag = { range: Range; code: string; message: string; severity: number };
type Action = { title: string; kind?: string; isPreferred?: boolean; diagnostics?: Diag[]; edit: { changes: Record<string, Array<{ range: Range; newText: string }>> } };

const diagnostics = (client: LspClient, uri: string, version: number) => publishedDiagnostics<Diag>(client, uri, version);

const apply = applyLspEdits;

/** The actions that change the instruction (not "Skip … in this file" / "Ignore … for this instruction" and their Korean titles). */
const SILENCE = /^(Skip |Ignore |이 파일에서 |이 명령어에서 )/;
const conversions = (actions: Action[]) => actions.filter((a) => !SILENCE.test(a.title));

describe('protocol: quick-fix menu of the exec/shell conversions', function () {
  this.timeout(30000);
  let en: LspClient;
  let ko: LspClient;
  let n = 0;
  before(async () => {
    en = new LspClient();
    ko = new LspClient();
    await Promise.all([en.initialize('en'), ko.initialize('ko')]);
  });
  after(async () => {
    assert.equal(await en.shutdown(), 0);
    assert.equal(await ko.shutdown(), 0);
  });

  /** Opens `text` and returns its diagnostics and the code actions for the given ones (all of them by default). */
  async function menu(client: LspClient, text: string, pick: (d: Diag) => boolean = () => true) {
    const uri = `file:///tmp/lens-test/quickfix-${++n}/Dockerfile`;
    client.open(uri, text);
    const all = await diagnostics(client, uri, 1);
    const ds = all.filter(pick);
    assert.ok(ds.length > 0, `no diagnostic picked in ${text}: ${all.map((d) => d.code).join(', ')}`);
    const range = { start: ds[0].range.start, end: ds[ds.length - 1].range.end };
    const actions = await client.request<Action[]>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: ds } });
    return { uri, all, ds, actions };
  }

  it('CMD serve --port 80 after ENTRYPOINT ["app"]: the exec-form conversion of two findings is one action, preferred, next to "Keep the shell"', async () => {
    const text = 'FROM alpine\nENTRYPOINT ["app"]\nCMD serve --port 80\n';
    const { uri, ds, actions } = await menu(en, text, (d) => d.range.start.line === 2);
    assert.deepEqual(ds.map((d) => d.code).sort(), ['JSONArgsRecommended', 'ShellCmdWithExecEntrypoint']);
    const conv = conversions(actions);
    assert.deepEqual(conv.map((a) => a.title), ['Use exec form: ["serve", "--port", "80"]', 'Keep the shell: ["/bin/sh", "-c", "serve --port 80"]']);
    assert.deepEqual(conv.map((a) => a.isPreferred === true), [true, false]);
    // the merged action names both diagnostics it resolves
    assert.deepEqual(conv[0].diagnostics!.map((d) => d.code).sort(), ['JSONArgsRecommended', 'ShellCmdWithExecEntrypoint']);
    assert.equal(apply(text, conv[0].edit.changes[uri]), 'FROM alpine\nENTRYPOINT ["app"]\nCMD ["serve", "--port", "80"]\n');
    assert.equal(apply(text, conv[1].edit.changes[uri]), 'FROM alpine\nENTRYPOINT ["app"]\nCMD ["/bin/sh", "-c", "serve --port 80"]\n');
    // the whole menu: no title twice, exactly one preferred action
    const titles = actions.map((a) => a.title);
    assert.equal(new Set(titles).size, titles.length, titles.join(' | '));
    assert.equal(actions.filter((a) => a.isPreferred).length, 1, titles.join(' | '));
    assert.ok(!titles.some((t) => /^Convert/.test(t)), titles.join(' | '));
  });

  it('ENTRYPOINT in shell form with an exec CMD: JSONArgsRecommended and ShellEntrypointIgnoresCmd offer one conversion', async () => {
    const text = 'FROM alpine\nENTRYPOINT /usr/bin/app --serve\nCMD ["--port", "80"]\n';
    const { uri, ds, actions } = await menu(en, text, (d) => d.range.start.line === 1);
    assert.deepEqual(ds.map((d) => d.code).sort(), ['JSONArgsRecommended', 'ShellEntrypointIgnoresCmd']);
    const conv = conversions(actions);
    assert.deepEqual(conv.map((a) => [a.title, a.isPreferred === true]), [
      ['Use exec form: ["/usr/bin/app", "--serve"]', true],
      ['Keep the shell: ["/bin/sh", "-c", "/usr/bin/app --serve"]', false],
    ]);
    assert.equal(apply(text, conv[0].edit.changes[uri]), 'FROM alpine\nENTRYPOINT ["/usr/bin/app", "--serve"]\nCMD ["--port", "80"]\n');
  });

  it('ENTRYPOINT and CMD both in shell form: the fix converting both says so, and is the one preferred', async () => {
    const text = 'FROM alpine\nENTRYPOINT my-server --port 80\nCMD start now\n';
    const { uri, actions } = await menu(en, text, (d) => d.range.start.line === 1);
    const conv = conversions(actions);
    assert.deepEqual(conv.map((a) => [a.title, a.isPreferred === true]), [
      ['Use exec form: ["my-server", "--port", "80"]', false],
      ['Keep the shell: ["/bin/sh", "-c", "my-server --port 80"]', false],
      ['Use exec form for ENTRYPOINT and CMD: ["my-server", "--port", "80"]', true],
    ]);
    assert.equal(apply(text, conv[2].edit.changes[uri]), 'FROM alpine\nENTRYPOINT ["my-server", "--port", "80"]\nCMD ["start", "now"]\n');
  });

  it('two findings on one exec form (a variable and an operator): one "Use shell form", one "Run through a shell", one "Ignore" per rule', async () => {
    const text = 'FROM alpine:3.20\nENV D=/tmp\nRUN ["ls", "$D", "&&", "ls", "$D"]\n';
    const { uri, ds, actions } = await menu(en, text, (d) => d.range.start.line === 2);
    assert.deepEqual([...new Set(ds.map((d) => d.code))].sort(), ['ExecFormShellSyntax', 'ExecFormVariable']);
    assert.equal(ds.length, 3);
    const conv = conversions(actions);
    assert.deepEqual(conv.map((a) => [a.title, a.isPreferred === true]), [
      ['Use shell form: ls "$D" && ls "$D"', true],
      ['Run through a shell: ["/bin/sh", "-c", "ls \\"$D\\" && ls \\"$D\\""]', false],
    ]);
    assert.equal(conv[0].diagnostics!.length, 3);
    const silence = actions.filter((a) => SILENCE.test(a.title)).map((a) => a.title);
    assert.equal(new Set(silence).size, silence.length, silence.join(' | '));
    const fixed = apply(text, conv[0].edit.changes[uri]);
    assert.equal(fixed, 'FROM alpine:3.20\nENV D=/tmp\nRUN ls "$D" && ls "$D"\n');
    en.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: fixed }] });
    assert.deepEqual((await diagnostics(en, uri, 2)).map((d) => d.code), []);
  });

  it('every finding of the forms rules: at most one action per kind of conversion, distinct titles showing the new text, one preferred, and each resolves its finding', async () => {
    const cases: Array<[string, string]> = [
      ['FROM alpine\nCMD node server.js\n', 'JSONArgsRecommended'],
      ['FROM alpine\nCMD npm ci && node server.js\n', 'JSONArgsRecommended'],
      ['FROM alpine\nENTRYPOINT ["app"]\nCMD serve --port 80\n', 'ShellCmdWithExecEntrypoint'],
      ['FROM alpine\nENTRYPOINT my-server --port 80\nCMD ["--verbose"]\n', 'ShellEntrypointIgnoresCmd'],
      ['FROM alpine\nCMD ["echo", "$HOME"]\n', 'ExecFormVariable'],
      ['FROM alpine\nENTRYPOINT ["app", "$PORT"]\n', 'ExecFormVariable'],
      ['FROM alpine\nRUN ["make", "&&", "make", "install"]\n', 'ExecFormShellSyntax'],
      ['FROM alpine\nCMD ["npm start"]\n', 'ExecFormUnsplitCommand'],
      ["FROM alpine\nCMD ['node', 'app.js']\n", 'InvalidExecForm'],
    ];
    for (const [text, code] of cases) {
      const { uri, ds, actions } = await menu(en, text, (d) => d.code === code);
      assert.equal(ds.length, 1, `${code} in ${JSON.stringify(text)}`);
      const conv = conversions(actions);
      const what = `${code} in ${JSON.stringify(text)}: ${conv.map((a) => `${a.title}${a.isPreferred ? ' (preferred)' : ''}`).join(' | ')}`;
      assert.ok(conv.length >= 1 && conv.length <= 2, what);
      assert.equal(conv.filter((a) => a.isPreferred).length, 1, what);
      const kinds = conv.map((a) => a.title.slice(0, a.title.indexOf(': ')));
      assert.equal(new Set(kinds).size, kinds.length, what);
      for (const a of conv) {
        // the title ends with the text the fix writes (cut with an ellipsis when long)
        const written = a.edit.changes[uri].map((e) => e.newText).join(' ');
        const shown = a.title.slice(a.title.indexOf(': ') + 2);
        assert.ok(written.startsWith(shown.replace(/…["\]]*$/, '').replace(/…", .*$/, '')), `${what}\nwrites ${written}`);
        assert.ok(a.title.length <= 90, a.title);
        const fixed = apply(text, a.edit.changes[uri]);
        const v = 2 + conv.indexOf(a);
        en.notify('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ text: fixed }] });
        assert.deepEqual((await diagnostics(en, uri, v)).filter((d) => d.code === code || d.severity === 1).map((d) => d.code), [], `${a.title}\n${fixed}`);
      }
    }
  });

  it('with ko the conversion titles are Korean and show the same text', async () => {
    const text = 'FROM alpine\nENTRYPOINT ["app"]\nCMD serve --port 80\n';
    const { actions } = await menu(ko, text, (d) => d.range.start.line === 2);
    const conv = conversions(actions);
    assert.deepEqual(conv.map((a) => a.title), ['exec 형식으로 바꾸기: ["serve", "--port", "80"]', '셸 유지하기: ["/bin/sh", "-c", "serve --port 80"]']);
    for (const a of actions) assert.match(a.title, /[\uac00-\ud7a3]/, a.title);
  });
});
