/**
 * An index of a build context directory: what `docker build` would send to the
 * builder, walked asynchronously, bounded, cached per (context, Dockerfile) and
 * re-walked lazily after a file watcher reports a change. COPY/ADD estimates
 * (copy.ts) read it.
 *
 * Docker behaviour relied on:
 * - the ignore file is `<Dockerfile>.dockerignore` next to the Dockerfile if it
 *   exists, else `.dockerignore` at the context root (BuildKit dockerui), with
 *   Docker's pattern semantics (`!` exceptions, `**`, a matched directory
 *   excludes everything below it):
 *   https://docs.docker.com/build/concepts/context/#dockerignore-files. The
 *   patterns also apply to the Dockerfile and the ignore file themselves: "the
 *   ADD and COPY instructions do not copy them to the image"
 *   (https://docs.docker.com/reference/dockerfile/#dockerignore-file);
 * - the context is sent with symlinks as symlinks (lstat, never followed); an
 *   entry keeps its lstat size (a symlink: the length of its target), and
 *   copy.ts decides what a layer counts (BuildKit: 0 for a symlink);
 * - ADD unpacks a local file when it is a tar archive, uncompressed or
 *   compressed with gzip, bzip2, xz, or zstd on Docker Engine 23.0 and later
 *   (copy.ts `unpacksCompression`), detected by content, not by name
 *   (moby/buildkit `solver/llbsolver/file/unpack.go` isArchivePath:
 *   `DecompressStream` then `tar.Reader.Next`):
 *   https://docs.docker.com/reference/dockerfile/#adding-local-tar-archives.
 *   `archive()` reads the tar headers (gzip through node:zlib; Node has no
 *   bzip2/xz/zstd, whose unpacked size stays unknown), bounded. Unpacked
 *   symlinks count 0, as in a BuildKit layer; `symlinkBytes` keeps their
 *   targets' lengths, which the legacy builder counts.
 */
import { trimEnd } from '../parser/text';
import { createReadStream } from 'node:fs';
import { lstat, open, readdir, readFile, readlink } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { createGunzip } from 'node:zlib';
import { parseIgnoreFile, type IgnoreFile } from '../model/dockerignore';

export type ContextEntry =
  | { kind: 'file'; size: number; mtime: number; /** Set when the file has other hard links. */ ino?: number }
  | { kind: 'symlink'; size: number; target: string }
  | { kind: 'dir' };

/** A slash-separated tree: the build context, or what a stage's COPY/ADD wrote (copy.ts). */
export interface FileTree {
  /** The entry at a path relative to the root (`a/b`; '' is the root). */
  entry(path: string): ContextEntry | undefined;
  /** The names in a directory, sorted as Go's ReadDir sorts them; undefined when not a directory. */
  list(dir: string): readonly string[] | undefined;
}

export type Compression = 'none' | 'gzip' | 'bzip2' | 'xz' | 'zstd';

/** What ADD would do with a context file. */
export interface ArchiveInfo {
  compression: Compression;
  /** Whether it is a tar archive (ADD unpacks it); undefined when the compression cannot be read here. */
  tar: boolean | undefined;
  /** Sum of the unpacked regular files (symlinks count 0, as in a BuildKit layer); null when unknown. */
  unpacked: number | null;
  /** Lengths of the unpacked symlinks' targets: what the legacy builder counts on top. */
  symlinkBytes?: number;
  /** Entries that count (files and symlinks). */
  files: number;
  /** The read stopped at a bound: `unpacked` is a lower bound. */
  partial: boolean;
}

export interface ContextIndex extends FileTree {
  readonly root: string;
  /** Resolves when the walk (and any archive read asked for) is done. */
  ready(): Promise<void>;
  /** True when the data is current: walked since the last change, no archive read pending. */
  isReady(): boolean;
  /** The walk stopped at `maxEntries`: sums are lower bounds. */
  readonly partial: boolean;
  /** Entries the walk looked at (the bound). */
  readonly visited: number;
  /** The ignore file in effect (`.dockerignore` or `<Dockerfile>.dockerignore`). */
  readonly ignoreFile: string | undefined;
  /** Whether the ignore file keeps a context path out of the build context. */
  excluded(path: string): boolean;
  /**
   * What ADD would unpack from the context file at `path`; 'pending' while it
   * is read (ready() then waits for it and isReady() is false), undefined for
   * a path that is not a regular file of the index.
   */
  archive(path: string): ArchiveInfo | 'pending' | undefined;
}

