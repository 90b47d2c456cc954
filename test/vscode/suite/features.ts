/**
 * The extension's features seen through the `vscode` API, in a real extension host (see index.ts).
 * The open workspace is a copy of examples/.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DockerfileLensApi } from '../../../client/src/extension';
import { instructionDoc } from '../../../server/src/docs/instructions';

const EXTENSION_ID = 'dockerfile-lens.dockerfile-lens';

export function defineTests(): void {
  describe('Dockerfile Lens in the extension host', () => {
    let ext: vscode.Extension<unknown>;
    let dockerfile: vscode.TextDocument;
    /** The first `FROM` line of examples/Dockerfile. */
    let fromLine: number;
    /** Did opening a Dockerfile activate the extension (its activation event), before we asked? */
    let activatedByItself: boolean;

    before(async () => {
      ext = vscode.extensions.getExtension(EXTENSION_ID)!;
      assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
      dockerfile = await vscode.workspace.openTextDocument(workspaceFile('Dockerfile'));
      await vscode.window.showTextDocument(dockerfile);
      activatedByItself = await eventually(async () => ext.isActive, (active) => active);
      // Wait for the language server: activation does not (else the first provider call can return []).
      const api = (await ext.activate()) as DockerfileLensApi;
      await api.ready;
      console.log(`      (activation took ${api.activationMs.toFixed(1)} ms)`);
      fromLine = dockerfile.getText().split(/\r?\n/).findIndex((l) => /^FROM\s/.test(l));
      assert.ok(fromLine >= 0, 'examples/Dockerfile has no FROM line');
    });

    it('activates when a Dockerfile is opened', () => {
      assert.equal(activatedByItself, true, 'opening a Dockerfile did not activate the extension (activationEvents)');
      assert.equal(dockerfile.languageId, 'dockerfile');
    });

    it('gives Dockerfile.dev, *.dockerfile and Containerfile the language id dockerfile', async () => {
      for (const name of ['Dockerfile.dev', 'mistakes.dockerfile', 'podman/Containerfile']) {
        const doc = await vscode.workspace.openTextDocument(workspaceFile(name));
        assert.equal(doc.languageId, 'dockerfile', name);
      }
    });

    it('contributes the Restart Server command and the settings', async () => {
      assert.ok((await vscode.commands.getCommands(true)).includes('dockerfileLens.restartServer'));
      const config = vscode.workspace.getConfiguration('dockerfileLens');
      assert.equal(config.get('trace.server'), 'off');
      assert.equal(config.get('language'), 'auto');
      assert.deepEqual(config.get('rules'), {});
    });

    it('quick fix turns a shell-form ENTRYPOINT into exec form (ShellEntrypointIgnoresCmd)', async () => {
      const doc = await vscode.workspace.openTextDocument(workspaceFile('entrypoint.dockerfile'));
      await vscode.window.showTextDocument(doc);
      const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? d.code.value : d.code);
      const diagnostics = await eventually(async () => vscode.languages.getDiagnostics(doc.uri), (ds) => ds.some((d) => codeOf(d) === 'ShellEntrypointIgnoresCmd'));
      const diagnostic = diagnostics.find((d) => codeOf(d) === 'ShellEntrypointIgnoresCmd');
      assert.ok(diagnostic, `no ShellEntrypointIgnoresCmd diagnostic; got ${diagnostics.map(codeOf).join(', ') || 'none'}`);
      assert.equal(diagnostic.range.start.line, 1);
      assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, diagnostic.range);
      // JSONArgsRecommended (same line) offers the same conversion: one action, resolving both diagnostics.
      const conversions = actions.filter((a) => /exec form/.test(a.title));
      assert.deepEqual(conversions.map((a) => a.title), ['Use exec form: ["/usr/bin/app", "--serve"]']);
      const fix = conversions.find((a) => a.isPreferred);
      assert.ok(fix?.edit, `no preferred "exec form" fix; got ${actions.map((a) => `${a.title}${a.isPreferred ? ' (preferred)' : ''}`).join(', ')}`);
      try {
        assert.ok(await vscode.workspace.applyEdit(fix.edit));
        assert.equal(doc.lineAt(1).text, 'ENTRYPOINT ["/usr/bin/app", "--serve"]');
        assert.equal(doc.getText(), 'FROM alpine:3.20\nENTRYPOINT ["/usr/bin/app", "--serve"]\nCMD ["--port", "80"]\n');
      } finally {
        await vscode.window.showTextDocument(doc);
        await vscode.commands.executeCommand('workbench.action.files.revert');
      }
      assert.equal(doc.isDirty, false);
    });

    it('hover on FROM shows the FROM summary', async () => {
      const text = await eventually(() => hoverText(dockerfile.uri, new vscode.Position(fromLine, 1)), (t) => t.includes('**FROM**'));
      assert.ok(text.includes(instructionDoc('FROM')!.summary.en), `hover text:\n${text}`);
    });

    it('completion on an empty line after FROM lists the instructions', async () => {
      const editor = await vscode.window.showTextDocument(dockerfile);
      const endOfFrom = dockerfile.lineAt(fromLine).range.end;
      assert.ok(await editor.edit((e) => e.insert(endOfFrom, '\n')));
      try {
        const labels = await eventually(() => completionLabels(dockerfile.uri, new vscode.Position(fromLine + 1, 0)), (ls) => ls.includes('RUN'));
        for (const keyword of ['RUN', 'COPY', 'CMD', 'ENV', 'WORKDIR']) assert.ok(labels.includes(keyword), `${keyword} missing from ${labels.join(', ')}`);
      } finally {
        await vscode.commands.executeCommand('workbench.action.files.revert');
      }
      assert.equal(dockerfile.isDirty, false);
    });

    it('outline: stages as a tree with their instructions inside', async () => {
      const symbols = await eventually(
        async () => vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', dockerfile.uri),
        (s) => !!s && s.some((x) => x.children.length > 0),
      );
      const names = symbols.map((s) => s.name);
      for (const stage of ['deps', 'build', 'runtime']) assert.ok(names.some((n) => n.startsWith(`${stage} (`)), `${stage} missing from ${names.join(', ')}`);
      const runtime = symbols.find((s) => s.name.startsWith('runtime ('))!;
      assert.ok(runtime.children.some((c) => c.name.startsWith('ENTRYPOINT')), runtime.children.map((c) => c.name).join(', '));
    });

    it('go to definition from --from=build to the stage, and rename it everywhere', async () => {
      const text = dockerfile.getText();
      const ref = dockerfile.positionAt(text.indexOf('--from=build') + 8);
      const defs = await eventually(
        async () => vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>('vscode.executeDefinitionProvider', dockerfile.uri, ref),
        (d) => d.length > 0,
      );
      const target = 'targetUri' in defs[0] ? defs[0].targetRange : defs[0].range;
      assert.equal(dockerfile.lineAt(target.start.line).text, 'FROM deps AS build');
      const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', dockerfile.uri, ref, 'compile');
      const edits = edit.get(dockerfile.uri);
      assert.deepEqual(edits.map((e) => dockerfile.lineAt(e.range.start.line).text.trim()), ['FROM deps AS build', 'COPY --from=build --chown=node:node /app/dist ./dist']);
    });

    it('format document fixes keyword case and keeps a valid file', async () => {
      const doc = await vscode.workspace.openTextDocument({ language: 'dockerfile', content: 'from alpine:3.20\nrun  echo hi\n' });
      const edits = await eventually(
        async () => vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', doc.uri, { tabSize: 4, insertSpaces: true }),
        (e) => !!e && e.length > 0,
      );
      const we = new vscode.WorkspaceEdit();
      we.set(doc.uri, edits);
      assert.ok(await vscode.workspace.applyEdit(we));
      assert.equal(doc.getText(), 'FROM alpine:3.20\nRUN echo hi\n');
    });

    it('inlay hints show the image a FROM with variables resolves to, at the end of its line', async () => {
      const line = dockerfile.lineAt(fromLine);
      const hints = await eventually(
        async () => vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', dockerfile.uri, line.range),
        (h) => !!h && h.length > 0,
      );
      const labels = hints.map((h) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('')));
      assert.deepEqual(labels, ['→ node:20-alpine3.20']);
      assert.equal(hints[0].position.character, line.text.trimEnd().length);
    });

    it('folding, links, selection ranges and semantic tokens answer', async () => {
      const folds = await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', dockerfile.uri);
      assert.ok(folds.some((f) => dockerfile.lineAt(f.start).text.startsWith('FROM deps AS build')), 'no fold for the build stage');
      const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', dockerfile.uri);
      assert.ok(links.some((l) => l.target?.toString().startsWith('https://hub.docker.com/')), links.map((l) => l.target?.toString()).join(', '));
      const ranges = await vscode.commands.executeCommand<vscode.SelectionRange[]>('vscode.executeSelectionRangeProvider', dockerfile.uri, [new vscode.Position(fromLine, 1)]);
      assert.ok(ranges[0]?.parent, 'no parent selection range');
      const legend = await vscode.commands.executeCommand<vscode.SemanticTokensLegend>('vscode.provideDocumentSemanticTokensLegend', dockerfile.uri);
      const tokens = await vscode.commands.executeCommand<vscode.SemanticTokens>('vscode.provideDocumentSemanticTokens', dockerfile.uri);
      assert.ok(legend.tokenTypes.includes('keyword'));
      assert.ok(tokens.data.length > 0 && tokens.data.length % 5 === 0);
    });

    it('Restart Server restarts the language server', async () => {
      await vscode.commands.executeCommand('dockerfileLens.restartServer');
      const text = await eventually(() => hoverText(dockerfile.uri, new vscode.Position(fromLine, 1)), (t) => t.includes('**FROM**'));
      assert.ok(text.includes('**FROM**'));
    });

    it('answers in Korean when dockerfileLens.language is ko', async () => {
      const config = vscode.workspace.getConfiguration('dockerfileLens');
      await config.update('language', 'ko', vscode.ConfigurationTarget.Global);
      try {
        const ko = instructionDoc('FROM')!.summary.ko;
        const text = await eventually(() => hoverText(dockerfile.uri, new vscode.Position(fromLine, 1)), (t) => t.includes(ko));
        assert.ok(text.includes(ko), `hover text:\n${text}`);
      } finally {
        await config.update('language', undefined, vscode.ConfigurationTarget.Global);
      }
    });

    it('the Problems panel and the quick fixes in Korean with dockerfileLens.language ko, English again after', async () => {
      const doc = await vscode.workspace.openTextDocument(workspaceFile('mistakes.dockerfile'));
      await vscode.window.showTextDocument(doc);
      const hangul = /[\uAC00-\uD7A3]/;
      const code = (d: vscode.Diagnostic) => String(typeof d.code === 'object' ? d.code.value : d.code);
      const ours = () => Promise.resolve(vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source?.startsWith('dockerfile-lens')));
      const english = await eventually(ours, (ds) => ds.some((d) => code(d) === 'UnknownInstruction'));
      assert.ok(english.length > 5 && english.every((d) => !hangul.test(d.message)), english.map((d) => d.message).join('\n'));
      const config = vscode.workspace.getConfiguration('dockerfileLens');
      await config.update('language', 'ko', vscode.ConfigurationTarget.Global);
      try {
        const korean = await eventually(ours, (ds) => ds.length === english.length && ds.every((d) => hangul.test(d.message)));
        assert.deepEqual(korean.map(code), english.map(code), 'the same findings, rule ids unchanged');
        assert.ok(korean.every((d) => hangul.test(d.message)), korean.map((d) => d.message).join('\n'));
        const unknown = korean.find((d) => code(d) === 'UnknownInstruction')!;
        assert.equal(unknown.message, '알 수 없는 명령어입니다: RUNN(RUN을 쓰려던 것인가요?)');
        const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, unknown.range, vscode.CodeActionKind.QuickFix.value);
        const titles = actions.map((a) => a.title);
        assert.ok(titles.includes('RUN으로 바꾸기'), titles.join('\n'));
        assert.ok(titles.every((t) => hangul.test(t)), titles.join('\n'));
      } finally {
        await config.update('language', undefined, vscode.ConfigurationTarget.Global);
      }
      const back = await eventually(ours, (ds) => ds.length === english.length && ds.every((d) => !hangul.test(d.message)));
      assert.deepEqual(back.map((d) => d.message), english.map((d) => d.message));
    });
  });
}

function workspaceFile(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder is open (expected a copy of examples/)');
  return vscode.Uri.joinPath(folder.uri, relative);
}

async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n---\n');
}

async function completionLabels(uri: vscode.Uri, position: vscode.Position): Promise<string[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, position);
  return list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
}

/** Polls `get` until `ok` holds (the server may still be starting or re-reading its settings); returns the last value. */
async function eventually<T>(get: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await get();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
}
