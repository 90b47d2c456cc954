/**
 * Exec-form quick fixes and "Skip … in this file" over the real protocol: the
 * server's code actions, applied as an editor applies them, give the expected
 * text, and the diagnostic is gone on the next version.
 */
import * as assert from 'node:assert/strict';
import { applyLspEdits, LspClient, publishedDiagnostics } from '../helpers/lspClient';

type Pos = { line: number; character: number };
type Diag = { range: { start: Pos; end: Pos }; code: string; message: string; severity: number };
type Action = { title: string; isPreferred?: boolean; edit: { changes: Record<string, Array<{ range: Diag['range']; newText: string }>> } };

const diagnostics = (client: LspClient, uri: string, version: number) => publishedDiagnostics<Diag>(client, uri, version);

const apply = applyLspEdits;

describe('protocol: exec-form fixes and # check=skip', function () {
  this.timeout(30000);
  let client: LspClient;
  let n = 0;
  before(async () => {
    client = new LspClient();
    await client.initialize('en');
  });
  after(async () => {
    assert.equal(await client.shutdown(), 0);
  });

  /** Opens `text`, runs the action `title` of the first `code` diagnostic, sends the result as version 2 and returns it with its diagnostics. */
  async function fix(text: string, code: string, title: RegExp) {
    const uri = `file:///tmp/lens-test/exec-${++n}/Dockerfile`;
    client.open(uri, text);
    const d = (await diagnostics(client, uri, 1)).find((x) => x.code === code);
    assert.ok(d, `no ${code} in ${text}`);
    const actions = await client.request<Action[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
    const action = actions.find((a) => title.test(a.title));
    assert.ok(action, actions.map((a) => a.title).join('; '));
    const fixed = apply(text, action.edit.changes[uri]);
    client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: fixed }] });
    return { fixed, after: await diagnostics(client, uri, 2), d };
  }

  it('ExecFormUnsplitCommand: splits CMD ["npm start"], the warning goes', async () => {
    const r = await fix('FROM node:22\nCMD ["npm start"]\n', 'ExecFormUnsplitCommand', /^Split into words: \["npm", "start"\]$/);
    assert.equal(r.d.severity, 2);
    assert.deepEqual(r.d.range, { start: { line: 1, character: 5 }, end: { line: 1, character: 16 } });
    assert.equal(r.fixed, 'FROM node:22\nCMD ["npm", "start"]\n');
    assert.deepEqual(r.after.filter((x) => x.code === 'ExecFormUnsplitCommand'), []);
  });

  it('InvalidExecForm inside ONBUILD: repaired within the ONBUILD line', async () => {
    const r = await fix('FROM alpine\nONBUILD CMD [node, app.js]\n', 'InvalidExecForm', /^Repair the JSON array: \["node", "app.js"\]$/);
    assert.deepEqual(r.d.range, { start: { line: 1, character: 12 }, end: { line: 1, character: 26 } });
    assert.equal(r.fixed, 'FROM alpine\nONBUILD CMD ["node", "app.js"]\n');
    assert.deepEqual(r.after.filter((x) => x.code === 'InvalidExecForm'), []);
  });

  it('ExecFormShellSyntax: the shell-form fix quotes a lone *', async () => {
    const r = await fix('FROM alpine\nRUN ["expr", "2", "*", "3", ">", "/out"]\n', 'ExecFormShellSyntax', /^Use shell form: expr 2 '\*' 3 > \/out$/);
    assert.equal(r.fixed, "FROM alpine\nRUN expr 2 '*' 3 > /out\n");
    assert.deepEqual(r.after.filter((x) => x.code.startsWith('ExecForm')), []);
  });

  it('Skip in this file: a new line after # escape=` (with a BOM), then BuildKit skips the check', async () => {
    const text = '\ufeff# escape=`\nFROM alpine\nCMD echo `\n  hi\n';
    const r = await fix(text, 'JSONArgsRecommended', /^Skip JSONArgsRecommended in this file/);
    assert.equal(r.fixed, '\ufeff# escape=`\n# check=skip=JSONArgsRecommended\nFROM alpine\nCMD echo `\n  hi\n');
    assert.deepEqual(r.after.filter((x) => x.code === 'JSONArgsRecommended' || x.severity === 1), []);
  });

  it('Skip in this file: an existing `# check = skip = A, B` is rewritten as BuildKit reads it, and its error goes', async () => {
    const text = '# check = skip = StageNameCasing, FromAsCasing\nFROM alpine:3.20\nCMD echo hi\n';
    const r = await fix(text, 'JSONArgsRecommended', /^Skip JSONArgsRecommended in this file/);
    assert.equal(r.fixed, '# check = skip=StageNameCasing,FromAsCasing,JSONArgsRecommended\nFROM alpine:3.20\nCMD echo hi\n');
    assert.deepEqual(r.after.map((x) => x.code), []);
  });
});
