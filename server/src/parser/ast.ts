/**
 * The syntax tree of a Dockerfile. Every node carries `start`/`end`: UTF-16
 * offsets into the document text (use `LineIndex` to get LSP positions).
 * The tree keeps BuildKit's own view of each instruction (`args`, exactly the
 * values BuildKit's parser produces) next to typed, instruction-specific views
 * (`details`) that features and rules use.
 */

export interface TextRange {
  start: number;
  end: number;
}

/** A piece of the document with the value BuildKit sees (line continuations removed). */
export interface Token extends TextRange {
  value: string;
}

export type EscapeChar = '\\' | '`';

export interface Directive extends TextRange {
  /** Lower-cased name: `syntax`, `escape` or `check`. */
  name: string;
  value: string;
  nameRange: TextRange;
  valueRange: TextRange;
}

export interface Comment extends TextRange {
  /** The text after `#`, trimmed. */
  text: string;
}

/** `--name=value` before an instruction's arguments, as BuildKit's extractBuilderFlags reads it. */
export interface Flag extends TextRange {
  /** The flag word after quote/escape processing, e.g. `--from=build`: what BuildKit dumps. */
  raw: string;
  /** The name without dashes, e.g. `from`. */
  name: string;
  /** The value after `=`; undefined for a bare `--flag`. */
  value: string | undefined;
  nameRange: TextRange;
  valueRange: TextRange | undefined;
}

export interface Heredoc extends TextRange {
  /** The terminator word, quotes removed. */
  name: string;
  /** `3<<EOF` → 3; 0 when not given. */
  fileDescriptor: number;
  /** False when any part of the word was quoted: the body is not expanded. */
  expand: boolean;
  /** `<<-`: leading tabs are stripped from the body and the terminator. */
  chomp: boolean;
  /** The body exactly as BuildKit collects it: every line with its line ending. */
  content: string;
  /** Where the body lies in the document. */
  body: TextRange;
  /** The terminator line; undefined when the heredoc is not terminated. */
  terminator: TextRange | undefined;
}

/** Who expands a `$VAR` reference. */
export type Expander =
  /** BuildKit substitutes build args and ENV before running the instruction. */
  | 'buildkit'
  /** Passed as is to a shell (`RUN` shell form, heredoc scripts), which expands it at run time. */
  | 'shell'
  /** Exec-form element: nothing expands it, the program gets `$VAR` literally. */
  | 'none';

export interface VariableUse extends TextRange {
  name: string;
  nameRange: TextRange;
  braced: boolean;
  /** `:-`, `-`, `:+`, `+`, `:?`, `?`, `#`, `##`, `%`, `%%`, `/`, `//` … */
  modifier?: string;
  /** The default / alternative / pattern word after the modifier. */
  word?: Token;
  expandedBy: Expander;
}

export type Form = 'exec' | 'shell' | 'none';

export interface KeyValue {
  key: Token;
  /** The value as written (quotes kept, as BuildKit's parser keeps them); may be empty. */
  value: Token;
  /** The `=` sign; undefined for the legacy `ENV key value` form. */
  equals: TextRange | undefined;
}

export interface ArgDeclaration {
  name: Token;
  /** The default value as written (quotes kept); undefined for `ARG NAME`. */
  value: Token | undefined;
}

export type InstructionDetails =
  | { kind: 'from'; image: Token | undefined; asKeyword: Token | undefined; stageName: Token | undefined; platform: Flag | undefined }
  | { kind: 'keyValues'; pairs: KeyValue[]; legacy: boolean }
  | { kind: 'arg'; declarations: ArgDeclaration[] }
  | { kind: 'expose'; ports: Token[] }
  | { kind: 'healthcheck'; type: Token | undefined; command: Token[] }
  | { kind: 'user'; user: Token | undefined; group: Token | undefined }
  | { kind: 'copy'; sources: Token[]; destination: Token | undefined }
  | { kind: 'command'; arguments: Token[] }
  | { kind: 'single'; value: Token | undefined }
  | { kind: 'onbuild'; instruction: Instruction | undefined }
  | { kind: 'unknown' };

export interface Instruction extends TextRange {
  /** The keyword as written (`run`, `Run`, …). */
  keyword: string;
  /** The keyword upper-cased: `RUN`. */
  name: string;
  keywordRange: TextRange;
  /** BuildKit's line numbers (1-based, counted by `\n`), heredoc bodies included. */
  startLine: number;
  endLine: number;
  flags: Flag[];
  /** The arguments after the flags (trimmed), as one range. */
  argsRange: TextRange | undefined;
  /** BuildKit's argument list for this instruction (the `Next` chain of its AST node). */
  args: Token[];
  /** Exec (JSON) form, shell form, or neither (instructions without the distinction). */
  form: Form;
  /** Set when the arguments start with `[` but are not a valid JSON string array, so BuildKit used shell form. */
  invalidJson: { message: string; range: TextRange } | undefined;
  heredocs: Heredoc[];
  variables: VariableUse[];
  details: InstructionDetails;
  /** The logical line BuildKit parsed (continuations joined, comments dropped). */
  original: string;
}

export type Severity = 'error' | 'warning';

export interface SyntaxProblem extends TextRange {
  message: string;
  severity: Severity;
  /** A stable id: BuildKit's rule name where there is one. */
  code: string;
  /** True when BuildKit's parser itself rejects the file for this (`docker build` fails before any build step). */
  fatal: boolean;
}

export interface Stage extends TextRange {
  index: number;
  from: Instruction;
  /** Lower-cased stage name from `AS name`, if any. */
  name: string | undefined;
  instructions: Instruction[];
}

export interface DockerfileAst {
  text: string;
  /** Offset after a leading byte-order mark (0 or 1). */
  bomLength: number;
  escapeChar: EscapeChar;
  directives: Directive[];
  comments: Comment[];
  instructions: Instruction[];
  problems: SyntaxProblem[];
}
