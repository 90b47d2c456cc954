/**
 * InvalidFlagValue: a flag value BuildKit rejects, with BuildKit's message:
 * - a flag without the value it needs, or a boolean flag with another value (BFlags);
 * - HEALTHCHECK durations (Go `time.ParseDuration`, at least 1ms unless 0) and `--retries`;
 * - `--chmod`: octal up to 07777, or symbolic (`u+x`) since docker/dockerfile:1.14;
 * - FROM `--platform`: `os[/arch[/variant]]` (containerd `platforms.Parse`);
 * - RUN `--network` / `--security` values;
 * - RUN `--mount`: keys per type, `type` / `sharing` / boolean / numeric values,
 *   the checks of BuildKit's parseMount and validateMount;
 * - `COPY --from=$VAR` / `--mount=from=$VAR` (no variable expansion there); Buildah
 *   (podman build) expands them, so for a Buildah file (model/builder.ts) it is a warning
 *   naming both builders.
 * Values holding `$` are expanded by BuildKit later and are not judged, except where
 * BuildKit itself refuses variables.
 * Valid flags, values and mount options come from the instruction table.
 */
import { instructionDoc } from '../docs/instructions';
import type { FlagDoc } from '../docs/types';
import type { Flag, Instruction, TextRange } from '../parser';
import type { Finding, Rule, RuleContext } from './types';
import { withTriggers } from '../model/document';
import { flagsIgnored, parseCsv, parseGoDuration, platformError, syntaxVersion, type Field } from '../model/flags';
import { closest } from '../model/suggest';
import { buildkitOnlyFailure, type Builder } from '../model/builder';
import { josa, l, type Text } from '../docs/locale';

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

/** Go's strconv.ParseBool. */
const GO_BOOL = new Set(['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False']);

