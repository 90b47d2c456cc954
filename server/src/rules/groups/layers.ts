/** Rules of the "layers" group (see server/src/rules/registry.ts). */
import type { Rule } from '../types';

export const layersRules: Rule[] = [];
