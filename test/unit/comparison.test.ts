/**
 * docs/comparison.md: generated (scripts/gen-comparison.ts, from the rule files, cli/hadolintRules.ts and
 * both language servers' `initialize` answers) and up to date; every hadolint DL rule has a stance; each
 * "equivalent" claim holds: our rule fires on a Dockerfile hadolint flags with that DL rule.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { comparisonCounts, comparisonRows } from '../../server/src/cli/comparison';
import { HADOLINT_RULES, STANCES } from '../../server/src/cli/hadolintRules';
import { analyze } from '../../server/src/model/document';
import { lint } from '../../server/src/rules/engine';
import { RULES } from '../../server/src/rules/registry';
import { repoRoot } from '../helpers/corpus';

describe('docs/comparison.md (hadolint, the incumbent language server)', function () {
  this.timeout(60000);

  it('is generated and up to date', () => {
    const r = spawnSync(process.execPath, [join(repoRoot, 'out/lib/gen-comparison.js')], { encoding: 'utf8', cwd: repoRoot });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readFileSync(join(repoRoot, 'docs/comparison.md'), 'utf8'), r.stdout, 'run: node scripts/build.mjs && node out/lib/gen-comparison.js > docs/comparison.md');
    // what the servers answered, not a stub
    assert.match(r.stdout, /\| Hover \| yes \| yes \|/);
    assert.match(r.stdout, /\| Code lenses \| yes \| no \|/);
  });

  it("hadolint's 71 DL rules, each once, each with a stance; every stance is about one of them", () => {
    const ids = HADOLINT_RULES.map(([id]) => id);
    assert.equal(ids.length, 71);
    assert.equal(new Set(ids).size, 71);
    for (const id of Object.keys(STANCES)) assert.ok(ids.includes(id), `${id} is not a hadolint DL rule`);
    for (const r of RULES) for (const h of r.hadolint ?? []) assert.ok(ids.includes(h), `${r.id} names ${h}, not a hadolint DL rule`);
    const rows = comparisonRows();
    assert.equal(rows.length, 71);
    const counts = comparisonCounts(rows);
    assert.equal(counts.ours + counts.equivalent + counts.not + counts.missing, 71);
    for (const row of rows) {
      if (row.status === 'ours') assert.ok(row.by.every((b) => RULES.find((r) => r.id === b)?.hadolint?.includes(row.id)), row.id);
      if (row.status === 'not') assert.ok(row.note.length > 20, `${row.id}: say why`);
    }
  });

  it('each "equivalent" rule fires on a Dockerfile hadolint flags with that DL rule', () => {
    let n = 0;
    for (const [id, s] of Object.entries(STANCES)) {
      if (s.status !== 'equivalent') continue;
      if (RULES.some((r) => r.hadolint?.includes(id))) continue; // a rule names it now: "ours"
      n++;
      const codes = lint(analyze(`/nowhere/${id}.Dockerfile`, 1, s.sample)).map((d) => d.code);
      assert.ok(codes.includes(s.by), `${id}: ${s.by} not in [${codes.join(', ')}] for ${JSON.stringify(s.sample)}`);
      if (RULES.some((r) => r.id === s.by)) continue;
      assert.ok(/^[A-Z][A-Za-z]+$/.test(s.by), `${id}: ${s.by} is neither a rule nor a parser code`);
    }
    assert.ok(n > 0);
  });
});
