/**
 * Every place of a Dockerfile that names a given build stage, for renaming it:
 * the `AS name` token, `FROM name` of later stages, `COPY --from=name` and
 * `RUN --mount=...,from=name`. BuildKit compares stage names case-insensitively.
 * Only places whose text is exactly the value BuildKit reads (no quotes,
 * escapes or variables) are returned; `undefined` when a reference cannot be
 * edited safely, so the caller offers no rename.
 */
import type { DockerfileDocument } from './document';
import type { Flag, Instruction, TextRange } from '../parser';

const plain = (doc: DockerfileDocument, r: TextRange, value: string) => doc.text.slice(r.start, r.end) === value;

function flagRefs(doc: DockerfileDocument, ins: Instruction, flag: Flag, lower: string): TextRange[] | undefined {
  if (!flag.value || !flag.valueRange) return [];
  if (ins.name === 'COPY' && flag.name === 'from') {
    if (flag.value.toLowerCase() !== lower) return [];
    return plain(doc, flag.valueRange, flag.value) ? [flag.valueRange] : undefined;
  }
  if (ins.name === 'RUN' && flag.name === 'mount') {
    const out: TextRange[] = [];
    let offset = 0;
    for (const field of flag.value.split(',')) {
      // the value starts at a non-space (`\s*(.*)` would let the two share white space: quadratic)
      const m = /^(\s*from\s*=\s*)(\S.*)?$/i.exec(field);
      const value = m?.[2]?.trim() ?? '';
      if (m && value.toLowerCase() === lower) {
        if (!plain(doc, flag.valueRange, flag.value)) return undefined;
        const start = flag.valueRange.start + offset + m[1].length;
        out.push({ start, end: start + value.length });
      }
      offset += field.length + 1;
    }
    return out;
  }
  return [];
}

export function stageNameReferences(doc: DockerfileDocument, stageIndex: number): TextRange[] | undefined {
  const stages = doc.stages.stages;
  const stage = stages[stageIndex];
  const d = stage.from.details;
  if (d.kind !== 'from' || !d.stageName || !stage.name) return undefined;
  const lower = stage.name;
  if (stages.some((s) => s !== stage && s.name === lower)) return undefined;
  if (!plain(doc, d.stageName, d.stageName.value)) return undefined;
  const out: TextRange[] = [d.stageName];
  for (const s of stages.slice(stageIndex + 1)) {
    const fd = s.from.details;
    if (fd.kind === 'from' && fd.image && fd.image.value.toLowerCase() === lower) {
      if (!plain(doc, fd.image, fd.image.value)) return undefined;
      out.push(fd.image);
    }
  }
  for (const ins of doc.ast.instructions) {
    for (const f of ins.flags) {
      const r = flagRefs(doc, ins, f, lower);
      if (!r) return undefined;
      out.push(...r);
    }
  }
  return out;
}
