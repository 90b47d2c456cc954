/**
 * `# check=` as BuildKit reads it (moby/buildkit frontend/dockerfile/parser/directives.go
 * ParseDirective: the value cut at its first space; linter/linter.go ParseLintOptions:
 * key, value and each name trimmed, keys and `all` as written), and the
 * "Skip … in this file" edit: appended to the list once, or a new line after
 * every parser directive.
 */
import * as assert from 'node:assert/strict';
import { directiveBlock, parseCheckValue, skipInFileEdit } from '../../../server/src/rules/checkDirective';
import { applyEdits, editsKeepParse } from '../../../server/src/model/edits';
import { parse } from '../../../server/src/parser';
import { findings, lintText } from '../../helpers/rules';

const skipped = (raw: string) => {
  const c = parseCheckValue(raw);
  return { all: c.skipAll, skip: [...c.skip].filter(Boolean), error: c.error, invalid: c.invalid };
};

describe('# check= as BuildKit reads it', () => {
  it('trims the key, the value and each rule name within the first word', () => {
    assert.deepEqual(skipped('skip=A,B'), { all: false, skip: ['A', 'B'], error: false, invalid: undefined });
    assert.deepEqual(skipped('skip=A,\tB'), { all: false, skip: ['A', 'B'], error: false, invalid: undefined }); // a tab does not end the word
    assert.deepEqual(skipped('skip=all // why'), { all: true, skip: [], error: false, invalid: undefined });
    assert.deepEqual(skipped('error=true;skip=A'), { all: false, skip: ['A'], error: true, invalid: undefined });
    assert.deepEqual(skipped('error=1'), { all: false, skip: [], error: true, invalid: undefined });
  });

  it('stops at the first space: `skip=A, B` skips only A, `skip = A` fails the build', () => {
    assert.deepEqual(skipped('skip=A, B'), { all: false, skip: ['A'], error: false, invalid: undefined });
    assert.deepEqual(skipped('skip = A, B'), { all: false, skip: [], error: false, invalid: 'invalid check option "skip"' });
    assert.equal(skipped('SKIP=A').invalid, 'invalid check option "SKIP"');
    assert.equal(skipped('error=yes').invalid, 'failed to parse check option "error=yes": strconv.ParseBool: parsing "yes": invalid syntax');
    assert.deepEqual(skipped('skip=ALL'), { all: false, skip: ['ALL'], error: false, invalid: undefined });
  });

  it('the linter follows: a rejected directive applies nothing and is an error; a rejected comment above an instruction is ignored', () => {
    const cmd = 'FROM alpine\nCMD echo hi\n';
    assert.equal(findings(`# check=skip=JSONArgsRecommended\n${cmd}`, 'JSONArgsRecommended').length, 0);
    assert.equal(findings(`# check = skip=JSONArgsRecommended // signals handled\n${cmd}`, 'JSONArgsRecommended').length, 0);
    assert.equal(findings(`# check=skip=StageNameCasing, JSONArgsRecommended\n${cmd}`, 'JSONArgsRecommended').length, 1);
    assert.equal(findings(`#!/usr/bin/env -S docker build -f\n# check=skip=JSONArgsRecommended\n${cmd}`, 'JSONArgsRecommended').length, 0);
    const bad = `# check = skip = JSONArgsRecommended\n${cmd}`;
    assert.equal(findings(bad, 'JSONArgsRecommended').length, 1);
    const [e] = lintText(bad).filter((d) => d.code === 'InvalidCheckDirective');
    assert.equal(e.severity, 'error');
    assert.equal(bad.slice(e.range.start, e.range.end), 'skip = JSONArgsRecommended');
    assert.equal(e.message, 'docker build fails (Dockerfile frontend 1.8 and later; older ones ignore check=): BuildKit reads this check directive up to its first space, as \'skip\': failed to parse check options: invalid check option "skip"');
    assert.equal(findings('FROM alpine\n# check = skip = JSONArgsRecommended\nCMD echo hi\n', 'JSONArgsRecommended').length, 1);
    assert.deepEqual(lintText('FROM alpine\n# check = skip = JSONArgsRecommended\nCMD echo hi\n').filter((d) => d.code === 'InvalidCheckDirective'), []);
  });
});

