/**
 * What a COPY or ADD adds to the image, estimated before a build from the build
 * context index (context.ts), the heredocs of the instruction, or what an
 * earlier stage wrote with its own COPY/ADD.
 *
 * Docker behaviour relied on (https://docs.docker.com/reference/dockerfile/#copy,
 * #add, and BuildKit's dockerfile2llb / tonistiigi/fsutil `copy`):
 * - sources are expanded with the ARG/ENV values in scope, one word each
 *   (`SourcesAndDest.Expand`), then cleaned under the context root (`../x` is
 *   `x`: https://github.com/docker/docs/issues/19500);
 * - a source with `*`, `?` or `[` is matched with Go's `filepath.Match` against
 *   paths below its wildcard-free prefix; a matched directory is not descended
 *   (fsutil `ResolveWildcards`). A wildcard that matches nothing copies nothing
 *   (`AllowEmptyWildcard`); a plain source that does not exist fails the build;
 * - each matched source is followed if it is a symlink (`FollowSymlinks`, never
 *   out of the root: continuity `RootPath`); a directory copies its contents
 *   recursively (`CopyDirContentsOnly`), symlinks inside stay symlinks;
 * - `--exclude` patterns have .dockerignore semantics, relative to each matched
 *   source; they never exclude the matched source itself
 *   (https://github.com/moby/buildkit/issues/5509, /issues/5489);
 * - `--parents` copies from the context root (or the part before `/./`) with the
 *   rest as an include pattern: the same bytes, placed under their parents; a
 *   source that matches nothing is not an error
 *   (https://github.com/moby/buildkit/issues/4900);
 * - `--chown`, `--chmod`, `--link` do not change the bytes;
 * - ADD unpacks a local tar archive (content-detected, see context.ts) but not a
 *   remote one; http(s) and git sources are downloaded at build time;
 * - heredoc sources (`COPY <<EOF /x`) create a file with the body, variables
 *   expanded unless the delimiter is quoted (quotes kept: `ExpandRaw`);
 * - a source named twice (`COPY a a /d/`, `COPY a ./a /d/`, `COPY dir dir/f /d/`)
 *   writes the same destination path twice: the layer holds it once (the
 *   later write wins). Measured on Docker 20.10.24, both builders:
 *   `COPY a.bin ./a.bin /d/` 1000 B for a 1000 B file, `COPY dir dir/f /d/` the
 *   size of `COPY dir /d/` (test/integration/history.test.ts);
 * - a source that is a dangling symlink, named or matched by a wildcard, fails
 *   the build with either builder ("not found"); inside a copied directory it
 *   is copied as a link;
 * - layer size (what `docker history` shows): BuildKit, the default builder
 *   since Docker 23, registers its layers with moby's layer store by graph ID
 *   (builder/builder-next/adapters/snapshot/layer.go `ChecksumForGraphID`),
 *   which sizes the layer as the sum of the tar entries' sizes (layer/
 *   layer_store.go `unpackSizeCounter`): regular files count their size,
 *   symlinks, directories and hard links to a file already counted 0. The
 *   legacy builder's layers go through overlay2's `ApplyDiff`, sized by
 *   `pkg/directory.Size` (lstat sizes): there a symlink counts the length of
 *   its target — unless BuildKit registered the identical layer first, whose
 *   size the store keeps. The estimate follows BuildKit; the note says how
 *   much more the legacy builder shows.
 */
import type { DockerfileDocument } from '../model/document';
import type { StageInfo } from '../model/stages';
import type { Instruction } from '../parser';
import { buildkitState } from '../model/buildkitState';
import { envAt, expandHeredoc, expandWith } from '../model/expand';
import { parseIgnoreFile, type IgnoreFile } from '../model/dockerignore';
import { cleanPath } from '../model/goPath';
import { isRemoteSource } from '../model/sources';
import type { Compression, ContextEntry, ContextIndex, FileTree } from './context';
import type { SizeEstimate, SizeItem } from '../protocol/layers';

// ---------------------------------------------------------------------------
// Go's filepath.Match (Unix), on code points

const BAD = Symbol('ErrBadPattern');

function getEsc(p: string[], i: number): [number, number] | typeof BAD {
  if (i >= p.length || p[i] === '-' || p[i] === ']') return BAD;
  if (p[i] === '\\') {
    i++;
    if (i >= p.length) return BAD;
  }
  const r = p[i].codePointAt(0)!;
  i++;
  return i >= p.length ? BAD : [r, i];
}

