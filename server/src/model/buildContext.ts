/**
 * The build context of a Dockerfile on disk: the one answer to "which folder
 * does `docker build` send, and which ignore file applies", shared by the lint
 * (CopyIgnoredFile, AddInsteadOfCopy) and the layer-size lenses.
 *
 * The root follows the `dockerfileLens.build.context` setting (relative to the
 * Dockerfile's workspace folder, as the Build command passes it); without it,
 * the Dockerfile's folder (`docker build -f Dockerfile .` run from there).
 * The ignore file is picked as BuildKit's dockerui does:
 * `<Dockerfile name>.dockerignore` beside the Dockerfile first, then the
 * context's `.dockerignore`. Only small files are read, synchronously, with a
 * size cap.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const MAX_BYTES = 1024 * 1024;

/** Files of the build context, for rules such as CopyIgnoredFile. */
export interface BuildContext {
  /** Absolute path of the context folder. */
  root: string;
  /** Absolute path of the Dockerfile. */
  dockerfilePath: string;
  /** The Dockerfile's file name (`Dockerfile`, `api.Dockerfile`), for `<name>.dockerignore`. */
  dockerfileName: string;
  /** Content of a file relative to the context root, or undefined if absent/unreadable. */
  readFile(relativePath: string): string | undefined;
  /** The ignore file BuildKit uses (its name and text), or undefined. */
  ignoreFile(): { name: string; text: string } | undefined;
}

function readSmall(path: string): string | undefined {
  try {
    if (statSync(path).size > MAX_BYTES) return undefined;
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** The context root of the Dockerfile at `dockerfilePath`: the setting's folder (relative to the workspace folder), else the Dockerfile's folder. */
export function contextRoot(dockerfilePath: string, setting = '', workspaceFolder?: string): string {
  const s = setting.trim();
  if (s && workspaceFolder) return resolve(workspaceFolder, s);
  return dirname(dockerfilePath);
}

export function buildContext(dockerfilePath: string, root = dirname(dockerfilePath)): BuildContext {
  const name = basename(dockerfilePath);
  return {
    root,
    dockerfilePath,
    dockerfileName: name,
    readFile: (rel) => readSmall(join(root, rel)),
    ignoreFile() {
      const specific = readSmall(join(dirname(dockerfilePath), `${name}.dockerignore`));
      if (specific !== undefined) return { name: `${name}.dockerignore`, text: specific };
      const general = readSmall(join(root, '.dockerignore'));
      return general === undefined ? undefined : { name: '.dockerignore', text: general };
    },
  };
}

/** The build context of an open document; undefined when it has no file on disk (untitled, virtual workspace). */
export function buildContextForUri(uri: string, setting = '', workspaceFolderUri?: string): BuildContext | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    const file = fileURLToPath(uri);
    const folder = workspaceFolderUri?.startsWith('file:') ? fileURLToPath(workspaceFolderUri) : undefined;
    return buildContext(file, contextRoot(file, setting, folder));
  } catch {
    return undefined;
  }
}

/** Whether a change of the file or folder at `path` can change what the context holds or ignores. */
export function affectsContext(ctx: Pick<BuildContext, 'root' | 'dockerfilePath'>, path: string): boolean {
  const p = resolve(path);
  const root = ctx.root;
  const within = p === root || p.startsWith(root.endsWith(sep) ? root : root + sep) || root.startsWith(p + sep);
  return within || p === ctx.dockerfilePath + '.dockerignore';
}
