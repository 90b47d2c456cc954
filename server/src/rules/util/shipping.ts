/**
 * Findings of the hygiene rules (image size, caches) in a stage that never ships
 * (model/shellWords.ts shippedStages: not the build target nor a stage it is built
 * FROM): what such a stage leaves behind never reaches the image, so the finding is
 * lowered to a hint and says why.
 */
import { NOT_SHIPPED_NOTE } from '../../model/shellWords';
import type { Finding } from '../types';
import { join, l } from '../../docs/locale';

const NOTE = l(` (${NOT_SHIPPED_NOTE})`, ' (이 스테이지는 최종 이미지에 들어가지 않습니다)');

/** The finding as reported in a stage that is not in the final image. */
export function notShipped(f: Finding): Finding {
  return { ...f, severity: 'hint', message: join(f.message, NOTE) };
}

/** `report`, lowering findings to hints when the stage does not ship. */
export function reportIn(shipped: boolean, report: (f: Finding) => void): (f: Finding) => void {
  return shipped ? report : (f) => report(notShipped(f));
}
