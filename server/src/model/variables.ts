/**
 * Which ARG and ENV definitions a `$VAR` at a given place refers to, with
 * Docker's scoping (https://docs.docker.com/reference/dockerfile/#scope):
 * - on a FROM line: the global ARGs declared before it;
 * - inside a stage: its own ARGs and ENVs declared before the place, the ENVs
 *   of the stage it is built FROM (ENV persists into the image), the
 *   automatic platform ARGs only once re-declared;
 * - an ENV overrides an ARG of the same name from its declaration on.
 */
import type { Instruction, Token } from '../parser';
import type { DockerfileDocument } from './document';
import type { StageInfo } from './stages';

export interface VariableDefinition {
  name: string;
  kind: 'arg' | 'env';
  /** The name token of the declaration. */
  token: Token;
  /** The value as written (quotes kept), if any. */
  value: string | undefined;
  instruction: Instruction;
  /** True for global ARGs (before the first FROM). */
  global: boolean;
  /** The stage the definition belongs to (undefined for global ARGs). */
  stage: StageInfo | undefined;
}

function definitionsOf(ins: Instruction, stage: StageInfo | undefined): VariableDefinition[] {
  const d = ins.details;
  if (d.kind === 'arg') {
    return d.declarations.map((decl) => ({ name: decl.name.value, kind: 'arg' as const, token: decl.name, value: decl.value?.value, instruction: ins, global: !stage, stage }));
  }
  if (ins.name === 'ENV' && d.kind === 'keyValues') {
    return d.pairs.map((p) => ({ name: p.key.value, kind: 'env' as const, token: p.key, value: p.value.value, instruction: ins, global: false, stage }));
  }
  return [];
}

/** ENV definitions a stage starts with: those of the stage chain it is built FROM. */
function inheritedEnv(stage: StageInfo, depth = 0): VariableDefinition[] {
  const base = stage.baseStage;
  if (!base || depth > 50) return [];
  const out = inheritedEnv(base, depth + 1);
  for (const ins of base.instructions) if (ins.name === 'ENV') out.push(...definitionsOf(ins, base));
  return out;
}

/**
 * The definitions visible at `offset`, in declaration order (later ones win).
 * For a stage-level `ARG NAME` without a value, the global ARG of that name is
 * listed right before it (it supplies the default).
 */
export function definitionsInScope(doc: DockerfileDocument, offset: number): VariableDefinition[] {
  const stage = doc.stageAt(offset);
  const globals: VariableDefinition[] = [];
  for (const ins of doc.ast.instructions) {
    if (ins.name === 'FROM') break;
    if (ins.end < offset) globals.push(...definitionsOf(ins, undefined));
  }
  if (!stage || offset <= stage.from.end) return globals;
  const out = inheritedEnv(stage);
  for (const ins of stage.instructions) {
    if (ins.start >= offset) break;
    if (ins.end >= offset && ins.name !== 'ONBUILD') {
      // a variable in an ENV/ARG line sees the definitions before that line
      break;
    }
    for (const def of definitionsOf(ins, stage)) {
      if (def.kind === 'arg' && def.value === undefined) {
        const g = [...globals].reverse().find((x) => x.name === def.name);
        if (g) out.push(g);
      }
      out.push(def);
    }
  }
  return out;
}

/** The definition a name resolves to at `offset` (the last one in scope). */
export function resolveVariable(doc: DockerfileDocument, offset: number, name: string): VariableDefinition | undefined {
  const defs = definitionsInScope(doc, offset);
  for (let i = defs.length - 1; i >= 0; i--) if (defs[i].name === name) return defs[i];
  return undefined;
}
