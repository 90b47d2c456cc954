/**
 * The extension's commands, one line each here; their titles are in package.nls*.json. The image commands
 * return their result (`BuildResult`, `ImageCommandResult`, `PullResult`) to whoever runs them through
 * `vscode.commands.executeCommand`, and take their answers as an argument instead of asking (used by the
 * extension-host tests and by keybindings):
 * - `dockerfileLens.buildImage` — a Uri, `{ uri }`, or `{ uri, image, target?, buildArgs? }`;
 * - `dockerfileLens.tagImage` — `{ source?, target? }`; `dockerfileLens.pushImage` — `{ image?, account? }`;
 * - `dockerfileLens.pullBaseImages`, `dockerfileLens.showImageLayers` — a Uri or `{ uri }` (`showImageLayers`: and `line`,
 *   0-based, to open that line's layer in the file view: the waste lenses); returns `{ html }`,
 *   the markup the panel shows;
 * - `dockerfileLens.showLayerBreakdown` — the lenses' argument (`BreakdownArgs`, server/src/protocol/requests.ts).
 */
import * as vscode from 'vscode';
import { buildImage } from './buildImage';
import type { Ctx } from './ctx';
import { showLayerBreakdown } from './layerBreakdown';
import { LayersViews } from './layersView';
import { Remembered, resolveDockerfile } from './prompts';
import { pullBaseImages } from './pullBaseImages';
import { pushImage, tagImage } from './tagPushImage';

export function registerCommands(context: vscode.ExtensionContext, ctx: Ctx): void {
  const remembered = new Remembered(context.workspaceState);
  const views = new LayersViews(ctx);
  const refresh = (uri: vscode.Uri) => views.refresh(uri);
  const register = (id: string, run: (arg?: unknown) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, run));
  context.subscriptions.push(views);
  register('dockerfileLens.restartServer', () => restartServer(ctx));
  register('dockerfileLens.buildImage', (arg) => buildImage(ctx, remembered, refresh, arg));
  register('dockerfileLens.tagImage', (arg) => tagImage(remembered, optionsOf(arg)));
  register('dockerfileLens.pushImage', (arg) => pushImage(remembered, optionsOf(arg)));
  register('dockerfileLens.pullBaseImages', (arg) => pullBaseImages(ctx, refresh, arg));
  register('dockerfileLens.showImageLayers', async (arg) => {
    const uri = await resolveDockerfile(arg);
    // a waste lens passes its line (0-based): the view opens that layer's files
    const line = (arg as { line?: unknown } | undefined)?.line;
    if (!uri) return undefined;
    const { html } = await views.show(uri, typeof line === 'number' ? line : undefined);
    return { html };
  });
  register('dockerfileLens.showLayerBreakdown', async (arg) => {
    const args = arg as Parameters<typeof showLayerBreakdown>[0];
    // lenses carry the title and note; the items are asked for on click
    if (args && !args.items && typeof args.uri === 'string') args.items = (await ctx.breakdown(args).catch(() => null))?.items ?? [];
    return showLayerBreakdown(args);
  });
}

/** An options object; not the Uri a menu passes. */
function optionsOf(arg: unknown): object {
  return arg && typeof arg === 'object' && !(arg instanceof vscode.Uri) ? arg : {};
}

async function restartServer(ctx: Ctx): Promise<void> {
  await ctx.restart();
  vscode.window.setStatusBarMessage(vscode.l10n.t('Dockerfile Lens: language server restarted'), 3000);
}