export interface ContextOptions {
  /** Entries the walk may look at before it stops (default 100 000). */
  maxEntries?: number;
}

const DEFAULT_MAX_ENTRIES = 100_000;
const MAX_IGNORE_FILE_BYTES = 1024 * 1024;
const MAX_CACHED = 16;
/** Bounds of an archive read: tar entries, and bytes read or decompressed. */
const MAX_ARCHIVE_ENTRIES = 100_000;
const MAX_ARCHIVE_BYTES = 4 * 1024 ** 3;
/** Directories read at the same time during a walk. */
const WALK_PARALLEL = 16;

const cache = new Map<string, Index>();

/** The index of the context `root` for the Dockerfile at `dockerfilePath` (cached; walked on the first `ready()`). */
export function contextIndex(root: string, dockerfilePath: string, opts: ContextOptions = {}): ContextIndex {
  const key = `${resolve(root)}\0${resolve(dockerfilePath)}\0${opts.maxEntries ?? DEFAULT_MAX_ENTRIES}`;
  let index = cache.get(key);
  if (index) {
    cache.delete(key); // most recently used last
  } else {
    index = new Index(resolve(root), resolve(dockerfilePath), opts.maxEntries ?? DEFAULT_MAX_ENTRIES);
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
  }
  cache.set(key, index);
  return index;
}

/** A file or directory changed: the indexes that contain it (or read it as their ignore file) re-walk on their next `ready()`. */
export function invalidateContext(path: string): void {
  const p = resolve(path);
  const within = (dir: string) => p === dir || p.startsWith(dir.endsWith(sep) ? dir : dir + sep) || dir.startsWith(p + sep);
  for (const index of cache.values()) {
    if (within(index.root) || p === index.dockerfilePath + '.dockerignore') index.invalidate();
  }
}

interface Snapshot {
  entries: Map<string, ContextEntry>;
  children: Map<string, string[]>;
  partial: boolean;
  visited: number;
  ignore: IgnoreFile | undefined;
}

const EMPTY: Snapshot = { entries: new Map([['', { kind: 'dir' }]]), children: new Map([['', []]]), partial: false, visited: 0, ignore: undefined };

class Index implements ContextIndex {
  private data = EMPTY;
  /** Bumped by every change; the data is current when `walkedGeneration` equals it. */
  private generation = 0;
  private walkedGeneration = -1;
  private walking: Promise<void> | undefined;
  private readonly archives = new Map<string, ArchiveInfo | Promise<void>>();

  constructor(readonly root: string, readonly dockerfilePath: string, private readonly maxEntries: number) {}

  get partial(): boolean {
    return this.data.partial;
  }

  get visited(): number {
    return this.data.visited;
  }

  get ignoreFile(): string | undefined {
    return this.data.ignore?.name;
  }

  invalidate(): void {
    this.generation++;
  }

  isReady(): boolean {
    return this.walkedGeneration === this.generation && ![...this.archives.values()].some((a) => a instanceof Promise);
  }

  async ready(): Promise<void> {
    if (this.walkedGeneration !== this.generation) await (this.walking ??= this.walk());
    for (;;) {
      const pending = [...this.archives.values()].filter((a): a is Promise<void> => a instanceof Promise);
      if (!pending.length) return;
      await Promise.all(pending);
    }
  }

  entry(path: string): ContextEntry | undefined {
    return this.data.entries.get(path);
  }

  list(dir: string): readonly string[] | undefined {
    return this.data.children.get(dir);
  }

  excluded(path: string): boolean {
    return !!path && !!this.data.ignore?.ignores(path);
  }

  archive(path: string): ArchiveInfo | 'pending' | undefined {
    const e = this.data.entries.get(path);
    if (e?.kind !== 'file') return undefined;
    const key = `${path}\0${e.size}\0${e.mtime}`;
    const known = this.archives.get(key);
    if (known) return known instanceof Promise ? 'pending' : known;
    const read = readArchive(join(this.root, path), e.size)
      .catch((): ArchiveInfo => ({ compression: 'none', tar: false, unpacked: null, files: 0, partial: false }))
      .then((info) => void this.archives.set(key, info));
    this.archives.set(key, read);
    return 'pending';
  }

