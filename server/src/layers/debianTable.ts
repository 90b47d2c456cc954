/**
 * The Debian package table of the RUN estimator (run.ts): a handful of typed
 * arrays (names concatenated, looked up by binary search; sizes, flags, edges),
 * no string per name and no Map, about 1.6 MB kept outside the JS heap.
 *
 * Two representations:
 * - the text table, data/debianPackages.txt.br (Brotli), the source of truth
 *   that scripts/gen-debian-sizes.mjs writes; parseDebianTable reads it;
 * - the binary table, dist/debian-packages.bin, made from it at build time
 *   (scripts/build.mjs, encodeDebianTable; layout: see "the binary file" below)
 *   and shipped next to the bundles: openDebianTable makes typed-array views
 *   over its bytes, so the language server neither parses (no hot loop, which
 *   would also make V8 load its optimising compiler) nor embeds the table in
 *   its script.
 *
 * The text format, as the generator writes it (ASCII, one line each):
 * - `#…`: header lines;
 * - `P+NAME SIZE[*] [DEPS][|RECS]`: a package, its index being its line number
 *   among package lines; P is one base-36 digit, how many leading characters
 *   NAME shares with the previous package's name (front coding); SIZE the
 *   Installed-Size in KiB, `*` marking a base package; DEPS and RECS
 *   comma-separated base-36 package indexes;
 * - `@NAME INDEX`: a virtual package and its single provider (base 36).
 * The generator sorts package names by UTF-16 code units (`a < b`) and the `@`
 * lines as whole strings (`.sort()`), which for these ASCII names (all above
 * the space that ends NAME) is byte order of the names: lookups binary-search
 * the names' bytes. The order is checked while parsing; should a table not be
 * sorted, a sorted permutation is built instead (same answers, a little more
 * memory; the binary file stores it).
 */

export interface DebianTable {
  /** Number of packages: indexes are 0 … count - 1, in the table's (name) order. */
  readonly count: number;
  /** The name of package i (a new string at each call: materialise only what is shown). */
  name(i: number): string;
  /** The index of a package, or of the single provider of a virtual package; undefined when the table has neither. */
  lookup(name: string): number | undefined;
  /** The virtual packages with a single provider, as [name, provider index] (strings made on demand). */
  virtuals(): IterableIterator<[string, number]>;
  /** Installed-Size in KiB. */
  size: Uint32Array;
  /** 1 for base-system packages (already in any Debian image). */
  base: Uint8Array;
  /** The package's Depends (+ Pre-Depends), as table indexes (do not modify). */
  deps(i: number): Uint16Array | Uint32Array;
  /** The package's Recommends, as table indexes (do not modify). */
  recs(i: number): Uint16Array | Uint32Array;
  /** The header lines (sources and their dates). */
  header: string[];
}

const NL = 10;
const SP = 32;
const HASH = 35;
const AT = 64;
const STAR = 42;
const COMMA = 44;
const BAR = 124;

/** Value of a base-36 digit (0-9, a-z, A-Z), else -1. */
const digit36 = (c: number): number => (c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 122 ? c - 87 : c >= 65 && c <= 90 ? c - 55 : -1);

/** Parses the unpacked table (see the module comment). `data` is only read during the call. */
export function parseDebianTable(data: Buffer): DebianTable {
  return tableOf(parseDebianParts(data));
}

/**
 * The arrays a table is made of: what parseDebianTable reads from the text, and what the binary
 * file stores, one section each (see encodeDebianTable).
 */
export interface DebianTableParts {
  /** The package names, concatenated (ASCII). */
  names: Buffer;
  /** Package i's name is names[nameAt[i] .. nameAt[i+1]) (count + 1 entries). */
  nameAt: Uint32Array;
  size: Uint32Array;
  base: Uint8Array;
  /** Package i's edges: edges[start[2i] .. start[2i+1]) its Depends, up to start[2i+2] its Recommends (2 count + 1 entries). */
  start: Uint32Array;
  /** Uint16Array when count ≤ 65536. */
  edges: Uint16Array | Uint32Array;
  /** The virtual packages' names, concatenated; virtual k's is vnames[vnameAt[k] .. vnameAt[k+1]). */
  vnames: Buffer;
  vnameAt: Uint32Array;
  /** Virtual k's provider. */
  target: Uint32Array;
  header: string[];
  /** The packages sorted by name (then index), for a table whose names are not in byte order only. */
  pkgOrder?: Uint32Array;
  /** Likewise for the virtual packages. */
  virtualOrder?: Uint32Array;
}

