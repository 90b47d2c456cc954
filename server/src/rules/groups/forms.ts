/** Rules of the "forms" group (see server/src/rules/registry.ts): shell form vs exec form, CMD / ENTRYPOINT / HEALTHCHECK. */
import { EntrypointResetsCmd } from '../EntrypointResetsCmd';
import { ExecFormShellSyntax } from '../ExecFormShellSyntax';
import { ExecFormUnsplitCommand } from '../ExecFormUnsplitCommand';
import { ExecFormVariable } from '../ExecFormVariable';
import { InvalidExecForm } from '../InvalidExecForm';
import { JSONArgsRecommended } from '../JSONArgsRecommended';
import { MultipleInstructionsDisallowed } from '../MultipleInstructionsDisallowed';
import { ShellCmdWithExecEntrypoint } from '../ShellCmdWithExecEntrypoint';
import { ShellEntrypointIgnoresCmd } from '../ShellEntrypointIgnoresCmd';
import type { Rule } from '../types';

export const formsRules: Rule[] = [
  JSONArgsRecommended,
  MultipleInstructionsDisallowed,
  InvalidExecForm,
  ExecFormVariable,
  ExecFormShellSyntax,
  ExecFormUnsplitCommand,
  ShellEntrypointIgnoresCmd,
  ShellCmdWithExecEntrypoint,
  EntrypointResetsCmd,
];
