/**
 * Estimates what a RUN instruction adds to the image, where an honest
 * estimate is possible, and says why otherwise.
 *
 * Docker behaviour relied on:
 * - A RUN's layer holds every file the command creates or changes, whole
 *   (overlayfs copy-up: changing one byte of a base-image file stores the
 *   entire file again); files created and deleted within the same RUN never
 *   reach the layer, while deleting a file of an earlier layer adds only a
 *   whiteout and does not make the image smaller
 *   (https://docs.docker.com/build/building/best-practices/#apt-get,
 *   https://docs.docker.com/get-started/docker-concepts/building-images/understanding-image-layers/).
 * - Shell form runs `/bin/sh -c COMMAND` (or the stage's SHELL); exec form runs
 *   the program directly unless it is itself a shell with `-c`; `RUN <<EOF`
 *   feeds the heredoc to the shell (https://docs.docker.com/reference/dockerfile/#run).
 *
 * Debian behaviour relied on:
 * - `apt-get install P` installs P, its Depends/Pre-Depends closure and, unless
 *   `--no-install-recommends` (or `APT::Install-Recommends=false`), its
 *   Recommends, recursively, minus what is already installed; Installed-Size
 *   (Debian Policy §5.6.20) is the unpacked size in KiB. The table
 *   (data/debianPackages.txt.br, made by scripts/gen-debian-sizes.mjs, shipped
 *   as dist/debian-packages.bin: see debianTable.ts) holds Debian
 *   12 (bookworm, amd64) figures; base-system packages (Priority required,
 *   Essential, and their dependencies: the debian image's minbase) count 0.
 *   `low` counts the named packages only, `high` the whole closure. `bytes` is
 *   `high` on a minimal Debian/Ubuntu base (debian, ubuntu, *-slim: nothing
 *   else is preinstalled), else the midpoint (larger bases such as
 *   buildpack-deps already ship many dependencies). Packages installed by
 *   earlier RUNs of the stage (and of the stages it is built FROM) count 0.
 *   dpkg's own database, logs and debconf cache grow too (a few hundred KiB
 *   copied up): not counted.
 * - `apt-get update` writes the package lists to /var/lib/apt/lists: measured
 *   on Debian 12 with the official image's configuration (`Acquire::GzipIndexes`,
 *   lists kept lz4-compressed; `Acquire::Languages "none"`): 19,878,102 bytes
 *   (`du -sb`, bookworm + bookworm-updates + bookworm-security, main, amd64),
 *   counted unless the same RUN deletes /var/lib/apt/lists.
 * - The official Debian and Ubuntu images delete downloaded .deb files after
 *   every install (/etc/apt/apt.conf.d/docker-clean, `DPkg::Post-Invoke`), so
 *   `apt-get clean` and `rm -rf /var/cache/apt/*` change nothing here: the
 *   archives are never counted.
 * - `apt-get purge`/`remove` in the same RUN removes files this estimate counts:
 *   the figure is then an upper bound (said in the note).
 */
import { trimEnd } from '../parser/text';
import { withoutQuery } from '../model/sources';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { DockerfileDocument } from '../model/document';
import type { StageInfo } from '../model/stages';
import type { Instruction } from '../parser';
import { isPosixShell, shellScriptIndex } from '../parser/shellInvocation';
import {
  aptSimulates,
  aptSubcommand,
  operands,
  pipArgs,
  programs,
  removedPaths,
  removes,
  runScripts,
  splitShell,
  normalizePath,
  type ProgramCall,
  type ShellScript,
  type ShellWord,
} from '../model/shellWords';
import { openDebianTable, parseDebianTable, type DebianTable } from './debianTable';
import type { SizeEstimate, SizeItem } from '../protocol/layers';

export interface RunEstimateOptions {
  /** Content-Length of URLs the caller HEADed. */
  downloads?: ReadonlyMap<string, number>;
}

/** What `apt-get update` leaves in /var/lib/apt/lists on Debian 12 (see the module comment). */
export const APT_LISTS_BYTES = 19_878_102;
const TABLE_NOTE = 'Debian 12 (bookworm, amd64) installed sizes';

// ---------------------------------------------------------------- the Debian table

export type { DebianTable } from './debianTable';