/** Reads the unpacked text table into its arrays (see the module comment). `data` is only read during the call. */
export function parseDebianParts(data: Buffer): DebianTableParts {
  // Small functions, one loop each, JIT-compiled separately once their type feedback is complete
  // (no deoptimisation midway, which would compile a large function again and again): the
  // optimising compiler's own memory stays small, and the whole table is read in tens of ms.
  const header: string[] = [];
  const c = countPackages(data, header);
  const p = readPackages(data, c);
  const virt = readVirtuals(data, c.firstVirtual);
  const { n, names, nameAt, edges, start } = p;
  const { nVirtual, vnames, vnameAt, target } = virt;
  // lookups binary-search the names, through a sorted permutation should the table not be sorted
  const pkgOrder = p.sorted ? undefined : sortedOrder(names, nameAt, n);
  const virtualOrder = virt.sorted ? undefined : sortedOrder(vnames, vnameAt, nVirtual);
  return { names, nameAt, size: p.size, base: p.base, start, edges, vnames, vnameAt, target, header, pkgOrder, virtualOrder };
}

/** The table over its arrays (kept, not copied). */
function tableOf(parts: DebianTableParts): DebianTable {
  const { names, nameAt, edges, start, vnames, vnameAt, target, pkgOrder, virtualOrder } = parts;
  const n = nameAt.length - 1;
  const nVirtual = vnameAt.length - 1;
  return {
    count: n,
    name(i) {
      if (!(i >= 0 && i < n)) throw new RangeError(`no package ${i} in the Debian table`);
      return names.toString('latin1', nameAt[i], nameAt[i + 1]);
    },
    lookup(name) {
      // a virtual package would win over a package of the same name (its line comes later), as in a Map
      const k = search(vnames, vnameAt, nVirtual, virtualOrder, name);
      if (k >= 0) return target[k];
      const i = search(names, nameAt, n, pkgOrder, name);
      return i >= 0 ? i : undefined;
    },
    *virtuals() {
      for (let k = 0; k < nVirtual; k++) yield [vnames.toString('latin1', vnameAt[k], vnameAt[k + 1]), target[k]];
    },
    size: parts.size,
    base: parts.base,
    deps: (i) => edges.subarray(start[2 * i], start[2 * i + 1]),
    recs: (i) => edges.subarray(start[2 * i + 1], start[2 * i + 2]),
    header: parts.header,
  };
}

interface Counts {
  /** Package lines. */
  n: number;
  /** Bytes of the package names, unabridged. */
  nameBytes: number;
  /** Dependency edges. */
  nEdges: number;
  /** Offset of the first `@` line (-1: none). */
  firstVirtual: number;
}

/** Pass 1: counts, so that every array is allocated once (edges: an upper bound); header lines. */
function countPackages(data: Buffer, header: string[]): Counts {
  const len = data.length;
  let n = 0;
  let nameBytes = 0;
  let nEdges = 0;
  let prevLen = 0;
  let firstVirtual = -1;
  for (let at = 0; at < len; ) {
    const eol = lineEnd(data, at);
    const c = data[at];
    if (c === HASH) header.push(data.toString('utf8', at, eol));
    else if (c === AT) firstVirtual = firstVirtual < 0 ? at : firstVirtual;
    else if (eol > at) {
      const sp1 = fieldEnd(data, at + 1, eol);
      prevLen = Math.min(prefix(c), prevLen) + sp1 - at - 1;
      nameBytes += prevLen;
      n++;
      // k edges take at least 2k - 1 characters (digits and separators) after the second space
      nEdges += (eol - fieldEnd(data, sp1 + 1, eol)) >> 1;
    }
    at = eol + 1;
  }
  return { n, nameBytes, nEdges, firstVirtual };
}

