// Generates server/src/layers/data/debianPackages.txt.br: the Debian package
// table the RUN estimator (server/src/layers/run.ts) uses for `apt-get install`,
// as Brotli-compressed text. It is the source of truth, read only at build time:
// scripts/build.mjs encodes it into dist/debian-packages.bin, the binary file the
// server reads (layout: server/src/layers/debianTable.ts).
//
// Source: the apt lists of a Debian 12 (bookworm) amd64 machine, i.e. the
// Packages indexes of `bookworm main`, `bookworm-updates main` and
// `bookworm-security main` under /var/lib/apt/lists (any compression; read with
// `/usr/lib/apt/apt-helper cat-file`). Run `apt-get update` first if they are
// missing. A package found in several suites takes its highest version, as
// apt's candidate would (all three suites have the same pin priority, 500).
// The table records the Date of each suite's InRelease.
//
// What is kept, for every binary package:
// - Installed-Size (KiB, as dpkg-gencontrol computes it: the unpacked files);
// - Depends + Pre-Depends and, separately, Recommends, each dependency group
//   resolved to one real package: a group any of whose alternatives the base
//   system already satisfies is dropped; otherwise the first alternative that
//   names a real package, or, for a virtual one, its provider of highest
//   Priority (then name). Version constraints and `:any`/`:native` qualifiers
//   are dropped. Dependencies on base packages are dropped (they are installed);
// - whether it belongs to the base: Priority required or Essential: yes, and
//   their Depends/Pre-Depends closure — what debootstrap's minbase variant (and
//   so the debian:bookworm image built by debuerreotype) installs.
//
// Format of the table (one line per package, sorted by name, so the line
// number, header lines not counted, is the package's index):
//   P+NAME SIZE[*] [DEPS][|RECS]
// P is one base-36 digit: how many leading characters NAME shares with the
// previous line's name (front coding; the rest follows). SIZE is the
// Installed-Size in KiB, `*` marks a base package (no dependencies listed),
// DEPS and RECS are comma-separated base-36 line indexes (transitively
// reduced, see below). Lines starting with `#` are header; lines
// `@VIRTUAL INDEX`, after the packages, name the one provider of a virtual package.
//
// Scope: not every package is kept (see "Packages kept" below): about 42,800 of
// the 66,500 bookworm packages, so the table stays near 440 KB (Brotli).
//
// Related figure, measured on the same machine and used by run.ts:
// `du -sb /var/lib/apt/lists` after `apt-get update` = 19,878,102 bytes (the
// official image's apt configuration keeps the lists lz4-compressed).
//
// Deterministic: the same lists give the same file byte for byte.
// Usage: node scripts/gen-debian-sizes.mjs [--out FILE]
import { execFileSync } from 'node:child_process';
import { brotliCompressSync, constants as zlib } from 'node:zlib';
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const LISTS = '/var/lib/apt/lists';
const SUITES = ['bookworm', 'bookworm-updates', 'bookworm-security'];
const root = new URL('..', import.meta.url).pathname;
const outArg = process.argv.indexOf('--out');
const out = outArg > 0 ? process.argv[outArg + 1] : join(root, 'server/src/layers/data/debianPackages.txt.br');

function listFile(suite) {
  const names = existsSync(LISTS) ? readdirSync(LISTS) : [];
  const re = new RegExp(`_dists_${suite}_main_binary-amd64_Packages(\\.(lz4|gz|xz|zst|bz2))?$`);
  const name = names.find((n) => re.test(n));
  const release = names.find((n) => n.endsWith(`_dists_${suite}_InRelease`));
  if (!name || !release) {
    console.error(`No Packages index for ${suite} main amd64 in ${LISTS}: run \`apt-get update\` on a Debian 12 (bookworm) amd64 machine first.`);
    process.exit(1);
  }
  const date = /^Date: (.*)$/m.exec(readFileSync(join(LISTS, release), 'latin1'))?.[1] ?? 'unknown';
  return { path: join(LISTS, name), name, date };
}

/** The stanzas of a Packages file, as field maps (continuation lines joined with a space). */
function* stanzas(text) {
  for (const block of text.split(/\n\n+/)) {
    const f = new Map();
    let last;
    for (const line of block.split('\n')) {
      const m = /^([A-Za-z0-9-]+):\s*(.*)$/.exec(line);
      if (m) f.set((last = m[1]), m[2]);
      else if (last && /^\s/.test(line)) f.set(last, f.get(last) + ' ' + line.trim());
    }
    if (f.has('Package')) yield f;
  }
}

