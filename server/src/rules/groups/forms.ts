/** Rules of the "forms" group (see server/src/rules/registry.ts). */
import type { Rule } from '../types';

export const formsRules: Rule[] = [];