/** The next space in data[from .. eol), else eol (native search). */
function fieldEnd(data: Buffer, from: number, eol: number): number {
  const k = from < eol ? data.indexOf(SP, from) : -1;
  return k < 0 || k > eol ? eol : k;
}

/** Pass 2: the package lines `P+NAME SIZE[*] [DEPS][|RECS]`: names concatenated, sizes, flags, edges. */
function readPackages(data: Buffer, counts: Counts) {
  const { n, nameBytes, nEdges } = counts;
  const len = data.length;
  const names = Buffer.allocUnsafeSlow(nameBytes);
  /** Package i's name is names[nameAt[i] .. nameAt[i+1]). */
  const nameAt = new Uint32Array(n + 1);
  const size = new Uint32Array(n);
  const base = new Uint8Array(n);
  // edges of package i: edges[start[2i] .. start[2i+1]) are its Depends, up to start[2i+2] its Recommends
  const start = new Uint32Array(2 * n + 1);
  const edges = n <= 0x10000 ? new Uint16Array(nEdges) : new Uint32Array(nEdges);
  let w = 0; // name bytes written
  let e = 0; // edges written
  let sorted = true;
  let i = 0;
  for (let at = 0; at < len && i < n; ) {
    const eol = lineEnd(data, at);
    const c = data[at];
    if (c !== HASH && c !== AT && eol > at) {
      const sp1 = fieldEnd(data, at + 1, eol);
      const from = w;
      // the first P bytes are the previous name's (P: base-36 digit, at most that name's length)
      const prev = i > 0 ? nameAt[i - 1] : 0;
      const shared = Math.min(prefix(c), from - prev);
      for (let j = 0; j < shared; j++) names[w++] = names[prev + j];
      for (let j = at + 1; j < sp1; j++) names[w++] = data[j];
      nameAt[i + 1] = w;
      if (i > 0 && compareBytes(names, prev, from, from, w) >= 0) sorted = false;
      const sp2 = fieldEnd(data, sp1 + 1, eol);
      const star = sp2 > sp1 + 1 && data[sp2 - 1] === STAR;
      base[i] = star ? 1 : 0;
      size[i] = parseDecimal(data, sp1 + 1, star ? sp2 - 1 : sp2);
      start[2 * i] = e;
      let value = -1;
      let recs = false;
      for (let k = sp2 + 1; k <= eol; k++) {
        const ch = k < eol ? data[k] : NL;
        if (ch === COMMA || ch === BAR || ch === NL) {
          if (value >= 0) edges[e++] = value;
          value = -1;
          if (ch === BAR && !recs) {
            start[2 * i + 1] = e;
            recs = true;
          }
        } else value = (value < 0 ? 0 : value * 36) + digit36(ch);
      }
      if (!recs) start[2 * i + 1] = e;
      i++;
    }
    at = eol + 1;
  }
  start[2 * n] = e;
  return { n, names, nameAt, size, base, start, edges: e < edges.length ? edges.slice(0, e) : edges, sorted };
}

/** Pass 3: the `@NAME INDEX` lines (after the packages'), in their own concatenated names. */
function readVirtuals(data: Buffer, from: number) {
  const len = data.length;
  let nVirtual = 0;
  let nameBytes = 0;
  for (let at = from < 0 ? len : from; at < len; ) {
    const eol = lineEnd(data, at);
    if (data[at] === AT) {
      nVirtual++;
      nameBytes += fieldEnd(data, at + 1, eol) - at - 1;
    }
    at = eol + 1;
  }
  const vnames = Buffer.allocUnsafeSlow(nameBytes);
  const vnameAt = new Uint32Array(nVirtual + 1);
  const target = new Uint32Array(nVirtual);
  let w = 0;
  let v = 0;
  let sorted = true;
  for (let at = from < 0 ? len : from; at < len; ) {
    const eol = lineEnd(data, at);
    if (data[at] === AT) {
      const sp = fieldEnd(data, at + 1, eol);
      const start = w;
      for (let j = at + 1; j < sp; j++) vnames[w++] = data[j];
      vnameAt[v + 1] = w;
      target[v] = parseBase36(data, sp + 1, eol);
      if (v > 0 && compareBytes(vnames, vnameAt[v - 1], start, start, w) >= 0) sorted = false;
      v++;
    }
    at = eol + 1;
  }
  return { nVirtual, vnames, vnameAt, target, sorted };
}

