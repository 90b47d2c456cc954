/**
 * The image a FROM line pulls, with the global ARG defaults filled in as
 * BuildKit expands FROM lines (global ARGs only, in declaration order:
 * https://docs.docker.com/reference/dockerfile/#understand-how-arg-and-from-interact).
 */
import { ShellLex, type Token } from '../parser';
import type { DockerfileDocument } from './document';
import type { StageInfo } from './stages';

/** The global ARGs with a default, each expanded with the ones before it. */
export function globalArgValues(doc: DockerfileDocument, lex = new ShellLex({ escapeToken: doc.ast.escapeChar })): Map<string, string> {
  const globals = new Map<string, string>();
  for (const a of doc.stages.globalArgs) {
    const v = a.declaration.value;
    if (!v) continue;
    try {
      globals.set(a.name, lex.processWord(v.value, globals).result);
    } catch {
      globals.delete(a.name);
    }
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
  const lex = new ShellLex({ escapeToken: doc.ast.escapeChar });
  const expand = (word: string): string | undefined => {
    try {
      const w = lex.processWord(word, globals);
      return w.unmatched.size ? undefined : w.result;
    } catch {
      return undefined;
    }
  };
  const platformFlag = stage.from.flags.find((f) => f.name === 'platform')?.value;
  return {
    ref: expand(d.image.value),
    token: d.image,
    expanded: d.image.value.includes('$'),
    platform: platformFlag === undefined ? undefined : expand(platformFlag),
  };
}