/** Matches one chunk at the start of `s`; returns the rest of `s`, null for no match, BAD for a malformed chunk. */
function matchChunk(chunk: string[], s: string[]): string[] | null | typeof BAD {
  let failed = false;
  let i = 0;
  let j = 0;
  while (i < chunk.length) {
    if (!failed && j >= s.length) failed = true;
    const c = chunk[i];
    if (c === '[') {
      const r = failed ? -1 : s[j++].codePointAt(0)!;
      i++;
      let negated = false;
      if (i < chunk.length && chunk[i] === '^') {
        negated = true;
        i++;
      }
      let match = false;
      let nrange = 0;
      for (;;) {
        if (i < chunk.length && chunk[i] === ']' && nrange > 0) {
          i++;
          break;
        }
        const lo = getEsc(chunk, i);
        if (lo === BAD) return BAD;
        let hi = lo[0];
        i = lo[1];
        if (chunk[i] === '-') {
          const h = getEsc(chunk, i + 1);
          if (h === BAD) return BAD;
          hi = h[0];
          i = h[1];
        }
        if (lo[0] <= r && r <= hi) match = true;
        nrange++;
      }
      if (match === negated) failed = true;
    } else if (c === '?') {
      if (!failed) {
        if (s[j] === '/') failed = true;
        j++;
      }
      i++;
    } else {
      if (c === '\\') {
        i++;
        if (i >= chunk.length) return BAD;
      }
      if (!failed) {
        if (chunk[i] !== s[j]) failed = true;
        j++;
      }
      i++;
    }
  }
  return failed ? null : s.slice(j);
}

function scanChunk(p: string[]): { star: boolean; chunk: string[]; rest: string[] } {
  let k = 0;
  while (k < p.length && p[k] === '*') k++;
  const star = k > 0;
  let inrange = false;
  let i = k;
  for (; i < p.length; i++) {
    const c = p[i];
    if (c === '\\') {
      if (i + 1 < p.length) i++;
    } else if (c === '[') inrange = true;
    else if (c === ']') inrange = false;
    else if (c === '*' && !inrange) break;
  }
  return { star, chunk: p.slice(k, i), rest: p.slice(i) };
}

/** Go `filepath.Match` on Unix; a malformed pattern matches nothing (as fsutil ignores the error). */
export function goMatch(pattern: string, name: string): boolean {
  let p = Array.from(pattern);
  let s = Array.from(name);
  outer: while (p.length) {
    const { star, chunk, rest } = scanChunk(p);
    p = rest;
    if (star && chunk.length === 0) return !s.includes('/');
    const t = matchChunk(chunk, s);
    if (t === BAD) return false;
    if (t && (t.length === 0 || p.length > 0)) {
      s = t;
      continue;
    }
    if (star) {
      for (let i = 0; i < s.length && s[i] !== '/'; i++) {
        const t2 = matchChunk(chunk, s.slice(i + 1));
        if (t2 === BAD) return false;
        if (t2) {
          if (p.length === 0 && t2.length > 0) continue;
          s = t2;
          continue outer;
        }
      }
    }
    return false;
  }
  return s.length === 0;
}

/** fsutil `containsWildcards`: `*`, `?` or `[` not escaped by a backslash. */
function hasWildcards(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '*' || s[i] === '?' || s[i] === '[') return true;
  }
  return false;
}

// ---------------------------------------------------------------------------
// resolving sources in a tree

const MAX_SYMLINK_HOPS = 255;
const parentOf = (p: string) => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '');
const baseOf = (p: string) => p.slice(p.lastIndexOf('/') + 1);
const joinRel = (a: string, b: string) => (a && b ? `${a}/${b}` : a || b);

/** The path with every symlink followed inside the root (continuity `RootPath`); undefined when something is missing. */
function resolvePath(tree: FileTree, path: string): string | undefined {
  let todo = path.split('/');
  const out: string[] = [];
  let hops = 0;
  while (todo.length) {
    const c = todo.shift()!;
    if (c === '' || c === '.') continue;
    if (c === '..') {
      out.pop();
      continue;
    }
    out.push(c);
    const e = tree.entry(out.join('/'));
    if (!e) return undefined;
    if (e.kind === 'symlink') {
      if (++hops > MAX_SYMLINK_HOPS) return undefined;
      out.pop();
      if (e.target.startsWith('/')) out.length = 0;
      todo = [...e.target.split('/'), ...todo];
    }
  }
  return out.join('/');
}

/** fsutil `ResolveWildcards`: the paths below the wildcard-free prefix that match the rest, directories not descended. */
function wildcardMatches(tree: FileTree, rel: string): string[] {
  const parts = rel.split('/');
  const at = parts.findIndex(hasWildcards);
  const base = parts.slice(0, at).join('/');
  const pattern = parts.slice(at).join('/');
  const root = resolvePath(tree, base);
  if (root === undefined || tree.entry(root)?.kind !== 'dir') return [];
  const out: string[] = [];
  const visit = (dir: string, relDir: string) => {
    for (const name of tree.list(dir) ?? []) {
      const path = joinRel(dir, name);
      const r = joinRel(relDir, name);
      if (goMatch(pattern, r)) out.push(joinRel(base, r));
      else if (tree.entry(path)?.kind === 'dir') visit(path, r);
    }
  };
  visit(root, '');
  return out;
}

