/**
 * CopyFromStage: `COPY --from=<stage>` or `RUN --mount=from=<stage>` naming the
 * stage it is in, or a stage defined further down. BuildKit resolves stage
 * names over the whole file, then fails: on the stage itself with
 * `circular dependency detected on stage: X`, on a later stage with
 * `cannot copy from stage "X", it needs to be defined before current stage "Y"`
 * (or the `--mount` equivalent). `FROM <name>` of a later stage is different:
 * FROM only sees earlier stages, so BuildKit pulls an image of that name (warning).
 *
 * A `--from` name that is no stage but lies within BuildKit's "did you mean"
 * distance of an earlier stage's name (model/suggest.ts, Levenshtein < 3, and
 * less than half the name's length so `go` is not read as `js`) is a warning
 * with the stage as a fix: BuildKit takes a name that is no stage for an image
 * and pulls it (`COPY --from=biuld` pulls `docker.io/library/biuld:latest`,
 * which fails when there is no such image: checked on Docker 20.10,
 * test/integration/examples.test.ts). Only a bare name (no registry, tag or
 * digest) is compared: `--from=alpine:3.20` names an image on purpose.
 */
import type { StageInfo } from '../model/stages';
import type { Flag, TextRange } from '../parser';
import { parseCsv } from '../model/flags';
import { closest } from '../model/suggest';
import type { Rule, RuleContext } from './types';
import { josa, l } from '../docs/locale';
import type { Localized } from '../docs/types';

const stageLabel = (s: StageInfo) => s.name ?? `stage-${s.index}`;

/** BuildKit's findStateByName: case-insensitive, the last stage of that name. */
const MENTIONS_FROM = /from/i;

function byName(stages: StageInfo[], name: string): StageInfo | undefined {
  const lower = name.toLowerCase();
  let found: StageInfo | undefined;
  for (const s of stages) if (s.name === lower) found = s;
  return found;
}

