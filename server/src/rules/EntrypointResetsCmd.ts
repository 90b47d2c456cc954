/** EntrypointResetsCmd: an ENTRYPOINT clears the CMD inherited from an earlier stage. */
import type { Instruction } from '../parser';
import type { Rule } from './types';
import { replayConfig } from '../model/execForm';
import { l } from '../docs/locale';

export const EntrypointResetsCmd: Rule = {
  id: 'EntrypointResetsCmd',
  severity: 'information',
  scope: 'stage',
  docs: {
    summary: 'Flags an ENTRYPOINT that resets the CMD a stage inherits from the earlier stage it is built FROM.',
    why:
      'Docker: "If CMD is defined from the base image, setting ENTRYPOINT will reset CMD to an empty value. In this scenario, CMD must be defined in the current image to have a value." ' +
      'Only stages of the same Dockerfile are checked: the CMD of an external image is not visible here.',
    example: 'FROM alpine AS base\nCMD ["--help"]\n\nFROM base\nENTRYPOINT ["my-tool"]\n',
    fixed: 'FROM alpine AS base\nCMD ["--help"]\n\nFROM base\nENTRYPOINT ["my-tool"]\nCMD ["--help"]\n',
    references: ['https://docs.docker.com/reference/dockerfile/#understand-how-cmd-and-entrypoint-interact'],
  },
  check({ doc, report, stages }) {
    for (const stage of stages) {
      if (!stage.baseStage) continue;
      let reset: { ins: Instruction; cmd: Instruction } | undefined;
      const final = replayConfig(stage, (ins, before, cmdSet) => {
        if (ins.name === 'ENTRYPOINT' && !cmdSet && before.cmd && !reset) reset = { ins, cmd: before.cmd };
      });
      if (!reset || final.cmd) continue;
      const from = stage.baseStage.name ?? String(stage.baseStage.index);
      report({
        range: reset.ins.keywordRange,
        message: l(
          `ENTRYPOINT resets the CMD inherited from stage '${from}' to empty: set CMD again in this stage if it should still apply`,
          `ENTRYPOINT가 스테이지 '${from}'에서 물려받은 CMD를 비웁니다. 그 CMD가 계속 필요하면 이 스테이지에서 CMD를 다시 지정하세요`,
        ),
        related: [{ range: reset.cmd.argsRange ?? reset.cmd.keywordRange, message: l('inherited CMD, reset by the ENTRYPOINT', 'ENTRYPOINT 때문에 비워지는, 물려받은 CMD') }],
      });
    }
  },
};
