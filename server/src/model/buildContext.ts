/**
 * The build context of a Dockerfile on disk: its folder (Docker's default
 * context for `docker build -f Dockerfile .` run from there). Only small files
 * such as `.dockerignore` are read, synchronously and with a size cap.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Files of the build context, for rules such as CopyIgnoredFile. */
export interface BuildContext {
  /** Content of a file relative to the context root, or undefined if absent/unreadable. */
  readFile(relativePath: string): string | undefined;
  /** The Dockerfile's file name (`Dockerfile`, `api.Dockerfile`), for `<name>.dockerignore`. */
  dockerfileName: string;
}

const MAX_BYTES = 1024 * 1024;

export function contextForUri(uri: string): BuildContext | undefined {
  if (!uri.startsWith('file:')) return undefined;
  let file: string;
  try {
    file = fileURLToPath(uri);
  } catch {
    return undefined;
  }
  return contextForFile(file);
}

export function contextForFile(file: string): BuildContext {
  const dir = dirname(file);
  return {
    dockerfileName: basename(file),
    readFile(rel) {
      const p = join(dir, rel);
      try {
        if (statSync(p).size > MAX_BYTES) return undefined;
        return readFileSync(p, 'utf8');
      } catch {
        return undefined;
      }
    },
  };
}
