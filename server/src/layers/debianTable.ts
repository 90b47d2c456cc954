/**
 * The Debian package table of the RUN estimator (run.ts), parsed from the
 * unpacked bytes of data/debianPackages.ts (format: scripts/gen-debian-sizes.mjs)
 * into a handful of typed arrays: the language server keeps under 2 MB for it
 * and allocates almost no JS object while reading it (no string per name, no
 * Map), so loading it does not make V8's young generation grow.
 *
 * The format, as the generator writes it (ASCII, one line each):
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
 * memory).
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
    size: p.size,
    base: p.base,
    deps: (i) => edges.subarray(start[2 * i], start[2 * i + 1]),
    recs: (i) => edges.subarray(start[2 * i + 1], start[2 * i + 2]),
    header,
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
