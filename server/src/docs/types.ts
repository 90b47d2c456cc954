/**
 * The shape of the instruction table (server/src/docs/instructions.ts): the one
 * source of truth for hover, completion and validation. Every text exists in
 * English and Korean.
 */

export interface Localized {
  en: string;
  ko: string;
}

export interface FlagValueDoc {
  /** A literal value or a template such as `type=cache,target=<path>`. */
  value: string;
  doc: Localized;
}

export interface FlagDoc {
  /** Without dashes: `from`, `mount`. */
  name: string;
  /** `--from=<stage|image|context>` */
  syntax: string;
  summary: Localized;
  /** Known values or value templates, for completion. */
  values?: FlagValueDoc[];
  /** For `--mount`: the option keys of each mount type. */
  mountTypes?: Array<{ type: string; summary: Localized; options: Array<{ key: string; syntax: string; doc: Localized }> }>;
  /** May the flag be given more than once? */
  repeatable?: boolean;
  /** Needs `# syntax=docker/dockerfile:1.x` or newer / a BuildKit version. */
  since?: string;
  reference: string;
}

export interface InstructionDoc {
  /** Upper-case keyword. */
  name: string;
  summary: Localized;
  /** Forms, e.g. `RUN [OPTIONS] <command>` (shell) and `RUN [OPTIONS] ["<executable>", "<param>"]` (exec). */
  forms: Array<{ label: Localized; syntax: string }>;
  /** Docker behaviour people trip over. Each item one or two sentences. */
  pitfalls: Localized[];
  example: string;
  flags: FlagDoc[];
  /** Docker's reference page for it. */
  reference: string;
  /** Deprecated instructions (MAINTAINER). */
  deprecated?: Localized;
}

export interface DirectiveDoc {
  name: string;
  syntax: string;
  summary: Localized;
  example: string;
  reference: string;
}

export interface PredefinedArgDoc {
  name: string;
  summary: Localized;
  /** An example value, e.g. `linux/amd64`. */
  example: string;
  /** True for the automatic platform ARGs (available in the global scope; redeclare inside a stage to use). */
  platform: boolean;
}
