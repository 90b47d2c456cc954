/** Rules of the "buildkit" group (see server/src/rules/registry.ts). */
import type { Rule } from '../types';

export const buildkitRules: Rule[] = [];