/** Dockerignore-style patterns (`--exclude`, the `--parents` include), read the way the ignore file is read. */
function patternMatcher(patterns: string[]): IgnoreFile | undefined {
  if (!patterns.length) return undefined;
  return parseIgnoreFile('', patterns.join('\n'));
}

interface Copied {
  /** The source path as matched (before following a symlink): its base name names a copied file. */
  match: string;
  /** Whether the followed source is a directory (its contents are copied). */
  dir: boolean;
  /** The copied files and symlinks, relative to the source (a file source: ''). */
  files: Array<{ rel: string; entry: ContextEntry }>;
}

/** Everything one resolved source copies (fsutil `copier.copy`): excludes relative to it, an include pattern for --parents. */
function collect(tree: FileTree, match: string, exclude: IgnoreFile | undefined, include: IgnoreFile | undefined): Copied | undefined {
  const top = resolvePath(tree, match);
  const entry = top === undefined ? undefined : tree.entry(top);
  if (top === undefined || !entry) return undefined;
  if (entry.kind !== 'dir') return { match, dir: false, files: [{ rel: '', entry }] };
  const files: Copied['files'] = [];
  const visit = (dir: string, relDir: string) => {
    for (const name of tree.list(dir) ?? []) {
      const rel = joinRel(relDir, name);
      const e = tree.entry(joinRel(dir, name));
      if (!e) continue;
      const excluded = !!exclude?.ignores(rel);
      if (e.kind === 'dir') {
        if (!excluded || exclude!.exclusions) visit(joinRel(dir, name), rel);
      } else if (!excluded && (!include || include.ignores(rel))) {
        files.push({ rel, entry: e });
      }
    }
  };
  visit(top, '');
  return { match, dir: true, files };
}

/** Bytes of one copied entry as BuildKit's layers count it: regular files their size, symlinks and directories 0. */
const entryBytes = (e: ContextEntry) => (e.kind === 'file' ? e.size : 0);

/**
 * The files one COPY/ADD writes, by destination path (relative to the
 * destination): a path written twice is held once, the later write winning,
 * and a hard-linked inode counts once.
 */
class Written {
  private readonly paths = new Map<string, { entry: ContextEntry; source: number }>();
  /** Archives ADD unpacks, by context path: the same archive named twice unpacks the same files. */
  private readonly archives = new Map<string, { bytes: number; files: number; symlinkBytes: number; source: number }>();

  put(path: string, entry: ContextEntry, source: number): void {
    this.paths.delete(path); // re-inserted: the later write owns it
    this.paths.set(path, { entry, source });
  }

  unpack(archive: string, a: { bytes: number; files: number; symlinkBytes: number }, source: number): void {
    this.archives.delete(archive);
    this.archives.set(archive, { ...a, source });
  }

  /** Bytes, entries and the legacy builder's extra bytes (symlink targets) of what a source still owns (all sources: undefined). */
  sum(source?: number): { bytes: number; files: number; symlinkBytes: number } {
    const inodes = new Set<number>();
    let bytes = 0;
    let files = 0;
    let symlinkBytes = 0;
    for (const { entry, source: s } of this.paths.values()) {
      if (entry.kind === 'file' && entry.ino !== undefined) {
        if (inodes.has(entry.ino)) continue;
        inodes.add(entry.ino);
      }
      if (source !== undefined && s !== source) continue;
      files++;
      bytes += entryBytes(entry);
      if (entry.kind === 'symlink') symlinkBytes += entry.size;
    }
    for (const a of this.archives.values()) {
      if (source !== undefined && a.source !== source) continue;
      bytes += a.bytes;
      files += a.files;
      symlinkBytes += a.symlinkBytes;
    }
    return { bytes, files, symlinkBytes };
  }

  /** Paths a source wrote that a later source wrote again. */
  overwritten(source: number, wrote: number): number {
    return wrote - this.sum(source).files;
  }
}

/** Where a copied entry lands, relative to the destination: a directory's contents go into it, a file by its base name (fsutil `copy`). */
function destinationOf(c: Copied, rel: string, parents: string | undefined): string {
  if (parents !== undefined) return joinRel(parents, rel);
  return c.dir ? rel : baseOf(c.match);
}

interface CopyFlags {
  from: string | undefined;
  parents: boolean;
  exclude: IgnoreFile | undefined;
  unpack: boolean | undefined;
}