/** The binary table's file name: scripts/build.mjs writes it into dist/, next to the bundles. */
export const DEBIAN_TABLE_FILE = 'debian-packages.bin';
/** The text table, the source of truth, from the repository root (read only when no binary table is found). */
const DEBIAN_TEXT_FILE = 'server/src/layers/data/debianPackages.txt.br';

interface LoadedTable {
  table?: DebianTable;
  /** The file the table was read from, or why there is none. */
  from: string;
}
let loaded: LoadedTable | undefined;

/**
 * The bundled table, read on first use (see debianTable.ts): the binary file next to the running
 * bundle (dist/debian-packages.bin for dist/server.js and dist/cli.js), read whole and viewed as
 * typed arrays (about 1.6 MB outside the JS heap, no parsing, a dozen JS objects). A bundle built
 * elsewhere (the tests: out/test/…, .mt/) looks for dist/debian-packages.bin in the folders above it,
 * up to the repository root (the first with a package.json); a checkout never built parses the
 * text table there instead. Throws when there is no table at all (an incomplete installation):
 * estimateRun checks debianTableAvailable() first and says so in its note.
 */
export function debianTable(): DebianTable {
  const l = (loaded ??= loadDebianTable());
  if (!l.table) throw new Error(`No Debian package table: ${l.from}`);
  return l.table;
}

/** Whether the table can be read (else RUN estimates of apt installs are unknown). */
export function debianTableAvailable(): boolean {
  return !!(loaded ??= loadDebianTable()).table;
}

/** The file the table was read from (binary or text), or why there is none. */
export function debianTableSource(): string {
  return (loaded ??= loadDebianTable()).from;
}

/** Tests: use `t` as the table (null: as if none were installed; undefined: read it again on next use). */
export function replaceDebianTable(t: DebianTable | null | undefined): void {
  loaded = t === undefined ? undefined : t ? { table: t, from: 'replaced' } : { from: 'replaced by none' };
}