/** The end of the line starting at `from`: its newline, or the end of the data. */
function lineEnd(data: Buffer, from: number): number {
  const k = data.indexOf(NL, from);
  return k < 0 ? data.length : k;
}

/** The front-coding count P of a package line (its first byte, a base-36 digit). */
const prefix = (c: number): number => Math.max(digit36(c), 0);

function parseDecimal(data: Buffer, from: number, to: number): number {
  let value = 0;
  for (let k = from; k < to; k++) {
    const d = data[k] - 48;
    if (d < 0 || d > 9) break;
    value = value * 10 + d;
  }
  return value;
}

function parseBase36(data: Buffer, from: number, to: number): number {
  let value = 0;
  for (let k = from; k < to; k++) {
    const d = digit36(data[k]);
    if (d < 0) break;
    value = value * 36 + d;
  }
  return value;
}

/** Byte order of bytes[a .. aEnd) and bytes[b .. bEnd) (negative, 0, positive). */
function compareBytes(bytes: Buffer, a: number, aEnd: number, b: number, bEnd: number): number {
  const la = aEnd - a;
  const lb = bEnd - b;
  const m = Math.min(la, lb);
  for (let j = 0; j < m; j++) {
    const d = bytes[a + j] - bytes[b + j];
    if (d !== 0) return d;
  }
  return la - lb;
}

/** Entry k's name against a JS string, by code unit, without allocating (the names are ASCII). */
function compareWith(names: Buffer, nameAt: Uint32Array, k: number, s: string): number {
  const from = nameAt[k];
  const len = nameAt[k + 1] - from;
  const m = Math.min(len, s.length);
  for (let j = 0; j < m; j++) {
    const d = names[from + j] - s.charCodeAt(j);
    if (d !== 0) return d;
  }
  return len - s.length;
}

/**
 * The entry of 0 … count-1 named `s` (the last one in table order if several, as a Map would keep), or -1.
 * `order`, when given, lists the entries sorted by name, then by entry.
 */
function search(names: Buffer, nameAt: Uint32Array, count: number, order: Uint32Array | undefined, s: string): number {
  let a = 0;
  let b = count;
  // the first position whose name is > s; the one before it is the last ≤ s
  while (a < b) {
    const mid = (a + b) >>> 1;
    if (compareWith(names, nameAt, order ? order[mid] : mid, s) <= 0) a = mid + 1;
    else b = mid;
  }
  if (a === 0) return -1;
  const k = order ? order[a - 1] : a - 1;
  return compareWith(names, nameAt, k, s) === 0 ? k : -1;
}

/** Entries 0 … count-1 sorted by name, then by entry (for an unsorted table only). */
function sortedOrder(names: Buffer, nameAt: Uint32Array, count: number): Uint32Array {
  const order = new Uint32Array(count);
  for (let k = 0; k < count; k++) order[k] = k;
  return order.sort((a, b) => compareBytes(names, nameAt[a], nameAt[a + 1], nameAt[b], nameAt[b + 1]) || a - b);
}

// ---------------------------------------------------------------- the binary file

