/** Diagnostics and quick fixes over the real protocol. */
import * as assert from 'node:assert/strict';
import { LspClient } from '../helpers/lspClient';

type Diag = { range: { start: { line: number; character: number }; end: { line: number; character: number } }; code: string; message: string; severity: number; codeDescription?: { href: string }; relatedInformation?: unknown[] };
type Action = { title: string; kind: string; isPreferred?: boolean; edit: { changes: Record<string, Array<{ range: Diag['range']; newText: string }>> } };

async function nextDiagnostics(client: LspClient, uri: string, version?: number): Promise<Diag[]> {
  for (let i = 0; i < 200; i++) {
    const n = [...client.notifications].reverse().find((x) => x.method === 'textDocument/publishDiagnostics' && (x.params as { uri: string }).uri === uri && (version === undefined || (x.params as { version?: number }).version === version));
    if (n) return (n.params as { diagnostics: Diag[] }).diagnostics;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('no diagnostics published');
}

/** Applies LSP text edits to a text (line/character positions). */
function applyLspEdits(text: string, edits: Array<{ range: Diag['range']; newText: string }>): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const off = (p: { line: number; character: number }) => starts[p.line] + p.character;
  let out = text;
  for (const e of [...edits].sort((a, b) => off(b.range.start) - off(a.range.start))) out = out.slice(0, off(e.range.start)) + e.newText + out.slice(off(e.range.end));
  return out;
}

describe('protocol: diagnostics and quick fixes', function () {
  this.timeout(30000);
  let client: LspClient;
  before(async () => {
    client = new LspClient();
    await client.initialize('en');
  });
  after(async () => {
    assert.equal(await client.shutdown(), 0);
  });

  it('publishes syntax errors with the token range, then clears them when fixed', async () => {
    const uri = 'file:///tmp/lens-test/a/Dockerfile';
    client.open(uri, 'FROM alpine:3.20\nFOO bar\n');
    const d = await nextDiagnostics(client, uri, 1);
    const unknown = d.find((x) => /unknown instruction: FOO/.test(x.message))!;
    assert.ok(unknown, JSON.stringify(d));
    assert.deepEqual(unknown.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } });
    assert.equal(unknown.severity, 1);
    client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: unknown.range, text: 'RUN' }] });
    const after = await nextDiagnostics(client, uri, 2);
    assert.deepEqual(after.filter((x) => x.severity === 1), []);
  });

  it('a shell-form ENTRYPOINT with CMD: warning, related CMD, and a quick fix to exec form', async () => {
    const uri = 'file:///tmp/lens-test/b/Dockerfile';
    const text = 'FROM alpine:3.20\nENTRYPOINT /usr/bin/app --serve\nCMD ["--port", "80"]\n';
    client.open(uri, text);
    const d = await nextDiagnostics(client, uri, 1);
    const diag = d.find((x) => x.code === 'ShellEntrypointIgnoresCmd')!;
    assert.ok(diag, JSON.stringify(d.map((x) => x.code)));
    assert.ok(diag.relatedInformation?.length);
    const actions = await client.request<Action[]>('textDocument/codeAction', { textDocument: { uri }, range: diag.range, context: { diagnostics: [diag] } });
    const fix = actions.find((a) => a.isPreferred) ?? actions[0];
    const fixed = applyLspEdits(text, fix.edit.changes[uri]);
    assert.match(fixed, /ENTRYPOINT \["\/usr\/bin\/app", "--serve"\]/);
  });

  it('BuildKit checks link to Docker\'s docs and offer "skip in this file"', async () => {
    const uri = 'file:///tmp/lens-test/c/Dockerfile';
    const text = 'FROM alpine:3.20\nCMD echo hi\n';
    client.open(uri, text);
    const d = await nextDiagnostics(client, uri, 1);
    const diag = d.find((x) => x.code === 'JSONArgsRecommended')!;
    assert.ok(diag);
    assert.equal(diag.codeDescription?.href, 'https://docs.docker.com/go/dockerfile/rule/json-args-recommended/');
    const actions = await client.request<Action[]>('textDocument/codeAction', { textDocument: { uri }, range: diag.range, context: { diagnostics: [diag] } });
    const skip = actions.find((a) => /Skip JSONArgsRecommended in this file/.test(a.title))!;
    assert.ok(skip, actions.map((a) => a.title).join('; '));
    const skipped = applyLspEdits(text, skip.edit.changes[uri]);
    assert.equal(skipped, '# check=skip=JSONArgsRecommended\nFROM alpine:3.20\nCMD echo hi\n');
    client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: skipped }] });
    assert.deepEqual((await nextDiagnostics(client, uri, 2)).filter((x) => x.code === 'JSONArgsRecommended'), []);
  });
});
