/**
 * The Dockerfiles of the workspace, for workspace-wide requests (workspace
 * symbols): the open documents as the editor has them, plus the files on disk
 * whose name marks them as Dockerfiles (`Dockerfile`, `Dockerfile.*`,
 * `*.dockerfile`, `Containerfile`). The walk is bounded (files visited, depth)
 * and skips dependency and VCS folders; parsed files are cached by mtime.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { analyze, type DockerfileDocument } from './document';

const SKIP = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'out', 'target', 'vendor', '.venv', '__pycache__']);
const MAX_ENTRIES = 20000;
const MAX_DEPTH = 8;
const MAX_FILE_BYTES = 2 * 1024 * 1024;

export function isDockerfileName(name: string): boolean {
  const n = name.toLowerCase();
  return n === 'dockerfile' || n.startsWith('dockerfile.') || n.endsWith('.dockerfile') || n === 'containerfile' || n.startsWith('containerfile.');
}

const cache = new Map<string, { mtimeMs: number; doc: DockerfileDocument }>();

function walk(dir: string, depth: number, out: string[], budget: { left: number }): void {
  if (depth > MAX_DEPTH) return;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    if (--budget.left < 0) return;
    if (e.isDirectory()) {
      if (!SKIP.has(e.name) && !e.name.startsWith('.')) walk(join(dir, e.name), depth + 1, out, budget);
    } else if (e.isFile() && isDockerfileName(e.name)) {
      out.push(join(dir, e.name));
    }
  }
}

/** The open documents, then the workspace's other Dockerfiles on disk. */
export function workspaceDockerfiles(folderUris: string[], open: DockerfileDocument[]): DockerfileDocument[] {
  const result = [...open];
  const seen = new Set(open.map((d) => d.uri));
  const files: string[] = [];
  const budget = { left: MAX_ENTRIES };
  for (const f of folderUris) {
    if (!f.startsWith('file:')) continue;
    walk(fileURLToPath(f), 0, files, budget);
  }
  for (const path of files) {
    const uri = pathToFileURL(path).href;
    if (seen.has(uri)) continue;
    try {
      const st = statSync(path);
      if (st.size > MAX_FILE_BYTES) continue;
      let hit = cache.get(path);
      if (!hit || hit.mtimeMs !== st.mtimeMs) {
        hit = { mtimeMs: st.mtimeMs, doc: analyze(uri, 0, readFileSync(path, 'utf8')) };
        cache.set(path, hit);
      }
      result.push(hit.doc);
    } catch {
      // unreadable: skip
    }
  }
  return result;
}
