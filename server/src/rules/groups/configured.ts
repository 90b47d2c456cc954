/**
 * Rules of the "configured" group (see server/src/rules/registry.ts): team policies that report nothing
 * until a config file sets them (`.dockerfile-lens.json`, or `.hadolint.yaml` for teams moving over).
 */
import { LabelSchema } from '../LabelSchema';
import { UntrustedRegistry } from '../UntrustedRegistry';
import type { Rule } from '../types';

export const configuredRules: Rule[] = [UntrustedRegistry, LabelSchema];
