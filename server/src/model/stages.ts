/**
 * Build stages and the ARGs in scope in each, with Docker's scoping rules:
 * - ARGs before the first FROM are global: usable in FROM lines only;
 * - inside a stage an ARG is visible from its declaration to the stage's end;
 *   `ARG NAME` without a value re-declares a global ARG and inherits its default;
 * - a stage ends at the next FROM.
 * (https://docs.docker.com/reference/dockerfile/#scope)
 */
import type { ArgDeclaration, DockerfileAst, Instruction, TextRange } from '../parser/ast';

export interface ArgBinding {
  name: string;
  declaration: ArgDeclaration;
  instruction: Instruction;
  /** The default as written (quotes kept), own or inherited from the global ARG it re-declares. */
  defaultValue: string | undefined;
  /** The global ARG this stage-level ARG re-declares, if any. */
  global: ArgBinding | undefined;
}

export interface StageInfo extends TextRange {
  index: number;
  from: Instruction;
  /** Lower-cased `AS` name (Docker compares stage names case-insensitively). */
  name: string | undefined;
  /** The image reference as written (may contain variables). */
  image: string | undefined;
  /** The earlier stage this one is built FROM, if its image names one. */
  baseStage: StageInfo | undefined;
  instructions: Instruction[];
  args: ArgBinding[];
}

export interface StageModel {
  globalArgs: ArgBinding[];
  stages: StageInfo[];
}

function bindings(ins: Instruction, globals: ArgBinding[] | undefined): ArgBinding[] {
  if (ins.details.kind !== 'arg') return [];
  return ins.details.declarations.map((d) => {
    const global = globals ? findLast(globals, d.name.value) : undefined;
    return {
      name: d.name.value,
      declaration: d,
      instruction: ins,
      defaultValue: d.value ? d.value.value : global?.defaultValue,
      global,
    };
  });
}

function findLast(list: ArgBinding[], name: string): ArgBinding | undefined {
  for (let i = list.length - 1; i >= 0; i--) if (list[i].name === name) return list[i];
  return undefined;
}

export function buildStages(ast: DockerfileAst): StageModel {
  const globalArgs: ArgBinding[] = [];
  const stages: StageInfo[] = [];
  /** Stage by lower-cased name (the first of duplicates, as `find` did). */
  const byName = new Map<string, StageInfo>();
  let current: StageInfo | undefined;
  for (const ins of ast.instructions) {
    if (ins.name === 'FROM') {
      const d = ins.details.kind === 'from' ? ins.details : undefined;
      const image = d?.image?.value;
      const lower = image?.toLowerCase();
      current = {
        start: ins.start,
        end: ins.end,
        index: stages.length,
        from: ins,
        name: d?.stageName?.value.toLowerCase(),
        image,
        baseStage: lower ? byName.get(lower) : undefined,
        instructions: [ins],
        args: [],
      };
      stages.push(current);
      if (current.name && !byName.has(current.name)) byName.set(current.name, current);
      continue;
    }
    if (!current) {
      globalArgs.push(...bindings(ins, undefined));
      continue;
    }
    current.instructions.push(ins);
    current.end = ins.end;
    current.args.push(...bindings(ins, globalArgs));
  }
  return { globalArgs, stages };
}

/** The stage containing `offset`, if any. */
export function stageAt(model: StageModel, offset: number): StageInfo | undefined {
  let found: StageInfo | undefined;
  for (const s of model.stages) {
    if (s.start <= offset) found = s;
    else break;
  }
  return found;
}

/**
 * The ARGs visible at `offset`: in a stage, those declared in it before the
 * offset; before the first FROM and on FROM lines, the global ones declared before it.
 */
export function argsInScope(model: StageModel, offset: number): Map<string, ArgBinding> {
  const scope = new Map<string, ArgBinding>();
  const stage = stageAt(model, offset);
  const onFrom = stage && offset <= stage.from.end;
  if (!stage || onFrom) {
    for (const a of model.globalArgs) if (a.instruction.end <= offset) scope.set(a.name, a);
    return scope;
  }
  for (const a of stage.args) if (a.instruction.end <= offset) scope.set(a.name, a);
  return scope;
}
