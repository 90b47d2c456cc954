/**
 * `dockerfileLens.showLayerBreakdown`, the command behind the size lenses: a QuickPick with what was
 * counted for one instruction (files, packages, the base image…), each with its size, under the lens's
 * title, with the server's note on how the figure was obtained. Picking an item only moves the cursor to
 * the instruction's line.
 */
import * as vscode from 'vscode';
import type { BreakdownArgs } from '../../server/src/protocol';
import { formatBytes } from '../../server/src/protocol/layers';

/** At most this many items are listed (a COPY of a big folder can count thousands of files). */
const MAX_ITEMS = 500;

/** `args`: the lens's argument (the protocol's `BreakdownArgs`), its items asked from the server on click. */
export async function showLayerBreakdown(args: BreakdownArgs | undefined): Promise<void> {
  if (!args || typeof args.uri !== 'string') return;
  const items: vscode.QuickPickItem[] = (args.items ?? []).slice(0, MAX_ITEMS).map((i) => ({
    label: i.label,
    description: i.bytes === null ? '?' : formatBytes(i.bytes),
    detail: i.detail,
  }));
  if (items.length === 0) items.push({ label: vscode.l10n.t('Nothing counted'), description: args.note });
  const picked = await vscode.window.showQuickPick(items, {
    title: args.title,
    placeHolder: args.note,
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (!picked) return;
  const uri = vscode.Uri.parse(args.uri);
  const line = Number.isInteger(args.line) && args.line >= 0 ? args.line : 0;
  const editor = await vscode.window.showTextDocument(uri, { preserveFocus: false });
  const position = new vscode.Position(Math.min(line, editor.document.lineCount - 1), 0);
  editor.selection = new vscode.Selection(position, position);
  editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}