const boolFlag = (v: string | undefined) => v === undefined || v === '' || v.toLowerCase() === 'true';

function flagsOf(ins: Instruction, word: (w: string) => string | undefined): CopyFlags {
  const excludes: string[] = [];
  let from: string | undefined;
  let parents = false;
  let unpack: boolean | undefined;
  for (const f of ins.flags) {
    if (f.name === 'from' && f.value !== undefined) from = word(f.value) ?? f.value;
    else if (f.name === 'parents') parents = boolFlag(f.value);
    else if (f.name === 'exclude' && f.value) excludes.push(word(f.value) ?? f.value);
    else if (f.name === 'unpack') unpack = boolFlag(f.value);
  }
  return { from, parents, exclude: patternMatcher(excludes), unpack };
}

/** What one source argument names: matched paths in the tree, and the include pattern of --parents. */
interface Resolved {
  matches: string[];
  include: IgnoreFile | undefined;
  /** A missing source fails the build (a plain path without --parents). */
  required: boolean;
}

function resolveSource(tree: FileTree, src: string, parents: boolean): Resolved {
  if (parents) {
    // the part before `/./` is the copy root; the rest, an include pattern relative to it
    const pivot = src.indexOf('/./');
    const base = pivot < 0 ? '' : cleanPath('/' + src.slice(0, pivot)).slice(1);
    const pattern = cleanPath('/' + (pivot < 0 ? src : src.slice(pivot + 3))).slice(1);
    const roots = hasWildcards(base) ? wildcardMatches(tree, base) : [base];
    if (pattern === '') return { matches: roots, include: undefined, required: false };
    return { matches: roots, include: patternMatcher([pattern]), required: false };
  }
  const rel = cleanPath('/' + src).slice(1);
  if (hasWildcards(rel)) return { matches: wildcardMatches(tree, rel), include: undefined, required: false };
  return { matches: [rel], include: undefined, required: true };
}

// ---------------------------------------------------------------------------
// expansion

/** A word expanded as BuildKit expands it for an instruction; no value when a variable has no known value or expansion fails. */
type Expanded = { value: string | undefined; unknown: string[] };

function wordsFor(doc: DockerfileDocument, ins: Instruction): (word: string) => Expanded {
  const env = envAt(doc, ins); // the BuildKit state before the instruction
  return (word) => {
    const r = expandWith(doc, word, env);
    if (!r) return { value: undefined, unknown: [] };
    return { value: r.unmatched.size ? undefined : r.result, unknown: [...r.unmatched] };
  };
}

/** The file a heredoc source creates: its body (tabs stripped for `<<-`), expanded unless the delimiter was quoted. */
function heredocBody(doc: DockerfileDocument, ins: Instruction, index: number): { bytes: number; unknown: string[] } {
  const h = ins.heredocs[index];
  let body = h.chomp ? h.content.replace(/^\t+/gm, '') : h.content;
  let unknown: string[] = [];
  if (h.expand) {
    const before = buildkitState(doc).before.get(ins);
    // BuildKit expands heredoc bodies with `\` as escape character whatever the directive (model/expand.ts)
    const r = expandHeredoc(body, (n: string) => before?.env.get(n));
    if (r) {
      body = r.result;
      unknown = [...r.unmatched];
    } // else BuildKit fails on a malformed expansion; the raw body is the best guess
  }
  return { bytes: Buffer.byteLength(body, 'utf8'), unknown };
}

/** The heredoc sources of a COPY/ADD (`<<EOF`), by source position, as BuildKit pairs them in order. */
function heredocSources(ins: Instruction, sources: string[]): Map<number, number> {
  const out = new Map<number, number>();
  let next = 0;
  sources.forEach((s, i) => {
    if (next < ins.heredocs.length && /^\d*<<-?/.test(s)) out.set(i, next++);
  });
  return out;
}

/** The http(s) and git sources of an ADD, variables filled in where known (what the caller may HEAD). */
export function remoteSources(ins: Instruction, doc?: DockerfileDocument): string[] {
  if (ins.name !== 'ADD' || ins.details.kind !== 'copy') return [];
  const w = doc ? wordsFor(doc, ins) : undefined;
  return ins.details.sources.map((s) => (w ? w(s.value).value : s.value)).filter((s): s is string => !!s && isRemoteSource(s));
}

// ---------------------------------------------------------------------------
// stages: what an earlier stage wrote with COPY/ADD

class StageTree implements FileTree {
  private readonly entries = new Map<string, ContextEntry>([['', { kind: 'dir' }]]);
  private readonly children = new Map<string, Set<string>>([['', new Set()]]);
  /** When each path was last written (instruction sequence number). */
  readonly written = new Map<string, number>();

