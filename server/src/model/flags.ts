/**
 * What BuildKit makes of instruction flags: which instructions ignore them,
 * the `# syntax=` frontend version a flag needs, and the Go parsers BuildKit
 * reads flag values with (time.ParseDuration, containerd's platform
 * specifier, encoding/csv for `--mount`).
 */
import type { FlagDoc } from '../docs/types';
import { detectSyntax, type Instruction } from '../parser';
import type { DockerfileDocument } from './document';

const q = (s: string) => JSON.stringify(s);

/** Instructions whose flags BuildKit never parses: anything given is silently ignored. */
export const FLAGS_IGNORED = new Set(['ARG', 'STOPSIGNAL']);

export interface SyntaxVersion {
  major: number;
  /** Infinity for a floating tag such as `docker/dockerfile:1`. */
  minor: number;
  labs: boolean;
  /** The directive's value as written. */
  ref: string;
}

/** The docker/dockerfile frontend version the `# syntax=` directive asks for, if it names one. */
export function syntaxVersion(doc: DockerfileDocument): SyntaxVersion | undefined {
  const d = detectSyntax(doc.text);
  if (!d) return undefined;
  const m = /^(?:docker\.io\/)?docker\/dockerfile(?:-upstream)?:(\d+)(?:\.(\d+))?(?:\.\d+)?(-labs)?(?:@.*)?$/.exec(d.ref);
  if (!m) return undefined;
  return { major: Number(m[1]), minor: m[2] === undefined ? Infinity : Number(m[2]), labs: m[3] !== undefined, ref: d.ref };
}

/** The first docker/dockerfile version a flag's `since` names, and the labs channel that had it earlier. */
function parseSince(since: string): { major: number; minor: number; labsOnly: boolean; labs?: { major: number; minor: number } } | undefined {
  const m = /docker\/dockerfile:(\d+)\.(\d+)(-labs)?/.exec(since);
  if (!m) return undefined;
  const e = /earlier only in docker\/dockerfile:(\d+)(?:\.(\d+))?-labs/.exec(since);
  return {
    major: Number(m[1]),
    minor: Number(m[2]),
    labsOnly: m[3] !== undefined,
    labs: m[3] ? { major: Number(m[1]), minor: Number(m[2]) } : e ? { major: Number(e[1]), minor: e[2] === undefined ? 0 : Number(e[2]) } : undefined,
  };
}

const atLeast = (v: SyntaxVersion, major: number, minor: number) => v.major > major || (v.major === major && v.minor >= minor);

/** Whether the pinned syntax `v` is too old for `flag`; returns the version it needs. */
export function neededSyntax(flag: FlagDoc, v: SyntaxVersion | undefined): string | undefined {
  if (!v || !flag.since) return undefined;
  const s = parseSince(flag.since);
  if (!s) return undefined;
  if (v.labs && s.labs && atLeast(v, s.labs.major, s.labs.minor)) return undefined;
  if (!s.labsOnly && atLeast(v, s.major, s.minor)) return undefined;
  return `docker/dockerfile:${s.major}.${s.minor}${s.labsOnly ? '-labs' : ''}`;
}

/** HEALTHCHECK NONE: BuildKit does not parse the flags at all. */
export function flagsIgnored(ins: Instruction): boolean {
  if (FLAGS_IGNORED.has(ins.name)) return true;
  return ins.details.kind === 'healthcheck' && ins.details.type?.value.toUpperCase() === 'NONE';
}