function loadDebianTable(): LoadedTable {
  const problems: string[] = [];
  const read = (file: string): Buffer | undefined => {
    try {
      return readFileSync(file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') problems.push(`${file}: ${(e as Error).message}`);
      return undefined;
    }
  };
  const candidates = [join(__dirname, DEBIAN_TABLE_FILE)];
  let root: string | undefined;
  for (let dir = __dirname; ; ) {
    candidates.push(join(dir, 'dist', DEBIAN_TABLE_FILE));
    if (existsSync(join(dir, 'package.json'))) {
      root = dir;
      break;
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  for (const file of candidates) {
    const bin = read(file);
    if (!bin) continue;
    try {
      return { table: openDebianTable(bin), from: file };
    } catch (e) {
      problems.push(`${file}: ${(e as Error).message}`);
    }
  }
  // a checkout that was never built: the text table (brotli-compressed), parsed in memory
  const textFile = root && join(root, DEBIAN_TEXT_FILE);
  const packed = textFile && read(textFile);
  if (textFile && packed) {
    try {
      const { brotliDecompressSync } = require('node:zlib') as typeof import('node:zlib');
      // one output chunk larger than the text (1 MB): a single allocation, its untouched tail costing nothing
      return { table: parseDebianTable(brotliDecompressSync(packed, { chunkSize: Math.max(2 << 20, packed.length * 4) })), from: textFile };
    } catch (e) {
      problems.push(`${textFile}: ${(e as Error).message}`);
    }
  }
  return { from: problems.length ? problems.join('; ') : `${join(__dirname, DEBIAN_TABLE_FILE)} not found` };
}

/** The packages apt installs for `roots`: their Depends (and Recommends) closure, base packages excluded. */
export function debianClosure(roots: Iterable<number>, withRecommends: boolean): Set<number> {
  const t = debianTable();
  const out = new Set<number>();
  const stack = [...roots];
  while (stack.length) {
    const i = stack.pop()!;
    if (out.has(i) || t.base[i]) continue;
    out.add(i);
    // index loops: `for…of` over a typed array allocates an iterator result per edge until V8 optimises it
    const deps = t.deps(i);
    for (let k = 0; k < deps.length; k++) if (!out.has(deps[k])) stack.push(deps[k]);
    if (!withRecommends) continue;
    const recs = t.recs(i);
    for (let k = 0; k < recs.length; k++) if (!out.has(recs[k])) stack.push(recs[k]);
  }
  return out;
}

// ---------------------------------------------------------------- the RUN's commands

const word = (value: string): ShellWord => ({ value, start: 0, end: 0, quoted: false, dynamic: false, glob: false });
const parseScript = (text: string): ShellScript => splitShell(text, 0, text.length);

/**
 * The shell scripts a RUN runs, from the instruction alone: the shell-form
 * command line (or the heredoc it feeds to a shell), `sh -c SCRIPT` in exec
 * form, or the exec-form argv as one command.
 */
function scriptsOf(ins: Instruction): ShellScript[] {
  const elements = ins.args.map((a) => a.value);
  if (ins.form === 'exec') {
    const k = shellScriptIndex(elements);
    if (k !== undefined && elements.slice(0, k).some(isPosixShell)) return [parseScript(elements[k])];
    if (!elements.length) return [];
    return [{ commands: [{ words: elements.map(word), op: '', heredocs: [], start: 0, end: 0 }], hasComment: false, incomplete: false }];
  }
  const line = parseScript(elements.join(' '));
  const only = line.commands.length === 1 ? line.commands[0] : undefined;
  const feedsShell = only && only.heredocs.length > 0 && ins.heredocs.length > 0 && (only.words.length === 0 || (isPosixShell(only.words[0].value) && only.words.slice(1).every((w) => w.value.startsWith('-') && !w.value.includes('c'))));
  return [feedsShell ? parseScript(ins.heredocs[0].content) : line];
}

const CURL_ARG_OPTIONS = new Set([
  '-o', '--output', '-H', '--header', '-d', '--data', '--data-raw', '--data-binary', '--data-urlencode', '-u', '--user', '-A', '--user-agent', '-e', '--referer',
  '-w', '--write-out', '-x', '--proxy', '-m', '--max-time', '--connect-timeout', '--retry', '--retry-delay', '--retry-max-time', '-C', '--continue-at', '-T', '--upload-file',
  '-b', '--cookie', '-c', '--cookie-jar', '-K', '--config', '-r', '--range', '-X', '--request', '-F', '--form', '--cacert', '--capath', '-E', '--cert', '--key', '--resolve',
  '--limit-rate', '-y', '--speed-time', '-Y', '--speed-limit', '--proto', '--proto-redir', '--output-dir', '--create-file-mode', '--max-filesize', '--max-redirs', '--interface',
]);
const WGET_ARG_OPTIONS = new Set(['-O', '--output-document', '-P', '--directory-prefix', '-o', '--output-file', '-a', '--append-output', '-t', '--tries', '-T', '--timeout', '-U', '--user-agent', '--header', '-e', '--execute', '-i', '--input-file', '-w', '--wait', '--user', '--password', '--ca-certificate', '-Q', '--quota']);
const isUrl = (s: string) => /^(https?|ftp):\/\/[^\s]+$/i.test(s);
const urlBasename = (url: string) => {
  const path = trimEnd(withoutQuery(url), '/');
  return decodeURIComponent(path.slice(path.lastIndexOf('/') + 1)) || 'index.html';
};

interface Download {
  url: string;
  /** Where the file is saved: an absolute path, a relative one, or undefined (stdout). */
  file: string | undefined;
  call: ProgramCall;
}

/**
 * The value of a short option `-o` among args: `-o FILE`, `-oFILE`, in a cluster
 * (`-fsSLo FILE`, `-qO-`: the option taking a value ends the flags), or of its
 * long form (`--output FILE`, `--output=FILE`).
 */
function optionValue(args: ShellWord[], short: string, long: string): ShellWord | undefined {
  for (let i = 0; i < args.length; i++) {
    const v = args[i].value;
    if (v === '--') break;
    if (v === long) return args[i + 1];
    if (v.startsWith(long + '=')) return { ...args[i], value: v.slice(long.length + 1) };
    const rest = v.startsWith('--') ? undefined : afterInCluster(v, short[1]);
    if (rest !== undefined) return rest ? { ...args[i], value: rest } : args[i + 1];
  }
  return undefined;
}

/** In a cluster of short options (`-fsSLo…`), what follows `letter`; undefined when the cluster has no `letter`. */
function afterInCluster(word: string, letter: string): string | undefined {
  if (!word.startsWith('-')) return undefined;
  for (let i = 1; i < word.length; i++) {
    if (word[i] === letter) return word.slice(i + 1);
    if (!/[a-zA-Z]/.test(word[i])) return undefined;
  }
  return undefined;
}

/** The downloads of one program call (curl / wget), with where each is saved. */
function downloadsOf(call: ProgramCall): Download[] {
  if (call.name === 'curl') {
    const urls = operands(call.args, CURL_ARG_OPTIONS).filter((w) => !w.dynamic && isUrl(w.value));
    const out = optionValue(call.args, '-o', '--output');
    const remoteName = call.args.some((a) => a.value === '-O' || a.value === '--remote-name' || a.value === '--remote-name-all' || (/^-[a-zA-Z]+$/.test(a.value) && a.value.includes('O')));
    return urls.map((u) => ({ url: u.value, file: out && !out.dynamic && out.value !== '-' ? out.value : remoteName ? urlBasename(u.value) : undefined, call }));
  }
  if (call.name === 'wget') {
    const urls = operands(call.args, WGET_ARG_OPTIONS).filter((w) => !w.dynamic && isUrl(w.value));
    const out = optionValue(call.args, '-O', '--output-document');
    const dir = optionValue(call.args, '-P', '--directory-prefix');
    return urls.map((u) => {
      if (out) return { url: u.value, file: out.dynamic || out.value === '-' ? undefined : out.value, call };
      const name = urlBasename(u.value);
      return { url: u.value, file: dir && !dir.dynamic ? `${dir.value}/${name}` : name, call };
    });
  }
  return [];
}

/** Whether a file a script writes (absolute or relative to the working directory) is removed by the script's `rm` calls. */
function removedBy(calls: ProgramCall[]): (file: string) => boolean {
  const removed = removedPaths(calls);
  return (file) => {
    if (file.startsWith('/')) {
      const p = normalizePath(file);
      return removed.some((r) => r.path === p || removes(r.path, p));
    }
    return calls.some((c) => c.name === 'rm' && operands(c.args).some((w) => !w.dynamic && w.value === file));
  };
}

/** `curl -o`/`-O` and `wget` URLs saved to a file the RUN keeps: the ones whose size the caller may HEAD. */
export function downloadUrls(ins: Instruction): string[] {
  if (ins.name !== 'RUN') return [];
  const urls = new Set<string>();
  for (const script of scriptsOf(ins)) {
    const calls = programs(script);
    const isRemoved = removedBy(calls);
    for (const call of calls) for (const d of downloadsOf(call)) if (d.file !== undefined && !isRemoved(d.file)) urls.add(d.url);
  }
  return [...urls];
}

// ---------------------------------------------------------------- classification of programs

/** Programs that write nothing, or only a few bytes of metadata (directory entries, links, whiteouts). */
const NO_DATA = new Set([
  'true', 'false', ':', 'cd', 'pushd', 'popd', 'set', 'export', 'unset', 'exit', 'return', 'test', '[', '[[', 'echo', 'printf', 'sleep', 'which', 'command', 'type', 'id',
  'whoami', 'uname', 'mkdir', 'ln', 'rm', 'rmdir', 'for', 'case', 'esac', 'in', 'ls', 'cat', 'grep', 'env', 'printenv', 'pwd', 'date', 'getent', 'umask', 'trap', 'wait',
  'break', 'continue', 'local', 'shift', 'readonly', 'eval', 'dpkg-architecture', 'sha256sum', 'sha512sum', 'sha1sum', 'md5sum', 'head', 'tail', 'awk', 'cut', 'tr', 'sort',
  'xargs', 'find', 'stat', 'wc', 'basename', 'dirname', 'readlink', 'realpath', 'nproc', 'tee', 'dpkg-query', 'dpkg-divert',
]);
/** Programs that rewrite small system files (/etc/passwd, /etc/group, /etc/shadow…) and maybe a home directory from /etc/skel: a few KiB. */
const SMALL_WRITES = new Set(['useradd', 'groupadd', 'adduser', 'addgroup', 'usermod', 'groupmod', 'chpasswd', 'update-alternatives', 'gpg', 'gpg1', 'gpgv', 'gpgconf', 'gpg-agent', 'dirmngr', 'apt-mark']);
const SMALL_BYTES = 64 * 1024;

/** Why a program's writes are not known. */
function unknownReason(call: ProgramCall): string {
  const n = call.name;
  if (n === 'apk') return 'no offline size index for Alpine packages';
  if (['dnf', 'yum', 'microdnf', 'rpm', 'zypper', 'tdnf'].includes(n)) return 'no offline size index for RPM packages';
  if (pipArgs(call) || n === 'pipx' || n === 'uv' || n === 'poetry') return 'no offline size index for PyPI packages (wheel sizes depend on the platform)';
  if (['npm', 'npx', 'yarn', 'pnpm', 'bun'].includes(n)) return 'no offline size index for npm packages';
  if (['gem', 'bundle', 'bundler'].includes(n)) return 'no offline size index for Ruby gems';
  if (['go', 'cargo', 'mvn', 'gradle', 'composer', 'dotnet', 'conda', 'mamba', 'micromamba'].includes(n)) return `\`${n}\` downloads and builds what it needs: its output size is not known before the build`;
  if (['tar', 'unzip', 'gunzip', 'bunzip2', 'xz', 'unxz', '7z', 'dpkg'].includes(n)) return `\`${n}\` unpacks an archive: the unpacked size is not known before the build`;
  if (['chmod', 'chown', 'chgrp', 'touch', 'sed', 'mv', 'cp', 'install', 'setcap'].includes(n)) return `\`${n}\` changes or copies files: Docker stores each changed file whole in the layer, and their sizes are not known here`;
  if (isPosixShell(n) || n === 'source' || n === '.') return 'runs a script whose writes are not known';
  if (n === 'curl' || n === 'wget') return `\`${n}\` downloads from a URL only known at build time`;
  return `\`${n}\` writes files of unknown size`;
}

/** Indexes of the commands that are `case` patterns (`arm64)`, `a|b)`, `*)`): words, not programs. */
function casePatterns(script: ShellScript): Set<number> {
  const out = new Set<number>();
  const cmds = script.commands;
  let depth = 0;
  const inCase: boolean[] = cmds.map((c) => {
    const w = c.words.map((x) => x.value);
    if (w[0] === 'case') depth++;
    const here = depth > 0;
    if (w.includes('esac')) depth = Math.max(0, depth - 1);
    return here;
  });
  for (let k = cmds.length - 1; k >= 0; k--) {
    const c = cmds[k];
    if (!inCase[k] || c.words.length !== 1) continue;
    if (c.op === ')' || (c.op === '|' && out.has(k + 1))) out.add(k);
  }
  return out;
}

// ---------------------------------------------------------------- apt

const APT_ARG_OPTIONS = new Set(['-o', '-t', '-c', '--option', '--target-release', '--default-release', '--config-file']);

interface AptInstall {
  /** Table indexes of the named packages found. */
  found: number[];
  /** Named packages the table does not have (or dynamic names). */
  missing: string[];
  recommends: boolean;
}

/** The packages an `apt-get install` names: `pkg=version`, `pkg/release`, `pkg:arch` reduced to the name; `pkg-` (remove) skipped. */
function aptInstall(call: ProgramCall, sub: { index: number }): AptInstall {
  const t = debianTable();
  const args = call.args.slice(sub.index + 1);
  const norecs = call.args.some((a) => a.value === '--no-install-recommends' || /install-recommends\s*=\s*["']?(false|0|no|off)\b/i.test(a.value));
  const found: number[] = [];
  const missing: string[] = [];
  for (const w of operands(args, APT_ARG_OPTIONS)) {
    const cut = w.value.search(/[=/]/);
    let name = (cut < 0 ? w.value : w.value.slice(0, cut)).replace(/:[a-z0-9]+$/, '').toLowerCase();
    // `pkg-` removes a package, `pkg+` installs it (unless the name itself ends so: `g++`)
    if (/[-+]$/.test(name) && t.lookup(name) === undefined && t.lookup(name.slice(0, -1)) !== undefined) {
      if (name.endsWith('-')) continue;
      name = name.slice(0, -1);
    }
    const i = w.dynamic || w.glob ? undefined : t.lookup(name);
    if (i === undefined) missing.push(w.value);
    else found.push(i);
  }
  return { found, missing, recommends: !norecs };
}

const NOT_DEBIAN = /(^|[/:@_.-])(alpine|fedora|centos|rhel|ubi[0-9]*|rockylinux|almalinux|amazonlinux|oraclelinux|opensuse|sles|suse|archlinux|busybox|scratch|wolfi|chainguard|photon|mariner|azurelinux|clearlinux|gentoo|void|nixos|windows|nanoserver|servercore)([/:@_.-]|$)/i;
const MINIMAL_DEBIAN = /(^|\/)(debian|ubuntu)(:|@|$)|-slim([:@-]|$)|slim$/i;

/** The external image a stage is ultimately built FROM. */
function rootImage(stage: StageInfo | undefined): string | undefined {
  for (let d = 0; stage && d < 100; d++) {
    if (!stage.baseStage) return stage.image;
    stage = stage.baseStage;
  }
  return undefined;
}

/** The stages a stage is built FROM, itself included. */
function stageChain(stage: StageInfo | undefined): Set<StageInfo> {
  const out = new Set<StageInfo>();
  for (let d = 0; stage && !out.has(stage) && d < 100; d++, stage = stage.baseStage) out.add(stage);
  return out;
}

/** Table packages one RUN installs (with their closure); depends on the instruction alone. */
const ownInstallsCache = new WeakMap<Instruction, Set<number>>();
function ownInstalls(ins: Instruction): Set<number> {
  let out = ownInstallsCache.get(ins);
  if (out) return out;
  out = new Set<number>();
  if (ins.name === 'RUN') {
    for (const script of scriptsOf(ins)) {
      for (const call of programs(script)) {
        const sub = aptSubcommand(call);
        if (!sub || sub.word.value !== 'install' || aptSimulates(call)) continue;
        const a = aptInstall(call, sub);
        for (const i of debianClosure(a.found, a.recommends)) out.add(i);
      }
    }
  }
  ownInstallsCache.set(ins, out);
  return out;
}

/**
 * What a stage's RUNs installed up to some instruction, grown as the estimates
 * go down the stage (they are asked in document order), so a stage of n RUNs
 * costs O(n), not O(n²). Keyed by the stage of one document version.
 */
const progress = new WeakMap<StageInfo, { next: number; set: Set<number> }>();
function installedInStageBefore(stage: StageInfo, offset: number): Set<number> {
  let p = progress.get(stage);
  if (!p || (p.next > 0 && stage.instructions[p.next - 1].start >= offset)) progress.set(stage, (p = { next: 0, set: new Set() }));
  const list = stage.instructions;
  while (p.next < list.length && list[p.next].start < offset) {
    for (const i of ownInstalls(list[p.next])) p.set.add(i);
    p.next++;
  }
  return p.set;
}

/** Table packages installed by the RUNs before `ins` in its stage and the stages it is built FROM (do not modify). */
function installedBefore(ins: Instruction, doc: DockerfileDocument, stage: StageInfo | undefined): ReadonlySet<number> {
  if (!stage) return new Set();
  const own = installedInStageBefore(stage, ins.start);
  const chain = [...stageChain(stage)].filter((s) => s !== stage);
  if (!chain.length) return own;
  const out = new Set(own);
  for (const s of chain) for (const i of installedInStageBefore(s, Infinity)) out.add(i);
  return out;
}

// ---------------------------------------------------------------- the estimate

const KIB = 1024;
/**
 * `n` with thousands separators, as `toLocaleString('en-US')` writes integers — without it: the first
 * toLocaleString makes V8 load ICU's number-formatting data, about 9 MB of RSS for the server's life.
 */
const fmt = (n: number): string => {
  if (!Number.isSafeInteger(n)) return n.toLocaleString('en-US');
  // groups of three digits from the right (a loop: the lookahead pattern for it is polynomial)
  const digits = String(Math.abs(n));
  let out = '';
  for (let end = digits.length; end > 0; end -= 3) out = digits.slice(Math.max(0, end - 3), end) + (out ? ',' + out : '');
  return (n < 0 ? '-' : '') + out;
};

/**
 * The estimated size of a RUN's layer: apt installs (Debian table), `apt-get
 * update` lists, downloads of known size; null with the reason when any
 * command writes something unknown.
 */
export function estimateRun(ins: Instruction, doc: DockerfileDocument, opts: RunEstimateOptions = {}): SizeEstimate {
  const stage = doc.stageAt(ins.start);
  if (ins.form === 'shell' && ins.args.length && runScripts(doc, ins).length === 0) {
    return { bytes: null, basis: 'unknown', note: 'Unknown: the command runs in a non-POSIX shell (SHELL or a Windows base image): its writes are not analysed.' };
  }
  const scripts = scriptsOf(ins);
  const items: SizeItem[] = [];
  const unknowns: string[] = [];
  let fixed = 0; // apt lists and downloads of known size
  let usedDownload = false;
  let smallWrites = false;

  const image = rootImage(stage);
  const debianLike = !image || !NOT_DEBIAN.test(image);
  const named = new Set<number>();
  const withRecs = new Set<number>();
  const withoutRecs = new Set<number>();
  let listsUpdated = false;
  let listsRemoved = false;
  let purges = false;

  for (const script of scripts) {
    if (script.incomplete) unknowns.push('part of the command could not be read (unterminated quote or substitution)');
    const calls = programs(script);
    const removed = removedPaths(calls);
    const isRemoved = removedBy(calls);
    if (removed.some((r) => r.path === '/var/lib/apt/lists' || r.path.startsWith('/var/lib/apt/lists/') || r.path === '/var/lib/apt')) listsRemoved = true;
    const written = new Set<string>(); // files downloaded by this script, for chmod & co
    const patterns = casePatterns(script);
    for (const call of calls) {
      if (patterns.has(call.index)) continue;
      if (call.word.dynamic) {
        unknowns.push(`\`${call.word.value}\` is only known at build time`);
        continue;
      }
      const sub = aptSubcommand(call);
      if (sub) {
        const s = sub.word.value;
        if (aptSimulates(call) || ['clean', 'autoclean', 'auto-clean', 'distclean', 'dist-clean', 'policy', 'show', 'search', 'list', 'depends', 'rdepends', 'autoremove', 'auto-remove'].includes(s)) continue;
        if (s === 'update') {
          listsUpdated = true;
          continue;
        }
        if (s === 'purge' || s === 'remove') {
          purges = true;
          continue;
        }
        if (s === 'install' && debianLike) {
          if (call.args.some((a) => a.value === '--update')) listsUpdated = true;
          if (!debianTableAvailable()) {
            unknowns.push(`\`${call.name} install\`: the Debian package table (${DEBIAN_TABLE_FILE}) is missing from this installation`);
            continue;
          }
          const a = aptInstall(call, sub);
          for (const i of a.found) named.add(i);
          for (const i of a.found) (a.recommends ? withRecs : withoutRecs).add(i);
          for (const m of a.missing) {
            const why = /\$|`/.test(m) ? 'only known at build time' : /\.deb$|\//.test(m) ? 'a local .deb file, whose size is not known here' : "not in the bundled Debian table (it leaves out desktop software, documentation and other ecosystems' libraries)";
            items.push({ label: m, bytes: null, detail: why });
            unknowns.push(`\`${m}\`: ${why.includes(' (') && why.endsWith(')') ? why.slice(0, why.indexOf(' (')) : why}`);
          }
          continue;
        }
        unknowns.push(debianLike ? `\`${call.name} ${s}\`: what it installs depends on the base image's package versions` : `the base image ${image} is not Debian-based: apt sizes do not apply`);
        continue;
      }
      const dls = downloadsOf(call);
      if (dls.length) {
        for (const d of dls) {
          if (d.file === undefined) {
            unknowns.push(`the output of \`${call.name} ${d.url}\` goes to stdout (a pipe or a redirection): what it becomes is not known`);
            continue;
          }
          written.add(d.file);
          if (isRemoved(d.file)) {
            items.push({ label: d.url, bytes: 0, detail: `saved to ${d.file} and removed in the same RUN` });
            continue;
          }
          const n = opts.downloads?.get(d.url);
          usedDownload = true;
          items.push({ label: d.url, bytes: n ?? null, detail: n === undefined ? `saved to ${d.file}; size not known (no HEAD request made or answered)` : `saved to ${d.file}; Content-Length from a HEAD request` });
          if (n === undefined) unknowns.push(`the size of ${d.url} is not known (HEAD requests are off or unanswered)`);
          else fixed += n;
        }
        continue;
      }
      if (['chmod', 'chown', 'chgrp', 'touch'].includes(call.name)) {
        const targets = operands(call.args).slice(call.name === 'touch' ? 0 : 1);
        if (targets.length && targets.every((w) => written.has(w.value))) continue;
      }
      if (NO_DATA.has(call.name)) continue;
      if (SMALL_WRITES.has(call.name)) {
        smallWrites = true;
        continue;
      }
      unknowns.push(unknownReason(call));
    }
  }

  if (listsUpdated && !listsRemoved) {
    items.push({ label: '/var/lib/apt/lists', bytes: APT_LISTS_BYTES, detail: '`apt-get update` package lists, kept in the layer (measured on Debian 12, compressed as the official image keeps them)' });
    fixed += APT_LISTS_BYTES;
  }

  const notes: string[] = [];
  const apt = { low: 0, high: 0, bytes: 0 };
  if (named.size) {
    const t = debianTable();
    const before = installedBefore(ins, doc, stage);
    const closure = new Set([...debianClosure(withRecs, true), ...debianClosure(withoutRecs, false)]);
    const pkgItems: SizeItem[] = [];
    for (const i of closure) {
      if (before.has(i)) continue;
      const bytes = t.size[i] * KIB;
      apt.high += bytes;
      if (named.has(i)) apt.low += bytes;
      pkgItems.push({ label: t.name(i), bytes, detail: named.has(i) ? 'named' : 'dependency' });
    }
    pkgItems.sort((x, y) => (y.bytes ?? 0) - (x.bytes ?? 0) || (x.label < y.label ? -1 : 1));
    items.push(...pkgItems);
    const already = [...named].filter((i) => t.base[i] || before.has(i)).map((i) => t.name(i));
    const minimal = !!image && MINIMAL_DEBIAN.test(image);
    apt.bytes = minimal ? apt.high : Math.round((apt.low + apt.high) / 2);
    const deps = pkgItems.length - pkgItems.filter((x) => x.detail === 'named').length;
    notes.push(
      `apt: named packages ${fmt(apt.low)} B, with ${deps} dependenc${deps === 1 ? 'y' : 'ies'} ${fmt(apt.high)} B ` +
        `(${TABLE_NOTE}; ${withRecs.size ? 'Recommends included' : 'without Recommends'}; base-system packages${before.size ? ' and those installed by earlier RUNs' : ''} not counted` +
        `${already.length ? `; already installed: ${already.slice(0, 5).join(', ')}${already.length > 5 ? '…' : ''}` : ''}); ` +
        (minimal ? 'estimate: the whole closure, as apt installs it on a minimal Debian/Ubuntu base' : 'estimate: the midpoint, as the base image may already have some dependencies') +
        "; dpkg's database and logs not counted.",
    );
    if (purges) notes.push('The RUN also purges or removes packages: the layer may be smaller.');
  }
  if (listsUpdated) notes.push(listsRemoved ? 'The apt lists are removed in the same RUN: not counted.' : `\`apt-get update\` leaves its lists in the layer: ${fmt(APT_LISTS_BYTES)} B (measured on Debian 12).`);
  if (usedDownload) notes.push('Downloads: Content-Length from HEAD requests.');
  if (smallWrites) notes.push('Plus a few KiB of small files (users, groups, keyrings).');

  const low = fixed + apt.low;
  const high = fixed + apt.high;
  if (unknowns.length) {
    const reasons = [...new Set(unknowns)];
    return {
      bytes: null,
      low: low || undefined,
      basis: 'unknown',
      note: `Unknown: ${reasons.slice(0, 3).join('; ')}${reasons.length > 3 ? '; …' : ''}.${low ? ` At least ${fmt(low)} B is known.` : ''}${notes.length ? ' ' + notes.join(' ') : ''}`,
      items: items.length ? items : undefined,
    };
  }
  if (named.size || (listsUpdated && !listsRemoved) || usedDownload) {
    return { bytes: fixed + apt.bytes, low, high, basis: named.size || listsUpdated ? 'apt' : 'download', note: notes.join(' '), items };
  }
  return {
    bytes: 0,
    low: 0,
    high: smallWrites ? SMALL_BYTES : 4 * KIB,
    basis: 'commands',
    note:
      (items.length ? 'Files downloaded here are removed in the same RUN: they never reach the layer. ' : '') +
      (smallWrites
        ? 'About 0: the commands only write small files (/etc/passwd, /etc/group, keyrings…) and maybe a home directory: a few KiB.'
        : 'About 0: the commands write no file data (directories, links, removals and metadata only).') +
      (listsUpdated ? ' The apt lists are removed in the same RUN.' : ''),
    items: items.length ? items : undefined,
  };
}
