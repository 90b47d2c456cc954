/**
 * InvalidDefinitionDescription (experimental): the comment right above an ARG
 * or a named FROM does not start with the ARG's / stage's name, so it is not a
 * description for `docker build --call=outline|targets`.
 * BuildKit: instructions/parse.go `validateDefinitionDescription`: only the
 * last comment line directly above counts; an empty `#` line or a blank line
 * ends the comment block.
 */
import type { DockerfileDocument } from '../model/document';
import type { Instruction, TextRange } from '../parser';
import type { Rule } from './types';
import { buildCheckReferences } from './util/docs';
import { l } from '../docs/locale';

/** The comment line directly above an instruction: its text after `#` and its range. */
function commentAbove(doc: DockerfileDocument, ins: Instruction): { text: string; range: TextRange } | undefined {
  const line = doc.lines.positionAt(ins.start).line - 1;
  if (line < 0) return undefined;
  const start = doc.lines.offsetAt({ line, character: 0 });
  const end = doc.lines.offsetAt({ line, character: Number.MAX_SAFE_INTEGER });
  const raw = doc.text.slice(start, end);
  const trimmed = raw.replace(/^[ \t]+/, '');
  if (!trimmed.startsWith('#')) return undefined;
  const text = trimmed.slice(1).trim();
  if (text === '') return undefined;
  return { text, range: { start: start + (raw.length - trimmed.length), end } };
}

export const InvalidDefinitionDescription: Rule = {
  id: 'InvalidDefinitionDescription',
  severity: 'warning',
  buildkit: true,
  experimental: true,
  docs: {
    summary: 'A comment right above an ARG or a named stage should start with its name (`# <name> <description>`).',
    why: '`docker build --call=outline` and `--call=targets` show the comment directly above an ARG or FROM as its description when it starts with the name. A comment that does not is probably not meant as a description: separate it with an empty line.',
    example: '# a non-descriptive comment\nFROM scratch AS base\n\n# another non-descriptive comment\nARG VERSION=1\n',
    fixed: '# base is a stage for compiling source\nFROM scratch AS base\n\n# VERSION This is the version number.\nARG VERSION=1\n',
    references: buildCheckReferences('InvalidDefinitionDescription', 'https://docs.docker.com/reference/cli/docker/buildx/build/#descriptions'),
  },
  check({ doc, report }) {
    for (const ins of doc.ast.instructions) {
      let keys: Array<{ name: string; range: TextRange }> = [];
      let kind: string;
      const d = ins.details;
      if (ins.name === 'ARG' && d.kind === 'arg') {
        kind = 'ARG';
        keys = d.declarations.map((a) => ({ name: a.name.value, range: { start: a.name.start, end: a.name.end } }));
      } else if (ins.name === 'FROM' && d.kind === 'from' && d.stageName && ins.args.length === 3) {
        kind = 'FROM';
        keys = [{ name: d.stageName.value.toLowerCase(), range: { start: d.stageName.start, end: d.stageName.end } }];
      } else continue;
      if (keys.length === 0) continue;
      const c = commentAbove(doc, ins);
      if (!c) continue;
      const first = c.text.split(' ')[0];
      if (keys.some((k) => k.name === first)) continue;
      const example = keys.length > 1 ? '<arg_key>' : keys[0].name;
      report({
        range: keys[0].range,
        message: l(`Comment for ${kind} should follow the format: \`# ${example} <description>\``, `${kind}의 설명 주석은 \`# ${example} <설명>\` 형식으로 쓰세요`),
        related: [{ range: c.range, message: l('this comment is read as the description', '이 주석이 설명으로 읽힙니다') }],
      });
    }
  },
};
