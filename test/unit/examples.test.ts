/**
 * The examples demonstrate what they say (examples/README.md): every `# mistake:` comment in
 * examples/ is followed, on the next instruction, by a finding (of the rule it names in
 * brackets, when it names one), no other instruction of such a file has a finding, and the
 * files presented as correct have no warning or error. The files are linted as the editor
 * lints them: from disk, with their build context and builder.
 */
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildContext } from '../../server/src/model/buildContext';
import { builderFor } from '../../server/src/model/builder';
import { analyze } from '../../server/src/model/document';
import { isDockerfileName } from '../../server/src/model/workspace';
import { lint, type LintDiagnostic } from '../../server/src/rules/engine';
import { RULES } from '../../server/src/rules/registry';
import { repoRoot } from '../helpers/corpus';

const examples = join(repoRoot, 'examples');

/** Files that show one feature through a finding on purpose (the e2e tests use them as they are). */
const DEMOS: Record<string, { shows: string[]; allowed: string[] }> = {
  // a warning with a quick fix to exec form
  'entrypoint.dockerfile': { shows: ['ShellEntrypointIgnoresCmd'], allowed: ['ShellEntrypointIgnoresCmd', 'JSONArgsRecommended'] },
  // Format Document upper-cases the lower-case keywords
  'format.dockerfile': { shows: ['ConsistentInstructionCasing'], allowed: ['ConsistentInstructionCasing'] },
};

function dockerfiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...dockerfiles(p));
    else if (e.isFile() && isDockerfileName(e.name)) out.push(p);
  }
  return out.sort();
}

function lintFile(path: string) {
  const text = readFileSync(path, 'utf8');
  const doc = analyze(pathToFileURL(path).href, 1, text);
  return { text, doc, diagnostics: lint(doc, { context: buildContext(path), builder: builderFor(path) }) };
}

const show = (text: string, ds: LintDiagnostic[]) => ds.map((d) => `${d.severity} ${d.code} at "${text.slice(d.range.start, d.range.end)}": ${d.message}`).join('\n');
const ruleIds = new Set(RULES.map((r) => r.id));

describe('examples/: every commented mistake gets its finding, correct files none', () => {
  const files = dockerfiles(examples);

  it('finds the example Dockerfiles (mistakes.dockerfile, Dockerfile, Dockerfile.dev, podman/Containerfile…)', () => {
    const names = files.map((f) => relative(examples, f));
    for (const n of ['mistakes.dockerfile', 'Dockerfile', 'Dockerfile.dev', 'podman/Containerfile', ...Object.keys(DEMOS)]) assert.ok(names.includes(n), `${n} not among ${names.join(', ')}`);
  });

  for (const path of files) {
    const name = relative(examples, path);
    it(name, () => {
      const { text, doc, diagnostics } = lintFile(path);
      const marks = [...text.matchAll(/^[ \t]*#[ \t]*mistake:(.*)$/gim)];
      const demo = DEMOS[name];
      if (marks.length === 0 && !demo) {
        const loud = diagnostics.filter((d) => d.severity === 'warning' || d.severity === 'error');
        assert.deepEqual(show(text, loud), '', `${name} is presented as correct`);
        return;
      }
      if (demo) {
        const codes = new Set(diagnostics.map((d) => d.code));
        for (const id of demo.shows) assert.ok(codes.has(id), `${name} should show ${id}:\n${show(text, diagnostics)}`);
        const other = diagnostics.filter((d) => !demo.allowed.includes(d.code) && d.severity !== 'hint' && d.severity !== 'information');
        assert.deepEqual(show(text, other), '', `${name}: findings besides the demonstrated ones`);
        return;
      }
      const instructions = doc.ast.instructions;
      const covered = new Set<number>();
      for (const m of marks) {
        const at = m.index! + m[0].length;
        const k = instructions.findIndex((ins) => ins.start >= at);
        const line = text.slice(0, m.index!).split('\n').length;
        assert.ok(k >= 0, `${name}:${line}: a "# mistake:" comment with no instruction after it`);
        const ins = instructions[k];
        covered.add(k);
        const here = diagnostics.filter((d) => d.range.start >= ins.start && d.range.start <= ins.end);
        assert.ok(here.length > 0, `${name}:${line}: no finding on the instruction below "${m[0].trim()}": ${text.slice(ins.start, ins.end)}`);
        // the rule the comment names, in brackets: `(RunCdInsteadOfWorkdir)`
        const named = [...m[1].matchAll(/\((\w+)\)/g)].map((x) => x[1]).filter((id) => ruleIds.has(id));
        for (const id of named) assert.ok(here.some((d) => d.code === id), `${name}:${line}: expected ${id}, got:\n${show(text, here)}`);
      }
      const elsewhere = diagnostics.filter((d) => !instructions.some((ins, k) => covered.has(k) && d.range.start >= ins.start && d.range.start <= ins.end));
      assert.deepEqual(show(text, elsewhere), '', `${name}: findings on instructions without a "# mistake:" comment`);
    });
  }
});
