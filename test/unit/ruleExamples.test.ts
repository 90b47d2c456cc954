/**
 * The rule docs' examples hold no error our own lint finds, apart from the fault
 * they demonstrate (the unit-level side of test/integration/ruleExamples.test.ts,
 * which feeds them to the real engine): every `docs.fixed`, and every
 * `docs.example` of a rule that is not itself an error.
 */
import * as assert from 'node:assert/strict';
import { RULES } from '../../server/src/rules/registry';
import { lintText, memoryContext } from '../helpers/rules';

describe('rule docs: examples free of errors', () => {
  for (const rule of RULES) {
    it(`${rule.id}: fixed${rule.severity !== 'error' ? ' and example' : ''}`, () => {
      const opts = { ...(rule.docs.context ? { context: memoryContext(rule.docs.context) } : {}), ruleOptions: rule.docs.options };
      const kinds = rule.severity !== 'error' ? (['example', 'fixed'] as const) : (['fixed'] as const);
      for (const kind of kinds) {
        const text = rule.experimental ? `# check=experimental=${rule.id}\n${rule.docs[kind]}` : rule.docs[kind];
        const errors = lintText(text, opts).filter((d) => d.severity === 'error' && !(kind === 'example' && d.code === rule.id));
        assert.deepEqual(errors.map((d) => `${d.code}: ${d.message}`), [], `docs.${kind} of ${rule.id}`);
      }
    });
  }
});
