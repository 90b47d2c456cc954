/**
 * The extension's features seen through the `vscode` API, in a real extension host (see index.ts).
 * The open workspace is a copy of examples/.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
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
      // Wait for the activation to finish (the client started): else the first provider call can return [].
      await ext.activate();
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
      // JSONArgsRecommended (same line) offers its own "Convert to exec form": take this rule's.
      const fix = actions.find((a) => a.isPreferred && /ENTRYPOINT.*exec form/.test(a.title));
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