/** Debian version comparison (deb-version(7)): epoch, then upstream and revision by dpkg's ordering. */
function compareVersions(a, b) {
  const split = (v) => {
    const colon = v.indexOf(':');
    const epoch = colon > 0 ? Number(v.slice(0, colon)) : 0;
    const rest = colon > 0 ? v.slice(colon + 1) : v;
    const dash = rest.lastIndexOf('-');
    return [epoch, dash >= 0 ? rest.slice(0, dash) : rest, dash >= 0 ? rest.slice(dash + 1) : ''];
  };
  const order = (c) => (c === '~' ? -1 : c === undefined ? 0 : /[A-Za-z]/.test(c) ? c.charCodeAt(0) : c.charCodeAt(0) + 256);
  const part = (x, y) => {
    let i = 0;
    let j = 0;
    while (i < x.length || j < y.length) {
      while ((i < x.length && !/\d/.test(x[i])) || (j < y.length && !/\d/.test(y[j]))) {
        const cx = i < x.length && !/\d/.test(x[i]) ? x[i] : undefined;
        const cy = j < y.length && !/\d/.test(y[j]) ? y[j] : undefined;
        if (order(cx) !== order(cy)) return order(cx) - order(cy);
        if (cx !== undefined) i++;
        if (cy !== undefined) j++;
      }
      let nx = '';
      let ny = '';
      while (i < x.length && /\d/.test(x[i])) nx += x[i++];
      while (j < y.length && /\d/.test(y[j])) ny += y[j++];
      const d = Number(nx || 0) - Number(ny || 0);
      if (d) return d;
    }
    return 0;
  };
  const [ea, ua, ra] = split(a);
  const [eb, ub, rb] = split(b);
  return ea - eb || part(ua, ub) || part(ra, rb);
}

