/** Rules of the "syntax" group (see server/src/rules/registry.ts). */
import type { Rule } from '../types';

export const syntaxRules: Rule[] = [];
