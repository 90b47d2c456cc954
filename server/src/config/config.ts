/**
 * The project's lint configuration, one loader for the CLI and the server.
 *
 * Which file: from the Dockerfile's folder upward to the filesystem root, the first folder holding
 * `.dockerfile-lens.json`, `.hadolint.yaml` or `.hadolint.yml` (in that order: `.dockerfile-lens.json`
 * wins over a hadolint file beside it); the CLI's `--config FILE` replaces the search. Only that one
 * file applies (no merging of files).
 *
 * `.dockerfile-lens.json` (JSON schema: schemas/dockerfile-lens.schema.json, contributed to VS Code):
 *   { "rules": { "<RuleId>": "off" | "hint" | "information" | "warning" | "error" },
 *     "ignorePaths": ["vendor/**", "legacy/Dockerfile"],   // .dockerignore syntax, relative to the file's folder
 *     "docker": { "path": "podman" },
 *     "trustedRegistries": ["registry.example.com", "*.gcr.io"],   // rule UntrustedRegistry
 *     "labelSchema": { "org.opencontainers.image.version": "semver" } }   // rule LabelSchema
 *
 * `.hadolint.yaml` (hadolint's keys, README "Configure" and src/Hadolint/Config/Configuration.hs,
 * parsed with the `yaml` package): `ignored` and `override` (error/warning/info/style lists) by
 * hadolint id, mapped to our findings through the hadolint ids the rules document (rules/*.ts
 * `hadolint`, and per finding where a rule covers several ids; an id no rule documents is reported);
 * `failure-threshold` (the CLI's exit code as hadolint decides it, app/Main.hs `noFailure`);
 * `trustedRegistries` (a string or a list) and `label-schema` (the two configured rules). Keys
 * without an equivalent (`strict-labels`, `disable-ignore-pragma`, `no-fail`, `no-color`, `format`,
 * `formats`, `verbose`) are listed in `unsupported`; callers name them once per run.
 *
 * Problems never throw: a file that cannot be read or parsed, or a value of the wrong type, is an
 * `error` problem (the CLI exits 2, the server shows it on the config file and lints with the
 * defaults); an unknown key, rule id or hadolint id is a `warning` problem and the rest applies.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { parseDocument, isMap, isSeq, isScalar, type Node } from 'yaml';
import { parseIgnoreFile } from '../model/dockerignore';
import { l } from '../docs/locale';
import type { Localized } from '../docs/types';
import type { HadolintPolicy } from '../rules/engine';
import { RULES } from '../rules/registry';
import type { LabelType, RuleOptions, RuleSeverity } from '../rules/types';

export const LENS_CONFIG = '.dockerfile-lens.json';
export const HADOLINT_CONFIGS = ['.hadolint.yaml', '.hadolint.yml'] as const;
/** The names searched in each folder, the first found wins. */
export const CONFIG_NAMES = [LENS_CONFIG, ...HADOLINT_CONFIGS] as const;

export type Severity = RuleSeverity | 'off';
/** hadolint's failure-threshold in our severities; `none` is hadolint's `ignore`/`none`. */
export type FailureThreshold = RuleSeverity | 'none';

export interface ConfigProblem {
  severity: 'error' | 'warning';
  message: Localized;
  /** Offsets in the file (the key or value at fault); 0..0 when not known. */
  start: number;
  end: number;
}

export interface LensConfig {
  /** The file the configuration came from; undefined when none was found. */
  file: string | undefined;
  kind: 'lens' | 'hadolint' | undefined;
  /** Per-rule severities by rule id (`.dockerfile-lens.json`'s `rules`). */
  severities: Record<string, Severity>;
  /** A hadolint file's `ignored` and `override`, by hadolint id (applied per finding by the engine). */
  hadolint: HadolintPolicy | undefined;
  ruleOptions: RuleOptions;
  ignorePaths: string[];
  dockerPath: string | undefined;
  /** hadolint's failure-threshold (CLI exit code); undefined: exit 1 on an error-level finding. */
  failureThreshold: FailureThreshold | undefined;
  /** hadolint keys set in the file that have no equivalent here. */
  unsupported: string[];
  problems: ConfigProblem[];
  /** The rule ids the file sets a severity for, directly or through a hadolint id (they override the editor setting). */
  ruleIdsSet: Set<string>;
}

/** No file: nothing configured. */
export const NO_CONFIG: LensConfig = Object.freeze({
  file: undefined, kind: undefined, severities: {}, hadolint: undefined, ruleOptions: {}, ignorePaths: [], dockerPath: undefined,
  failureThreshold: undefined, unsupported: [], problems: [], ruleIdsSet: new Set<string>(),
}) as LensConfig;

