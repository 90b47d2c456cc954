/**
 * Fix safety (model/edits.ts `Fix.applicability`, after ruff's model): every rule with a fix says in
 * its docs whether `check --fix` may apply it unattended (`fixSafety`, shown on docs/rules.md), and
 * what the rule's fixes carry on its own documented example agrees with what the docs say. The
 * engine-level proof that safe fixes build the same image is test/integration/safeFixes.test.ts.
 */
import * as assert from 'node:assert/strict';
import { isSafeFix } from '../../server/src/model/edits';
import { RULES } from '../../server/src/rules/registry';
import { rulesMarkdown } from '../../server/src/cli/ruleDocs';
import { lintText, memoryContext } from '../helpers/rules';

const fixesOn = (rule: (typeof RULES)[number], text: string) => {
  const opts = { ...(rule.docs.context ? { context: memoryContext(rule.docs.context) } : {}), ruleOptions: rule.docs.options };
  const t = rule.experimental ? `# check=experimental=${rule.id}\n${text}` : text;
  return lintText(t, opts).filter((d) => d.code === rule.id).flatMap((d) => d.fixes ?? []);
};

describe('fix safety', () => {
  it('a fix without applicability is unsafe', () => {
    assert.equal(isSafeFix({}), false);
    assert.equal(isSafeFix({ applicability: 'unsafe' }), false);
    assert.equal(isSafeFix({ applicability: 'safe' }), true);
  });

  for (const rule of RULES) {
    it(`${rule.id}: docs.fixSafety agrees with the fixes on its example`, () => {
      const fixes = fixesOn(rule, rule.docs.example);
      if (fixes.length) assert.ok(rule.docs.fix, `${rule.id} offers fixes: docs.fix says what they do`);
      assert.equal(!!rule.docs.fixSafety, !!rule.docs.fix, `${rule.id}: fixSafety goes with fix`);
      const s = rule.docs.fixSafety;
      if (!s) return;
      assert.match(s, /^(Safe:|Unsafe:|Safe when |Unsafe for )/, `${rule.id}: fixSafety starts with Safe:, Unsafe:, Safe when or Unsafe for`);
      const preferred = fixes.filter((f) => f.preferred);
      if (s.startsWith('Safe:')) {
        assert.ok(preferred.length > 0, `${rule.id}: its example shows its safe fix`);
        assert.ok(fixes.every(isSafeFix), `${rule.id}: docs say Safe, a fix is not marked safe`);
      } else if (s.startsWith('Unsafe:')) {
        assert.ok(fixes.every((f) => !isSafeFix(f)), `${rule.id}: docs say Unsafe, a fix is marked safe`);
      } else {
        // conditional: the docs name both cases
        assert.match(s, /\bSafe\b/);
        assert.match(s, /\bUnsafe\b|\bunsafe\b/);
      }
    });
  }

  it('conditional safety: the case that is unsafe is marked unsafe', () => {
    const rule = (id: string) => RULES.find((r) => r.id === id)!;
    // StageNameCasing: a `FROM Name` rewritten makes a failing BuildKit build pass
    const stage = fixesOn(rule('StageNameCasing'), 'FROM alpine AS Builder\nRUN true\nFROM Builder\n');
    assert.deepEqual(stage.map((f) => f.applicability), ['unsafe']);
    // AddInsteadOfCopy: a source not read from the context (none here), or a glob, may be an archive ADD extracts
    const add = rule('AddInsteadOfCopy');
    assert.deepEqual(fixesOn({ ...add, docs: { ...add.docs, context: undefined } }, add.docs.example).map((f) => f.applicability), ['unsafe']);
    assert.deepEqual(fixesOn(add, 'FROM alpine:3.20\nADD *.py /app/\n').map((f) => f.applicability), ['unsafe']);
    assert.deepEqual(fixesOn(add, add.docs.example).map((f) => f.applicability), ['safe']);
    // JSONArgsRecommended: the conversion to words is unsafe, the `/bin/sh -c` form safe
    const json = fixesOn(rule('JSONArgsRecommended'), 'FROM alpine\nCMD echo a && echo b\n');
    assert.deepEqual(json.map((f) => [f.preferred, f.applicability]), [[true, 'safe']]);
    assert.deepEqual(fixesOn(rule('JSONArgsRecommended'), 'FROM alpine\nCMD my-program start\n').map((f) => [!!f.preferred, f.applicability ?? 'unsafe']), [[true, 'unsafe'], [false, 'safe']]);
  });

  it('docs/rules.md shows each rule\'s fix safety', () => {
    const md = rulesMarkdown();
    for (const r of RULES) if (r.docs.fixSafety) assert.ok(md.includes(`**Fix safety:** ${r.docs.fixSafety}`), r.id);
  });
});