const packages = new Map(); // name -> { size, depends, recommends, provides, priority, essential }
const sources = [];
for (const suite of SUITES) {
  const file = listFile(suite);
  sources.push(file);
  const text = execFileSync('/usr/lib/apt/apt-helper', ['cat-file', file.path], { encoding: 'utf8', maxBuffer: 1 << 30 });
  for (const f of stanzas(text)) {
    const groups = (field) => (f.get(field) ?? '').split(',').map((g) => g.split('|').map((a) => a.trim().split(/[\s(]/)[0].replace(/:(any|native)$/, '')).filter(Boolean)).filter((g) => g.length);
    const known = packages.get(f.get('Package'));
    if (known && compareVersions(known.version, f.get('Version') ?? '') >= 0) continue;
    packages.set(f.get('Package'), {
      version: f.get('Version') ?? '',
      size: Number(f.get('Installed-Size') ?? 0),
      depends: [...groups('Pre-Depends'), ...groups('Depends')],
      recommends: groups('Recommends'),
      provides: groups('Provides').map((g) => g[0]),
      priority: f.get('Priority') ?? 'extra',
      essential: f.get('Essential') === 'yes',
      section: (f.get('Section') ?? '').replace(/^.*\//, ''),
      tags: f.get('Tag') ?? '',
    });
  }
}

const RANK = { required: 0, important: 1, standard: 2, optional: 3, extra: 4 };
const providers = new Map();
for (const [name, p] of packages) for (const v of p.provides) (providers.get(v) ?? providers.set(v, []).get(v)).push(name);
for (const list of providers.values()) list.sort((a, b) => (RANK[packages.get(a).priority] ?? 5) - (RANK[packages.get(b).priority] ?? 5) || (a < b ? -1 : a > b ? 1 : 0));

/** The real packages an alternative can be satisfied by: itself, else its providers. */
const candidates = (alt) => (packages.has(alt) ? [alt] : providers.get(alt) ?? []);

// the base: required / essential packages and their Depends closure (first resolvable alternative)
const base = new Set();
const queue = [...packages].filter(([, p]) => p.priority === 'required' || p.essential).map(([n]) => n);
while (queue.length) {
  const n = queue.pop();
  if (base.has(n)) continue;
  base.add(n);
  for (const g of packages.get(n).depends) {
    if (g.some((a) => candidates(a).some((c) => base.has(c)))) continue;
    const alt = g.find((a) => candidates(a).length);
    if (alt) queue.push(candidates(alt)[0]);
  }
}

/** One real, non-base package per dependency group; groups the base satisfies are dropped. */
const resolve = (groups) => {
  const outSet = new Set();
  for (const g of groups) {
    if (g.some((a) => candidates(a).some((c) => base.has(c)))) continue;
    const alt = g.find((a) => candidates(a).length);
    if (alt) outSet.add(candidates(alt)[0]);
  }
  return outSet;
};

// Dependency edges, resolved, then transitively reduced: the closure is all the estimator needs, and an
// edge A→C is redundant when C is reachable from A through its other edges (Depends edges through
// Depends only, so the closure without Recommends stays exact too).
const all = [...packages.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
const deps = new Map();
const recs = new Map();
for (const name of all) {
  if (base.has(name)) continue;
  const p = packages.get(name);
  const d = resolve(p.depends);
  d.delete(name);
  deps.set(name, [...d].sort());
  recs.set(name, [...resolve(p.recommends)].filter((r) => r !== name && !d.has(r)).sort());
}
const succ = (n, withRecs) => (withRecs ? [...(deps.get(n) ?? []), ...(recs.get(n) ?? [])] : deps.get(n) ?? []);
/** Whether `target` is reachable from `from` without passing through `self`. */
function reachable(from, target, self, withRecs) {
  const seen = new Set(from);
  const queue = [...from];
  while (queue.length) {
    const x = queue.pop();
    if (x === target) return true;
    if (x === self) continue;
    for (const y of succ(x, withRecs)) if (!seen.has(y)) seen.add(y), queue.push(y);
  }
  return false;
}
for (const a of deps.keys()) {
  for (const c of [...deps.get(a)]) {
    const others = deps.get(a).filter((x) => x !== c);
    if (others.length && reachable(others, c, a, false)) deps.set(a, others);
  }
  for (const c of [...recs.get(a)]) {
    const others = [...deps.get(a), ...recs.get(a).filter((x) => x !== c)];
    if (others.length && reachable(others, c, a, true)) recs.set(a, recs.get(a).filter((x) => x !== c));
  }
}

// Packages kept: the base, every package not left out below, and whatever a kept package depends on
// or recommends (so every closure stays complete). Left out unless a kept package needs them, as
// images rarely apt-install them and the table must stay small (the .vsix ships it):
// - shared libraries (lib* but not lib*-dev): they come in as dependencies;
// - library packages of ecosystems with their own package manager (cargo, go, cabal, R, npm, Emacs,
//   opam, gem, CPAN, Maven): librust-*, golang-*-dev, libghc-*, r-cran-*, r-bioc-*, node-*, elpa-*,
//   *-ocaml*, ruby-*, *-perl, *-java (python3-* stay: images often apt-install them);
// - documentation (*-doc, Section doc), debug symbols (*-dbg, Section debug), task-* metapackages;
// - desktop software: Sections games, gnome, kde, xfce, gnustep, hamradio, electronics, and
//   packages whose debtags say X11/GUI toolkit/game/documentation/GNOME/KDE.
const OMITTED_NAMES = /^(librust-|golang-.*-dev$|libghc-|r-cran-|r-bioc-|node-|elpa-|ruby-|task-)|-ocaml|-perl$|-java$|-doc$|-dbg$|^lib(?!.*-dev$)/;
const OMITTED_SECTIONS = new Set(['doc', 'debug', 'games', 'gnome', 'kde', 'xfce', 'gnustep', 'hamradio', 'electronics']);
const OMITTED_TAGS = /interface::x11|interface::3d|uitoolkit::|game::|role::documentation|suite::gnome|suite::kde|x11::/;
const omitted = (n) => {
  const p = packages.get(n);
  return OMITTED_NAMES.test(n) || OMITTED_SECTIONS.has(p.section) || OMITTED_TAGS.test(p.tags);
};
const kept = new Set();
const stack = all.filter((n) => base.has(n) || !omitted(n));
while (stack.length) {
  const n = stack.pop();
  if (kept.has(n)) continue;
  kept.add(n);
  stack.push(...succ(n, true));
}
const names = all.filter((n) => kept.has(n));
const index = new Map(names.map((n, i) => [n, i]));
let previous = '';
const lines = names.map((name) => {
  let k = 0;
  while (k < 35 && k < previous.length && k < name.length && previous[k] === name[k]) k++;
  previous = name;
  let line = `${k.toString(36)}${name.slice(k)} ${packages.get(name).size}`;
  if (base.has(name)) return line + '*';
  const enc = (list) => list.map((n) => index.get(n)).sort((x, y) => x - y).map((i) => i.toString(36)).join(',');
  const d = enc(deps.get(name));
  const r = enc(recs.get(name));
  if (d || r) line += ' ' + d + (r ? '|' + r : '');
  return line;
});

const header = [
  '# Debian 12 (bookworm) amd64 packages: NAME SIZE_KIB[*=base] [DEPS][|RECOMMENDS] (base-36 line indexes)',
  ...sources.map((s) => `# ${s.name} (InRelease Date: ${s.date})`),
];
// Virtual packages with a single kept provider: `apt-get install VIRTUAL` installs that provider
// (with several, apt asks to choose one and fails in a build: left out).
const aliases = [...providers]
  .filter(([v, list]) => !packages.has(v) && !OMITTED_NAMES.test(v) && list.length === 1 && kept.has(list[0]))
  .map(([v, list]) => `@${v} ${index.get(list[0]).toString(36)}`)
  .sort();
const data = [...header, ...lines, ...aliases].join('\n') + '\n';
// Brotli (deterministic at a fixed quality and window), as a plain data file: nothing is compiled into
// the bundles; scripts/build.mjs makes dist/debian-packages.bin from it.
const packed = brotliCompressSync(Buffer.from(data, 'utf8'), {
  params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_LGWIN]: 24, [zlib.BROTLI_PARAM_SIZE_HINT]: data.length },
});
writeFileSync(out, packed);
console.log(`${out}: ${names.length} packages (${base.size} base), ${data.length} bytes, ${packed.length} bytes Brotli`);
