/**
 * ReservedStageName: a stage named `scratch` or `context`.
 * BuildKit: dockerfile2llb `validateStageNames` (`reservedStageNames`).
 */
import type { Rule } from './types';
import { buildCheckReferences } from './util/docs';
import { l } from '../docs/locale';

const RESERVED = new Set(['scratch', 'context']);

export const ReservedStageName: Rule = {
  id: 'ReservedStageName',
  severity: 'warning',
  buildkit: true,
  docs: {
    summary: 'Reserved words should not be used as stage names.',
    why: '`scratch` is the empty base image and `context` the build context: a stage with one of these names shadows them, so `FROM scratch` or `COPY --from=context` no longer mean what they usually mean.',
    example: 'FROM alpine AS scratch\nRUN echo hello\n',
    fixed: 'FROM alpine AS builder\nRUN echo hello\n',
    references: buildCheckReferences('ReservedStageName'),
  },
  check({ doc, report }) {
    for (const stage of doc.stages.stages) {
      const d = stage.from.details;
      if (!stage.name || d.kind !== 'from' || !d.stageName || !RESERVED.has(stage.name)) continue;
      report({ range: d.stageName, message: l(`Stage name should not use the same name as reserved stage "${stage.name}"`, `스테이지 이름으로 예약된 이름 "${stage.name}"을(를) 쓸 수 없습니다`) });
    }
  },
};
