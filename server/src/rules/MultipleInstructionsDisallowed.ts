/** MultipleInstructionsDisallowed: several CMD / ENTRYPOINT / HEALTHCHECK in a stage (BuildKit's check of the same name). */
import type { Instruction } from '../parser';
import type { Rule, TextEditOffsets } from './types';
import { josa, l } from '../docs/locale';

/** Removes the instruction's whole lines (continuation lines included), when no other instruction shares them. */
function removeLines(text: string, ins: Instruction, all: readonly Instruction[]): TextEditOffsets | undefined {
  const start = text.lastIndexOf('\n', ins.start - 1) + 1;
  if (text.slice(start, ins.start).trim() !== '') return undefined;
  const nl = text.indexOf('\n', ins.end);
  const end = nl < 0 ? text.length : nl + 1;
  if (text.slice(ins.end, nl < 0 ? text.length : nl).trim() !== '') return undefined;
  if (all.some((o) => o !== ins && o.start < end && o.end > start)) return undefined;
  return { start, end, newText: '' };
}

export const MultipleInstructionsDisallowed: Rule = {
  id: 'MultipleInstructionsDisallowed',
  severity: 'warning',
  scope: 'stage',
  buildkit: true,
  hadolint: ['DL4003', 'DL4004', 'DL3012'],
  docs: {
    summary: 'Flags CMD, ENTRYPOINT and HEALTHCHECK instructions overridden later in the same stage.',
    why: 'An image has one CMD, one ENTRYPOINT and one HEALTHCHECK: only the last of each in a stage takes effect, the earlier ones do nothing.',
    example: 'FROM alpine\nENTRYPOINT ["echo", "Hello, Norway!"]\nENTRYPOINT ["echo", "Hello, Sweden!"]\n',
    fixed: 'FROM alpine\nENTRYPOINT ["echo", "Hello, Sweden!"]\n',
    fix: 'Removes the overridden instruction (all its lines).',
    fixSafety: 'Safe: only the last CMD, ENTRYPOINT or HEALTHCHECK of a stage reaches the image config (an ENTRYPOINT clears Cmd only when no CMD came before it in the stage, and that does not depend on the removed one), so the config and layers are the same; the image history has one entry fewer.',
    references: ['https://docs.docker.com/reference/build-checks/multiple-instructions-disallowed/', 'https://docs.docker.com/reference/dockerfile/#cmd'],
  },
  check({ doc, report, stages }) {
    for (const stage of stages) {
      const last = new Map<string, Instruction>();
      for (const ins of stage.instructions) if (ins.name === 'CMD' || ins.name === 'ENTRYPOINT' || ins.name === 'HEALTHCHECK') last.set(ins.name, ins);
      for (const ins of stage.instructions) {
        const winner = last.get(ins.name);
        if (!winner || winner === ins) continue;
        const edit = removeLines(doc.text, ins, doc.ast.instructions);
        report({
          range: { start: ins.start, end: ins.end },
          message: l(`Multiple ${ins.name} instructions should not be used in the same stage because only the last one will be used`, `한 스테이지에 ${josa(ins.name, '을')} 여러 번 쓰지 마세요. 마지막 것만 적용됩니다`),
          tags: ['unnecessary'],
          related: [{ range: winner.keywordRange, message: l(`the ${ins.name} that is used`, `실제로 적용되는 ${ins.name}`) }],
          fixes: edit ? [{ title: l(`Remove the overridden ${ins.name}`, `덮어써지는 ${ins.name} 지우기`), edits: [edit], preferred: true, applicability: 'safe' }] : [],
          // hadolint: DL4003 multiple CMD, DL4004 multiple ENTRYPOINT, DL3012 multiple HEALTHCHECK
          hadolint: [ins.name === 'CMD' ? 'DL4003' : ins.name === 'ENTRYPOINT' ? 'DL4004' : 'DL3012'],
        });
      }
    }
  },
};
