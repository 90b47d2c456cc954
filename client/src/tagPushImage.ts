/**
 * "Tag Image…" (`docker tag SOURCE TARGET`) and "Push Image…" (`docker push <account>/<name>:<tag>`), the
 * same way as Build Image: names validated as Docker validates them, arguments as an array in a task,
 * refused in an untrusted workspace. Both start from the image built (or tagged) last.
 * A name without an account (`app:1`) would push to Docker Hub's official `library/app`, which only Docker
 * can do: Push asks for the account, tags `<account>/app:1`, then pushes that.
 */
import * as vscode from 'vscode';
import { dockerSettings, engineName, runDockerTask } from './dockerTask';
import { needsAccount, parseImageName, withAccount } from './imageName';
import { askImageName, refuseUntrusted, validateExistingImage, validateImageName, type Remembered } from './prompts';

export interface TagOptions {
  source?: string;
  target?: string;
}

export interface PushOptions {
  image?: string;
  /** The Docker Hub account (or `registry/namespace`) for a name that has none. */
  account?: string;
}

export interface ImageCommandResult {
  ok: boolean;
  /** The image tagged or pushed. */
  image?: string;
  exitCode?: number | null;
  error?: string;
  cancelled?: boolean;
}

const CANCELLED: ImageCommandResult = { ok: false, cancelled: true };

export async function tagImage(remembered: Remembered, options: TagOptions = {}): Promise<ImageCommandResult> {
  if (refuseUntrusted()) return { ok: false, error: 'untrusted' };
  const source = options.source ?? (await askImageName({
    title: vscode.l10n.t('Tag Image'),
    prompt: vscode.l10n.t('The image to tag (name or ID):'),
    value: remembered.lastImage ?? '',
    existing: true,
  }));
  if (!source) return CANCELLED;
  const sourceProblem = validateExistingImage(source);
  if (sourceProblem) return fail(sourceProblem);
  const target = options.target ?? (await askImageName({
    title: vscode.l10n.t('Tag Image {0}', source),
    prompt: vscode.l10n.t('The new name: [registry[:port]/][namespace/]repository[:tag]'),
    value: source.startsWith('sha256:') ? '' : source,
  }));
  if (!target) return CANCELLED;
  const targetProblem = validateImageName(target);
  if (targetProblem) return fail(targetProblem);

  const result = await run('tag', target, [['tag', source, target]]);
  if (result.ok) {
    await remembered.rememberImage(target);
    void vscode.window.showInformationMessage(vscode.l10n.t('Tagged {0} as {1}.', source, target));
  }
  return { ...result, image: target };
}

export async function pushImage(remembered: Remembered, options: PushOptions = {}): Promise<ImageCommandResult> {
  if (refuseUntrusted()) return { ok: false, error: 'untrusted' };
  const image = options.image ?? (await askImageName({
    title: vscode.l10n.t('Push Image'),
    prompt: vscode.l10n.t('The image to push: [registry[:port]/]account/repository[:tag]'),
    value: remembered.lastImage ?? '',
  }));
  if (!image) return CANCELLED;
  const parsed = parseImageName(image);
  if (!parsed.ok) return fail(validateImageName(image)!);

  let destination = image;
  if (needsAccount(parsed.ref)) {
    const account = options.account ?? (await vscode.window.showInputBox({
      title: vscode.l10n.t('Push Image {0}', image),
      prompt: vscode.l10n.t('{0} has no account: Docker Hub would read it as the official library/{0}. Your account (or registry/namespace), to push it as <account>/{0}:', image),
      value: remembered.account ?? '',
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? validateImageName(withAccount(parsed.ref, v.trim())) : vscode.l10n.t('Enter an account name.')),
    }));
    if (!account?.trim()) return CANCELLED;
    destination = withAccount(parsed.ref, account.trim());
    const problem = validateImageName(destination);
    if (problem) return fail(problem);
    await remembered.rememberAccount(account.trim());
  }

  const commands = destination === image ? [['push', image]] : [['tag', image, destination], ['push', destination]];
  const result = await run('push', destination, commands);
  if (result.ok) {
    await remembered.rememberImage(destination);
    void vscode.window.showInformationMessage(vscode.l10n.t('Pushed {0}.', destination));
  }
  return { ...result, image: destination };
}

/** Runs `commands` in a task titled `<engine> <verb> <image>`. */
async function run(verb: string, image: string, commands: string[][]): Promise<ImageCommandResult> {
  const uri = vscode.window.activeTextEditor?.document.uri;
  const folder = (uri && vscode.workspace.getWorkspaceFolder(uri)) ?? vscode.workspace.workspaceFolders?.[0];
  const settings = dockerSettings(folder?.uri);
  const title = `${engineName(settings)} ${verb} ${image}`;
  const result = await runDockerTask({ title, commands, cwd: folder?.uri.fsPath ?? process.cwd(), settings, scope: folder });
  if (result.error) return fail(result.error);
  if (result.cancelled) return CANCELLED;
  const failed = result.exitCodes.find((c) => c !== 0);
  if (failed !== undefined) {
    void vscode.window.showErrorMessage(vscode.l10n.t('{0} failed (exit code {1}): see the terminal.', title, String(failed)));
    return { ok: false, exitCode: failed };
  }
  return { ok: true, exitCode: 0 };
}

function fail(message: string): ImageCommandResult {
  void vscode.window.showErrorMessage(message);
  return { ok: false, error: message };
}