/** docker/go-units RAMInBytes. */
const RAM = /^(\d+(\.\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$/;

const SYMBOLIC_CHMOD = /^[ugoa]*(?:[-+=](?:[rwxXst]*|[ugo]))+(?:,[ugoa]*(?:[-+=](?:[rwxXst]*|[ugo]))+)*$/;

// ---------------------------------------------------------------------------
// --mount
// ---------------------------------------------------------------------------

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

/**
 * BuildKit's error (kept word for word in English, as `docker build` prints it) and the same in Korean:
 * a natural sentence for the common ones, BuildKit's text after it so it can be searched for.
 */
const KO: Array<[RegExp, (m: RegExpExecArray) => string]> = [
  [/^missing a value on flag: (.+)$/, (m) => `--${m[1]} 플래그에 값이 없습니다`],
  [/^expecting boolean value for flag (\S+), not: (.*)$/, (m) => `--${m[1]} 플래그에는 true나 false를 써야 합니다(지금 값: ${m[2]})`],
  [/^time: missing unit in duration (.*)$/, (m) => `시간 ${m[1]}에 단위가 없습니다(예: 30s, 1m)`],
  [/^time: (?:invalid duration|unknown unit) /, () => '시간 값을 읽을 수 없습니다(예: 30s, 1m30s)'],
  [/^Interval (.*) cannot be less than 1ms$/, (m) => `${m[1]} 간격은 1ms보다 짧을 수 없습니다`],
  [/^strconv\.ParseInt: parsing (.*): invalid syntax$/, (m) => `${josa(m[1], '은')} 정수가 아닙니다`],
  [/^strconv\.ParseInt: parsing (.*): value out of range$/, (m) => `${josa(m[1], '은')} 너무 큰 수입니다`],
  [/^--retries cannot be negative/, () => '--retries는 음수일 수 없습니다'],
  [/^invalid chmod parameter: '([^']*)'\. it should be octal string and between 0 and 07777( \(symbolic modes need (\S+) or later\))?$/, (m) => `chmod 값 '${m[1]}'이(가) 잘못되었습니다. 0부터 07777 사이의 8진수여야 합니다${m[2] ? `(기호 모드는 ${m[3]} 이상에서만 됩니다)` : ''}`],
  [/^failed to parse platform (.*?): /, (m) => `플랫폼 ${josa(m[1], '을')} 읽을 수 없습니다`],
  [/^invalid network mode (\S+)( \(did you mean (.*)\?\))?$/, (m) => `네트워크 모드 ${josa(m[1], '은')} 없습니다${m[2] ? `(${josa(m[3], '을')} 쓰려던 것인가요?)` : ''}`],
  [/^security (\S+) is not valid( \(did you mean (.*)\?\))?$/, (m) => `security 값 ${josa(m[1], '은')} 쓸 수 없습니다${m[2] ? `(${josa(m[3], '을')} 쓰려던 것인가요?)` : ''}`],
  [/^failed to parse csv mounts: /, () => '--mount 값을 읽을 수 없습니다'],
  [/^unexpected key '([^']*)' for mount type '([^']*)'$/, (m) => `'${m[1]}'은(는) type=${m[2]} 마운트에 쓸 수 없는 키입니다`],
  [/^invalid field '(.*)' must be a key=value pair$/, (m) => `'${m[1]}'은(는) 키=값 형식이어야 합니다`],
  [/^unexpected key '([^']*)' in '([^']*)'( \(did you mean (\S+)\?\))?$/, (m) => `'${m[2]}'의 키 '${m[1]}'은(는) 알 수 없는 키입니다${m[3] ? `(${josa(m[4], '을')} 쓰려던 것인가요?)` : ''}`],
  [/^unsupported mount type (\S+)( \(did you mean (.*)\?\))?$/, (m) => `마운트 유형 ${josa(m[1], '은')} 지원되지 않습니다${m[2] ? `(${josa(m[3], '을')} 쓰려던 것인가요?)` : ''}`],
  [/^invalid value for (\S+): (.*)$/, (m) => `${m[1]}의 값 ${josa(m[2], '이')} 잘못되었습니다`],
  [/^unsupported sharing value (\S+)( \(did you mean (.*)\?\))?$/, (m) => `sharing 값 ${josa(m[1], '은')} 지원되지 않습니다${m[2] ? `(${josa(m[3], '을')} 쓰려던 것인가요?)` : ''}`],
  [/^invalid value (\S+) for (\S+)$/, (m) => `${m[2]}의 값 ${josa(m[1], '이')} 잘못되었습니다`],
  [/^(\w+) not allowed for (.*) type mounts$/, (m) => `${josa(m[1], '은')} ${m[2]} 유형 마운트에 쓸 수 없습니다`],
  [/^secret mount should not have a from$/, () => 'secret 마운트에는 from을 쓸 수 없습니다'],
  [/^secret mount should not define sharing$/, () => 'secret 마운트에는 sharing을 쓸 수 없습니다'],
  [/^both source and id can't be set$/, () => 'source와 id를 함께 쓸 수 없습니다'],
  [/^invalid cache sharing set for (\w+) mount$/, (m) => `${m[1]} 마운트에는 캐시 sharing을 쓸 수 없습니다`],
  [/^'([^']*)' has no effect on type=(\S+) mounts$/, (m) => `'${m[1]}'은(는) type=${m[2]} 마운트에서 아무 효과가 없습니다`],
];

/** BuildKit's English error and its Korean sentence (BuildKit's text kept after it). */
function flagText(message: Text): Text {
  if (typeof message !== 'string') return message;
  for (const [re, ko] of KO) {
    const m = re.exec(message);
    if (m) return l(message, `${ko(m)} (BuildKit: ${message})`);
  }
  return l(message, `BuildKit이 이 플래그 값을 받아들이지 않습니다 (${message})`);
}

function checkMount(f: Flag, fd: FlagDoc, report: (r: TextRange, message: Text, severity?: Finding['severity']) => void, text: string, builder: Builder): void {
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
      const s = closest(fl.key, allKeys, true);
      report(keyRange, `unexpected key '${fl.key}' in '${fl.raw}'${s ? ` (did you mean ${s.match}?)` : ''}`);
      continue;
    }
    given.set(fl.key, fl);
    const v = fl.value;
    if (hasVar(v)) {
      if (fl.key === 'from') {
        const r = buildkitOnlyFailure(builder, l("'from' doesn't support variable expansion, define alias stage instead", "마운트의 from에는 변수를 쓸 수 없습니다. 별칭 스테이지를 정의해 쓰세요 (BuildKit: 'from' doesn't support variable expansion)"), l('expands the variable', '변수를 확장하므로'));
        report(valRange, r.message, r.severity);
      }
      if (fl.key === 'type') typeKnown = false;
      continue;
    }
    switch (fl.key) {
      case 'type': {
        const t = v.toLowerCase();
        if (!typeNames.includes(t)) {
          const s = closest(v, typeNames, true);
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
          const s = closest(v, sharingValues, true);
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
  const report = (range: TextRange, message: Text, severity?: Finding['severity']) => ctx.report({ range, message: flagText(message), ...(severity ? { severity } : {}) });
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
      const s = closest(v, allowed, true);
      const hint = s ? ` (did you mean ${s.match}?)` : '';
      report(vr, f.name === 'network' ? `invalid network mode ${q(v)}${hint}` : `security ${q(v)} is not valid${hint}`);
      return;
    }
    case 'mount':
      checkMount(f, fd, report, ctx.doc.text, ctx.builder);
      return;
    case 'from':
      if (ins.name === 'COPY' && hasVar(v)) {
        const r = buildkitOnlyFailure(
          ctx.builder,
          l(
            'variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope as a workaround',
            '--from에는 변수를 쓸 수 없습니다. 대신 전역 ARG를 쓰는 FROM으로 새 스테이지를 정의하세요 (BuildKit: variable expansion is not supported for --from)',
          ),
          l('expands the variable', '변수를 확장하므로'),
        );
        report(vr, r.message, r.severity);
      }
      return;
    default:
      return;
  }
}

export const InvalidFlagValue: Rule = {
  id: 'InvalidFlagValue',
  severity: 'error',
  scope: 'instruction',
  docs: {
    summary: 'Reports flag values that BuildKit rejects: durations, counts, modes, platforms, network and security modes, mount options.',
    why: 'BuildKit validates flag values when it reads the Dockerfile, so a bad value fails the whole build: a HEALTHCHECK duration without a unit (`--interval=30`), a `--chmod` that is not octal, an unknown `--mount` option or `type`, a `sharing` mode other than shared/private/locked, or a `--from` holding a variable. Buildah (`podman build`, and any `Containerfile`) expands a variable in `--from`: there that one is a warning.',
    example: 'FROM alpine:3.21\nRUN --mount=type=cache,target=/var/cache/apk,sharing=lock apk add curl\nHEALTHCHECK --interval=30 CMD wget -qO- http://localhost/ || exit 1\n',
    fixed: 'FROM alpine:3.21\nRUN --mount=type=cache,target=/var/cache/apk,sharing=locked apk add curl\nHEALTHCHECK --interval=30s CMD wget -qO- http://localhost/ || exit 1\n',
    references: ['https://docs.docker.com/reference/dockerfile/#run---mount', 'https://docs.docker.com/reference/dockerfile/#healthcheck'],
  },
  check(ctx) {
    for (const ins of withTriggers(ctx.instructions)) {
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
