/**
 * One image layer's tar, read as a stream (never held in memory), and the waste rules that
 * compare layers.
 *
 * Reading: the compression is told by the first bytes, not by a media type (a `docker save`
 * archive names none): gzip `1f 8b` (node:zlib), zstd `28 b5 2f fd` (fzstd: Node 20's zlib has no
 * zstd), anything else a plain tar (tar-stream, which also reads PAX and GNU long names). Each
 * entry's data is skipped as it streams by; only its path, type and payload size are kept, in
 * parallel arrays (the one thing that grows with the image is this per-path index).
 *
 * What a layer's entries mean, as Docker applies a layer (moby pkg/archive/diff.go `UnpackLayer`,
 * the OCI image spec's layer.md "Whiteouts"):
 * - `DIR/.wh.NAME` deletes DIR/NAME (and everything under it) of the layers below;
 * - `DIR/.wh..wh..opq` (opaque directory) hides everything the layers below have under DIR,
 *   but not what the same layer adds there;
 * - any other entry replaces what the layers below have at its path; a non-directory entry also
 *   replaces a directory there, with all it held (only a directory onto a directory merges).
 *
 * Waste (protocol/image.ts): the payload of a regular file in layer i is wasted when a later layer
 * j overwrites its path (any type), deletes it (a whiteout of it or of an ancestor) or hides it
 * (an opaque directory at an ancestor, or a non-directory entry at an ancestor). It is charged to
 * i and `hiddenBy` is the first such j. Symlinks count 0 bytes. A hard link's entry carries no data
 * (the tar holds the payload once, with the first path): the payload counts once, and is wasted
 * only when every path to it in its layer is hidden — the container can still read it through any
 * path left — and then `hiddenBy` is the layer that hid the last of them. Two entries for one path
 * in the same layer (tar allows it; the last one wins on extraction): the earlier payload counts as
 * hidden by that same layer.
 */
