/**
 * The per-document semantic model, built once per document version and shared
 * by every request on that version: the syntax tree (re-parsed incrementally
 * from the previous version), the line index, stages and variable scopes.
 */
import { LineIndex, lastStartingBefore, parse, type DockerfileAst, type Instruction } from '../parser';
import { buildStages, stageAt, type StageInfo, type StageModel } from './stages';
import { buildSymbolIndex, type SymbolIndex } from './symbols';

export class DockerfileDocument {
  readonly lines: LineIndex;
  private stageModel: StageModel | undefined;
  private symbolIndex: SymbolIndex | undefined;

  constructor(readonly uri: string, readonly version: number, readonly ast: DockerfileAst) {
    this.lines = new LineIndex(ast.text);
  }

  get text(): string {
    return this.ast.text;
  }

  get stages(): StageModel {
    return (this.stageModel ??= buildStages(this.ast));
  }

  /** Stages, variables and heredoc delimiters with every place they are written. */
  get symbols(): SymbolIndex {
    return (this.symbolIndex ??= buildSymbolIndex(this));
  }

  stageAt(offset: number): StageInfo | undefined {
    return stageAt(this.stages, offset);
  }

  /** The instruction whose range contains `offset` (ends included), the innermost for ONBUILD. */
  instructionAt(offset: number): Instruction | undefined {
    const list = this.ast.instructions;
    const found = lastStartingBefore(list, offset, true);
    if (found < 0) return undefined;
    const ins = list[found];
    return offset <= ins.end ? ins : undefined;
  }
}

/** Builds the model of a new version, re-parsing incrementally from the previous one (which is consumed). */
export function analyze(uri: string, version: number, text: string, previous?: DockerfileDocument): DockerfileDocument {
  return new DockerfileDocument(uri, version, parse(text, previous?.ast));
}

/** Every instruction, the triggers of ONBUILD included (after their ONBUILD). */
export function allInstructions(doc: DockerfileDocument): Instruction[] {
  return withTriggers(doc.ast.instructions);
}

/** The instructions with the triggers of each ONBUILD after it. */
export function withTriggers(list: readonly Instruction[]): Instruction[] {
  const out: Instruction[] = [];
  for (const ins of list) {
    out.push(ins);
    let d = ins.details;
    while (d.kind === 'onbuild' && d.instruction) {
      out.push(d.instruction);
      d = d.instruction.details;
    }
  }
  return out;
}
