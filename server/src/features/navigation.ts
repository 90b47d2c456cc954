/**
 * Go to definition, find all references, document highlight and rename for
 * build stages, ARG/ENV variables and heredoc delimiters, on the symbol index
 * of the model (`model/symbols.ts`, which holds Docker's scoping rules).
 *
 * Rename refuses what would change what the file builds:
 * - stage names must match BuildKit's `^[a-z][a-z0-9-_.]*$` (case-insensitive),
 *   must not equal another stage's name, nor an image a later `FROM` pulls
 *   (that FROM would start building the stage instead);
 * - variable names must be `[A-Za-z_][A-Za-z0-9_]*`, must not be a predefined
 *   ARG, nor a name already defined or used where the symbol is visible;
 * - heredoc delimiters must be a word that is not a line of the body;
 * - `--from=0` (a stage by index) and names written with quotes or line
 *   continuations are left as they are — rename is refused when the place under
 *   the cursor is one of them.
 */
import { DocumentHighlightKind, type DocumentHighlight, type Location, type Position, type Range, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import { PREDEFINED_ARGS } from '../docs/instructions';
import { josa, l, type Text } from '../docs/locale';
import type { Localized } from '../docs/types';
import type { DockerfileDocument } from '../model/document';
import { occurrenceAt, type DockerSymbol, type Occurrence } from '../model/symbols';

const location = (doc: DockerfileDocument, o: Occurrence): Location => ({ uri: doc.uri, range: doc.lines.rangeOf(o) });

function at(doc: DockerfileDocument, position: Position): Occurrence | undefined {
  return occurrenceAt(doc.symbols, doc.lines.offsetAt(position));
}

export function definition(doc: DockerfileDocument, position: Position): Location[] {
  const o = at(doc, position);
  if (!o) return [];
  if (o.declaration) return [location(doc, o)];
  if (o.target) return [location(doc, o.target)];
  return o.symbol.occurrences.filter((x) => x.declaration).map((x) => location(doc, x));
}

export function references(doc: DockerfileDocument, position: Position, includeDeclaration: boolean): Location[] {
  const o = at(doc, position);
  if (!o) return [];
  return o.symbol.occurrences.filter((x) => includeDeclaration || !x.declaration).map((x) => location(doc, x));
}

export function documentHighlights(doc: DockerfileDocument, position: Position): DocumentHighlight[] {
  const o = at(doc, position);
  if (!o) return [];
  return o.symbol.occurrences.map((x) => ({
    range: doc.lines.rangeOf(x),
    kind: x.declaration ? DocumentHighlightKind.Write : DocumentHighlightKind.Read,
  }));
}

/** Why a rename is refused, in both languages (`message` is the English one); the server answers in the session's. */
export class RenameError extends Error {
  readonly text: Localized;
  constructor(text: Text) {
    const both = typeof text === 'string' ? { en: text, ko: text } : text;
    super(both.en);
    this.text = both;
  }
}

function renamable(doc: DockerfileDocument, position: Position): Occurrence {
  const o = at(doc, position);
  if (!o) throw new RenameError(l('Only build stages, ARG/ENV variables and heredoc delimiters can be renamed.', '이름을 바꿀 수 있는 것은 빌드 스테이지, ARG/ENV 변수, heredoc 구분자뿐입니다.'));
  if (!o.renamable) throw new RenameError(l('This reference is not written as the plain name (a stage index, quotes or a line continuation): rename it at its declaration.', '이 참조는 이름 그대로 쓰여 있지 않습니다(스테이지 번호, 따옴표, 줄 이어쓰기). 선언한 곳에서 이름을 바꾸세요.'));
  if (o.symbol.kind === 'variable' && PREDEFINED_ARGS.some((p) => p.name === o.symbol.name)) {
    throw new RenameError(l(`${o.symbol.name} is a predefined build argument: BuildKit sets it, so it cannot be renamed.`, `${josa(o.symbol.name, '은')} 미리 정의된 빌드 인수입니다. BuildKit이 값을 정하므로 이름을 바꿀 수 없습니다.`));
  }
  if (!o.symbol.occurrences.some((x) => x.declaration)) throw new RenameError(l('This name is not declared in this file.', '이 이름은 이 파일에서 선언되지 않았습니다.'));
  return o;
}

export function prepareRename(doc: DockerfileDocument, position: Position): { range: Range; placeholder: string } | null {
  const o = renamable(doc, position);
  return { range: doc.lines.rangeOf(o), placeholder: doc.text.slice(o.start, o.end) };
}

const STAGE_NAME = /^[a-z][a-z0-9-_.]*$/i;
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const HEREDOC_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

function checkStageName(doc: DockerfileDocument, symbol: DockerSymbol, name: string): void {
  if (!STAGE_NAME.test(name)) throw new RenameError(l(`"${name}" is not a valid stage name: BuildKit requires a letter followed by letters, digits, "-", "_" or ".".`, `"${name}"은(는) 스테이지 이름으로 쓸 수 없습니다. BuildKit은 글자로 시작하고 글자, 숫자, "-", "_", "."만 쓰는 이름을 요구합니다.`));
  const lower = name.toLowerCase();
  for (const s of doc.stages.stages) {
    if (s.name === lower && s.from !== symbol.stage?.from) throw new RenameError(l(`A stage named "${s.name}" already exists (stage names are case-insensitive).`, `"${s.name}"(이)라는 스테이지가 이미 있습니다(스테이지 이름은 대소문자를 가리지 않습니다).`));
  }
  for (const s of doc.stages.stages) {
    if (!s.baseStage && s.image?.toLowerCase() === lower && symbol.stage && s.index > symbol.stage.index) {
      throw new RenameError(l(
        `"FROM ${s.image}" on line ${doc.lines.positionAt(s.from.start).line + 1} would then build this stage instead of pulling the image.`,
        `그러면 ${doc.lines.positionAt(s.from.start).line + 1}번 줄의 "FROM ${s.image}"이(가) 이미지를 받는 대신 이 스테이지를 빌드하게 됩니다.`,
      ));
    }
  }
}

function checkVariableName(doc: DockerfileDocument, symbol: DockerSymbol, name: string): void {
  if (!VARIABLE_NAME.test(name)) throw new RenameError(l(`"${name}" is not a valid variable name: use letters, digits and "_", not starting with a digit.`, `"${name}"은(는) 변수 이름으로 쓸 수 없습니다. 글자, 숫자, "_"만 쓰고 숫자로 시작하지 마세요.`));
  if (PREDEFINED_ARGS.some((p) => p.name === name)) throw new RenameError(l(`${name} is a predefined build argument.`, `${josa(name, '은')} 미리 정의된 빌드 인수입니다.`));
  // where the symbol is visible: its own stage(s) and, for global ARGs, FROM lines and the stages re-declaring it
  const scopes = new Set(symbol.occurrences.map((o) => doc.stageAt(o.start)?.index ?? -1));
  for (const other of doc.symbols.symbols) {
    if (other === symbol || other.kind !== 'variable' || other.name !== name) continue;
    for (const o of other.occurrences) {
      if (scopes.has(doc.stageAt(o.start)?.index ?? -1)) {
        throw new RenameError(l(
          `"${name}" is already used on line ${doc.lines.positionAt(o.start).line + 1}, where "${symbol.name}" is visible.`,
          `"${symbol.name}"이(가) 보이는 ${doc.lines.positionAt(o.start).line + 1}번 줄에서 "${name}"을(를) 이미 쓰고 있습니다.`,
        ));
      }
    }
  }
  for (const ins of doc.ast.instructions) {
    for (const v of ins.variables) {
      if (v.name === name && scopes.has(doc.stageAt(v.start)?.index ?? -1)) {
        throw new RenameError(l(
          `$${name} is already used on line ${doc.lines.positionAt(v.start).line + 1}: it would start to refer to this variable.`,
          `$${name}은(는) ${doc.lines.positionAt(v.start).line + 1}번 줄에서 이미 쓰고 있어, 그곳이 이 변수를 가리키게 됩니다.`,
        ));
      }
    }
  }
}

function checkHeredocName(symbol: DockerSymbol, occurrence: Occurrence, name: string): void {
  if (!HEREDOC_NAME.test(name)) throw new RenameError(l(`"${name}" is not a valid heredoc delimiter: use a single word.`, `"${name}"은(는) heredoc 구분자로 쓸 수 없습니다. 한 단어를 쓰세요.`));
  const h = occurrence.instruction.heredocs.find((x) => x.name === symbol.name && x.start <= occurrence.start && occurrence.end <= (x.terminator?.end ?? x.end));
  const body = h?.content.split(/\r?\n/) ?? [];
  if (body.some((line) => line.replace(/^\t+/, '') === name)) throw new RenameError(l(`The heredoc body has a line "${name}": it would end the heredoc early.`, `heredoc 본문에 "${name}" 줄이 있어 heredoc이 일찍 끝나 버립니다.`));
}

/** The edits renaming the symbol at `position`; throws a RenameError with a message for the user when refused. */
export function rename(doc: DockerfileDocument, position: Position, newName: string): WorkspaceEdit | null {
  const o = renamable(doc, position);
  const symbol = o.symbol;
  if (symbol.kind === 'stage') checkStageName(doc, symbol, newName);
  else if (symbol.kind === 'variable') checkVariableName(doc, symbol, newName);
  else checkHeredocName(symbol, o, newName);
  const edits: TextEdit[] = symbol.occurrences
    .filter((x) => x.renamable)
    .map((x) => ({ range: doc.lines.rangeOf(x), newText: newName }));
  return { changes: { [doc.uri]: edits } };
}