const SEVERITIES: readonly Severity[] = ['off', 'hint', 'information', 'warning', 'error'];
const LABEL_TYPES: readonly LabelType[] = ['text', 'url', 'email', 'hash', 'rfc3339', 'semver', 'spdx'];
/** hadolint's severity names (src/Hadolint/Rule.hs readEitherSeverity) in ours. */
const HADOLINT_SEVERITY: Record<string, RuleSeverity> = { error: 'error', warning: 'warning', info: 'information', style: 'hint' };
const HADOLINT_THRESHOLD: Record<string, FailureThreshold> = { ...HADOLINT_SEVERITY, ignore: 'none', none: 'none' };
const HADOLINT_UNSUPPORTED = ['strict-labels', 'disable-ignore-pragma', 'no-fail', 'no-color', 'format', 'formats', 'verbose'];
const HADOLINT_KEYS = new Set(['ignored', 'override', 'failure-threshold', 'trustedRegistries', 'label-schema', ...HADOLINT_UNSUPPORTED]);
const LENS_KEYS = new Set(['$schema', 'rules', 'ignorePaths', 'docker', 'trustedRegistries', 'labelSchema']);

/** hadolint id → the rules documenting it (their `hadolint` ids). */
export function hadolintIds(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const r of RULES) for (const id of r.hadolint ?? []) out.set(id, [...(out.get(id) ?? []), r.id]);
  return out;
}

/** The config file that applies to a Dockerfile in `dir`: searched upward to the filesystem root. */
export function findConfigFile(dir: string, exists: (p: string) => boolean = existsSync): string | undefined {
  let d = resolve(dir);
  for (;;) {
    for (const name of CONFIG_NAMES) {
      const p = join(d, name);
      if (exists(p)) return p;
    }
    const up = dirname(d);
    if (up === d) return undefined;
    d = up;
  }
}

/** Reads and parses a config file; a file that cannot be read is an error problem. */
export function loadConfig(file: string): LensConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const kind = isHadolintFile(file) ? 'hadolint' : 'lens';
    return { ...NO_CONFIG, file, kind, problems: [problem('error', l(`cannot read ${file}: ${(e as Error).message}`, `${file}을(를) 읽을 수 없습니다: ${(e as Error).message}`))] };
  }
  return parseConfig(file, text);
}

export const isHadolintFile = (file: string): boolean => /\.ya?ml$/i.test(file);

function problem(severity: ConfigProblem['severity'], message: Localized, node?: Node | null): ConfigProblem {
  const range = node?.range;
  return { severity, message, start: range?.[0] ?? 0, end: range?.[1] ?? 0 };
}