describe('"Skip … in this file" edit', () => {
  const skip = (text: string, id = 'JSONArgsRecommended') => {
    const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    const e = skipInFileEdit(text, bom, id);
    if (!e) return undefined;
    assert.ok(editsKeepParse(text, [e]), text);
    return applyEdits(text, [e]);
  };

  it('appends to the existing list once, written as BuildKit reads it, keeping a trailing comment', () => {
    assert.equal(skip('# check=skip=A\nFROM a\n'), '# check=skip=A,JSONArgsRecommended\nFROM a\n');
    assert.equal(skip('# check = skip = A, B\nFROM a\n'), '# check = skip=A,B,JSONArgsRecommended\nFROM a\n');
    assert.equal(skip('#check=skip=A, JSONArgsRecommended // noisy\nFROM a\n'), '#check=skip=A,JSONArgsRecommended // noisy\nFROM a\n');
    assert.equal(skip('# check=error=true\nFROM a\n'), '# check=error=true;skip=JSONArgsRecommended\nFROM a\n');
    assert.equal(skip('# check=error=true ; skip=A\r\nFROM a\r\n'), '# check=error=true;skip=A,JSONArgsRecommended\r\nFROM a\r\n');
    assert.equal(skip('# check=skip=all\nFROM a\n'), undefined);
    assert.equal(skip('# check=skip=A;error=true;experimental=B\nFROM a\n'), '# check=skip=A,JSONArgsRecommended;error=true;experimental=B\nFROM a\n');
    // and BuildKit then skips it
    for (const t of ['# check = skip = A, B\nFROM a\nCMD x\n', '#check=skip=A, B // noisy\nFROM a\nCMD x\n']) {
      assert.equal(parseCheckValue(directiveBlock(skip(t)!, 0).check?.value).skip.has('JSONArgsRecommended'), true, t);
      assert.deepEqual(findings(skip(t)!, 'JSONArgsRecommended'), []);
    }
  });

  it('puts a new # check= line after every parser directive, never above one nor after a plain comment or blank line', () => {
    assert.equal(skip('FROM a\n'), '# check=skip=JSONArgsRecommended\nFROM a\n');
    assert.equal(skip('# escape=`\nFROM a\nRUN echo `\n  hi\n'), '# escape=`\n# check=skip=JSONArgsRecommended\nFROM a\nRUN echo `\n  hi\n');
    assert.equal(skip('# syntax=docker/dockerfile:1\n# escape=`\n# just a comment\nFROM a\n'), '# syntax=docker/dockerfile:1\n# escape=`\n# check=skip=JSONArgsRecommended\n# just a comment\nFROM a\n');
    assert.equal(skip('# escape=`\n\n# syntax=x\nFROM a\n'), '# escape=`\n# check=skip=JSONArgsRecommended\n\n# syntax=x\nFROM a\n');
    assert.equal(skip('# hello\n# escape=`\nFROM a\n'), '# check=skip=JSONArgsRecommended\n# hello\n# escape=`\nFROM a\n');
    assert.equal(skip('\ufeff# escape=`\r\nFROM a\r\n'), '\ufeff# escape=`\r\n# check=skip=JSONArgsRecommended\r\nFROM a\r\n');
    assert.equal(skip('\ufeffFROM a\n'), '\ufeff# check=skip=JSONArgsRecommended\nFROM a\n');
    assert.equal(skip('#!/usr/bin/env -S docker build -f\nFROM a\n'), '#!/usr/bin/env -S docker build -f\n# check=skip=JSONArgsRecommended\nFROM a\n');
    assert.equal(skip('# escape=`'), '# escape=`\n# check=skip=JSONArgsRecommended');
    // the escape directive still holds after the edit
    for (const t of ['# escape=`\nFROM a\n', '\ufeff# syntax=x\n# escape=`\nFROM a\n']) {
      const ast = parse(skip(t)!);
      assert.equal(ast.escapeChar, '`', t);
      assert.deepEqual(ast.directives.map((d) => d.name).sort(), [...parse(t).directives.map((d) => d.name), 'check'].sort(), t);
    }
  });
});
