/**
 * The image a FROM line pulls, with the global ARG defaults filled in as
 * BuildKit expands FROM lines (global ARGs only, in declaration order:
 * https://docs.docker.com/reference/dockerfile/#understand-how-arg-and-from-interact).
 */
import type { Token } from '../parser';
import type { DockerfileDocument } from './document';
import { expandWith } from './expand';
import type { StageInfo } from './stages';

/** The global ARGs with a default, each expanded with the ones before it. */
export function globalArgValues(doc: DockerfileDocument): Map<string, string> {
  const globals = new Map<string, string>();
  for (const a of doc.stages.globalArgs) {
    const v = a.declaration.value;
    if (!v) continue;
    const r = expandWith(doc, v.value, globals);
    if (r) globals.set(a.name, r.result);
    else globals.delete(a.name);
  }
  return globals;
}

export interface FromImage {
  /** The reference with variables filled in; undefined when a variable has no default or the word is malformed. */
  ref: string | undefined;
  /** The image word as written. */
  token: Token;
  /** Whether variables were filled in. */
  expanded: boolean;
  /** `--platform` after expansion, when it has no unresolved variable. */
  platform: string | undefined;
}

/** The external image a stage is built FROM; undefined for a stage built FROM another stage or without an image. */
export function fromImage(doc: DockerfileDocument, stage: StageInfo, globals = globalArgValues(doc)): FromImage | undefined {
  const d = stage.from.details;
  if (d.kind !== 'from' || !d.image || stage.baseStage) return undefined;
  const expand = (word: string): string | undefined => {
    const w = expandWith(doc, word, globals);
    return !w || w.unmatched.size ? undefined : w.result;
  };
  const platformFlag = stage.from.flags.find((f) => f.name === 'platform')?.value;
  return {
    ref: expand(d.image.value),
    token: d.image,
    expanded: d.image.value.includes('$'),
    platform: platformFlag === undefined ? undefined : expand(platformFlag),
  };
}
