/**
 * InvalidFlagValue: a flag value BuildKit rejects, with BuildKit's message:
 * - a flag without the value it needs, or a boolean flag with another value (BFlags);
 * - HEALTHCHECK durations (Go `time.ParseDuration`, at least 1ms unless 0) and `--retries`;
 * - `--chmod`: octal up to 07777, or symbolic (`u+x`) since docker/dockerfile:1.14;
 * - FROM `--platform`: `os[/arch[/variant]]` (containerd `platforms.Parse`);
 * - RUN `--network` / `--security` values;
 * - RUN `--mount`: keys per type, `type` / `sharing` / boolean / numeric values,
 *   the checks of BuildKit's parseMount and validateMount;
 * - `COPY --from=$VAR` / `--mount=from=$VAR` (no variable expansion there).
 * Values holding `$` are expanded by BuildKit later and are not judged, except where
 * BuildKit itself refuses variables.
 * Valid flags, values and mount options come from the instruction table.
 */
import { instructionDoc } from '../docs/instructions';
import type { FlagDoc } from '../docs/types';
import type { Flag, Instruction, TextRange } from '../parser';
import type { Finding, Rule, RuleContext } from './types';
import { flagsIgnored, syntaxVersion } from './UnknownFlag';
import { allInstructions, suggest } from './UnknownInstruction';

const q = (s: string) => JSON.stringify(s);
const hasVar = (s: string) => s.includes('$');
/** What `/<([^>]*)>/` captures, found with indexOf (the pattern retries from every `<`: quadratic on many of them). */
function angleBracketed(s: string): string | undefined {
  const open = s.indexOf('<');
  const close = open < 0 ? -1 : s.indexOf('>', open + 1);
  return close < 0 ? undefined : s.slice(open + 1, close);
}

/** Boolean flags: the table lists exactly `true` and `false` as their values. */
function isBool(fd: FlagDoc): boolean {
  const v = fd.values?.map((x) => x.value) ?? [];
  return v.length === 2 && v.includes('true') && v.includes('false');
}

// ---------------------------------------------------------------------------
// Go parsers
// ---------------------------------------------------------------------------

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

/** Go's strconv.ParseBool. */
const GO_BOOL = new Set(['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False']);