const UNIT_NS: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** Go's time.ParseDuration: nanoseconds, or the error message. */
export function parseGoDuration(orig: string): { ns: number } | { error: string } {
  let s = orig;
  let neg = false;
  const invalid = { error: `time: invalid duration ${q(orig)}` };
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return { ns: 0 };
  if (s === '') return invalid;
  let total = 0;
  while (s !== '') {
    if (!(s[0] === '.' || (s[0] >= '0' && s[0] <= '9'))) return invalid;
    const m = /^(\d*)(?:\.(\d*))?/.exec(s)!;
    const pre = m[1].length > 0;
    const post = m[2] !== undefined && m[2].length > 0;
    if (!pre && !post) return invalid;
    s = s.slice(m[0].length);
    let i = 0;
    while (i < s.length && !(s[i] === '.' || (s[i] >= '0' && s[i] <= '9'))) i++;
    if (i === 0) return { error: `time: missing unit in duration ${q(orig)}` };
    const u = s.slice(0, i);
    s = s.slice(i);
    const unit = UNIT_NS[u];
    if (unit === undefined) return { error: `time: unknown unit ${q(u)} in duration ${q(orig)}` };
    total += Number(`${m[1] || '0'}.${m[2] || '0'}`) * unit;
    if (total > 9223372036854775807) return invalid;
  }
  return { ns: neg ? -total : total };
}

const OS = new Set(['aix', 'android', 'darwin', 'macos', 'dragonfly', 'freebsd', 'hurd', 'illumos', 'ios', 'js', 'linux', 'nacl', 'netbsd', 'openbsd', 'plan9', 'solaris', 'wasip1', 'windows', 'zos']);
const ARCH = new Set([
  '386', 'i386', 'amd64', 'x86_64', 'x86-64', 'amd64p32', 'arm', 'armhf', 'armel', 'armv5', 'armv6', 'armv7', 'armv8', 'armbe', 'arm64', 'aarch64', 'arm64be',
  'loong64', 'mips', 'mipsle', 'mips64', 'mips64le', 'mips64p32', 'mips64p32le', 'ppc', 'ppc64', 'ppc64le', 'riscv', 'riscv64', 's390', 's390x', 'sparc', 'sparc64', 'wasm',
]);
const COMPONENT = /^[A-Za-z0-9_.-]+$/;

/** containerd platforms.Parse, without the normalisation: an error message or undefined. */
export function platformError(spec: string): string | undefined {
  const parts = spec.split('/');
  if (parts.length > 3) return `${q(spec)}: cannot parse platform specifier`;
  for (let i = 0; i < parts.length; i++) {
    const p = i === 0 ? parts[i].replace(/\([^()]*\)$/, '') : parts[i];
    if (!COMPONENT.test(p)) return `${q(parts[i])} is an invalid component of ${q(spec)}: platform specifier component must match "^[A-Za-z0-9_.-]+$"`;
  }
  if (parts.length === 1) {
    const p = parts[0].replace(/\([^()]*\)$/, '').toLowerCase();
    if (!OS.has(p) && !ARCH.has(p)) return `${q(spec)}: unknown operating system or architecture`;
  }
  return undefined;
}

export interface Field {
  raw: string;
  key: string;
  value: string | undefined;
  /** Offsets in the flag value. */
  start: number;
  end: number;
  valueStart: number;
}

/** Go encoding/csv, one record, with field offsets. */
export function parseCsv(s: string): Field[] | { error: string } {
  const out: Field[] = [];
  let i = 0;
  for (;;) {
    const start = i;
    let raw = '';
    if (s[i] === '"') {
      i++;
      for (;;) {
        if (i >= s.length) return { error: `parse error on line 1, column ${i + 1}: extraneous or missing " in quoted-field` };
        if (s[i] === '"') {
          if (s[i + 1] === '"') {
            raw += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        raw += s[i++];
      }
      if (i < s.length && s[i] !== ',') return { error: `parse error on line 1, column ${i + 1}: extraneous or missing " in quoted-field` };
    } else {
      while (i < s.length && s[i] !== ',') {
        if (s[i] === '"') return { error: `parse error on line 1, column ${i + 1}: bare " in non-quoted-field` };
        raw += s[i++];
      }
    }
    const eq = raw.indexOf('=');
    const quoted = s[start] === '"';
    out.push({
      raw,
      key: (eq < 0 ? raw : raw.slice(0, eq)).toLowerCase(),
      value: eq < 0 ? undefined : raw.slice(eq + 1),
      start,
      end: i,
      valueStart: quoted ? start : eq < 0 ? i : start + eq + 1,
    });
    if (i >= s.length) break;
    i++; // ','
  }
  return out;
}