  private async walk(): Promise<void> {
    const generation = this.generation;
    try {
      const snapshot = await walkContext(this.root, this.dockerfilePath, this.maxEntries);
      this.data = snapshot;
      for (const key of [...this.archives.keys()]) {
        const path = key.slice(0, key.indexOf('\0'));
        if (snapshot.entries.get(path)?.kind !== 'file') this.archives.delete(key);
      }
    } catch {
      this.data = EMPTY;
    } finally {
      this.walkedGeneration = generation;
      this.walking = undefined;
    }
  }
}

async function readSmall(file: string): Promise<string | undefined> {
  try {
    const st = await lstat(file);
    if (!st.isFile() || st.size > MAX_IGNORE_FILE_BYTES) return undefined;
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The ignore file as BuildKit picks it: `<Dockerfile>.dockerignore` beside the Dockerfile, else the context's `.dockerignore`. */
async function loadIgnore(root: string, dockerfilePath: string): Promise<IgnoreFile | undefined> {
  const name = basename(dockerfilePath);
  const specific = await readSmall(join(dirname(dockerfilePath), `${name}.dockerignore`));
  const general = specific === undefined ? await readSmall(join(root, '.dockerignore')) : undefined;
  if (specific !== undefined) return parseIgnoreFile(`${name}.dockerignore`, specific);
  return general === undefined ? undefined : parseIgnoreFile('.dockerignore', general);
}

async function walkContext(root: string, dockerfilePath: string, maxEntries: number): Promise<Snapshot> {
  const ignore = await loadIgnore(root, dockerfilePath);
  const entries = new Map<string, ContextEntry>([['', { kind: 'dir' }]]);
  const children = new Map<string, string[]>();
  let visited = 0;
  let partial = false;
  // directories still to read, with whether the ignore file excludes them (walked only for `!` exceptions)
  const queue: Array<{ dir: string; excluded: boolean }> = [{ dir: '', excluded: false }];
  /** Excluded directories that turned out to hold kept entries: they exist in the sent context. */
  const keep = (dir: string) => {
    for (let d = dir; d && !entries.has(d); d = d.includes('/') ? d.slice(0, d.lastIndexOf('/')) : '') entries.set(d, { kind: 'dir' });
  };

  const readDir = async ({ dir, excluded }: { dir: string; excluded: boolean }) => {
    let dirents;
    try {
      dirents = await readdir(join(root, dir), { withFileTypes: true });
    } catch {
      return;
    }
    dirents.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const names: string[] = [];
    const stats: Array<Promise<void>> = [];
    for (const d of dirents) {
      if (visited >= maxEntries) {
        partial = true;
        break;
      }
      visited++;
      const rel = dir ? `${dir}/${d.name}` : d.name;
      const ignored = !!ignore?.ignores(rel);
      if (d.isDirectory()) {
        if (ignored && !ignore!.exclusions) continue;
        // an excluded directory is listed only if something below it is kept (filtered at the end)
        names.push(d.name);
        if (!ignored) {
          entries.set(rel, { kind: 'dir' });
          if (excluded) keep(dir);
        }
        queue.push({ dir: rel, excluded: ignored });
        continue;
      }
      if (ignored || !(d.isFile() || d.isSymbolicLink())) continue;
      names.push(d.name);
      stats.push((async () => {
        try {
          const st = await lstat(join(root, rel));
          if (st.isSymbolicLink()) entries.set(rel, { kind: 'symlink', size: st.size, target: await readlink(join(root, rel)) });
          else if (st.isFile()) entries.set(rel, { kind: 'file', size: st.size, mtime: st.mtimeMs, ...(st.nlink > 1 ? { ino: st.ino } : {}) });
          if (excluded) keep(dir);
        } catch {
          // vanished while walking: not part of the context
        }
      })());
    }
    await Promise.all(stats);
    children.set(dir, names);
  };

  while (queue.length && !partial) {
    await Promise.all(queue.splice(0, WALK_PARALLEL).map(readDir));
  }
  if (queue.length) partial = true;
  // drop names whose entry does not exist (excluded directories with nothing kept, vanished files)
  for (const [dir, names] of children) {
    if (!entries.has(dir)) children.delete(dir);
    else children.set(dir, names.filter((n) => entries.has(dir ? `${dir}/${n}` : n)));
  }
  for (const [path, e] of entries) if (e.kind === 'dir' && !children.has(path)) children.set(path, []);
  return { entries, children, partial, visited, ignore };
}

// ---------------------------------------------------------------------------
// archives

function compressionOf(head: Buffer): Compression {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.subarray(0, 3).toString('latin1') === 'BZh') return 'bzip2';
  if (head.subarray(0, 6).equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))) return 'xz';
  if (head.subarray(0, 4).equals(Buffer.from([0x28, 0xb5, 0x2f, 0xfd]))) return 'zstd';
  return 'none';
}

