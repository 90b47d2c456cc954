/**
 * Text edits as offsets, and the check every quick fix passes: the edited file
 * parses with no more errors than before (a fix never breaks a file).
 */
import { parse, type Instruction } from '../parser';
import type { Localized } from '../docs/types';
import type { DockerfileDocument } from './document';
import type { Text } from '../docs/locale';

/** A replacement of the document text [start, end) (UTF-16 offsets) by `newText`. */
export interface TextEditOffsets {
  start: number;
  end: number;
  newText: string;
}

export interface Fix {
  /** Shown in the light-bulb menu, e.g. "Use exec form: [\"npm\", \"start\"]": `l(en, ko)` (a plain string is shown as is). */
  title: Text;
  /** The title in both languages when `title` is its English (set by `titled()`); the code-action feature prefers it. */
  localizedTitle?: Localized;
  edits: TextEditOffsets[];
  /** The fix to apply with one keystroke (VS Code's "preferred" quick fix). */
  preferred?: boolean;
  /**
   * Fix safety, after ruff's model (https://docs.astral.sh/ruff/linter/#fix-safety, `Applicability`):
   * `safe` only when the build's result stays the same (every layer's content and the image config:
   * Entrypoint, Cmd, Env, Labels, ExposedPorts, User, WorkingDir, Healthcheck, StopSignal, Shell, OnBuild)
   * and a file that builds still builds: casing, equivalent or deprecated-but-equivalent syntax. A fix
   * that changes runtime behaviour, the config, what is copied or installed, or makes a failing build
   * pass is `unsafe`. Absent means unsafe: `check --fix` applies only safe preferred fixes unless
   * `--unsafe-fixes` is given; the editor's quick fixes (a human picks them) show both.
   */
  applicability?: 'safe' | 'unsafe';
}

/** True when a fix may be applied without a human looking (`Fix.applicability`). */
export const isSafeFix = (fix: Pick<Fix, 'applicability'>): boolean => fix.applicability === 'safe';

/** `title` and `localizedTitle` of a fix from a phrase in both languages. */
export const titled = (text: Localized): Pick<Fix, 'title' | 'localizedTitle'> => ({ title: text.en, localizedTitle: text });

/** Applies edits (non-overlapping) to a text. */
export function applyEdits(text: string, edits: ReadonlyArray<TextEditOffsets>): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/**
 * True when applying `edits` adds no parser error (other than `ignore`d codes):
 * fixes must never turn a file BuildKit parses into one it rejects.
 */
export function editsKeepParse(text: string, edits: readonly TextEditOffsets[], ignore: readonly string[] = [], local?: { start: number; end: number; header: string }): boolean {
  const count = (t: string) => parse(t).problems.filter((p) => p.severity === 'error' && !ignore.includes(p.code)).length;
  const apply = (t: string, shift: number) => {
    let out = t;
    for (const e of [...edits].sort((a, b) => b.start - a.start || b.end - a.end)) out = out.slice(0, e.start - shift) + e.newText + out.slice(e.end - shift);
    return out;
  };
  // an edit inside one instruction only changes that instruction's parse, unless a heredoc
  // marker appears (it would take the following lines): then the whole file is checked
  if (local && !text.slice(local.start, local.end).includes('<<')) {
    const piece = text.slice(local.start, local.end);
    const shift = local.start - local.header.length;
    return count(apply(local.header + piece, shift)) <= count(local.header + piece);
  }
  return count(apply(text, 0)) <= count(text);
}

/** The lines of an instruction, and the directive lines that set how they parse (the escape char). */
export function instructionLines(doc: DockerfileDocument, ins: Instruction): { start: number; end: number; header: string } {
  const text = doc.text;
  const start = text.lastIndexOf('\n', ins.start - 1) + 1;
  const nl = text.indexOf('\n', ins.end);
  const end = nl < 0 ? text.length : nl + 1;
  const header = doc.ast.escapeChar === '`' ? '# escape=`\n' : '';
  return { start, end, header };
}