  entry(path: string): ContextEntry | undefined {
    return this.entries.get(path);
  }

  list(dir: string): readonly string[] | undefined {
    const c = this.children.get(dir);
    return c ? [...c].sort() : undefined;
  }

  private mkdirs(dir: string, seq: number): void {
    if (this.entries.get(dir)?.kind === 'dir') return;
    const parent = parentOf(dir);
    this.mkdirs(parent, seq);
    this.entries.set(dir, { kind: 'dir' });
    this.children.set(dir, new Set());
    this.children.get(parent)!.add(baseOf(dir));
    this.written.set(dir, seq);
  }

  put(path: string, entry: ContextEntry, seq: number): void {
    if (!path) return;
    const parent = parentOf(path);
    this.mkdirs(parent, seq);
    if (entry.kind === 'dir') this.mkdirs(path, seq);
    else {
      this.entries.set(path, entry);
      this.children.get(parent)!.add(baseOf(path));
    }
    for (let p = path; ; p = parentOf(p)) {
      this.written.set(p, seq);
      if (!p) break;
    }
  }
}

interface StageFiles {
  tree: StageTree;
  /** Sequence number of the last RUN in the stage chain (0: none). */
  lastRun: number;
  /** The chain starts from an image whose files are not known. */
  external: boolean;
}

const MAX_STAGE_DEPTH = 4;

/** The stage `--from` names: by name (case-insensitive), else by index. */
function stageNamed(doc: DockerfileDocument, from: string): StageInfo | undefined {
  const stages = doc.stages.stages;
  return stages.find((s) => s.name === from.toLowerCase()) ?? (/^\d+$/.test(from) ? stages[Number(from)] : undefined);
}

/** Replays the COPY/ADD of a stage and the stages it is built FROM into a tree of what they wrote. */
function stageFiles(doc: DockerfileDocument, stage: StageInfo, ctx: ContextIndex | undefined, depth: number, opts: CopyOptions = {}): StageFiles {
  const chain: StageInfo[] = [];
  for (let s: StageInfo | undefined = stage; s && chain.length <= doc.stages.stages.length; s = s.baseStage) chain.unshift(s);
  const external = chain[0].image?.toLowerCase() !== 'scratch';
  const tree = new StageTree();
  let workdir: string | undefined = external ? undefined : '/';
  let lastRun = 0;
  let seq = 0;
  for (const s of chain) {
    for (const ins of s.instructions) {
      seq++;
      if (ins.name === 'RUN') lastRun = seq;
      else if (ins.name === 'WORKDIR' && ins.args[0]) {
        const w = wordsFor(doc, ins)(ins.args[0].value).value;
        workdir = w === undefined ? undefined : w.startsWith('/') ? cleanPath(w) : workdir && cleanPath(`${workdir}/${w}`);
      } else if ((ins.name === 'COPY' || ins.name === 'ADD') && ins.details.kind === 'copy') {
        replayCopy(doc, ins, ctx, depth, tree, workdir, seq, opts);
      }
    }
  }
  return { tree, lastRun, external };
}

/** Writes what one COPY/ADD copies into `tree`, where the destination is known (fsutil `prepareTargetDir`). */
function replayCopy(doc: DockerfileDocument, ins: Instruction, ctx: ContextIndex | undefined, depth: number, tree: StageTree, workdir: string | undefined, seq: number, opts: CopyOptions): void {
  if (ins.details.kind !== 'copy' || !ins.details.destination) return;
  const w = wordsFor(doc, ins);
  const destWord = w(ins.details.destination.value).value;
  if (destWord === undefined || (!destWord.startsWith('/') && workdir === undefined)) return;
  const dest = cleanPath(destWord.startsWith('/') ? destWord : `${workdir}/${destWord}`).slice(1);
  const destIsDir = destWord === '.' || destWord === '' || destWord.endsWith('/');
  const flags = flagsOf(ins, (x) => w(x).value);
  const sources = ins.details.sources.map((t) => t.value);
  const heredocs = heredocSources(ins, sources);
  let from: FileTree | undefined = ctx;
  if (flags.from !== undefined) {
    const st = stageNamed(doc, flags.from);
    from = st && depth < MAX_STAGE_DEPTH ? stageFiles(doc, st, ctx, depth + 1, opts).tree : undefined;
  }
  sources.forEach((raw, i) => {
    const h = heredocs.get(i);
    if (h !== undefined) {
      const size = heredocBody(doc, ins, h).bytes;
      tree.put(destIsDir ? joinRel(dest, ins.heredocs[h].name) : dest, { kind: 'file', size, mtime: 0 }, seq);
      return;
    }
    const src = w(raw).value;
    if (src === undefined || !from || (ins.name === 'ADD' && isRemoteSource(src))) return;
    const r = resolveSource(from, src, flags.parents);
    for (const m of r.matches) {
      const c = collect(from, m, flags.exclude, r.include);
      if (!c) continue;
      if (ins.name === 'ADD' && !c.dir && flags.unpack !== false && ctx && from === ctx) {
        const a = ctx.archive(resolvePath(ctx, m)!);
        // unpacked (or maybe: zstd on an engine of unknown version): its files are not replayed
        if (a === 'pending' || (a && a.tar !== false && unpacksCompression(a.compression, opts.engineVersion).unpacks !== false)) continue;
      }
      // a directory's contents go into dest; a file into dest/ when dest is a directory, else it becomes dest
      const target = c.dir ? dest : destIsDir || tree.entry(dest)?.kind === 'dir' ? joinRel(dest, baseOf(m)) : dest;
      for (const f of c.files) tree.put(joinRel(target, f.rel), f.entry, seq);
    }
  });
}

