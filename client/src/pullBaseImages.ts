/**
 * "Pull Base Images": `docker pull [--platform=P] IMAGE` for each external image the Dockerfile's stages
 * are built FROM, so that the local engine has them and their sizes in the lenses become exact
 * (`docker image inspect`) instead of registry or table figures. Skipped, as BuildKit would not pull
 * them either: `scratch` (no image), stage names (`FROM build`), and images whose variables have no
 * default (the server's `dockerfileLens/outline` fills the global ARG defaults in as BuildKit expands FROM).
 * An image name that is not a valid reference is skipped too, so a FROM line cannot smuggle a flag in.
 */
import * as vscode from 'vscode';
import type { Outline } from '../../server/src/protocol';
import type { Ctx } from './ctx';
import { dockerSettings, engineName, runDockerTask } from './dockerTask';
import { parseImageName } from './imageName';
import { refuseUntrusted, resolveDockerfile } from './prompts';

export interface BaseImage {
  image: string;
  platform: string | undefined;
}

export interface PullResult {
  ok: boolean;
  pulled: string[];
  failed: string[];
  skipped: string[];
  error?: string;
  cancelled?: boolean;
}

/** The images `docker build` would pull for this Dockerfile (its outline), each once, and what was skipped (with why). */
export function baseImagesOf(outline: Outline): { images: BaseImage[]; skipped: string[] } {
  const images: BaseImage[] = [];
  const skipped: string[] = [];
  for (const stage of outline.stages) {
    if (stage.imageWritten === undefined) continue; // built FROM another stage
    const ref = stage.image;
    if (ref === undefined) {
      skipped.push(vscode.l10n.t('{0} (a variable without a default value)', stage.imageWritten));
    } else if (ref.toLowerCase() === 'scratch') {
      continue;
    } else if (!parseImageName(ref, { allowDigest: true }).ok) {
      skipped.push(vscode.l10n.t('{0} (not a valid image name)', ref));
    } else if (!images.some((i) => i.image === ref && i.platform === stage.platform)) {
      images.push({ image: ref, platform: stage.platform });
    }
  }
  return { images, skipped };
}

export async function pullBaseImages(ctx: Ctx, onPulled: (uri: vscode.Uri) => void, arg?: unknown): Promise<PullResult> {
  const none = { pulled: [], failed: [], skipped: [] };
  if (refuseUntrusted()) return { ok: false, ...none, error: 'untrusted' };
  const uri = await resolveDockerfile(arg);
  if (!uri) return { ok: false, ...none, cancelled: true };
  let outline: Outline;
  try {
    // the open document, or the file on disk (read by the server)
    outline = await ctx.outline(uri);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    void vscode.window.showErrorMessage(message);
    return { ok: false, ...none, error: message };
  }
  const { images, skipped } = baseImagesOf(outline);
  if (images.length === 0) {
    void vscode.window.showInformationMessage(
      skipped.length
        ? vscode.l10n.t('Nothing to pull. Skipped: {0}', skipped.join(', '))
        : vscode.l10n.t('Nothing to pull: every stage is built FROM scratch or another stage.'),
    );
    return { ok: true, ...none, skipped };
  }
  const folder = vscode.workspace.getWorkspaceFolder(uri) ?? vscode.workspace.workspaceFolders?.[0];
  const settings = dockerSettings(uri);
  const result = await runDockerTask({
    title: vscode.l10n.t('{0} pull ({1} images)', engineName(settings), String(images.length)),
    commands: images.map((i) => ['pull', ...(i.platform ? [`--platform=${i.platform}`] : []), i.image]),
    cwd: folder?.uri.fsPath ?? process.cwd(),
    settings,
    continueOnError: true,
    scope: folder,
  });
  if (result.error) {
    void vscode.window.showErrorMessage(result.error);
    return { ok: false, ...none, skipped, error: result.error };
  }
  const pulled = images.filter((_, i) => result.exitCodes[i] === 0).map((i) => i.image);
  const failed = images.filter((_, i) => result.exitCodes[i] !== 0).map((i) => i.image);
  // the engine now has exact sizes: the server forgets the registry / table figures it had
  await ctx.refreshBaseImages().catch(() => undefined);
  onPulled(uri);
  const summary = [
    pulled.length ? vscode.l10n.t('Pulled: {0}.', pulled.join(', ')) : '',
    failed.length ? vscode.l10n.t('Failed: {0} (see the terminal).', failed.join(', ')) : '',
    skipped.length ? vscode.l10n.t('Skipped: {0}', skipped.join(', ')) : '',
  ].filter((s) => s).join(' ');
  if (failed.length) void vscode.window.showWarningMessage(summary);
  else void vscode.window.showInformationMessage(summary);
  return { ok: failed.length === 0 && !result.cancelled, pulled, failed, skipped, cancelled: result.cancelled };
}
