/**
 * The extension's entry point: start the Dockerfile language server and register the commands.
 * Everything else (hover, completion, diagnostics, ...) lives in the server (`server/src`).
 */
import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { Ctx } from './ctx';

let ctx: Ctx | undefined;

/** What `activate` returns to other extensions and to the tests. */
export interface DockerfileLensApi {
  /** How long `activate` took, in milliseconds (it does not wait for the server). */
  activationMs: number;
  /** Resolves once the language server is running. */
  ready: Promise<void>;
}

/**
 * Registers the commands and starts the language server without waiting for it, so activation
 * stays short: the editor's requests are answered as soon as the server is up.
 */
export function activate(context: vscode.ExtensionContext): DockerfileLensApi {
  const t0 = performance.now();
  ctx = new Ctx(context);
  context.subscriptions.push(ctx);
  registerCommands(context, ctx);
  const ready = ctx.start();
  const activationMs = performance.now() - t0;
  ctx.output.appendLine(vscode.l10n.t('Dockerfile Lens activated in {0} ms', activationMs.toFixed(1)));
  return { activationMs, ready };
}

export async function deactivate(): Promise<void> {
  await ctx?.stop();
  ctx = undefined;
}
