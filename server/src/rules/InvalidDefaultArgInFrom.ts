/**
 * InvalidDefaultArgInFrom: with only the default values of the global ARGs,
 * a FROM's image expands to an empty or invalid image reference.
 * BuildKit: dockerfile2llb `validateBaseImagesWithDefaultArgs`.
 */
import type { Instruction } from '../parser';
import type { Rule } from './types';
import { buildkitState } from '../model/buildkitState';
import { expandWith } from '../model/expand';
import { buildCheckReferences } from './util/docs';
import { isValidImageReference } from '../protocol/imageName';
import { josa, l } from '../docs/locale';

/** Per FROM instruction (kept across versions while unchanged): whether its image expands, and to a valid name. */
const verdicts = new WeakMap<Instruction, { key: string; expands: boolean; valid: boolean }>();

export const InvalidDefaultArgInFrom: Rule = {
  id: 'InvalidDefaultArgInFrom',
  severity: 'warning',
  buildkit: true,
  docs: {
    summary: 'Default values of global ARGs used in FROM should give a valid image name.',
    why: 'When a build does not pass `--build-arg`, the FROM line is expanded with the defaults of the global ARGs. If that gives an empty or invalid image reference, the build fails unless every user remembers the build argument; give the ARG a working default.',
    example: 'ARG TAG\nFROM busybox:${TAG}\n',
    fixed: 'ARG TAG=latest\nFROM busybox:${TAG}\n',
    references: buildCheckReferences('InvalidDefaultArgInFrom', 'https://docs.docker.com/reference/dockerfile/#understand-how-arg-and-from-interact'),
  },
  check({ doc, report }) {
    const { meta } = buildkitState(doc);
    if (!meta.ok) return;
    // the global ARG values, as a key: a FROM's verdict is kept while its text and these stay the same
    let key = '';
    for (const [k, v] of meta.env) key += `${k}=${v}\0`;
    for (const stage of doc.stages.stages) {
      const d = stage.from.details;
      if (d.kind !== 'from' || !d.image) continue;
      // a stage named in another case (`FROM Base`): InvalidStageReference says what really fails
      if (stage.baseStage && stage.baseName?.toLowerCase() === stage.baseStage.name) continue;
      let verdict = verdicts.get(stage.from);
      if (!verdict || verdict.key !== key) {
        const r = expandWith(doc, d.image.value, meta.env);
        verdict = { key, expands: !!r, valid: !!r && isValidImageReference(r.result) };
        verdicts.set(stage.from, verdict);
      }
      if (!verdict.expands) return; // BuildKit abandons the check
      if (!verdict.valid) {
        report({ range: d.image, message: l(`Default value for ARG ${d.image.value} results in empty or invalid base image name`, `ARG 기본값으로 ${josa(d.image.value, '을')} 펼치면 베이스 이미지 이름이 비거나 잘못됩니다`) });
      }
    }
  },
};
