/**
 * Build stages and the ARGs in scope in each, with Docker's scoping rules:
 * - ARGs before the first FROM are global: usable in FROM lines only;
 * - inside a stage an ARG is visible from its declaration to the stage's end;
 *   `ARG NAME` without a value re-declares a global ARG and inherits its default;
 * - a stage ends at the next FROM.
 * (https://docs.docker.com/reference/dockerfile/#scope)
 * A FROM names an earlier stage when its image, after BuildKit expands it with
 * the global ARG defaults (`FROM ${BASE}`, `${BASE:-build}`), is that stage's
 * name (BuildKit's dockerfile2llb expands BaseName, then looks the stage up by
 * its lower-cased name).
 */
import type { ArgDeclaration, DockerfileAst, Instruction, TextRange } from '../parser/ast';
import { defaultArgs } from './buildkitState';
import { expandWith } from './expand';

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
  /**
   * The image reference BuildKit looks up: `image` expanded with the global ARG defaults (as
   * written when it has no variable; '' when it expands to nothing; undefined when it cannot be expanded).
   */
  baseName: string | undefined;
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
  let globalValues: Map<string, string> | undefined;
  const list = ast.instructions;
  /** Where the current stage's FROM is in `list`: its instructions are sliced out when it ends (no growing array). */
  let from = -1;
  const close = (end: number) => {
    if (current) current.instructions = list.slice(from, end);
  };
  for (let i = 0; i < list.length; i++) {
    const ins = list[i];
    if (ins.name === 'FROM') {
      close(i);
      from = i;
      const d = ins.details.kind === 'from' ? ins.details : undefined;
      const image = d?.image?.value;
      let baseName = image;
      if (image?.includes('$')) {
        // the global ARG defaults in order, each expanded with those before it (and the platform ARGs)
        globalValues ??= globalArgDefaults(ast, globalArgs);
        baseName = expandWith(ast.escapeChar, image, globalValues)?.result; // an unset variable expands to '' (BuildKit: a blank base name)
      }
      // BuildKit finds a stage by its exact (lower-case) name; `FROM Base` fails there (InvalidStageReference)
      // but the legacy builder finds stage `base`, and so do we, so the rest of the model follows the intent
      const lower = baseName ? baseName.toLowerCase() : undefined;
      current = {
        start: ins.start,
        end: ins.end,
        index: stages.length,
        from: ins,
        name: d?.stageName?.value.toLowerCase(),
        image,
        baseName,
        baseStage: lower ? byName.get(lower) : undefined,
        instructions: [],
        args: [],
      };
      stages.push(current);
      if (current.name && !byName.has(current.name)) byName.set(current.name, current);
      continue;
    }
    if (!current) {
      if (ins.details.kind === 'arg') for (const b of bindings(ins, undefined)) globalArgs.push(b);
      continue;
    }
    current.end = ins.end;
    if (ins.details.kind === 'arg') for (const b of bindings(ins, globalArgs)) current.args.push(b);
  }
  close(list.length);
  return { globalArgs, stages };
}

/** The global ARG defaults as BuildKit's FROM expansion sees them (TARGETSTAGE aside: it names the stage being built). */
function globalArgDefaults(ast: DockerfileAst, globals: readonly ArgBinding[]): Map<string, string> {
  const env = defaultArgs('');
  for (const b of globals) {
    const v = b.declaration.value;
    if (v === undefined) continue;
    const r = expandWith(ast.escapeChar, v.value, env);
    if (r) env.set(b.name, r.result);
  }
  return env;
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
