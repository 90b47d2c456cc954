/** The port words of the EXPOSE instructions in stages, expanded as BuildKit does (`ProcessWords`). */
import type { DockerfileDocument } from './document';
import type { StageInfo } from './stages';
import type { Instruction, Token } from '../parser';
import { buildkitState } from './buildkitState';
import { expandWords } from './expand';
import { parsePortSpec, type PortSpec } from './ports';

export interface ExposedPort {
  ins: Instruction;
  token: Token;
  /** The port after expansion. */
  raw: string;
  spec: PortSpec;
  /** The token is the port exactly as written (no variables, quotes or splitting). */
  literal: boolean;
}

export function exposedPorts(doc: DockerfileDocument, stages: readonly StageInfo[] = doc.stages.stages): ExposedPort[] {
  const state = buildkitState(doc);
  const out: ExposedPort[] = [];
  for (const stage of stages) {
    for (const ins of stage.instructions) {
      if (ins.name !== 'EXPOSE' || ins.details.kind !== 'expose') continue;
      const before = state.before.get(ins);
      if (!before) continue;
      const env = before.env;
      let unknown = false;
      const probe = (n: string) => {
        if (env.has(n)) return env.get(n);
        if (before.open) unknown = true;
        return undefined;
      };
      for (const token of ins.details.ports) {
        let words: string[];
        unknown = false;
        try {
          words = expandWords(doc, token.value, probe);
        } catch {
          break;
        }
        if (unknown) continue;
        const literal = words.length === 1 && words[0] === token.value && doc.text.slice(token.start, token.end) === token.value;
        let failed = false;
        for (const raw of words) {
          const spec = parsePortSpec(raw);
          if (!spec) {
            failed = true; // BuildKit stops at the first bad port
            break;
          }
          out.push({ ins, token, raw, spec, literal });
        }
        if (failed) break;
      }
    }
  }
  return out;
}