/*
 * The binary table (dist/debian-packages.bin, written at build time by scripts/build.mjs with
 * encodeDebianTable): the arrays of DebianTableParts, laid out so that reading it is one file read
 * and a typed-array view per section — no parsing, no string per package, nothing copied.
 * Little-endian throughout; every section starts at a multiple of 8 bytes (padding: zeros).
 *
 *   offset  size  field
 *        0     8  magic, the ASCII bytes `DLensDeb`
 *        8     4  format version (BINARY_VERSION)
 *       12     4  header size in bytes = offset of the first section (136)
 *       16     4  n, the number of packages
 *       20     4  the number of edges (Depends and Recommends together)
 *       24     4  the number of virtual packages
 *       28     4  bytes per edge: 2 (n ≤ 65536: Uint16) or 4 (Uint32)
 *       32     4  file size in bytes
 *       36     4  the number of sections (12)
 *       40    96  12 × (u32 offset, u32 byte length), the sections in this order:
 *                  0 names         u8            package names concatenated (ASCII)
 *                  1 nameAt        u32 × (n+1)   name i is names[nameAt[i] .. nameAt[i+1])
 *                  2 size          u32 × n       Installed-Size, KiB
 *                  3 base          u8 × n        1: base-system package
 *                  4 start         u32 × (2n+1)  edges[start[2i] .. start[2i+1]) Depends, .. start[2i+2] Recommends
 *                  5 edges         u16|u32 × e   package indexes
 *                  6 vnames        u8            virtual package names concatenated
 *                  7 vnameAt       u32 × (v+1)
 *                  8 target        u32 × v       the provider of virtual k
 *                  9 header        u8            the header lines, UTF-8, joined by `\n`
 *                 10 pkgOrder      u32 × n or empty   (empty: the names are in byte order)
 *                 11 virtualOrder  u32 × v or empty   (likewise)
 */

/** The format version the reader accepts (bump it whenever the layout changes). */
export const BINARY_VERSION = 1;
const MAGIC = 'DLensDeb';
const SECTIONS = 12;
const HEADER_SIZE = 40 + SECTIONS * 8;
const align8 = (k: number) => (k + 7) & ~7;

/** The binary table of a text table (see above): deterministic, the same text gives the same bytes. */
export function encodeDebianTable(text: Buffer): Buffer {
  return encodeDebianParts(parseDebianParts(text));
}

/** The binary table of parsed arrays. */
export function encodeDebianParts(p: DebianTableParts): Buffer {
  const n = p.nameAt.length - 1;
  const nVirtual = p.vnameAt.length - 1;
  const width = p.edges.BYTES_PER_ELEMENT;
  const sections: Array<{ bytes: number; write: (view: DataView, at: number) => void }> = [
    bytes(p.names),
    u32(p.nameAt),
    u32(p.size),
    bytes(p.base),
    u32(p.start),
    width === 2 ? u16(p.edges) : u32(p.edges),
    bytes(p.vnames),
    u32(p.vnameAt),
    u32(p.target),
    bytes(Buffer.from(p.header.join('\n'), 'utf8')),
    u32(p.pkgOrder ?? new Uint32Array(0)),
    u32(p.virtualOrder ?? new Uint32Array(0)),
  ];
  const offsets: number[] = [];
  let size = HEADER_SIZE;
  for (const s of sections) {
    size = align8(size);
    offsets.push(size);
    size += s.bytes;
  }
  size = align8(size);
  const out = Buffer.alloc(size); // zeroed: the padding too
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  out.write(MAGIC, 0, 'latin1');
  const head = [BINARY_VERSION, HEADER_SIZE, n, p.edges.length, nVirtual, width, size, SECTIONS];
  head.forEach((v, k) => view.setUint32(8 + 4 * k, v, true));
  sections.forEach((s, k) => {
    view.setUint32(40 + 8 * k, offsets[k], true);
    view.setUint32(44 + 8 * k, s.bytes, true);
    s.write(view, offsets[k]);
  });
  return out;

  function bytes(a: Uint8Array) {
    return { bytes: a.length, write: (_: DataView, at: number) => out.set(a, at) };
  }
  function u16(a: ArrayLike<number>) {
    return { bytes: 2 * a.length, write: (v: DataView, at: number) => { for (let k = 0; k < a.length; k++) v.setUint16(at + 2 * k, a[k], true); } };
  }
  function u32(a: ArrayLike<number>) {
    return { bytes: 4 * a.length, write: (v: DataView, at: number) => { for (let k = 0; k < a.length; k++) v.setUint32(at + 4 * k, a[k], true); } };
  }
}

