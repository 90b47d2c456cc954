/**
 * Properties every rule must have: docs, an example that triggers it and a
 * fixed version that does not, fixes that never break a file (applied to every
 * corpus file and every rule example), and no error-level diagnostic on the
 * real-world corpus.
 */
import * as assert from 'node:assert/strict';
import { parse } from '../../../server/src/parser';
import { applyEdits } from '../../../server/src/model/edits';
import { RULES } from '../../../server/src/rules/registry';
import { realDockerfiles } from '../../helpers/corpus';
import { lintText, memoryContext } from '../../helpers/rules';

const fatalCount = (text: string) => parse(text).problems.filter((p) => p.severity === 'error').length;

describe('rules: registry and docs', () => {
  it('ids are unique', () => {
    const ids = RULES.map((r) => r.id);
    assert.deepEqual(ids.filter((id, i) => ids.indexOf(id) !== i), []);
  });
  for (const rule of RULES) {
    describe(rule.id, () => {
      it('has docs', () => {
        for (const k of ['summary', 'why', 'example', 'fixed'] as const) assert.ok(rule.docs[k].trim(), `${rule.id}: docs.${k}`);
        assert.ok(rule.docs.references.length > 0 && rule.docs.references.every((u) => u.startsWith('https://')), `${rule.id}: references`);
      });
      it('its example triggers it and the fixed version does not', () => {
        const opts = { ...(rule.docs.context ? { context: memoryContext(rule.docs.context) } : {}), ruleOptions: rule.docs.options };
        const example = rule.experimental ? `# check=experimental=${rule.id}\n${rule.docs.example}` : rule.docs.example;
        const fixedText = rule.experimental ? `# check=experimental=${rule.id}\n${rule.docs.fixed}` : rule.docs.fixed;
        assert.ok(lintText(example, opts).some((d) => d.code === rule.id), `${rule.id}: example does not trigger it`);
        assert.deepEqual(lintText(fixedText, opts).filter((d) => d.code === rule.id).map((d) => d.message), [], `${rule.id}: fixed example still triggers it`);
      });
    });
  }
});

describe('rules: fixes never break a file', () => {
  const inputs: Array<[string, string]> = [
    ...realDockerfiles(),
    ...RULES.map((r): [string, string] => [`example of ${r.id}`, r.docs.example]),
  ];
  it(`every fix on ${inputs.length} files parses, removes its finding and is stable`, () => {
    let applied = 0;
    for (const [name, text] of inputs) {
      const before = lintText(text);
      const errorsBefore = fatalCount(text);
      for (const d of before) {
        for (const fix of d.fixes ?? []) {
          const after = applyEdits(text, fix.edits);
          applied++;
          const where = `${name}: ${d.code} "${fix.title}"`;
          assert.ok(fatalCount(after) <= errorsBefore, `${where} introduced a syntax error:\n${after}`);
          const again = lintText(after).filter((x) => x.code === d.code);
          assert.ok(again.length < before.filter((x) => x.code === d.code).length, `${where}: the finding is still there:\n${after}`);
          // applying the rule's first fixes until none is left terminates
          let t = after;
          for (let i = 0; i < 50; i++) {
            const next = lintText(t).find((x) => x.code === d.code && x.fixes?.length);
            if (!next) break;
            t = applyEdits(t, next.fixes![0].edits);
            assert.ok(i < 49, `${where}: fixes do not converge`);
          }
        }
      }
    }
    assert.ok(applied >= 0);
  });
});

describe('rules: no false alarms on the real-world corpus', () => {
  for (const [name, text] of realDockerfiles()) {
    it(name, () => {
      const errors = lintText(text).filter((d) => d.severity === 'error');
      assert.deepEqual(errors.map((d) => `${d.code}: ${d.message}`), []);
    });
  }
});
