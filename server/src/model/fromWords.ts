/** The words of a FROM that BuildKit expands with the global ARGs: the image and `--platform`. */
import type { Instruction, TextRange, VariableUse } from '../parser';

export interface FromWord {
  kind: 'image' | 'platform';
  /** The word as BuildKit reads it (before expansion). */
  value: string;
  range: TextRange;
}

export function fromWords(ins: Instruction): FromWord[] {
  const d = ins.details;
  if (d.kind !== 'from') return [];
  const out: FromWord[] = [];
  if (d.platform?.value && d.platform.valueRange) out.push({ kind: 'platform', value: d.platform.value, range: d.platform.valueRange });
  if (d.image) out.push({ kind: 'image', value: d.image.value, range: d.image });
  return out;
}

/** The first reference to `name` inside `range`. */
export function variableIn(ins: Instruction, range: TextRange, name: string): VariableUse | undefined {
  return ins.variables.find((v) => v.name === name && v.start >= range.start && v.end <= range.end);
}