import { Transform, type TransformCallback, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { Decompress } from 'fzstd';
import { extract, type Header } from 'tar-stream';

export const enum EntryKind {
  File = 0,
  Dir = 1,
  Symlink = 2,
  /** A hard link: `link[k]` is the index of the entry holding the data, -1 when it is not in this layer. */
  HardLink = 3,
  Whiteout = 4,
  Opaque = 5,
  Other = 6,
}

/** What one layer's tar holds: one slot per entry, in tar order. */
export interface LayerEntries {
  /** Normalised paths: no leading `./` or `/`, no trailing `/`; for whiteouts the path deleted, for opaque markers the directory. */
  paths: string[];
  kinds: EntryKind[];
  /** Payload bytes (regular files; 0 for every other kind). */
  sizes: number[];
  /** Hard links only: the entry index of their target in this layer, or -1. */
  links: Map<number, number>;
  /** Σ regular-file payload. */
  bytes: number;
}

export function emptyLayer(): LayerEntries {
  return { paths: [], kinds: [], sizes: [], links: new Map(), bytes: 0 };
}

/** `./a/b/`, `/a/b` → `a/b`. */
export function normalizePath(name: string): string {
  let end = name.length;
  while (end > 0 && name.charCodeAt(end - 1) === 0x2f /* / */) end--;
  let p = name.slice(0, end);
  while (p.startsWith('./')) p = p.slice(2);
  p = p.replace(/^\/+/, '');
  return p === '.' ? '' : p;
}

const WH = '.wh.';
const OPAQUE = '.wh..wh..opq';

/** Adds one tar header to the layer's index. */
export function addEntry(layer: LayerEntries, h: Pick<Header, 'name' | 'type' | 'size' | 'linkname'>, index: Map<string, number>): void {
  const path = normalizePath(h.name);
  const slash = path.lastIndexOf('/');
  const base = path.slice(slash + 1);
  let kind: EntryKind;
  let p = path;
  let size = 0;
  if (base === OPAQUE) {
    kind = EntryKind.Opaque;
    p = slash < 0 ? '' : path.slice(0, slash);
  } else if (base.startsWith(WH)) {
    kind = EntryKind.Whiteout;
    p = (slash < 0 ? '' : path.slice(0, slash + 1)) + base.slice(WH.length);
  } else if (h.type === 'file' || h.type === 'contiguous-file' || h.type == null) {
    kind = EntryKind.File;
    size = h.size ?? 0;
  } else if (h.type === 'directory') kind = EntryKind.Dir;
  else if (h.type === 'symlink') kind = EntryKind.Symlink;
  else if (h.type === 'link') kind = EntryKind.HardLink;
  else kind = EntryKind.Other;
  const k = layer.paths.length;
  layer.paths.push(p);
  layer.kinds.push(kind);
  layer.sizes.push(size);
  layer.bytes += size;
  if (kind === EntryKind.HardLink) {
    const target = index.get(normalizePath(h.linkname ?? ''));
    layer.links.set(k, target ?? -1);
  }
  if (kind === EntryKind.File || kind === EntryKind.HardLink) index.set(p, k);
}

const GZIP = [0x1f, 0x8b];
const ZSTD = [0x28, 0xb5, 0x2f, 0xfd];

/** A stream that undoes gzip or zstd, told by the first bytes; a plain tar goes through as is. */
export class Decompressor extends Transform {
  private inner: Transform | Decompress | undefined | null;
  private head = Buffer.alloc(0);

  /** `onBytes` is told the size of each uncompressed chunk. */
  constructor(private readonly onBytes?: (n: number) => void) {
    super();
  }

  private out(chunk: Buffer): void {
    this.onBytes?.(chunk.length);
    this.push(chunk);
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    if (this.inner === undefined) {
      this.head = Buffer.concat([this.head, chunk]);
      if (this.head.length < 4) return cb();
      chunk = this.head;
      this.head = Buffer.alloc(0);
      this.choose(chunk);
    }
    this.feed(chunk, cb);
  }

  private choose(first: Buffer): void {
    const is = (magic: number[]) => magic.every((b, i) => first[i] === b);
    if (is(GZIP)) {
      const g = createGunzip();
      g.on('data', (d: Buffer) => this.out(d));
      g.on('error', (e) => this.destroy(e));
      this.inner = g;
    } else if (is(ZSTD)) {
      this.inner = new Decompress((data) => {
        this.out(Buffer.from(data));
      });
    } else this.inner = null;
  }

  private feed(chunk: Buffer, cb: TransformCallback): void {
    const inner = this.inner;
    if (inner === null) {
      this.out(chunk);
      cb();
    } else if (inner instanceof Decompress) {
      try {
        inner.push(chunk);
        cb();
      } catch (e) {
        cb(e as Error);
      }
    } else if (inner) inner.write(chunk, (e) => cb(e ?? undefined));
  }

  override _flush(cb: TransformCallback): void {
    if (this.inner === undefined) {
      // shorter than 4 bytes: not compressed
      if (this.head.length) this.out(this.head);
      return cb();
    }
    const inner = this.inner;
    if (inner === null) return cb();
    if (inner instanceof Decompress) {
      try {
        inner.push(new Uint8Array(0), true);
        cb();
      } catch (e) {
        cb(e as Error);
      }
      return;
    }
    inner.once('end', () => cb());
    inner.once('error', (e) => cb(e));
    inner.end();
  }
}

/**
 * Reads one layer (plain, gzip or zstd tar) from `source` to the end. `onBytes` is told of each
 * chunk of uncompressed tar read. Rejects when the stream is not a tar.
 */
export async function readLayer(source: Readable, onBytes?: (n: number) => void, signal?: AbortSignal): Promise<LayerEntries> {
  const layer = emptyLayer();
  const index = new Map<string, number>();
  const ex = extract();
  ex.on('entry', (header, stream, next) => {
    addEntry(layer, header, index);
    stream.on('end', () => next());
    stream.resume();
  });
  await pipeline(source, new Decompressor(onBytes), ex, signal ? { signal } : {});
  return layer;
}

// ---------------------------------------------------------------- waste

export interface LayerWaste {
  /** Per entry: the first later layer hiding it (files and hard links only; -1 when visible). */
  hiddenBy: Int32Array;
  wastedBytes: number;
}

/**
 * The waste of every layer (oldest first), by the rules of this file's header. Walks the layers
 * newest first, keeping for each path the oldest later layer that hides the path itself (`self`:
 * any entry there, a whiteout of it) and the one that hides everything under it (`below`: a
 * whiteout, a non-directory entry, an opaque marker).
 */
export function computeWaste(layers: readonly LayerEntries[]): LayerWaste[] {
  const self = new Map<string, number>();
  const below = new Map<string, number>();
  const out: LayerWaste[] = new Array(layers.length);
  for (let i = layers.length - 1; i >= 0; i--) {
    const l = layers[i];
    const n = l.paths.length;
    const hiddenBy = new Int32Array(n).fill(-1);
    // 1. this layer's files against the layers above
    const lastInLayer = new Map<string, number>();
    for (let k = 0; k < n; k++) {
      const kind = l.kinds[k];
      if (kind !== EntryKind.Whiteout && kind !== EntryKind.Opaque) lastInLayer.set(l.paths[k], k);
    }
    for (let k = 0; k < n; k++) {
      const kind = l.kinds[k];
      if (kind !== EntryKind.File && kind !== EntryKind.HardLink) continue;
      const p = l.paths[k];
      if (lastInLayer.get(p) !== k) {
        hiddenBy[k] = i; // a later entry of the same layer replaces it
        continue;
      }
      hiddenBy[k] = hider(p, self, below);
    }
    // 2. a payload is wasted when all its paths are hidden
    let wasted = 0;
    const groupHidden = new Map<number, number>(); // data entry → latest hider among its links (-1: one is visible)
    for (const [k, target] of l.links) {
      if (target < 0) continue;
      const h = hiddenBy[k];
      const g = groupHidden.get(target);
      groupHidden.set(target, g === -1 || h === -1 ? -1 : Math.max(g ?? h, h));
    }
    for (let k = 0; k < n; k++) {
      if (l.kinds[k] !== EntryKind.File) continue;
      const g = groupHidden.get(k);
      if (g !== undefined && hiddenBy[k] !== -1) hiddenBy[k] = g === -1 ? -1 : Math.max(g, hiddenBy[k]);
      if (hiddenBy[k] !== -1) wasted += l.sizes[k];
    }
    out[i] = { hiddenBy, wastedBytes: wasted };
    // 3. what this layer hides in the layers below
    for (let k = 0; k < n; k++) {
      const p = l.paths[k];
      switch (l.kinds[k]) {
        case EntryKind.Dir:
          self.set(p, i);
          break;
        case EntryKind.Opaque:
          below.set(p, i);
          break;
        default: // files, links, whiteouts, devices: the path and all under it
          self.set(p, i);
          below.set(p, i);
      }
    }
  }
  return out;
}

/** The oldest layer above that hides `p`: at `p` itself, or anything under one of its ancestors; -1 when none. */
function hider(p: string, self: Map<string, number>, below: Map<string, number>): number {
  let best = self.get(p) ?? -1;
  const consider = (v: number | undefined) => {
    if (v !== undefined && (best === -1 || v < best)) best = v;
  };
  consider(below.get(''));
  for (let s = p.indexOf('/'); s >= 0; s = p.indexOf('/', s + 1)) consider(below.get(p.slice(0, s)));
  return best;
}
