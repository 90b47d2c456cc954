/**
 * Rules of the "buildkit" group (see server/src/rules/registry.ts): BuildKit's
 * own build checks (`docker build --check`), with BuildKit's names and messages.
 */
import { ConsistentInstructionCasing } from '../ConsistentInstructionCasing';
import { CopyIgnoredFile } from '../CopyIgnoredFile';
import { DuplicateStageName } from '../DuplicateStageName';
import { ExposeInvalidFormat } from '../ExposeInvalidFormat';
import { ExposeProtoCasing } from '../ExposeProtoCasing';
import { FromAsCasing } from '../FromAsCasing';
import { FromPlatformFlagConstDisallowed } from '../FromPlatformFlagConstDisallowed';
import { InvalidDefaultArgInFrom } from '../InvalidDefaultArgInFrom';
import { InvalidDefinitionDescription } from '../InvalidDefinitionDescription';
import { LegacyKeyValueFormat } from '../LegacyKeyValueFormat';
import { MaintainerDeprecated } from '../MaintainerDeprecated';
import { NoEmptyContinuation } from '../NoEmptyContinuation';
import { RedundantTargetPlatform } from '../RedundantTargetPlatform';
import { ReservedStageName } from '../ReservedStageName';
import { SecretsUsedInArgOrEnv } from '../SecretsUsedInArgOrEnv';
import { StageNameCasing } from '../StageNameCasing';
import { UndefinedArgInFrom } from '../UndefinedArgInFrom';
import { UndefinedVar } from '../UndefinedVar';
import { WorkdirRelativePath } from '../WorkdirRelativePath';
import type { Rule } from '../types';

export const buildkitRules: Rule[] = [
  StageNameCasing,
  FromAsCasing,
  NoEmptyContinuation,
  ConsistentInstructionCasing,
  DuplicateStageName,
  ReservedStageName,
  MaintainerDeprecated,
  UndefinedArgInFrom,
  WorkdirRelativePath,
  UndefinedVar,
  LegacyKeyValueFormat,
  RedundantTargetPlatform,
  SecretsUsedInArgOrEnv,
  InvalidDefaultArgInFrom,
  FromPlatformFlagConstDisallowed,
  CopyIgnoredFile,
  ExposeProtoCasing,
  ExposeInvalidFormat,
  InvalidDefinitionDescription,
];