/** Parses a config file's text (`.yaml`/`.yml`: hadolint's format; anything else: `.dockerfile-lens.json`). */
export function parseConfig(file: string, source: string): LensConfig {
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  const hadolint = isHadolintFile(file);
  const out: LensConfig = { ...NO_CONFIG, file, kind: hadolint ? 'hadolint' : 'lens', severities: {}, ruleOptions: {}, ignorePaths: [], unsupported: [], problems: [], ruleIdsSet: new Set() };
  if (!hadolint) {
    try {
      JSON.parse(text);
    } catch (e) {
      const m = /position (\d+)/.exec((e as Error).message);
      const at = m ? Number(m[1]) : 0;
      out.problems.push({ severity: 'error', start: at, end: Math.min(text.length, at + 1), message: l(`${basename(file)} is not valid JSON: ${(e as Error).message}`, `${basename(file)}이(가) 올바른 JSON이 아닙니다: ${(e as Error).message}`) });
      return out;
    }
  }
  // the yaml package reads JSON too, with the places of keys and values (for problems at the right line)
  const doc = parseDocument(text, { uniqueKeys: false });
  if (doc.errors.length) {
    const e = doc.errors[0];
    out.problems.push({ severity: 'error', start: e.pos[0], end: e.pos[1], message: l(`${basename(file)} is not valid YAML: ${e.message.split('\n')[0]}`, `${basename(file)}이(가) 올바른 YAML이 아닙니다: ${e.message.split('\n')[0]}`) });
    return out;
  }
  const root = doc.contents;
  if (root === null || root === undefined || (isScalar(root) && (root.value === null || root.value === ''))) return out; // an empty file: nothing set
  if (!isMap(root)) {
    out.problems.push(problem('error', l(`${basename(file)} must hold an object of settings`, `${basename(file)}에는 설정 객체가 있어야 합니다`), root));
    return out;
  }
  const wrongType = (key: string, what: string, node: Node | null | undefined) =>
    out.problems.push(problem('error', l(`${key} must be ${what}`, `${key}은(는) ${what}이어야 합니다`), node));
  const stringList = (key: string, node: Node | null | undefined, allowOne = false): string[] | undefined => {
    if (allowOne && isScalar(node) && typeof node.value === 'string') return [node.value];
    if (!isSeq(node) || !node.items.every((i) => isScalar(i) && typeof i.value === 'string')) {
      wrongType(key, allowOne ? 'a string or a list of strings' : 'a list of strings', node);
      return undefined;
    }
    return node.items.map((i) => String((i as { value: unknown }).value));
  };
  const labelSchema = (key: string, node: Node | null | undefined) => {
    if (!isMap(node)) return wrongType(key, 'an object of label name → type', node);
    const schema: Record<string, LabelType> = {};
    for (const pair of node.items) {
      const name = isScalar(pair.key) ? String(pair.key.value) : undefined;
      const v = isScalar(pair.value) ? pair.value.value : undefined;
      // hadolint reads an empty type as text (readEitherLabelType "")
      const type = v === null || v === '' ? 'text' : v;
      if (name === undefined || typeof type !== 'string' || !LABEL_TYPES.includes(type as LabelType)) {
        wrongType(`${key}.${name ?? '?'}`, `one of ${LABEL_TYPES.join(', ')}`, (pair.value as Node | null) ?? (pair.key as Node));
        continue;
      }
      schema[name] = type as LabelType;
    }
    out.ruleOptions = { ...out.ruleOptions, labelSchema: schema };
  };
  const known = hadolint ? HADOLINT_KEYS : LENS_KEYS;
  const ids = hadolintIds();
  const ignored = new Set<string>();
  const severity = new Map<string, RuleSeverity>();
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const value = pair.value as Node | null;
    const keyNode = pair.key as Node;
    if (!known.has(key)) {
      out.problems.push(problem('warning', l(`unknown key ${JSON.stringify(key)} (ignored)`, `알 수 없는 키 ${JSON.stringify(key)}(무시합니다)`), keyNode));
      continue;
    }
    if (hadolint && HADOLINT_UNSUPPORTED.includes(key)) {
      out.unsupported.push(key);
      continue;
    }
    if (key === 'trustedRegistries') {
      const list = stringList(key, value, hadolint);
      if (list) out.ruleOptions = { ...out.ruleOptions, trustedRegistries: list };
    } else if (key === 'labelSchema' || key === 'label-schema') {
      labelSchema(key, value);
    } else if (key === 'rules') {
      if (!isMap(value)) {
        wrongType(key, 'an object of rule id → severity', value);
        continue;
      }
      for (const p of value.items) {
        const id = isScalar(p.key) ? String(p.key.value) : '';
        const sev = isScalar(p.value) ? p.value.value : undefined;
        if (typeof sev !== 'string' || !SEVERITIES.includes(sev as Severity)) {
          wrongType(`rules.${id}`, 'one of off, hint, information, warning, error', (p.value as Node | null) ?? (p.key as Node));
          continue;
        }
        if (!RULES.some((r) => r.id === id)) out.problems.push(problem('warning', l(`unknown rule id ${JSON.stringify(id)} (ignored)`, `알 수 없는 규칙 ID ${JSON.stringify(id)}(무시합니다)`), p.key as Node));
        out.severities[id] = sev as Severity;
        out.ruleIdsSet.add(id);
      }
    } else if (key === 'ignorePaths') {
      out.ignorePaths = stringList(key, value) ?? [];
    } else if (key === 'docker') {
      const path = isMap(value) ? value.get('path', true) : undefined;
      if (!isMap(value) || (path !== undefined && !(isScalar(path) && typeof path.value === 'string'))) wrongType('docker.path', 'a string', value);
      else if (path !== undefined) out.dockerPath = String((path as { value: unknown }).value);
    } else if (key === 'ignored') {
      for (const id of stringList(key, value) ?? []) {
        if (!ids.has(id)) out.problems.push(unmapped(id, 'ignored', value));
        else ignored.add(id);
      }
    } else if (key === 'override') {
      if (!isMap(value)) {
        wrongType(key, 'an object with the lists error, warning, info, style', value);
        continue;
      }
      for (const p of value.items) {
        const level = isScalar(p.key) ? String(p.key.value) : '';
        const ours = HADOLINT_SEVERITY[level];
        if (!ours) {
          wrongType(`override.${level}`, 'one of error, warning, info, style', p.key as Node);
          continue;
        }
        for (const id of stringList(`override.${level}`, p.value as Node | null) ?? []) {
          if (!ids.has(id)) out.problems.push(unmapped(id, `override.${level}`, p.value as Node));
          // hadolint applies error last, then warning, info, style: the strongest list wins
          else if (!severity.has(id) || rank(ours) < rank(severity.get(id)!)) severity.set(id, ours);
        }
      }
    } else if (key === 'failure-threshold') {
      const v = isScalar(value) ? value.value : undefined;
      const th = typeof v === 'string' ? HADOLINT_THRESHOLD[v] : undefined;
      if (!th) wrongType(key, 'one of error, warning, info, style, ignore, none', value);
      else out.failureThreshold = th;
    }
  }
  if (hadolint && (ignored.size || severity.size)) {
    out.hadolint = { ignored, severity };
    for (const id of [...ignored, ...severity.keys()]) for (const r of ids.get(id) ?? []) out.ruleIdsSet.add(r);
  }
  return out;
}

