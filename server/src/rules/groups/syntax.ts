/** Rules of the "syntax" group (see server/src/rules/registry.ts). */
import { CopyFromStage } from '../CopyFromStage';
import { DuplicateFlag } from '../DuplicateFlag';
import { GlobalArgNotInStage } from '../GlobalArgNotInStage';
import { InvalidFlagValue } from '../InvalidFlagValue';
import { InvalidPort } from '../InvalidPort';
import { InvalidSignal } from '../InvalidSignal';
import { InvalidStageReference } from '../InvalidStageReference';
import { MisplacedDirective } from '../MisplacedDirective';
import { NoCommand } from '../NoCommand';
import { RunCdInsteadOfWorkdir } from '../RunCdInsteadOfWorkdir';
import type { Rule } from '../types';
import { UnknownFlag } from '../UnknownFlag';
import { UnknownInstruction } from '../UnknownInstruction';

export const syntaxRules: Rule[] = [
  UnknownInstruction,
  UnknownFlag,
  DuplicateFlag,
  InvalidFlagValue,
  InvalidPort,
  InvalidSignal,
  CopyFromStage,
  InvalidStageReference,
  MisplacedDirective,
  NoCommand,
  RunCdInsteadOfWorkdir,
  GlobalArgNotInStage,
];