// ---------------------------------------------------------------------------
// the estimate

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

const unknown = (note: string, extra: Partial<SizeEstimate> = {}): SizeEstimate => ({ bytes: null, basis: 'unknown', note, ...extra });

/** What the estimate knows about the engine that will build. */
export interface CopyOptions {
  /** The local Docker Engine's version (`docker version`), when known. */
  engineVersion?: string;
}

/** `20.10.24+dfsg1` → [20, 10]; undefined when it does not look like a Docker Engine version. */
function majorMinor(version: string | undefined): [number, number] | undefined {
  const m = /^v?(\d+)\.(\d+)/.exec(version ?? '');
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/**
 * Whether ADD unpacks a tar archive with this compression, on this engine.
 * Every version decompresses through moby `pkg/archive` `DecompressStream`
 * (the legacy builder, and BuildKit's `solver/llbsolver/file/unpack.go`
 * inside dockerd): gzip and bzip2 in Go; xz by running `xz -d -c -q` on the
 * daemon's host; zstd only since moby commit e187eb2 ("compression: add
 * support for the zstd algorithm"), first released in Docker Engine 23.0
 * (standalone BuildKit from v0.10, which vendors that pkg/archive). Checked
 * on Docker 20.10.24: `ADD t.tar.zst /d/` stores the file as is, `.tar.xz`
 * and `.tar.bz2` unpack (with xz installed).
 */
export function unpacksCompression(compression: Compression, engineVersion: string | undefined): { unpacks: boolean | undefined; note: string } {
  if (compression !== 'zstd') {
    const xz = compression === 'xz' ? ' Docker runs the `xz` program on the daemon\'s host to decompress it: without it there, the file is copied as is.' : '';
    return { unpacks: true, note: xz };
  }
  const v = majorMinor(engineVersion);
  if (!v) return { unpacks: undefined, note: 'Docker Engine 23.0 and later (standalone BuildKit v0.10 and later) unpack a zstd-compressed tar; Docker 20.10 and earlier copy the file as is.' };
  if (v[0] >= 23) return { unpacks: true, note: `Docker Engine ${engineVersion} (here) unpacks a zstd-compressed tar (23.0 and later do).` };
  return { unpacks: false, note: `Docker Engine ${engineVersion} (here) copies a zstd-compressed file as is: zstd is unpacked from Docker Engine 23.0 (standalone BuildKit v0.10) on.` };
}

/**
 * The size of the layer a COPY or ADD creates. `ctx` is the build context's
 * index, already `ready()`; undefined when there is none (an unsaved file).
 */
export function estimateCopy(ins: Instruction, doc: DockerfileDocument, ctx: ContextIndex | undefined, opts: CopyOptions = {}): SizeEstimate {
  if (ins.details.kind !== 'copy' || !ins.details.destination) return unknown(`${ins.name} needs a source and a destination.`);
  const w = wordsFor(doc, ins);
  const flags = flagsOf(ins, (x) => w(x).value);
  const sources = ins.details.sources.map((t) => t.value);
  if (flags.from !== undefined) return estimateFromStage(doc, sources, ctx, w, flags, opts);

  const heredocs = heredocSources(ins, sources);
  const written = new Written();
  /** Per source: its item (bytes filled in at the end from what it still owns), entries it wrote. */
  const pending: Array<{ item: SizeItem; source: number; wrote: number; detail?: string }> = [];
  const items: SizeItem[] = [];
  const problems: string[] = [];
  const remote: string[] = [];
  let bytesKnown = true;
  let partial = false;
  let low: number | undefined;
  let archive = false;
  let usedContext = false;
  const versionNotes = new Set<string>();

  sources.forEach((raw, i) => {
    const h = heredocs.get(i);
    if (h !== undefined) {
      const body = heredocBody(doc, ins, h);
      if (body.unknown.length) {
        partial = true;
        problems.push(`The heredoc uses ${body.unknown.map((n) => '$' + n).join(', ')} without a known value (counted as empty)`);
      }
      written.put(ins.heredocs[h].name, { kind: 'file', size: body.bytes, mtime: 0 }, i);
      const item: SizeItem = { label: `<<${ins.heredocs[h].name}`, bytes: body.bytes, detail: 'heredoc' };
      items.push(item);
      pending.push({ item, source: i, wrote: 1, detail: 'heredoc' });
      return;
    }
    const { value: src, unknown: vars } = w(raw);
    if (src === undefined) {
      bytesKnown = false;
      problems.push(`${raw} depends on ${vars.map((n) => '$' + n).join(', ') || 'an expansion that fails'}, whose value is not known before the build`);
      items.push({ label: raw, bytes: null, detail: 'unknown variable' });
      return;
    }
    if (ins.name === 'ADD' && isRemoteSource(src)) {
      remote.push(src);
      items.push({ label: src, bytes: null, detail: 'downloaded at build time' });
      return;
    }
    if (!ctx) {
      bytesKnown = false;
      problems.push(`${src}: no build context on disk to read`);
      items.push({ label: src, bytes: null });
      return;
    }
    usedContext = true;
    const r = resolveSource(ctx, src, flags.parents);
    let wrote = 0;
    let found = false;
    let itemKnown = true;
    let detail: string | undefined;
    const dangling: string[] = [];
    for (const m of r.matches) {
      const c = collect(ctx, m, flags.exclude, r.include);
      if (!c) {
        if (ctx.entry(m)?.kind === 'symlink') dangling.push(m);
        continue;
      }
      if (r.include && !c.files.length) continue;
      found = true;
      const top = resolvePath(ctx, m)!;
      if (ins.name === 'ADD' && !c.dir && flags.unpack !== false) {
        const a = ctx.archive(top);
        if (a === 'pending') {
          itemKnown = false;
          archive = true;
          problems.push(`Reading the archive ${m}`);
          continue;
        }
        if (a && a.tar !== false) {
          const fate = unpacksCompression(a.compression, opts.engineVersion);
          if (fate.note) versionNotes.add(fate.note);
          if (fate.unpacks !== false) {
            archive = true;
            const size = entryBytes(c.files[0].entry);
            if (fate.unpacks === undefined) {
              itemKnown = false;
              low = (low ?? 0) + size;
              problems.push(`${m} is ${a.compression}-compressed: whether ADD unpacks it depends on the engine version, which is not known here (copied as is it adds ${size} B)`);
            } else if (a.unpacked === null) {
              itemKnown = false;
              low = (low ?? 0) + size;
              problems.push(`${m} is ${a.compression}-compressed: ADD unpacks it if it holds a tar archive, and its unpacked size cannot be read here`);
            } else {
              written.unpack(top, { bytes: a.unpacked, files: a.files, symlinkBytes: a.symlinkBytes ?? 0 }, i);
              wrote += a.files;
              if (a.partial) partial = true;
              detail = `${plural(a.files, 'file')} unpacked from the archive`;
            }
            continue;
          }
          detail = `copied as is (${a.compression}, not unpacked by this engine)`;
        }
      }
      for (const f of c.files) written.put(destinationOf(c, f.rel, flags.parents ? m : undefined), f.entry, i);
      wrote += c.files.length;
    }
    if (dangling.length && !r.required) {
      bytesKnown = false;
      problems.push(`${dangling.join(', ')}: a symlink whose target is not in the build context; docker build would fail ("not found")`);
      items.push({ label: src, bytes: null, detail: 'dangling symlink' });
      return;
    }
    if (!found && r.required) {
      bytesKnown = false;
      if (ctx.partial && !ctx.excluded(r.matches[0])) {
        problems.push(`${src}: not reached before the walk of the build context stopped`);
        items.push({ label: src, bytes: null, detail: 'not reached' });
        return;
      }
      const why = ctx.excluded(r.matches[0]) ? `excluded by ${ctx.ignoreFile}` : 'not found in build context';
      problems.push(`${src}: ${why}; docker build would fail`);
      items.push({ label: src, bytes: null, detail: why });
      return;
    }
    if (!found) problems.push(`${src} matches nothing in the build context (copies nothing)`);
    if (!itemKnown) bytesKnown = false;
    const item: SizeItem = { label: src, bytes: itemKnown ? 0 : null };
    items.push(item);
    pending.push({ item, source: i, wrote, detail });
  });

  // what each source still owns once every source is copied: a path written twice counts once
  let symlinkBytes = 0;
  let twice = 0;
  for (const p of pending) {
    const own = written.sum(p.source);
    symlinkBytes += own.symlinkBytes;
    const again = written.overwritten(p.source, p.wrote);
    twice += again;
    if (p.item.bytes !== null) p.item.bytes = own.bytes;
    p.item.detail = [p.detail ?? plural(own.files, 'file'), ...(again > 0 ? [`${again} written again by a later source (counted there)`] : [])].join('; ');
  }
  const all = written.sum();
  const total = all.bytes;
  const files = all.files;

  if (ctx?.partial && usedContext) partial = true;
  const basis = archive ? 'archive' : 'context';
  const where = usedContext ? ` from the build context${ctx?.ignoreFile ? ` (${ctx.ignoreFile} applied)` : ''}` : '';
  const sentences: string[] = [];
  if (remote.length) {
    sentences.push(`ADD downloads ${remote.join(', ')} at build time: its size is not known from here.`);
    return { bytes: null, basis: 'unknown', note: [...sentences, ...problems.map((p) => p + '.')].join(' '), low: total, items };
  }
  sentences.push(`${plural(files, 'file')}${where}, summed as BuildKit sizes a layer (regular files; symlinks and directories 0 B).`);
  if (twice > 0) sentences.push(`${plural(twice, 'path')} named by more than one source ${twice === 1 ? 'is' : 'are'} copied once.`);
  if (symlinkBytes > 0) sentences.push(`The legacy builder (DOCKER_BUILDKIT=0) shows ${symlinkBytes} B more: it counts each symlink as the length of its target.`);
  for (const n of versionNotes) sentences.push(n.trim());
  if (ctx?.partial && usedContext) sentences.push(`The build context has more than ${ctx.visited} entries: the walk stopped there, so this is a lower bound.`);
  for (const p of problems) sentences.push(p + '.');
  if (!bytesKnown) return { bytes: null, basis: archive ? 'archive' : 'unknown', note: sentences.join(' '), ...(low !== undefined ? { low: total + low } : {}), items };
  return { bytes: total, basis, note: sentences.join(' '), ...(partial ? { partial: true } : {}), items };
}

function estimateFromStage(doc: DockerfileDocument, sources: string[], ctx: ContextIndex | undefined, w: (word: string) => Expanded, flags: CopyFlags, opts: CopyOptions): SizeEstimate {
  const from = flags.from!;
  const stage = stageNamed(doc, from);
  if (!stage) return unknown(`Copies from the image or named context "${from}": its files are not known before a build.`);
  const label = stage.name ?? `stage ${stage.index}`;
  const files = stageFiles(doc, stage, ctx, 0, opts);
  const items: SizeItem[] = [];
  const written = new Written();
  const counted: Array<{ item: SizeItem; source: number }> = [];
  let firstWrite = Infinity;
  let dirFromImage = false;
  const missing: string[] = [];
  for (const [i, raw] of sources.entries()) {
    const src = w(raw).value;
    if (src === undefined) return unknown(`${raw} depends on a variable whose value is not known before the build.`, { basis: 'stage' });
    const path = '/' + cleanPath('/' + src).slice(1);
    const r = resolveSource(files.tree, src, flags.parents);
    let found = false;
    for (const m of r.matches) {
      const c = collect(files.tree, m, flags.exclude, r.include);
      if (!c) continue;
      found = true;
      for (const f of c.files) written.put(destinationOf(c, f.rel, flags.parents ? m : undefined), f.entry, i);
      firstWrite = Math.min(firstWrite, files.tree.written.get(resolvePath(files.tree, m)!) ?? Infinity);
      if (c.dir && files.external) dirFromImage = true;
    }
    if (!found) {
      missing.push(path);
      items.push({ label: src, bytes: null, detail: `not written by a COPY/ADD of ${label}` });
      continue;
    }
    const item: SizeItem = { label: src, bytes: 0 };
    items.push(item);
    counted.push({ item, source: i });
  }
  for (const { item, source } of counted) {
    const own = written.sum(source);
    item.bytes = own.bytes;
    item.detail = plural(own.files, 'file');
  }
  const total = written.sum().bytes;
  if (missing.length) {
    return { bytes: null, basis: 'stage', note: `What stage ${label} produced at ${missing.join(', ')} is not known before a build.`, items };
  }
  const notes = [`What the COPY/ADD instructions of stage ${label} wrote there.`];
  const runAfter = files.lastRun > firstWrite;
  if (runAfter) notes.push(`RUN steps of ${label} after them may change it: at least this much.`);
  if (dirFromImage && !runAfter) notes.push(`The base image of ${label} may hold more files there: at least this much.`);
  return { bytes: total, basis: 'stage', note: notes.join(' '), ...(runAfter || dirFromImage ? { partial: true } : {}), items };
}
