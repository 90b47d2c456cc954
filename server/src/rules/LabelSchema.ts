/**
 * LabelSchema: the LABELs of the image checked against a configured schema (hadolint's
 * `label-schema`: label name → `text`, `url`, `email`, `hash`, `rfc3339`, `semver` or `spdx`).
 * Off unless a schema is configured (`labelSchema` in `.dockerfile-lens.json`, `label-schema` in
 * `.hadolint.yaml`). What it covers of hadolint (src/Hadolint/Rule/DL30xx.hs), each finding
 * tagged with its id so that `# hadolint ignore=` and a config's `ignored`/`override` address it:
 *   DL3049 a schema label missing from the image (info), DL3051 empty (warning), DL3052 not a URL,
 *   DL3053 not an RFC 3339 date-time, DL3054 not SPDX, DL3055 not a git hash, DL3056 not SemVer,
 *   DL3058 not an e-mail address (warnings). DL3050 (`strict-labels`) has no equivalent.
 * Faithful to Docker rather than to hadolint's reading where they differ:
 * - the values are what BuildKit stores: quotes removed and `$VARIABLES` expanded as in LABEL
 *   (https://docs.docker.com/reference/dockerfile/#label); a value with a variable that has no
 *   value here is not judged;
 * - a missing label is reported once, on the FROM of the stage built (the last one), unless it or
 *   a stage it is built FROM sets it (Docker copies the base's labels into the image); hadolint
 *   reports every stage. Labels of an external base image are not known and not counted.
 * The formats come from libraries, not from hand-written patterns: RFC 3339 date-time, URI and
 * e-mail from ajv-formats (the JSON Schema formats), SPDX license expressions from
 * spdx-expression-parse (ids from the SPDX license list); SemVer is the regular expression the
 * SemVer 2.0.0 spec publishes (https://semver.org/#is-there-a-suggested-regular-expression-regex-to-check-a-semver-string);
 * a git hash is 7 or 40 lower-case hex digits as in hadolint's DL3055, or 64 (SHA-256 repositories).
 */
import { fullFormats } from 'ajv-formats/dist/formats';
import parseSpdx from 'spdx-expression-parse';
import { expand } from '../model/expand';
import type { StageInfo } from '../model/stages';
import type { LabelType, Rule } from './types';
import { l, type Text } from '../docs/locale';

// https://semver.org/#is-there-a-suggested-regular-expression-regex-to-check-a-semver-string
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;
const GIT_HASH = /^(?:[0-9a-f]{7}|[0-9a-f]{40}|[0-9a-f]{64})$/;

const dateTime = fullFormats['date-time'] as { validate: (s: string) => boolean };
const uri = fullFormats.uri as (s: string) => boolean;
const email = fullFormats.email as RegExp;

function spdx(v: string): boolean {
  try {
    parseSpdx(v);
    return true;
  } catch {
    return false;
  }
}

/** For each type: the check, the hadolint id, what a good value looks like. */
const TYPES: Record<Exclude<LabelType, 'text'>, { ok: (v: string) => boolean; id: string; en: string; ko: string }> = {
  url: { ok: (v) => uri(v) && /^[a-z][a-z0-9+.-]*:\/\/\S/i.test(v), id: 'DL3052', en: 'a URL (e.g. https://example.com/docs)', ko: 'URL(예: https://example.com/docs)' },
  rfc3339: { ok: (v) => dateTime.validate(v), id: 'DL3053', en: 'an RFC 3339 date-time (e.g. 2024-05-01T12:00:00Z)', ko: 'RFC 3339 날짜-시간(예: 2024-05-01T12:00:00Z)' },
  spdx: { ok: spdx, id: 'DL3054', en: 'an SPDX license identifier or expression (e.g. MIT, Apache-2.0 OR MIT)', ko: 'SPDX 라이선스 식별자나 식(예: MIT, Apache-2.0 OR MIT)' },
  hash: { ok: (v) => GIT_HASH.test(v), id: 'DL3055', en: 'a git commit hash (7 or 40 lower-case hex digits)', ko: 'git 커밋 해시(소문자 16진수 7자리나 40자리)' },
  semver: { ok: (v) => SEMVER.test(v), id: 'DL3056', en: 'a semantic version (e.g. 1.4.2, without a leading v)', ko: '시맨틱 버전(예: 1.4.2, 앞에 v 없이)' },
  email: { ok: (v) => email.test(v), id: 'DL3058', en: 'an e-mail address', ko: '이메일 주소' },
};

