/**
 * What a lint rule is. One rule = one file in server/src/rules/ holding its id,
 * default severity, docs (what it does / why / example / fix), the check and
 * its fixes; registered in one of the group files in server/src/rules/groups/.
 * Rules see the semantic model only; the engine (engine.ts) handles
 * suppression (`# check=`, `# hadolint ignore=`), severities and LSP output.
 */
import type { BaseEnvStatus } from '../model/baseEnv';
import type { BuildContext } from '../model/buildContext';
import type { Builder } from '../model/builder';
import type { DockerfileDocument } from '../model/document';
import type { Fix } from '../model/edits';
import type { StageInfo } from '../model/stages';
import type { Instruction, TextRange } from '../parser';
import type { Text } from '../docs/locale';

export type { BuildContext } from '../model/buildContext';
export type { BaseEnvLookup, BaseEnvStatus } from '../model/baseEnv';
export type { Fix, TextEditOffsets } from '../model/edits';
export type { Builder } from '../model/builder';

/** What a rule's findings depend on. */
export type RuleScope = 'instruction' | 'stage' | 'file';

export type RuleSeverity = 'error' | 'warning' | 'information' | 'hint';

/** The value types hadolint's `label-schema` knows (src/Hadolint/Rule.hs `LabelType`). */
export type LabelType = 'text' | 'url' | 'email' | 'hash' | 'rfc3339' | 'semver' | 'spdx';

/**
 * Settings of the rules that only run when configured (config/: `.dockerfile-lens.json`, or a
 * `.hadolint.yaml`'s `trustedRegistries` and `label-schema`). Part of the lint memo's key.
 */
export interface RuleOptions {
  /** Registries FROM images may come from (UntrustedRegistry): `docker.io`, `*.gcr.io`, `my-company.com:5000`, `*`. */
  trustedRegistries?: readonly string[];
  /** Label name → the type of its value (LabelSchema). */
  labelSchema?: Readonly<Record<string, LabelType>>;
}

export interface Finding {
  /** The token at fault, not the whole line. */
  range: TextRange;
  /** In both languages (`l(en, ko)`); the engine resolves it to the language asked for. */
  message: Text;
  tags?: Array<'unnecessary' | 'deprecated'>;
  /** Other places that explain the finding (e.g. the CMD a shell ENTRYPOINT drops). */
  related?: Array<{ range: TextRange; message: Text }>;
  /** Only fixes that never make a valid Dockerfile invalid; one that changes what it builds is `applicability: 'unsafe'` (model/edits.ts). */
  fixes?: Fix[];
  /** Overrides the rule's default severity for this finding. */
  severity?: RuleSeverity;
  /** The hadolint ids of this finding when they are narrower than the rule's (`# hadolint ignore=` matches these). */
  hadolint?: string[];
}

export interface RuleDocs {
  /** What it does: one sentence. */
  summary: string;
  /** Why it matters, citing Docker's behaviour. */
  why: string;
  /** A Dockerfile that triggers the rule. */
  example: string;
  /** The same Dockerfile, fixed. */
  fixed: string;
  /** What the quick fix does, if there is one. */
  fix?: string;
  /**
   * Whether `check --fix` may apply the fix without a human looking (`Fix.applicability`), and why:
   * starts with `Safe:`, `Unsafe:` or `Safe when …` (then says when it is unsafe). Required with `fix`.
   */
  fixSafety?: string;
  /** Files of the build context the example needs (e.g. a `.dockerignore`). */
  context?: Record<string, string>;
  /** Docker documentation backing the rule (first one is linked from the diagnostic unless it is a BuildKit check). */
  references: string[];
  /** The configuration the example and the fixed version are linted with (rules that are off unless configured). */
  options?: RuleOptions;
}

export interface RuleContext {
  doc: DockerfileDocument;
  /**
   * The top-level instructions to check, in document order: a rule of scope `instruction` iterates
   * these (ONBUILD triggers through `withTriggers`), never `doc.ast.instructions`: after an edit the
   * engine passes only the instructions that changed. Every instruction for other scopes.
   */
  instructions: readonly Instruction[];
  /** The stages to check: a rule of scope `stage` iterates these; only the changed ones after an edit. */
  stages: readonly StageInfo[];
  report(finding: Finding): void;
  /** Undefined when the document has no folder on disk (untitled, virtual workspace). */
  context: BuildContext | undefined;
  /**
   * The `Config.Env` of the image at the root of a stage's FROM chain (model/baseEnv.ts), from the
   * lookup the caller gave (LintOptions.baseEnv): undefined while it is looked up. A stage-scoped
   * rule may read it: the lint memo keys each stage by what it says.
   */
  baseEnv(stage: StageInfo): BaseEnvStatus | undefined;
  /** Who builds the file (model/builder.ts): BuildKit-only failures are warnings for Buildah. */
  builder: Builder;
  /** The stage built (`--target`), undefined for the last stage: decides which stages ship (shippedStages). */
  target: string | undefined;
  /** The configured rule settings (LintOptions.ruleOptions); `{}` when none. */
  options: RuleOptions;
}

export interface Rule {
  /** Stable id. BuildKit's exact check name when BuildKit has the check (so `# check=skip=` works). */
  id: string;
  severity: RuleSeverity;
  /** A BuildKit build check: `# check=skip=/error=` apply, the docs link is Docker's rule page. */
  buildkit?: boolean;
  /** BuildKit experimental check: off unless `# check=experimental=<id>|all`. */
  experimental?: boolean;
  /** hadolint ids of the same rule; `# hadolint ignore=DLxxxx` above an instruction suppresses it. */
  hadolint?: string[];
  docs: RuleDocs;
  /**
   * What the findings depend on (the engine reuses them while it is unchanged, see incremental.ts):
   * the instruction alone, its stage (with the stages it is built FROM and the global ARGs), or the
   * whole file (the default).
   */
  scope?: RuleScope;
  check(ctx: RuleContext): void;
}