function unmapped(id: string, where: string, node: Node | null | undefined): ConfigProblem {
  return problem('warning', l(
    `${where}: ${id} has no equivalent rule here (no rule documents this hadolint id): not applied`,
    `${where}: ${id}에 해당하는 규칙이 없습니다(이 hadolint ID를 문서에 적은 규칙이 없음). 적용하지 않습니다`,
  ), node);
}

const rank = (s: FailureThreshold): number => ['error', 'warning', 'information', 'hint', 'none'].indexOf(s);

/**
 * Whether findings of these severities fail a CLI run: with a failure-threshold, as hadolint decides
 * (app/Main.hs: a failure whose severity is at or above the threshold; `none`/`ignore` being below
 * every severity, any finding fails); without one, an error-level finding.
 */
export function fails(severities: readonly RuleSeverity[], threshold: FailureThreshold | undefined): boolean {
  if (threshold === undefined) return severities.includes('error');
  return severities.some((s) => rank(s) <= rank(threshold));
}

/** Whether the config's `ignorePaths` exclude a file (patterns relative to the config file's folder, .dockerignore syntax). */
export function isIgnored(config: LensConfig, path: string): boolean {
  if (!config.file || !config.ignorePaths.length) return false;
  const rel = relative(dirname(config.file), resolve(path));
  if (rel.startsWith('..') || rel === '') return false;
  return parseIgnoreFile(config.file, config.ignorePaths.join('\n')).ignores(rel.split(sep).join('/'));
}

/**
 * The severities the lint runs with in the editor: the `dockerfileLens.rules` setting, overridden by
 * the config file for every rule the file sets (a team's file is the project's policy; the setting
 * fills in the rules the file does not name).
 */
export function effectiveSeverities(setting: Readonly<Record<string, Severity>>, config: LensConfig): Record<string, Severity> {
  const out: Record<string, Severity> = {};
  for (const [id, s] of Object.entries(setting)) if (!config.ruleIdsSet.has(id)) out[id] = s;
  return { ...out, ...config.severities };
}

/**
 * Config files found and parsed once (the server's cache; `forget()` after a config file changed).
 * `configFor(dir)`: the config of a Dockerfile in that folder.
 */
export class ConfigCache {
  private readonly found = new Map<string, string | undefined>();
  private readonly parsed = new Map<string, LensConfig>();
  /** Each read file's mtime and size when it was read (`stale`). */
  private readonly stamps = new Map<string, string>();
  /** Grows whenever a file is read or the cache is emptied (callers report the files' problems again then). */
  version = 0;

  configFor(dir: string): LensConfig {
    const d = resolve(dir);
    if (!this.found.has(d)) this.found.set(d, findConfigFile(d));
    const file = this.found.get(d);
    if (!file) return NO_CONFIG;
    let c = this.parsed.get(file);
    if (!c) {
      this.stamps.set(file, stamp(file));
      this.parsed.set(file, (c = loadConfig(file)));
      this.version++;
    }
    return c;
  }

  /** Every config file the cache read (the server shows their problems). */
  files(): LensConfig[] {
    return [...this.parsed.values()];
  }

  /**
   * Whether a file read so far changed or vanished since (a stat each): for clients that do not watch
   * files, checked when a Dockerfile is opened. A config file created since is seen on the next `forget`.
   */
  stale(): boolean {
    for (const [file, was] of this.stamps) if (stamp(file) !== was) return true;
    return false;
  }

  forget(): void {
    this.found.clear();
    this.parsed.clear();
    this.stamps.clear();
    this.version++;
  }
}

function stamp(file: string): string {
  try {
    const st = statSync(file);
    return `${st.mtimeMs} ${st.size}`;
  } catch {
    return 'gone';
  }
}

/** Whether a path is a config file (by name). */
export const isConfigFile = (path: string): boolean => (CONFIG_NAMES as readonly string[]).includes(basename(path));
