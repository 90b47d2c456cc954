/**
 * DuplicateStageName: two stages with the same (case-insensitive) name.
 * BuildKit: dockerfile2llb `validateStageNames`, reported on every later stage.
 */
import type { Rule } from './types';
import { buildCheckReferences } from './util/docs';
import { l } from '../docs/locale';

export const DuplicateStageName: Rule = {
  id: 'DuplicateStageName',
  severity: 'warning',
  buildkit: true,
  docs: {
    summary: 'Stage names should be unique.',
    why: 'BuildKit resolves `--target`, `FROM <stage>` and `COPY --from=<stage>` by name; with two stages of the same name only one of them is reachable that way, usually not the one the author meant.',
    example: 'FROM debian:latest AS builder\nRUN apt-get update && apt-get install -y build-essential\n\nFROM golang:latest AS builder\n',
    fixed: 'FROM debian:latest AS deb-builder\nRUN apt-get update && apt-get install -y build-essential\n\nFROM golang:latest AS go-builder\n',
    references: buildCheckReferences('DuplicateStageName', 'https://docs.docker.com/build/building/multi-stage/#name-your-build-stages'),
  },
  check({ doc, report }) {
    const seen = new Map<string, { start: number; end: number }>();
    for (const stage of doc.stages.stages) {
      const d = stage.from.details;
      if (!stage.name || d.kind !== 'from' || !d.stageName) continue;
      const first = seen.get(stage.name);
      if (first) {
        report({ range: d.stageName, message: l(`Duplicate stage name "${stage.name}", stage names should be unique`, `스테이지 이름 "${stage.name}"이(가) 중복됩니다. 스테이지 이름은 하나씩만 써야 합니다`), related: [{ range: first, message: l(`stage "${stage.name}" is first defined here`, `스테이지 "${stage.name}"을(를) 처음 정의한 곳`) }] });
      } else seen.set(stage.name, d.stageName);
    }
  },
};
