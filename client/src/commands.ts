/** The extension's commands, one function each; their titles are in package.nls*.json. */
import * as vscode from 'vscode';
import type { Ctx } from './ctx';

export function registerCommands(context: vscode.ExtensionContext, ctx: Ctx): void {
  context.subscriptions.push(vscode.commands.registerCommand('dockerfileLens.restartServer', () => restartServer(ctx)));
}

async function restartServer(ctx: Ctx): Promise<void> {
  await ctx.restart();
  vscode.window.setStatusBarMessage(vscode.l10n.t('Dockerfile Lens: language server restarted'), 3000);
}