export const LabelSchema: Rule = {
  id: 'LabelSchema',
  severity: 'warning',
  scope: 'file',
  hadolint: ['DL3049', 'DL3051', 'DL3052', 'DL3053', 'DL3054', 'DL3055', 'DL3056', 'DL3058'],
  docs: {
    summary: 'Checks the LABELs of the image against the configured `labelSchema` (`label-schema` in `.hadolint.yaml`): required labels and the type of their values (off unless configured).',
    why:
      'Labels are how registries, scanners and people find out what an image is (`org.opencontainers.image.version`, `.licenses`, `.revision`…); ' +
      'a team that relies on them wants them present and well-formed. Docker stores a LABEL value with its quotes removed and its variables expanded, ' +
      'and an image keeps the labels of the image or stage it is built FROM, so a label set in a base stage counts. ' +
      'Types as in hadolint: text, url, email, hash (git), rfc3339, semver, spdx.',
    example: 'FROM scratch\nLABEL org.opencontainers.image.version="v1.2" \\\n      org.opencontainers.image.licenses="MIT"\n',
    fixed: 'FROM scratch\nLABEL org.opencontainers.image.version="1.2.0" \\\n      org.opencontainers.image.licenses="MIT"\n',
    options: { labelSchema: { 'org.opencontainers.image.version': 'semver', 'org.opencontainers.image.licenses': 'spdx' } },
    references: [
      'https://docs.docker.com/reference/dockerfile/#label',
      'https://github.com/opencontainers/image-spec/blob/main/annotations.md#pre-defined-annotation-keys',
      'https://github.com/hadolint/hadolint#linting-labels',
      'https://github.com/hadolint/hadolint/wiki/DL3049',
    ],
  },
  check({ doc, options, report, target }) {
    const schema = options.labelSchema;
    if (!schema) return;
    const stages = doc.stages.stages;
    if (!stages.length) return;
    const setIn = new Map<StageInfo, Set<string>>();
    for (const stage of stages) {
      const names = new Set<string>();
      setIn.set(stage, names);
      for (const ins of stage.instructions) {
        if (ins.name !== 'LABEL' || ins.details.kind !== 'keyValues') continue;
        for (const p of ins.details.pairs) {
          const key = expand(doc, p.key.value, ins);
          if (!key || key.unmatched.size) continue;
          const name = key.result;
          names.add(name);
          const type = schema[name];
          if (type === undefined) continue;
          const value = expand(doc, p.value.value, ins);
          if (!value || value.unmatched.size) continue; // a variable without a value here: not judged
          const v = value.result;
          const range = p.value.end > p.value.start ? { start: p.value.start, end: p.value.end } : { start: p.key.start, end: p.key.end };
          let message: Text | undefined;
          let id: string | undefined;
          if (v === '') {
            id = 'DL3051';
            message = l(`Label \`${name}\` is empty`, `레이블 \`${name}\`의 값이 비어 있습니다`);
          } else if (type !== 'text' && !TYPES[type].ok(v)) {
            id = TYPES[type].id;
            message = l(`Label \`${name}\` should be ${TYPES[type].en} (labelSchema: ${type}), not \`${v}\``, `레이블 \`${name}\`은(는) ${TYPES[type].ko}이어야 합니다(labelSchema: ${type}). 지금 값: \`${v}\``);
          }
          if (message && id) report({ range, message, hadolint: [id] });
        }
      }
    }
    // required labels: on the image built (the target, else the last stage), counting the stages it is built FROM
    const wanted = target ? stages.find((s) => s.name === target.toLowerCase()) ?? stages[stages.length - 1] : stages[stages.length - 1];
    const present = new Set<string>();
    for (let s: StageInfo | undefined = wanted, n = 0; s && n <= stages.length; s = s.baseStage, n++) for (const name of setIn.get(s) ?? []) present.add(name);
    const missing = Object.keys(schema).filter((name) => !present.has(name));
    const image = wanted.from.details.kind === 'from' ? wanted.from.details.image : undefined;
    for (const name of missing) {
      report({
        range: image ? { start: image.start, end: image.end } : { start: wanted.from.keywordRange.start, end: wanted.from.keywordRange.end },
        message: l(`The image has no label \`${name}\` (labelSchema: ${schema[name]})`, `이미지에 레이블 \`${name}\`이(가) 없습니다(labelSchema: ${schema[name]})`),
        severity: 'information',
        hadolint: ['DL3049'],
      });
    }
  },
};