/** A bare image name as BuildKit would pull it: no registry, path, tag or digest. */
const BARE_NAME = /^[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*$/;

/**
 * `--from=<value>` names no stage: when an earlier stage's name is a near miss, a warning
 * "did you mean" (BuildKit would pull an image of that name), with the stage as the fix when
 * it is the only one that close and the value is written out as BuildKit reads it.
 */
function reportTypo(ctx: RuleContext, stages: StageInfo[], cur: StageInfo, value: string, range: TextRange, what: Localized): void {
  if (!BARE_NAME.test(value)) return;
  const earlier = stages.filter((s) => s.index < cur.index && s.name).map((s) => s.name!);
  const near = closest(value, earlier, false);
  if (!near || near.distance * 2 >= value.length) return;
  const stage = near.match.toLowerCase();
  const literal = ctx.doc.text.slice(range.start, range.end) === value;
  ctx.report({
    range,
    severity: 'warning',
    message: l(
      `No stage is called ${JSON.stringify(value)}: ${what.en} the image ${JSON.stringify(value)} (${value.toLowerCase()}:latest from Docker Hub) instead. Did you mean ${stage}?`,
      `${JSON.stringify(value)}라는 스테이지는 없어서, BuildKit이 대신 이미지 ${JSON.stringify(value)}(Docker Hub의 ${value.toLowerCase()}:latest)${what.ko}. ${stage}을(를) 말한 건가요?`,
    ),
    related: defined(byName(stages, stage)!),
    fixes: near.unique && literal ? [{ title: l(`Use the stage '${stage}'`, `스테이지 '${stage}' 쓰기`), preferred: true, edits: [{ start: range.start, end: range.end, newText: stage }] }] : undefined,
  });
}

function defined(s: StageInfo) {
  return [{ range: s.from.details.kind === 'from' && s.from.details.stageName ? s.from.details.stageName : s.from.keywordRange, message: l(`stage ${stageLabel(s)} is defined here`, `스테이지 ${josa(stageLabel(s), '을')} 정의한 곳`) }];
}

function checkCopyFrom(ctx: RuleContext, stages: StageInfo[], cur: StageInfo, f: Flag): void {
  const v = f.value;
  if (!v || v.includes('$')) return;
  const range: TextRange = f.valueRange ?? f;
  let target: StageInfo | undefined;
  if (/^[+-]?\d+$/.test(v)) {
    const idx = Number(v);
    if (idx < 0 || idx >= stages.length) {
      ctx.report({ range, message: l(`invalid stage index ${idx}`, `스테이지 번호 ${josa(idx, '은')} 없습니다`) });
      return;
    }
    target = stages[idx];
  } else target = byName(stages, v);
  if (!target) {
    reportTypo(ctx, stages, cur, v, range, l('BuildKit copies from', '에서 복사합니다'));
    return;
  }
  if (target === cur) ctx.report({ range, message: l(`circular dependency detected on stage: ${stageLabel(cur)}`, `스테이지 ${josa(stageLabel(cur), '이')} 자기 자신을 참조합니다(순환 의존)`), related: defined(cur) });
  else if (target.index > cur.index) {
    ctx.report({ range, message: l(`cannot copy from stage ${JSON.stringify(v)}, it needs to be defined before current stage ${JSON.stringify(stageLabel(cur))}`, `스테이지 ${JSON.stringify(v)}에서 복사할 수 없습니다. 현재 스테이지 ${JSON.stringify(stageLabel(cur))}보다 앞에 정의해야 합니다`), related: defined(target) });
  }
}

function checkMountFrom(ctx: RuleContext, stages: StageInfo[], cur: StageInfo, f: Flag): void {
  const v = f.value;
  if (!v) return;
  const fields = parseCsv(v);
  if (!Array.isArray(fields)) return;
  let from: (typeof fields)[number] | undefined;
  let target = '';
  for (const fl of fields) {
    if (fl.value === undefined) continue;
    if (fl.key === 'from') from = fl;
    if (fl.key === 'target' || fl.key === 'dst' || fl.key === 'destination') target = fl.value;
  }
  if (!from?.value || from.value.includes('$')) return;
  const st = byName(stages, from.value);
  const vr = f.valueRange ?? f;
  const exact = f.valueRange !== undefined && ctx.doc.text.slice(vr.start, vr.end) === v;
  const range = exact ? { start: vr.start + from.valueStart, end: vr.start + from.end } : vr;
  if (!st) {
    if (exact) reportTypo(ctx, stages, cur, from.value, range, l('BuildKit mounts', '를 마운트합니다'));
    return;
  }
  if (st === cur) ctx.report({ range, message: l(`circular dependency detected on stage: ${stageLabel(cur)}`, `스테이지 ${josa(stageLabel(cur), '이')} 자기 자신을 참조합니다(순환 의존)`), related: defined(cur) });
  else if (st.index > cur.index) {
    ctx.report({ range, message: l(`cannot mount from stage ${JSON.stringify(from.value)} to ${JSON.stringify(target)}, stage needs to be defined before current command`, `스테이지 ${josa(JSON.stringify(from.value), '을')} ${JSON.stringify(target)}에 마운트할 수 없습니다. 그 스테이지를 이 명령어보다 앞에 정의해야 합니다`), related: defined(st) });
  }
}

export const CopyFromStage: Rule = {
  id: 'CopyFromStage',
  severity: 'error',
  docs: {
    summary: 'Reports `COPY --from` and `RUN --mount=from=` naming the current stage or a stage defined later, `FROM` naming a later stage, and a `--from` name that is a typo of an earlier stage (did you mean…).',
    why:
      'A stage can only use stages defined before it. BuildKit fails with `circular dependency detected` when a stage copies from itself and with `cannot copy from stage … it needs to be defined before current stage` for a later stage. In `FROM`, a later stage name is not a stage at all: BuildKit pulls an image of that name from the registry. ' +
      'The same happens to a misspelt stage name: `COPY --from=biuld` (no stage `biuld`) makes BuildKit pull the image `biuld:latest`, which usually fails with `pull access denied`; a name within two edits of an earlier stage is reported as a warning (it could be a real image) with the stage as the fix.',
    fix: 'For a misspelt `--from`: writes the earlier stage it is closest to (only when exactly one stage is that close).',
    example: 'FROM golang:1.23 AS app\nCOPY --from=build /out/app /usr/local/bin/app\n\nFROM golang:1.23 AS build\nRUN go build -o /out/app .\n',
    fixed: 'FROM golang:1.23 AS build\nRUN go build -o /out/app .\n\nFROM golang:1.23 AS app\nCOPY --from=build /out/app /usr/local/bin/app\n',
    fixSafety: 'Unsafe: the misspelt name is an image to pull (or a failing build); naming the stage copies other files.',
    references: ['https://docs.docker.com/build/building/multi-stage/', 'https://docs.docker.com/reference/dockerfile/#copy---from'],
  },
  check(ctx) {
    const stages = ctx.doc.stages.stages;
    if (stages.length === 0) return;
    for (const cur of stages) {
      const from = cur.from.details.kind === 'from' ? cur.from.details : undefined;
      if (from?.image && !from.image.value.includes('$')) {
        const later = byName(stages, from.image.value);
        if (later && later.name === from.image.value && later.index > cur.index) {
          ctx.report({
            range: from.image,
            message: l(`stage ${JSON.stringify(later.name)} is defined later: FROM pulls the image ${JSON.stringify(from.image.value)} instead`, `스테이지 ${josa(JSON.stringify(later.name), '은')} 뒤에서 정의됩니다. 그래서 FROM은 그 스테이지 대신 이미지 ${josa(JSON.stringify(from.image.value), '을')} 받습니다`),
            severity: 'warning',
            related: defined(later),
          });
        }
      }
      for (const ins of cur.instructions) {
        if (ins.flags.length === 0) continue;
        for (const f of ins.flags) {
          if (ins.name === 'COPY' && f.name === 'from') checkCopyFrom(ctx, stages, cur, f);
          // only a mount that mentions `from` needs its options read (a test, no allocation)
          else if (ins.name === 'RUN' && f.name === 'mount' && f.value && MENTIONS_FROM.test(f.value)) checkMountFrom(ctx, stages, cur, f);
        }
      }
    }
  },
};
