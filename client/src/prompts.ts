/**
 * What the image commands (build, tag, push, pull) ask and check alike: workspace trust, the Dockerfile
 * to work on, image names validated as Docker validates them (client/src/imageName.ts) with localized
 * messages, and the names remembered between runs (workspace state).
 */
import * as vscode from 'vscode';
import { parseImageName, type ImageNameProblem } from './imageName';

/** The file names the `dockerfile` language claims (package.json `contributes.languages`). */
export const DOCKERFILE_GLOB = '**/{Dockerfile,Containerfile,Dockerfile.*,Containerfile.*,*.dockerfile,*.Dockerfile,*.containerfile}';

/**
 * Docker runs what a Dockerfile says, with the user's rights, and reads the workspace's settings (the
 * docker executable, its environment): never in a workspace the user has not trusted.
 */
export function refuseUntrusted(): boolean {
  if (vscode.workspace.isTrusted) return false;
  void vscode.window.showErrorMessage(
    vscode.l10n.t('Dockerfile Lens: this workspace is not trusted, so no docker command runs in it (a Dockerfile and the workspace settings could run anything). Trust the workspace to build, tag, push or pull images.'),
  );
  return true;
}

export function imageNameProblemMessage(problem: ImageNameProblem): string {
  switch (problem) {
    case 'empty': return vscode.l10n.t('Enter an image name, e.g. myapp:latest or registry.example.com/team/myapp:1.0.');
    case 'tooLong': return vscode.l10n.t('The name is too long: Docker allows 255 characters (counting docker.io/library/ for Docker Hub names).');
    case 'whitespace': return vscode.l10n.t('An image name cannot contain spaces.');
    case 'imageId': return vscode.l10n.t('64 hexadecimal characters are an image ID, not a name.');
    case 'uppercase': return vscode.l10n.t('The repository name must be lower case (only a registry host may have capitals).');
    case 'registry': return vscode.l10n.t('The registry part (before the first /) is not a valid host[:port].');
    case 'repository': return vscode.l10n.t('The repository name may contain lower-case letters, digits and separators (. _ __ -), in components separated by /, each starting and ending with a letter or digit.');
    case 'tag': return vscode.l10n.t('The tag may contain letters, digits, _ . and -, must not start with . or -, and is at most 128 characters.');
    case 'digest': return vscode.l10n.t('The digest is not valid: expected an algorithm and its lower-case hexadecimal hash, e.g. sha256: and 64 digits.');
    case 'digestNotAllowed': return vscode.l10n.t('A new name cannot have a digest (@sha256:…): use a tag.');
  }
}

/** For `InputBox.validateInput`: a message, or undefined when Docker would take the name. */
export function validateImageName(value: string, allowDigest = false): string | undefined {
  const r = parseImageName(value.trim(), { allowDigest });
  return r.ok ? undefined : imageNameProblemMessage(r.problem);
}

/** An image to tag or push: a name, or an image ID (`docker tag` takes either). */
export function validateExistingImage(value: string): string | undefined {
  if (/^(sha256:)?[a-f0-9]{12,64}$/.test(value.trim())) return undefined;
  return validateImageName(value, true);
}

/** Asks for an image name; undefined when the user cancels. */
export async function askImageName(options: { title: string; prompt: string; value: string; existing?: boolean }): Promise<string | undefined> {
  const name = await vscode.window.showInputBox({
    title: options.title,
    prompt: options.prompt,
    value: options.value,
    ignoreFocusOut: true,
    validateInput: (v) => (options.existing ? validateExistingImage(v) : validateImageName(v)),
  });
  return name?.trim();
}

/** The Dockerfile a command works on: the argument (explorer, lens), the active editor, or a pick of the workspace's. */
export async function resolveDockerfile(arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  const uri = (arg as { uri?: unknown } | undefined)?.uri;
  if (typeof uri === 'string') return vscode.Uri.parse(uri);
  if (uri instanceof vscode.Uri) return uri;
  const editor = vscode.window.activeTextEditor;
  if (editor?.document.languageId === 'dockerfile') return editor.document.uri;
  const found = await vscode.workspace.findFiles(DOCKERFILE_GLOB, '**/node_modules/**', 500);
  if (found.length === 0) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Dockerfile Lens: there is no Dockerfile in this workspace.'));
    return undefined;
  }
  if (found.length === 1) return found[0];
  found.sort((a, b) => a.path.localeCompare(b.path));
  const picked = await vscode.window.showQuickPick(
    found.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
    { title: vscode.l10n.t('Which Dockerfile?'), matchOnDescription: true, ignoreFocusOut: true },
  );
  return picked?.uri;
}

/** Per-workspace memory of the names used last (per Dockerfile, and the last image built or tagged). */
export class Remembered {
  constructor(private readonly state: vscode.Memento) {}

  imageFor(dockerfile: vscode.Uri): string | undefined {
    return this.state.get<string>(`imageName:${dockerfile.toString()}`);
  }

  buildArgsFor(dockerfile: vscode.Uri): Record<string, string> {
    return this.state.get<Record<string, string>>(`buildArgs:${dockerfile.toString()}`) ?? {};
  }

  get lastImage(): string | undefined {
    return this.state.get<string>('lastImage');
  }

  get account(): string | undefined {
    return this.state.get<string>('pushAccount');
  }

  async rememberBuild(dockerfile: vscode.Uri, image: string, buildArgs: Record<string, string>): Promise<void> {
    await this.state.update(`imageName:${dockerfile.toString()}`, image);
    await this.state.update(`buildArgs:${dockerfile.toString()}`, buildArgs);
    await this.state.update('lastImage', image);
  }

  async rememberImage(image: string): Promise<void> {
    await this.state.update('lastImage', image);
  }

  async rememberAccount(account: string): Promise<void> {
    await this.state.update('pushAccount', account);
  }
}
