/** Every lint rule, by group. Adding a rule = one file + one line in its group. */
import { buildkitRules } from './groups/buildkit';
import { configuredRules } from './groups/configured';
import { formsRules } from './groups/forms';
import { layersRules } from './groups/layers';
import { syntaxRules } from './groups/syntax';
import type { Rule } from './types';

export const RULES: readonly Rule[] = [...syntaxRules, ...formsRules, ...buildkitRules, ...layersRules, ...configuredRules];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