/** A tar number field: octal text, or base-256 when the high bit of the first byte is set (GNU). */
function tarNumber(b: Buffer): number {
  if (b[0] & 0x80) {
    let n = b[0] & 0x7f;
    for (let i = 1; i < b.length; i++) n = n * 256 + b[i];
    return n;
  }
  const s = b.toString('latin1').replace(/\0.*$/s, '').trim();
  return s ? parseInt(s, 8) : 0;
}

/** Go's archive/tar accepts a header whose checksum matches the unsigned or the signed byte sum. */
function validHeader(h: Buffer): boolean {
  if (h.length < 512 || h.every((b) => b === 0)) return false;
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < 512; i++) {
    const b = i >= 148 && i < 156 ? 0x20 : h[i];
    unsigned += b;
    signed += b < 128 ? b : b - 256;
  }
  const sum = tarNumber(h.subarray(148, 156));
  return sum === unsigned || sum === signed;
}

const cstring = (b: Buffer) => {
  const z = b.indexOf(0);
  return (z < 0 ? b : b.subarray(0, z)).toString('utf8');
};

/** Reads tar headers fed block by block; keeps the last size per path, as unpacking overwrites. */
class TarSizes {
  readonly sizes = new Map<string, number>();
  /** Symlinks: the length of their target. */
  readonly links = new Map<string, number>();
  entries = 0;
  done = false;
  private longName: string | undefined;
  private longLink: string | undefined;
  private pax: Map<string, string> | undefined;

  /** Takes one header; returns how many data bytes follow it (or -1 at the end of the archive). */
  header(h: Buffer): number {
    if (h.every((b) => b === 0)) {
      this.done = true;
      return -1;
    }
    const type = String.fromCharCode(h[156] || 0x30);
    let size = tarNumber(h.subarray(124, 136));
    if (type === 'x' || type === 'g' || type === 'L' || type === 'K') return size; // metadata records: their data is read by meta()
    let name = cstring(h.subarray(0, 100));
    if (h.subarray(257, 262).toString('latin1') === 'ustar') {
      const prefix = cstring(h.subarray(345, 500));
      if (prefix) name = `${prefix}/${name}`;
    }
    let link = cstring(h.subarray(157, 257));
    name = this.pax?.get('path') ?? this.longName ?? name;
    link = this.pax?.get('linkpath') ?? this.longLink ?? link;
    const paxSize = this.pax?.get('size');
    if (paxSize !== undefined && /^\d+$/.test(paxSize)) size = Number(paxSize);
    this.longName = this.longLink = this.pax = undefined;
    this.entries++;
    const path = trimEnd(name.replace(/^(\.?\/)+/, ''), '/');
    this.links.delete(path);
    if (type === '0' || type === '7' || type === '\0') this.sizes.set(path, size);
    else if (type === '2') {
      this.sizes.set(path, 0); // a symlink: 0 in a BuildKit layer
      this.links.set(path, Buffer.byteLength(link));
    } else this.sizes.delete(path); // directories, hard links (same inode: counted once), devices
    return type === '0' || type === '7' || type === '\0' ? size : 0;
  }

  /** The data of a metadata record (`x`, `L`, `K`) whose header was `h`. */
  meta(h: Buffer, data: Buffer): void {
    const type = String.fromCharCode(h[156]);
    if (type === 'L') this.longName = cstring(data);
    else if (type === 'K') this.longLink = cstring(data);
    else if (type === 'x') {
      this.pax = new Map();
      let at = 0;
      while (at < data.length) {
        const space = data.indexOf(0x20, at);
        const len = space > at ? parseInt(data.subarray(at, space).toString('latin1'), 10) : NaN;
        if (!(len > 0)) break;
        const rec = data.subarray(space + 1, at + len - 1).toString('utf8');
        const eq = rec.indexOf('=');
        if (eq > 0) this.pax.set(rec.slice(0, eq), rec.slice(eq + 1));
        at += len;
      }
    }
  }

  static isMeta(h: Buffer): boolean {
    return 'xgLK'.includes(String.fromCharCode(h[156]));
  }

