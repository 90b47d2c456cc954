/**
 * features/executeCommand.ts, the lens commands other editors run on the server: which lens ids are
 * rewritten, the breakdown as markdown (a file name with `|` or a newline cannot break the table) and
 * as text, the `docker build` line Build Image… tells (quoted as a POSIX shell reads it: run through
 * /bin/sh here), and arguments that are not a breakdown.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { breakdownArgsOf, breakdownMarkdown, breakdownText, buildCommandMessage, withServerCommands } from '../../server/src/features/executeCommand';

const args = { uri: 'file:///w/a%20b/Dockerfile', line: 1, kind: 'layer' as const, title: '+12.3 kB · build context', note: 'Counted from the context.' };

describe('executeCommand: lens commands run by the server', () => {
  it('rewrites only the ids the server runs', () => {
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 4 } };
    const out = withServerCommands([
      { range, command: { title: 'a', command: 'dockerfileLens.showLayerBreakdown', arguments: [args] } },
      { range, command: { title: 'b', command: 'dockerfileLens.buildImage', arguments: [{ uri: args.uri }] } },
      { range, command: { title: 'c', command: 'editor.action.other' } },
      { range, data: [1, 3] },
    ]);
    assert.deepEqual(out.map((l) => l.command?.command), ['dockerfileLens.server.showLayerBreakdown', 'dockerfileLens.server.buildImage', 'editor.action.other', undefined]);
    assert.deepEqual(out[0].command!.arguments, [args]);
  });

  it('writes the breakdown as a markdown table whose cells cannot break it', () => {
    const md = breakdownMarkdown(args, [{ label: 'a|b\nc.txt', bytes: 1500, detail: '`x`' }, { label: 'pkg', bytes: null }], 'en');
    assert.equal(md, [
      '# +12.3 kB · build context', '', 'Dockerfile:2', '', 'Counted from the context.', '',
      '| Item | Size | Detail |', '|---|---:|---|', '| a\\|b c.txt | 1.50 kB | \\`x\\` |', '| pkg | ? |  |', '',
    ].join('\n'));
    assert.match(breakdownMarkdown(args, [], 'ko'), /집계된 항목이 없습니다\./);
    const many = breakdownMarkdown(args, Array.from({ length: 501 }, (_, i) => ({ label: `f${i}`, bytes: i })), 'en');
    assert.equal(many.split('\n').filter((l) => l.startsWith('| f')).length, 500);
    assert.match(many, /…and 1 more\./);
  });

  it('writes the breakdown as text for window/showMessage', () => {
    assert.equal(breakdownText(args, [{ label: 'app.bin', bytes: 12345, detail: '1 file' }], 'en'), '+12.3 kB · build context\nCounted from the context.\n  app.bin: 12.3 kB (1 file)');
  });

  it('tells a docker build line a POSIX shell reads back as the same words', () => {
    const msg = buildCommandMessage({ docker: 'docker', dockerfile: "/w/a b/it's/Dockerfile", context: '/w/a b', extraArgs: ['--build-arg', 'X=$HOME'] }, 'en');
    const line = msg.split('\n')[1];
    const words = spawnSync('/bin/sh', ['-c', `printf '%s\\n' ${line.replace(/^docker/, '')}`], { encoding: 'utf8' }).stdout.trimEnd().split('\n');
    assert.deepEqual(words, ['build', '-f', "/w/a b/it's/Dockerfile", '--build-arg', 'X=$HOME', '/w/a b']);
    assert.match(buildCommandMessage({ docker: 'docker', dockerfile: undefined, context: undefined, extraArgs: [] }, 'ko'), /디스크에 저장된/);
  });

  it('takes only breakdown arguments', () => {
    assert.equal(breakdownArgsOf('junk'), undefined);
    assert.equal(breakdownArgsOf({ uri: 'file:///x', line: 'one', kind: 'layer' }), undefined);
    assert.equal(breakdownArgsOf({ uri: 'file:///x', line: 0, kind: 'bogus' }), undefined);
    assert.deepEqual(breakdownArgsOf({ uri: 'file:///x', line: 0, kind: 'stage', extra: 1 }), { uri: 'file:///x', line: 0, kind: 'stage', title: '', note: '' });
  });
});
