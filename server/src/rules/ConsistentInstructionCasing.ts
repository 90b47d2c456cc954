/**
 * ConsistentInstructionCasing: an instruction keyword that is mixed-case or not
 * in the casing of the majority of the file's instructions.
 * BuildKit: dockerfile2llb `validateCommandCasing`: counts and checks the
 * instructions of the stages (FROM included; global ARGs before the first FROM
 * are neither counted nor checked), ties count as uppercase.
 */
import type { Instruction } from '../parser';
import type { Finding, Rule } from './types';
import { buildCheckReferences } from './util/docs';
import { l } from '../docs/locale';

const KNOWN = new Set(['ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL', 'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR']);
/** Per instruction: its last finding, with the majority and the keyword's offset it was made for. */
const findings = new WeakMap<Instruction, { lower: boolean; at: number; finding: Finding }>();

const consistent = (s: string) => s === s.toLowerCase() || s === s.toUpperCase();

export const ConsistentInstructionCasing: Rule = {
  id: 'ConsistentInstructionCasing',
  severity: 'warning',
  buildkit: true,
  docs: {
    summary: 'All instructions of a Dockerfile should use the same casing, upper or lower.',
    why: 'Instruction keywords are case-insensitive, but mixing `RUN` and `run` (or writing `Run`) makes a Dockerfile harder to read; BuildKit reports keywords that differ from the majority.',
    example: 'FROM alpine\nRun echo hello > /greeting.txt\nEXPOSE 80\n',
    fixed: 'FROM alpine\nRUN echo hello > /greeting.txt\nEXPOSE 80\n',
    fix: "Rewrites the keyword in the majority's casing.",
    fixSafety: 'Safe: instruction keywords are case-insensitive; the image is the same.',
    references: buildCheckReferences('ConsistentInstructionCasing', 'https://docs.docker.com/reference/dockerfile/#format'),
  },
  check({ doc, report }) {
    // two passes over the stages' instructions (no list: this runs on every version)
    let lower = 0;
    let upper = 0;
    for (const s of doc.stages.stages) {
      for (const ins of s.instructions) {
        if (!KNOWN.has(ins.name) || !consistent(ins.keyword)) continue;
        if (ins.keyword === ins.name) upper++;
        else if (ins.keyword === ins.keyword.toLowerCase()) lower++;
        else upper++;
      }
    }
    const majorityLower = lower > upper;
    for (const s of doc.stages.stages) for (const ins of s.instructions) {
      if (!KNOWN.has(ins.name)) continue;
      const k = ins.keyword;
      if (majorityLower ? k === ins.name.toLowerCase() : k === ins.name) continue;
      // the finding of an unchanged instruction is kept while the majority and its place stay the same
      const at = ins.keywordRange.start;
      const kept = findings.get(ins);
      if (kept && kept.lower === majorityLower && kept.at === at) {
        report(kept.finding);
        continue;
      }
      const want = majorityLower ? k.toLowerCase() : k.toUpperCase();
      const finding: Finding = {
        range: { start: at, end: ins.keywordRange.end },
        message: l(`Command '${k}' should match the case of the command majority (${majorityLower ? 'lowercase' : 'uppercase'})`, `명령어 '${k}'의 대소문자를 다른 명령어 대부분에 맞추세요(${majorityLower ? '소문자' : '대문자'})`),
        fixes: doc.text.slice(at, ins.keywordRange.end) === k ? [{ title: l(`Change '${k}' to '${want}'`, `'${k}'을(를) '${want}'(으)로 바꾸기`), preferred: true, applicability: 'safe', edits: [{ start: at, end: ins.keywordRange.end, newText: want }] }] : undefined,
      };
      findings.set(ins, { lower: majorityLower, at, finding });
      report(finding);
    }
  },
};