  result(compression: Compression, partial: boolean): ArchiveInfo {
    let unpacked = 0;
    for (const s of this.sizes.values()) unpacked += s;
    let symlinkBytes = 0;
    for (const s of this.links.values()) symlinkBytes += s;
    return { compression, tar: true, unpacked, symlinkBytes, files: this.sizes.size, partial };
  }
}

const NOT_TAR = (compression: Compression): ArchiveInfo => ({ compression, tar: false, unpacked: null, files: 0, partial: false });
const MAX_META_BYTES = 1024 * 1024;

async function readArchive(file: string, size: number): Promise<ArchiveInfo> {
  const fh = await open(file, 'r');
  try {
    const head = Buffer.alloc(512);
    const { bytesRead } = await fh.read(head, 0, 512, 0);
    const compression = compressionOf(head.subarray(0, bytesRead));
    if (compression === 'gzip') return await readGzipTar(file);
    if (compression !== 'none') return { compression, tar: undefined, unpacked: null, files: 0, partial: false };
    if (!validHeader(head.subarray(0, bytesRead))) return NOT_TAR('none');
    // uncompressed: read the headers only, seeking over the data
    const tar = new TarSizes();
    let at = 0;
    while (at + 512 <= size && tar.entries < MAX_ARCHIVE_ENTRIES) {
      const h = Buffer.alloc(512);
      if ((await fh.read(h, 0, 512, at)).bytesRead < 512) break;
      at += 512;
      if (!h.every((b) => b === 0) && !validHeader(h)) break; // Go stops with ErrHeader; what was unpacked stays
      const n = tar.header(h);
      if (n < 0) break;
      if (TarSizes.isMeta(h) && n <= MAX_META_BYTES) {
        const data = Buffer.alloc(n);
        await fh.read(data, 0, n, at);
        tar.meta(h, data);
      }
      at += Math.ceil(n / 512) * 512;
    }
    return tar.result('none', !tar.done && tar.entries >= MAX_ARCHIVE_ENTRIES);
  } finally {
    await fh.close();
  }
}

/** Streams a gzip file through node:zlib and reads the tar headers in it. */
function readGzipTar(file: string): Promise<ArchiveInfo> {
  return new Promise((resolvePromise) => {
    const tar = new TarSizes();
    const input = createReadStream(file);
    const gunzip = createGunzip();
    let pending = Buffer.alloc(0);
    /** Data bytes still to skip (or to collect for a metadata record). */
    let skip = 0;
    let meta: { h: Buffer; data: Buffer[]; left: number } | undefined;
    let total = 0;
    let first = true;
    let settled = false;
    const finish = (info: ArchiveInfo) => {
      if (settled) return;
      settled = true;
      input.destroy();
      gunzip.destroy();
      resolvePromise(info);
    };
    gunzip.on('data', (chunk: Buffer) => {
      total += chunk.length;
      let buf = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      while (buf.length) {
        if (meta) {
          const take = Math.min(meta.left, buf.length);
          meta.data.push(Buffer.from(buf.subarray(0, take)));
          meta.left -= take;
          buf = buf.subarray(take);
          if (meta.left === 0) {
            tar.meta(meta.h, Buffer.concat(meta.data));
            meta = undefined;
          }
          continue;
        }
        if (skip) {
          const take = Math.min(skip, buf.length);
          skip -= take;
          buf = buf.subarray(take);
          continue;
        }
        if (buf.length < 512) break;
        const h = buf.subarray(0, 512);
        buf = buf.subarray(512);
        if (first && !validHeader(h)) return finish(NOT_TAR('gzip'));
        first = false;
        if (!h.every((b) => b === 0) && !validHeader(h)) return finish(tar.result('gzip', false));
        const n = tar.header(h);
        if (n < 0) return finish(tar.result('gzip', false));
        const padded = Math.ceil(n / 512) * 512;
        if (TarSizes.isMeta(h) && n <= MAX_META_BYTES) {
          meta = { h: Buffer.from(h), data: [], left: n };
          skip = padded - n;
        } else {
          skip = padded;
        }
        if (tar.entries >= MAX_ARCHIVE_ENTRIES) return finish(tar.result('gzip', true));
      }
      pending = Buffer.from(buf);
      if (total > MAX_ARCHIVE_BYTES) finish(tar.result('gzip', true));
    });
    const end = () => finish(first ? NOT_TAR('gzip') : tar.result('gzip', false));
    gunzip.on('end', end);
    gunzip.on('error', end);
    input.on('error', end);
    input.pipe(gunzip);
  });
}