/** docker/go-units RAMInBytes. */
const RAM = /^(\d+(\.\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$/;

const SYMBOLIC_CHMOD = /^[ugoa]*(?:[-+=](?:[rwxXst]*|[ugo]))+(?:,[ugoa]*(?:[-+=](?:[rwxXst]*|[ugo]))+)*$/;

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

// ---------------------------------------------------------------------------
// --mount
// ---------------------------------------------------------------------------

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

const RO_RW = new Set(['ro', 'readonly', 'rw', 'readwrite']);

/** The mount types, keys and sharing modes the flag's docs list, worked out once per flag doc. */
const vocabularies = new WeakMap<FlagDoc, { types: NonNullable<FlagDoc['mountTypes']>; typeNames: string[]; allKeys: string[]; sharingValues: string[] }>();
function mountVocabulary(fd: FlagDoc) {
  let v = vocabularies.get(fd);
  if (!v) {
    const types = fd.mountTypes ?? [];
    const sharingDoc = types.flatMap((t) => t.options).find((o) => o.key === 'sharing');
    v = {
      types,
      typeNames: types.map((t) => t.type),
      allKeys: [...new Set(['type', ...types.flatMap((t) => t.options.map((o) => o.key))])],
      sharingValues: angleBracketed(sharingDoc?.syntax ?? '')?.split('|') ?? ['shared', 'private', 'locked'],
    };
    vocabularies.set(fd, v);
  }
  return v;
}

function checkMount(f: Flag, fd: FlagDoc, report: (r: TextRange, message: string, severity?: Finding['severity']) => void, text: string): void {
  const value = f.value ?? '';
  const vr = f.valueRange ?? f;
  const exact = f.valueRange !== undefined && text.slice(vr.start, vr.end) === value;
  const at = (s: number, e: number): TextRange => (exact ? { start: vr.start + s, end: vr.start + e } : vr);
  if (value === '') {
    report(f, 'failed to parse csv mounts: EOF');
    return;
  }
  const parsed = parseCsv(value);
  if (!Array.isArray(parsed)) {
    report(vr, `failed to parse csv mounts: ${parsed.error}`);
    return;
  }
  const { types, typeNames, allKeys, sharingValues } = mountVocabulary(fd);

  let type = 'bind';
  let typeKnown = true;
  const given = new Map<string, Field>();
  for (const fl of parsed) {
    const keyRange = at(fl.start, fl.start + (fl.value === undefined ? fl.raw.length : fl.raw.indexOf('=')));
    const valRange = at(fl.valueStart, fl.end);
    const unexpected = () => report(keyRange, `unexpected key '${fl.key}' for mount type '${type}'`);
    if (fl.value === undefined) {
      if (RO_RW.has(fl.key)) given.set(fl.key, fl);
      else if (fl.key === 'required') {
        if (typeKnown && type !== 'secret' && type !== 'ssh') unexpected();
        given.set(fl.key, fl);
      } else report(at(fl.start, fl.end), `invalid field '${fl.raw}' must be a key=value pair`);
      continue;
    }
    if (!allKeys.includes(fl.key)) {
      const s = suggest(fl.key, allKeys, true);
      report(keyRange, `unexpected key '${fl.key}' in '${fl.raw}'${s ? ` (did you mean ${s.match}?)` : ''}`);
      continue;
    }
    given.set(fl.key, fl);
    const v = fl.value;
    if (hasVar(v)) {
      if (fl.key === 'from') report(valRange, "'from' doesn't support variable expansion, define alias stage instead");
      if (fl.key === 'type') typeKnown = false;
      continue;
    }
    switch (fl.key) {
      case 'type': {
        const t = v.toLowerCase();
        if (!typeNames.includes(t)) {
          const s = suggest(v, typeNames, true);
          report(valRange, `unsupported mount type ${q(v)}${s ? ` (did you mean ${s.match}?)` : ''}`);
          typeKnown = false;
        } else type = t;
        break;
      }
      case 'ro':
      case 'readonly':
      case 'rw':
      case 'readwrite':
        if (!GO_BOOL.has(v)) report(valRange, `invalid value for ${fl.key}: ${v}`);
        break;
      case 'required':
        if (typeKnown && type !== 'secret' && type !== 'ssh') unexpected();
        else if (!GO_BOOL.has(v)) report(valRange, `invalid value for ${fl.key}: ${v}`);
        break;
      case 'size':
        if (typeKnown && type !== 'tmpfs') unexpected();
        else if (!RAM.test(v)) report(valRange, `invalid value for ${fl.key}: ${v}`);
        break;
      case 'sharing':
        if (!sharingValues.includes(v.toLowerCase())) {
          const s = suggest(v, sharingValues, true);
          report(valRange, `unsupported sharing value ${q(v)}${s ? ` (did you mean ${s.match}?)` : ''}`);
        }
        break;
      case 'mode':
        if (!/^[0-7]+$/.test(v) || parseInt(v, 8) > 0xffffffff) report(valRange, `invalid value ${v} for mode`);
        break;
      case 'uid':
      case 'gid':
        if (!/^\d+$/.test(v) || Number(v) > 0xffffffff) report(valRange, `invalid value ${v} for ${fl.key}`);
        break;
      default:
        break;
    }
  }
  if (!typeKnown) return;
  const keyOf = (fl: Field) => at(fl.start, fl.start + (fl.value === undefined ? fl.raw.length : fl.raw.indexOf('=')));
  // validateMount
  if (type !== 'secret' && type !== 'ssh' && type !== 'cache') {
    for (const k of ['mode', 'uid', 'gid']) {
      const fl = given.get(k);
      if (fl) report(keyOf(fl), `${k} not allowed for ${q(type)} type mounts`);
    }
  }
  if (type === 'secret') {
    const from = given.get('from');
    if (from) report(keyOf(from), 'secret mount should not have a from');
    const sharing = given.get('sharing');
    if (sharing) report(keyOf(sharing), 'secret mount should not define sharing');
    const source = given.get('source') ?? given.get('src');
    const id = given.get('id');
    if (source && id) report(keyOf(source), "both source and id can't be set");
  } else if (type !== 'cache' && given.has('sharing')) {
    report(keyOf(given.get('sharing')!), `invalid cache sharing set for ${type} mount`);
  }
  // keys BuildKit accepts but that do nothing for this type
  const documented = new Set(types.find((t) => t.type === type)?.options.map((o) => o.key) ?? []);
  for (const [k, fl] of given) {
    if (k === 'type' || RO_RW.has(k) || documented.has(k)) continue;
    if (['required', 'size', 'mode', 'uid', 'gid', 'sharing'].includes(k)) continue; // reported above as errors
    if (type === 'secret' && k === 'from') continue;
    report(keyOf(fl), `'${k}' has no effect on type=${type} mounts`, 'warning');
  }
}

// ---------------------------------------------------------------------------
// The rule
// ---------------------------------------------------------------------------

function checkFlag(ctx: RuleContext, ins: Instruction, f: Flag, fd: FlagDoc): void {
  const report = (range: TextRange, message: string, severity?: Finding['severity']) => ctx.report({ range, message, ...(severity ? { severity } : {}) });
  const vr = f.valueRange ?? f;
  if (isBool(fd)) {
    if (f.value === '') report(f, `missing a value on flag: ${f.name}`);
    else if (f.value !== undefined && !hasVar(f.value) && f.value.toLowerCase() !== 'true' && f.value.toLowerCase() !== 'false') {
      report(vr, `expecting boolean value for flag ${f.name}, not: ${f.value}`);
    }
    return;
  }
  if (f.value === undefined) {
    report(f, `missing a value on flag: ${f.name}`);
    return;
  }
  const v = f.value;
  switch (ins.name === 'HEALTHCHECK' ? `hc:${f.name}` : f.name) {
    case 'hc:interval':
    case 'hc:timeout':
    case 'hc:start-period':
    case 'hc:start-interval': {
      if (v === '') return;
      const d = parseGoDuration(v);
      if ('error' in d) report(vr, d.error);
      else if (d.ns !== 0 && d.ns < 1e6) report(vr, `Interval ${q(f.name)} cannot be less than 1ms`);
      return;
    }
    case 'hc:retries': {
      if (v === '') return;
      if (!/^[+-]?\d+$/.test(v)) report(vr, `strconv.ParseInt: parsing ${q(v)}: invalid syntax`);
      else if (Math.abs(Number(v)) > 2147483647 && !(Number(v) === -2147483648)) report(vr, `strconv.ParseInt: parsing ${q(v)}: value out of range`);
      else if (Number(v) < 0) report(vr, `--retries cannot be negative (${Number(v)})`);
      return;
    }
    case 'chmod': {
      if (v === '' || hasVar(v)) return;
      const bad = `invalid chmod parameter: '${v}'. it should be octal string and between 0 and 07777`;
      if (/^[0-7]+$/.test(v)) {
        if (parseInt(v, 8) > 0o7777) report(vr, bad);
        return;
      }
      if (!SYMBOLIC_CHMOD.test(v)) {
        report(vr, bad);
        return;
      }
      const sv = syntaxVersion(ctx.doc);
      if (sv && !sv.labs && (sv.major < 1 || (sv.major === 1 && sv.minor < 14))) {
        report(vr, `${bad} (symbolic modes need docker/dockerfile:1.14 or later)`);
      }
      return;
    }
    case 'platform': {
      if (hasVar(v) || v === '') return; // BuildKit ignores an empty --platform
      const e = platformError(v);
      if (e) report(vr, `failed to parse platform ${v}: ${e}`);
      return;
    }
    case 'network':
    case 'security': {
      if (hasVar(v)) return;
      const allowed = fd.values?.map((x) => x.value) ?? [];
      if (allowed.includes(v)) return;
      const s = suggest(v, allowed, true);
      const hint = s ? ` (did you mean ${s.match}?)` : '';
      report(vr, f.name === 'network' ? `invalid network mode ${q(v)}${hint}` : `security ${q(v)} is not valid${hint}`);
      return;
    }
    case 'mount':
      checkMount(f, fd, report, ctx.doc.text);
      return;
    case 'from':
      if (ins.name === 'COPY' && hasVar(v)) {
        report(vr, 'variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope as a workaround');
      }
      return;
    default:
      return;
  }
}

export const InvalidFlagValue: Rule = {
  id: 'InvalidFlagValue',
  severity: 'error',
  docs: {
    summary: 'Reports flag values that BuildKit rejects: durations, counts, modes, platforms, network and security modes, mount options.',
    why: 'BuildKit validates flag values when it reads the Dockerfile, so a bad value fails the whole build: a HEALTHCHECK duration without a unit (`--interval=30`), a `--chmod` that is not octal, an unknown `--mount` option or `type`, a `sharing` mode other than shared/private/locked, or a `--from` holding a variable.',
    example: 'FROM alpine:3.21\nRUN --mount=type=cache,target=/var/cache/apk,sharing=lock apk add curl\nHEALTHCHECK --interval=30 CMD wget -qO- http://localhost/ || exit 1\n',
    fixed: 'FROM alpine:3.21\nRUN --mount=type=cache,target=/var/cache/apk,sharing=locked apk add curl\nHEALTHCHECK --interval=30s CMD wget -qO- http://localhost/ || exit 1\n',
    references: ['https://docs.docker.com/reference/dockerfile/#run---mount', 'https://docs.docker.com/reference/dockerfile/#healthcheck'],
  },
  check(ctx) {
    for (const ins of allInstructions(ctx.doc)) {
      if (ins.flags.length === 0 || flagsIgnored(ins)) continue;
      const idoc = instructionDoc(ins.name);
      if (!idoc) continue;
      for (const f of ins.flags) {
        const fd = idoc.flags.find((x) => x.name === f.name);
        if (fd) checkFlag(ctx, ins, f, fd);
      }
    }
  },
};
