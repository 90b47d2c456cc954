/**
 * The one variable expander of the model: every module outside the parser
 * expands words through here, never with a lexer of its own, so every
 * expansion uses the file's escape character as BuildKit does.
 *
 * BuildKit (moby/buildkit `frontend/dockerfile/dockerfile2llb/convert.go`) makes
 * one `shell.Lex` per Dockerfile with the escape token of the `# escape=`
 * directive (`shell.NewLex(dockerfile.EscapeToken)`) and expands every word of
 * an instruction with it against the state before that instruction: the ENV
 * and ARG values of the stage for instructions in a stage, the automatic
 * platform ARGs plus the global ARGs for FROM lines. With `# escape=\``,
 * `` `$y `` is an escaped dollar (the literal `$y`); with the default escape
 * that is `\$y`.
 *
 * The one exception is BuildKit's own: heredoc bodies (`ExpandRaw`) are
 * expanded with `shell.NewLex('\\')` and `SkipProcessQuotes`, whatever the
 * directive says ({@link expandHeredoc}).
 */
import { ShellLex, type Instruction } from '../parser';
import type { Env, ProcessWordResult } from '../parser/shell';
import { buildkitState, defaultArgs, type EnvView } from './buildkitState';
import type { DockerfileDocument } from './document';

export type EscapeChar = '\\' | '`';

/** What a word expands to, and the variables it looked up (set and unset). */
export type Expansion = ProcessWordResult;

/** An explicit environment: a map, a lookup function, or a view of a BuildKit state. */
export type ExpandEnv = Env | EnvView;

// ShellLex is immutable and keeps no state between calls: one lexer per escape
// character serves every document (a document never builds its own).
const WORD_LEX: Record<EscapeChar, ShellLex> = {
  '\\': new ShellLex({ escapeToken: '\\' }),
  '`': new ShellLex({ escapeToken: '`' }),
};

/** BuildKit's lexer for heredoc bodies (`ExpandRaw` in dispatch): backslash escape, quotes kept. */
const HEREDOC_LEX = new ShellLex({ escapeToken: '\\', skipProcessQuotes: true });

/** The document's word lexer: BuildKit's `shlex`, with the escape character of the `# escape=` directive. */
export function lexOf(doc: DockerfileDocument): ShellLex {
  return WORD_LEX[doc.ast.escapeChar];
}

function toEnv(env: ExpandEnv): Env {
  if (typeof env === 'function' || env instanceof Map) return env as Env;
  const view = env as EnvView;
  return (n: string) => view.get(n);
}

function run(lex: ShellLex, word: string, env: ExpandEnv): Expansion | undefined {
  try {
    return lex.processWord(word, toEnv(env));
  } catch {
    return undefined; // BuildKit fails the build on a malformed expansion
  }
}

/**
 * Expands `word` with an explicit environment (e.g. the global ARG defaults),
 * with the escape character of `doc` (or the one given). Undefined on an
 * expansion error.
 */
export function expandWith(doc: DockerfileDocument | EscapeChar, word: string, env: ExpandEnv): Expansion | undefined {
  return run(typeof doc === 'string' ? WORD_LEX[doc] : lexOf(doc), word, env);
}

/**
 * BuildKit's ProcessWords: the word expanded and split into words (as EXPOSE and
 * VOLUME read their arguments); throws on a malformed expansion.
 */
export function expandWords(doc: DockerfileDocument, word: string, env: ExpandEnv): string[] {
  return lexOf(doc).processWords(word, toEnv(env));
}

/**
 * A heredoc body expanded as BuildKit expands it (`ExpandRaw`): always with `\`
 * as escape character and quotes kept, whatever the escape directive.
 * Undefined on an expansion error.
 */
export function expandHeredoc(body: string, env: ExpandEnv): Expansion | undefined {
  return run(HEREDOC_LEX, body, env);
}

/** Default args plus the global ARGs declared before `offset`, each expanded with those before it. */
function globalsBefore(doc: DockerfileDocument, offset: number): Map<string, string> {
  const stages = doc.stages.stages;
  const env = defaultArgs(stages.length ? stages[stages.length - 1].name ?? '' : '');
  for (const b of doc.stages.globalArgs) {
    if (b.declaration.name.start >= offset) break;
    const v = b.declaration.value;
    if (v === undefined) continue;
    const r = expandWith(doc, v.value, env);
    if (r) env.set(b.name, r.result);
  }
  return env;
}

/**
 * The environment BuildKit expands the words of an instruction with (the
 * state before it):
 * - inside a stage: the ENV and ARG values in scope (base stages included, PATH);
 * - a FROM line, or an instruction with no state of its own (an ONBUILD
 *   trigger): the automatic platform ARGs and the global ARG defaults;
 * - before the first FROM: the platform ARGs and the global ARGs declared before it.
 *
 * An offset stands for the instruction that contains it, else the next one;
 * after the last instruction, the end of the last stage.
 */
export function envAt(doc: DockerfileDocument, at: Instruction | number): ExpandEnv {
  const state = buildkitState(doc);
  let ins: Instruction | undefined;
  if (typeof at === 'number') {
    ins = doc.instructionAt(at) ?? doc.ast.instructions.find((i) => i.start >= at);
    if (!ins) {
      const stages = doc.stages.stages;
      return stages.length ? state.stageEnd(stages[stages.length - 1].index).env : globalsBefore(doc, at);
    }
  } else {
    ins = at;
  }
  const before = state.before.get(ins);
  if (before) return before.env;
  const first = doc.stages.stages[0];
  if (!first || ins.start < first.from.start) return globalsBefore(doc, ins.start);
  return state.meta.env;
}

/**
 * Expands `word` as BuildKit would in the instruction `at` (or the one at
 * offset `at`): with the BuildKit state before it ({@link envAt}) and the
 * file's escape character. Undefined on an expansion error.
 */
export function expand(doc: DockerfileDocument, word: string, at: Instruction | number): Expansion | undefined {
  return expandWith(doc, word, envAt(doc, at));
}
