/**
 * The stages of a Dockerfile as the build commands need them: build targets,
 * the base images `docker build` pulls (global ARG defaults filled in as
 * BuildKit expands FROM), and each stage's instructions with BuildKit's line
 * numbers, to match a build's output to the lines that ran.
 */
import type { Instruction } from '../parser';
import type { Outline } from '../protocol/requests';
import type { DockerfileDocument } from './document';
import { fromImage, globalArgValues } from './fromImage';

export function outline(doc: DockerfileDocument): Outline {
  const globals = globalArgValues(doc);
  const first = doc.stages.stages[0]?.from;
  const line = (ins: Instruction) => ({ name: ins.name, startLine: ins.startLine, endLine: ins.endLine, original: ins.original });
  return {
    globals: doc.ast.instructions.filter((ins) => !first || ins.start < first.start).map(line),
    stages: doc.stages.stages.map((stage) => {
      const from = fromImage(doc, stage, globals);
      return {
        index: stage.index,
        name: stage.name,
        line: stage.from.startLine - 1,
        image: from?.ref,
        imageWritten: from?.token.value,
        from: stage.from.details.kind === 'from' ? stage.from.details.image?.value : undefined,
        platform: from?.platform,
        instructions: stage.instructions.map(line),
      };
    }),
  };
}