/**
 * The table over a binary file's bytes (see above): typed-array views into `bin`, which the table
 * keeps (do not modify it). Checks the header and that the sections fit and agree with the counts
 * (constant time, the contents are not read); throws an Error saying what is wrong otherwise.
 */
export function openDebianTable(bin: Uint8Array): DebianTable {
  return tableOf(openDebianParts(bin));
}

/** The arrays of a binary table, as views into `bin` (copies only if it is misaligned or the host big-endian). */
export function openDebianParts(bin: Uint8Array): DebianTableParts {
  const bad = (why: string) => new Error(`not a Debian package table of this version (${BINARY_VERSION}): ${why}`);
  if (bin.length < HEADER_SIZE || Buffer.from(bin.buffer, bin.byteOffset, 8).toString('latin1') !== MAGIC) throw bad('no header');
  // typed arrays need aligned offsets: only a buffer carved out of a shared pool would not be
  if (bin.byteOffset % 8) bin = new Uint8Array(bin);
  const view = new DataView(bin.buffer, bin.byteOffset, bin.byteLength);
  const word = (at: number) => view.getUint32(at, true);
  if (word(8) !== BINARY_VERSION) throw bad(`version ${word(8)}`);
  const [headerSize, n, nEdges, nVirtual, width, size, count] = [12, 16, 20, 24, 28, 32, 36].map(word);
  if (headerSize !== HEADER_SIZE || count !== SECTIONS || size !== bin.length || (width !== 2 && width !== 4)) throw bad('header');
  const section = (k: number, expected?: number): [number, number] => {
    const at = word(40 + 8 * k);
    const len = word(44 + 8 * k);
    if (at % 8 || at < HEADER_SIZE || at + len > size || (expected !== undefined && len !== expected)) throw bad(`section ${k}`);
    return [at, len];
  };
  const little = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  const buffer = (k: number) => {
    const [at, len] = section(k);
    return Buffer.from(bin.buffer, bin.byteOffset + at, len);
  };
  const words = (k: number, length: number, optional = false): Uint32Array => {
    const [at, len] = section(k, optional && word(44 + 8 * k) === 0 ? 0 : 4 * length);
    if (little) return new Uint32Array(bin.buffer, bin.byteOffset + at, len / 4);
    const a = new Uint32Array(len / 4);
    for (let j = 0; j < a.length; j++) a[j] = view.getUint32(at + 4 * j, true);
    return a;
  };
  const edgesOf = (k: number): Uint16Array | Uint32Array => {
    if (width === 4) return words(k, nEdges);
    const [at, len] = section(k, 2 * nEdges);
    if (little) return new Uint16Array(bin.buffer, bin.byteOffset + at, len / 2);
    const a = new Uint16Array(len / 2);
    for (let j = 0; j < a.length; j++) a[j] = view.getUint16(at + 2 * j, true);
    return a;
  };
  const names = buffer(0);
  const nameAt = words(1, n + 1);
  const sizes = words(2, n);
  const [baseAt] = section(3, n);
  const start = words(4, 2 * n + 1);
  const edges = edgesOf(5);
  const vnames = buffer(6);
  const vnameAt = words(7, nVirtual + 1);
  const target = words(8, nVirtual);
  const headerText = buffer(9).toString('utf8');
  const pkgOrder = words(10, n, true);
  const virtualOrder = words(11, nVirtual, true);
  if (nameAt[n] !== names.length || vnameAt[nVirtual] !== vnames.length || start[2 * n] !== nEdges) throw bad('counts');
  return {
    names,
    nameAt,
    size: sizes,
    base: new Uint8Array(bin.buffer, bin.byteOffset + baseAt, n),
    start,
    edges,
    vnames,
    vnameAt,
    target,
    header: headerText ? headerText.split('\n') : [],
    pkgOrder: pkgOrder.length ? pkgOrder : undefined,
    virtualOrder: virtualOrder.length ? virtualOrder : undefined,
  };
}
