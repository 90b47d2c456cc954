/**
 * UndefinedVar: a variable that BuildKit expands (ENV, LABEL, COPY, ADD,
 * WORKDIR, USER, VOLUME, STOPSIGNAL, ARG defaults, RUN --mount options) is not
 * defined at that point of the stage.
 * BuildKit: dockerfile2llb `reportUnmatchedVariables`: a name is defined when
 * it is in the stage's environment (ENV, ARG values, the base stage's, PATH)
 * or declared by an ARG of the stage (even without a value).
 *
 * A stage built FROM an external image starts with the image config's `Env`
 * (BuildKit's dispatch adds each entry to the stage's state, then PATH when the
 * config has none). When the linter was given that Env (RuleContext.baseEnv:
 * the local engine, the registry's config blob or the bundled table, see
 * model/baseEnv.ts), its names are defined and take part in the "did you
 * mean" search in the config's order, before the stage's own, exactly as in
 * BuildKit. When it is not known, the stage may define variables we cannot
 * see: a variable is then only reported when it is defined later in the stage
 * (used too early) or is a near-miss of a known name (a typo), never just
 * because it is unknown.
 */
import type { Instruction, VariableUse } from '../parser';
import type { Rule } from './types';
import { buildkitState, NON_ENV_ARGS, type StateBefore } from '../model/buildkitState';
import { buildCheckReferences } from './util/docs';
import { levenshtein, suggest } from '../model/suggest';
import { josa, l } from '../docs/locale';

const MAX_HINT_NAMES = 500;
const EXPANDING = new Set(['ENV', 'LABEL', 'COPY', 'ADD', 'WORKDIR', 'USER', 'VOLUME', 'STOPSIGNAL', 'ARG', 'RUN']);

/** The references BuildKit looks up in this instruction (outermost ones; COPY --from and non-mount RUN flags excluded). */
function lookedUp(ins: Instruction): VariableUse[] {
  const vars = ins.variables.filter((v) => v.expandedBy === 'buildkit');
  const excluded = ins.flags.filter((f) => (ins.name === 'COPY' && f.name === 'from') || (ins.name === 'RUN' && f.name !== 'mount'));
  const inRun = ins.name === 'RUN' ? ins.flags.filter((f) => f.name === 'mount') : undefined;
  return vars.filter((v) => {
    if (excluded.some((f) => v.start >= f.start && v.end <= f.end)) return false;
    if (inRun && !inRun.some((f) => v.start >= f.start && v.end <= f.end)) return false;
    // nested in another reference's word: looked up only depending on the outer one
    return !vars.some((o) => o !== v && o.start <= v.start && v.end <= o.end && (o.start < v.start || o.end > v.end));
  });
}

export const UndefinedVar: Rule = {
  id: 'UndefinedVar',
  severity: 'warning',
  scope: 'stage',
  buildkit: true,
  docs: {
    summary: 'Variables should be defined before they are used.',
    why: 'BuildKit replaces an undefined variable by an empty string without error, so a typo or an ARG declared too late silently changes paths, users or values. ARGs are scoped to the stage: a global ARG must be re-declared inside the stage to be used there. The ENV of the base image counts as defined (BuildKit starts the stage with its config Env); where that ENV cannot be read (local engine, registry, bundled table of official images), only typos of known names and variables defined later in the stage are reported.',
    example: 'FROM alpine AS base\nCOPY $foo .\nARG foo=bar\n',
    fixed: 'FROM alpine AS base\nARG foo=bar\nCOPY $foo .\n',
    references: buildCheckReferences('UndefinedVar', 'https://docs.docker.com/reference/dockerfile/#scope'),
  },
  check({ doc, report, stages, baseEnv }) {
    const state = buildkitState(doc);
    for (const stage of stages) {
      const list = stage.instructions;
      const base = baseEnv(stage);
      const image = base?.known ? base.env : undefined;
      // where each name is last defined (ARG/ENV) in the stage
      const lastDef = new Map<string, number>();
      list.forEach((next, j) => {
        const nd = next.details;
        if (next.name === 'ARG' && nd.kind === 'arg') for (const a of nd.declarations) lastDef.set(a.name.value, j);
        if (next.name === 'ENV' && nd.kind === 'keyValues') for (const p of nd.pairs) lastDef.set(p.key.value, j);
      });
      for (let i = 0; i < list.length; i++) {
        const ins = list[i];
        if (!EXPANDING.has(ins.name)) continue;
        const before = state.before.get(ins);
        if (!before) continue;
        const defined = (s: StateBefore, name: string) => s.env.has(name) || !!image?.has(name) || s.buildArgs.has(name) || NON_ENV_ARGS.has(name);
        const d = ins.details;
        for (const v of lookedUp(ins)) {
          let s = before;
          if (ins.name === 'ARG' && d.kind === 'arg') {
            // ARG defaults see the declarations before them in the same instruction
            const idx = d.declarations.findIndex((a) => a.value && v.start >= a.value.start && v.end <= a.value.end);
            if (idx < 0) continue;
            if (idx > 0) {
              const extraEnv = new Map<string, string>();
              const extraArgs = new Set<string>();
              for (const a of d.declarations.slice(0, idx)) {
                extraArgs.add(a.name.value);
                if (a.value) extraEnv.set(a.name.value, '');
                else if (state.meta.env.has(a.name.value)) extraEnv.set(a.name.value, state.meta.env.get(a.name.value)!);
              }
              const env = before.env;
              s = {
                ...before,
                env: { get: (n) => (extraEnv.has(n) ? extraEnv.get(n) : env.get(n)), has: (n) => extraEnv.has(n) || env.has(n), keys: () => [...new Set([...env.keys(), ...extraEnv.keys()])], size: () => env.size() + extraEnv.size },
                buildArgs: { has: (n) => extraArgs.has(n) || before.buildArgs.has(n) },
              };
            }
          }
          if (defined(s, v.name)) continue;
          // BuildKit searches every name (the image's first); past MAX_HINT_NAMES we give no hint (keeps linting linear)
          const hint = s.env.size() + (image?.size ?? 0) <= MAX_HINT_NAMES ? suggest(v.name, image ? [...image.keys(), ...s.env.keys()] : s.env.keys(), true) : undefined;
          if (s.open && !image) {
            const typo = hint !== undefined && Math.abs(hint.length - v.name.length) <= 1 && levenshtein(hint, v.name) <= 2;
            if (!((lastDef.get(v.name) ?? -1) > i) && !typo) continue;
          }
          report({ range: { start: v.start, end: v.end }, message: l(`Usage of undefined variable '$${v.name}'${hint ? ` (did you mean $${hint}?)` : ''}`, `정의되지 않은 변수 '$${v.name}'을(를) 쓰고 있습니다${hint ? `($${josa(hint, '을')} 쓰려던 것인가요?)` : ''}`) });
        }
      }
    }
  },
};
