/** Rules of the "forms" group and their shell ↔ exec conversion helpers (server/src/rules/util/execForm.ts). */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { parse } from '../../../server/src/parser';
import { repairJsonArray } from '../../../server/src/rules/InvalidExecForm';
import { execToShell, isShellOperator, jsonString, shellQuote, shellScriptIndex, simpleArgv, toExecJson } from '../../../server/src/model/execForm';
import { corpus } from '../../helpers/corpus';
import { applyFix, findings, rangeText } from '../../helpers/rules';

const hasSh = existsSync('/bin/sh');
/** The argv `/bin/sh -c` gives for the words of `command`. */
function shArgv(command: string): string[] {
  const r = spawnSync('/bin/sh', ['-c', `printf '%s\\0' ${command}`], { encoding: 'utf8', cwd: '/', env: { PATH: '/usr/bin:/bin', HOME: '/nonexistent' } });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\0').slice(0, -1);
}
const execArgs = (json: string) => {
  const ins = parse(`FROM scratch\nCMD ${json}\n`).instructions[1];
  assert.equal(ins.form, 'exec', json);
  return ins.args.map((a) => a.value);
};
const messages = (text: string, id: string) => findings(text, id).map((d) => d.message);
const ranges = (text: string, id: string) => findings(text, id).map((d) => rangeText(text, d));

describe('forms: execForm helpers', () => {
  it('jsonString escapes quotes, backslashes and control characters, keeps non-ASCII', () => {
    assert.equal(jsonString('a"b\\c'), '"a\\"b\\\\c"');
    assert.equal(jsonString('tab\there\nnl\u0001'), '"tab\\there\\nnl\\u0001"');
    assert.equal(jsonString('한국어 😀 é'), '"한국어 😀 é"');
    for (const argv of [['a"b', 'c\\d', 'e\tf'], ['한국어', '안녕 하세요', '😀🎉'], ['', ' ', '$HOME', '[x]']]) assert.deepEqual(execArgs(toExecJson(argv)), argv);
  });

  it('simpleArgv splits plain commands, drops a leading exec', () => {
    assert.deepEqual(simpleArgv('my-app --port 80'), ['my-app', '--port', '80']);
    assert.deepEqual(simpleArgv('exec  node\tserver.js'), ['node', 'server.js']);
    assert.deepEqual(simpleArgv('exec node', false), undefined); // exec is a builtin
    assert.deepEqual(simpleArgv('python -m http.server --bind=0.0.0.0 8080'), ['python', '-m', 'http.server', '--bind=0.0.0.0', '8080']);
    assert.deepEqual(simpleArgv('echo 안녕 😀'), ['echo', '안녕', '😀']);
    assert.deepEqual(simpleArgv('/usr/bin/printf %s,@:+^'), ['/usr/bin/printf', '%s,@:+^']);
  });

  it('simpleArgv refuses anything that needs a shell', () => {
    const refused = [
      'echo $HOME', 'echo "a b"', "echo 'a'", 'a && b', 'a || b', 'a | b', 'a; b', 'a > f', 'a < f', 'a 2>&1', 'ls *.txt', 'ls ?', 'ls [ab]', 'cd ~', 'a # c',
      'echo a\\ b', 'echo `id`', 'a & b', 'FOO=1 app', 'if true', 'cd /x', 'exec', 'exec -a x y', 'echo -n x', 'a {b,c}', 'a (b)', '! a', 'a\u00a0b', '',
    ];
    for (const c of refused) assert.equal(simpleArgv(c), undefined, c);
  });

  it('shell → exec round trip: simpleArgv gives the argv /bin/sh -c gives', function () {
    if (!hasSh) this.skip();
    for (const c of ['my-app --port 80', 'a   b\tc', 'node --max-old-space-size=512 app.js', 'echo 한국어 😀 é', 'x -- -y %s @a:b +c ^d , .']) {
      assert.deepEqual(simpleArgv(c), shArgv(c), c);
    }
  });

  it('argv → shell round trip: quoted words give the same argv under /bin/sh', function () {
    if (!hasSh) this.skip();
    const lists = [['echo', "it's", 'a "b"', '$HOME', '`id`', 'a\\b', '*', '~', '#x', '', ' '], ['한국어', '안녕 하세요', '😀 🎉'], ['a=b', 'if', '&&', ';']];
    for (const argv of lists) {
      const quoted = argv.map((w) => shellQuote(w)!);
      assert.deepEqual(shArgv(quoted.join(' ')), argv, quoted.join(' '));
    }
    assert.equal(shellQuote('a\nb'), undefined);
    assert.equal(shellQuote('a=b', true), "'a=b'");
    assert.equal(shellQuote('plain'), 'plain');
  });

  it('execToShell leaves operators and globs to the shell, expands variables inside double quotes', () => {
    assert.equal(execToShell(['echo', '$HOME', '&&', 'ls', '/data/*', '2>&1']), 'echo "$HOME" && ls /data/* 2>&1');
    assert.equal(execToShell(['echo', 'a b', 'x${Y:-d}z "q"']), 'echo \'a b\' "x${Y:-d}z \\"q\\""');
    assert.equal(execToShell(['cut', '-d', '|', '-f1']), "cut -d '|' -f1");
    assert.equal(execToShell(['find', '.', '-exec', 'rm', '{}', ';']), "find . -exec rm '{}' ';'");
    assert.equal(execToShell(['sh', '-c', 'echo $X']), "sh -c 'echo $X'");
    assert.equal(execToShell(['java', '-cp', 'lib/*', 'Main']), "java -cp 'lib/*' Main");
    assert.equal(execToShell(['a', 'x\ny']), undefined);
  });

  it('shellScriptIndex and isShellOperator', () => {
    assert.equal(shellScriptIndex(['/bin/sh', '-c', 's']), 2);
    assert.equal(shellScriptIndex(['bash', '-o', 'pipefail', '-ec', 's']), 4);
    assert.equal(shellScriptIndex(['tini', '--', 'sh', '-c', 's']), 4);
    assert.equal(shellScriptIndex(['/bin/bash', '-exo', 'pipefail', '-c', 's']), 4);
    assert.equal(shellScriptIndex(['su-exec', 'app', 'python', '-c', 's']), undefined);
    assert.equal(shellScriptIndex(['sh', '/x.sh']), undefined);
    for (const op of ['&&', '||', '|', ';', '&', '>', '>>', '<', '2>&1', '>/dev/null', '2>/dev/null', '&>/dev/null', '>&2']) assert.ok(isShellOperator(op), op);
    for (const w of ['<html>', 'a>b', '&&x', '-', 'daemon off;']) assert.ok(!isShellOperator(w), w);
  });

  it('repairJsonArray only repairs unambiguous arrays', () => {
    assert.deepEqual(repairJsonArray("['a', 'b c']"), ['a', 'b c']);
    assert.deepEqual(repairJsonArray('["a", "b",]'), ['a', 'b']);
    assert.deepEqual(repairJsonArray('["a", "b"'), ['a', 'b']);
    assert.deepEqual(repairJsonArray('["a", "b]'), ['a', 'b']);
    assert.deepEqual(repairJsonArray('["grep", "\\d+"]'), ['grep', '\\d+']);
    assert.deepEqual(repairJsonArray(`['it"s', "x"]`), ['it"s', 'x']);
    for (const s of ['[a, b]', '["a" "b"]', '[ -f x ]', '[ "$a" = "b" ]', '["a"] x']) assert.equal(repairJsonArray(s), undefined, s);
  });
});

describe('forms: JSONArgsRecommended', () => {
  it('uses BuildKit\'s message, on the arguments', () => {
    const t = 'FROM scratch\nCMD mycommand\nENTRYPOINT my-program start\n';
    assert.deepEqual(messages(t, 'JSONArgsRecommended'), [
      'JSON arguments recommended for CMD to prevent unintended behavior related to OS signals',
      'JSON arguments recommended for ENTRYPOINT to prevent unintended behavior related to OS signals',
    ]);
    assert.deepEqual(ranges(t, 'JSONArgsRecommended'), ['mycommand', 'my-program start']);
  });

  it('matches the BuildKit cases', () => {
    const cases = JSON.parse(readFileSync(corpus('buildkit-lint', 'cases.json'), 'utf8')) as Array<{ dockerfile: string; warnings: Array<{ rule: string; line: number; message: string }> }>;
    for (const id of ['JSONArgsRecommended', 'MultipleInstructionsDisallowed']) {
      for (const c of cases.filter((k) => k.warnings.some((w) => w.rule === id) || /^(CMD|ENTRYPOINT)\s/m.test(k.dockerfile))) {
        const want = c.warnings.filter((w) => w.rule === id).map((w) => `${w.line}: ${w.message}`);
        const got = findings(c.dockerfile, id).map((d) => `${c.dockerfile.slice(0, d.range.start).split('\n').length}: ${d.message}`);
        assert.deepEqual(got, want, c.dockerfile);
      }
    }
  });

  it('is silent for exec form and after SHELL (in the stage or the stage it is built FROM)', () => {
    assert.deepEqual(messages('FROM alpine\nCMD ["a"]\nENTRYPOINT ["b"]\n', 'JSONArgsRecommended'), []);
    assert.deepEqual(messages('FROM alpine\nSHELL ["/bin/bash", "-c"]\nENTRYPOINT echo "hello world"\n', 'JSONArgsRecommended'), []);
    assert.deepEqual(messages('FROM alpine AS b\nSHELL ["/bin/bash", "-c"]\nFROM b\nCMD echo hi\n', 'JSONArgsRecommended'), []);
    assert.equal(messages('FROM alpine\nCMD echo hi\nSHELL ["/bin/bash", "-c"]\n', 'JSONArgsRecommended').length, 1);
  });

  it('fixes: plain words to exec form, else /bin/sh -c', () => {
    assert.equal(applyFix('FROM alpine\nCMD exec node  server.js --port=80\n', 'JSONArgsRecommended'), 'FROM alpine\nCMD ["node", "server.js", "--port=80"]\n');
    assert.equal(applyFix('FROM alpine\nCMD exec node server.js\n', 'JSONArgsRecommended', 1), 'FROM alpine\nCMD ["/bin/sh", "-c", "exec node server.js"]\n');
    assert.equal(applyFix('FROM alpine\nCMD echo "hi $X" && ls\n', 'JSONArgsRecommended'), 'FROM alpine\nCMD ["/bin/sh", "-c", "echo \\"hi $X\\" && ls"]\n');
    assert.equal(findings('FROM alpine\nCMD echo "hi"\n', 'JSONArgsRecommended')[0].fixes!.length, 1);
    // continuation lines, escape character, Korean text
    assert.equal(applyFix('FROM alpine\nENTRYPOINT server \\\n  --port 80\n', 'JSONArgsRecommended'), 'FROM alpine\nENTRYPOINT ["server", "--port", "80"]\n');
    assert.equal(applyFix('# escape=`\nFROM alpine\nCMD echo `\n  안녕 \\n\n', 'JSONArgsRecommended'), '# escape=`\nFROM alpine\nCMD ["/bin/sh", "-c", "echo   안녕 \\\\n"]\n');
    assert.equal(applyFix('FROM alpine\nCMD echo 한국어 😀\n', 'JSONArgsRecommended'), 'FROM alpine\nCMD ["echo", "한국어", "😀"]\n');
  });
});

describe('forms: InvalidExecForm', () => {
  it('flags JSON-looking arguments that are not JSON, on the arguments', () => {
    const t = "FROM alpine\nCMD ['node', 'app.js']\n";
    assert.deepEqual(ranges(t, 'InvalidExecForm'), ["['node', 'app.js']"]);
    assert.match(messages(t, 'InvalidExecForm')[0], /^Not a valid JSON array \(invalid character '\\'' looking for beginning of value\): Docker runs these CMD arguments as a shell command/);
  });

  it('repairs single quotes, trailing commas, missing brackets and quotes', () => {
    assert.equal(applyFix("FROM alpine\nCMD ['node', 'it\"s']\n", 'InvalidExecForm'), 'FROM alpine\nCMD ["node", "it\\"s"]\n');
    assert.equal(applyFix('FROM alpine\nRUN ["a", "b",]\n', 'InvalidExecForm'), 'FROM alpine\nRUN ["a", "b"]\n');
    assert.equal(applyFix('FROM alpine\nENTRYPOINT ["a", "b"\n', 'InvalidExecForm'), 'FROM alpine\nENTRYPOINT ["a", "b"]\n');
    assert.equal(applyFix('FROM alpine\nENTRYPOINT ["a", "b]\n', 'InvalidExecForm'), 'FROM alpine\nENTRYPOINT ["a", "b"]\n');
    assert.equal(applyFix('FROM alpine\nRUN ["grep", "\\d", "한국어"]\n', 'InvalidExecForm'), 'FROM alpine\nRUN ["grep", "\\\\d", "한국어"]\n');
  });

  it('reports without a fix when ambiguous, and leaves test commands alone', () => {
    // a missing comma between quoted strings, or a bare word between commas: Docker runs `[a` as a program (see execForm.test.ts)
    assert.equal(applyFix('FROM alpine\nCMD ["a" "b", "c"]\n', 'InvalidExecForm'), 'FROM alpine\nCMD ["a", "b", "c"]\n');
    assert.equal(applyFix('FROM alpine\nCMD ["a", b]\n', 'InvalidExecForm'), 'FROM alpine\nCMD ["a", "b"]\n');
    const g = findings('FROM alpine\nCMD ["a", b c]\n', 'InvalidExecForm');
    assert.equal(g.length, 1);
    assert.deepEqual(g[0].fixes, []);
    const other = "FROM alpine\nVOLUME ['/data']\nCOPY ['a b', '/x/']\n";
    assert.deepEqual(messages(other, 'InvalidExecForm'), [
      "Not a valid JSON array (invalid character '\\'' looking for beginning of value): Docker reads these VOLUME arguments as space-separated words",
      "Not a valid JSON array (invalid character '\\'' looking for beginning of value): Docker reads these COPY arguments as space-separated words",
    ]);
    assert.equal(applyFix(other, 'InvalidExecForm', 0, 1), 'FROM alpine\nVOLUME [\'/data\']\nCOPY ["a b", "/x/"]\n');
    assert.deepEqual(messages('FROM alpine\nRUN [ -f /x ] && echo y\nRUN [ "$A" = "b" ] || true\nCMD ["a", "b"]\n', 'InvalidExecForm'), []);
  });
});

describe('forms: ExecFormVariable', () => {
  it('flags the variable reference, not in sh -c scripts', () => {
    const t = 'FROM alpine\nRUN ["echo", "port: $PORT", "${HOME}"]\nCMD ["sh", "-c", "echo $X", "$Y"]\nHEALTHCHECK CMD ["curl", "$URL"]\n';
    assert.deepEqual(ranges(t, 'ExecFormVariable'), ['$PORT', '${HOME}', '$Y', '$URL']);
    assert.equal(messages(t, 'ExecFormVariable')[0], '$PORT is not expanded in exec form: RUN passes it to the program literally');
    assert.deepEqual(messages('FROM alpine\nRUN echo $X\nCMD ["bash", "-o", "pipefail", "-c", "echo $X"]\nENTRYPOINT ["/bin/sh", "-c", "exec app $P"]\n', 'ExecFormVariable'), []);
  });

  it('fixes: shell form with quoting, or /bin/sh -c', () => {
    const t = 'FROM alpine\nRUN ["echo", "port: $PORT", "it\'s"]\n';
    assert.equal(applyFix(t, 'ExecFormVariable'), 'FROM alpine\nRUN echo "port: $PORT" \'it\'\\\'\'s\'\n');
    assert.equal(applyFix(t, 'ExecFormVariable', 1), 'FROM alpine\nRUN ["/bin/sh", "-c", "echo \\"port: $PORT\\" \'it\'\\\\\'\'s\'"]\n');
    assert.equal(applyFix('FROM alpine\nCMD ["app", "$PORT"]\n', 'ExecFormVariable'), 'FROM alpine\nCMD exec app "$PORT"\n');
    assert.equal(applyFix('FROM alpine\nCMD ["app", "$PORT"]\n', 'ExecFormVariable', 1), 'FROM alpine\nCMD ["/bin/sh", "-c", "exec app \\"$PORT\\""]\n');
    assert.equal(applyFix('FROM alpine\nENTRYPOINT ["app", "${A}"]\n', 'ExecFormVariable'), 'FROM alpine\nENTRYPOINT ["/bin/sh", "-c", "exec app \\"${A}\\" \\"$@\\"", "sh"]\n');
    assert.equal(applyFix('FROM alpine\nHEALTHCHECK --interval=5s CMD ["curl", "$URL"]\n', 'ExecFormVariable'), 'FROM alpine\nHEALTHCHECK --interval=5s CMD curl "$URL"\n');
    // a CMD that is the arguments of an exec ENTRYPOINT: no fix
    assert.deepEqual(findings('FROM alpine\nENTRYPOINT ["run"]\nCMD ["$X"]\n', 'ExecFormVariable')[0].fixes, []);
    // a non-POSIX SHELL: no shell-form fix
    assert.deepEqual(findings('FROM w\nSHELL ["powershell", "-Command"]\nRUN ["echo", "$X"]\n', 'ExecFormVariable')[0].fixes!.map((f) => f.title), ['Run through a shell: ["/bin/sh", "-c", "echo \\"$X\\""]']);
  });
});

describe('forms: ExecFormShellSyntax', () => {
  it('flags operators, redirections and globs as elements', () => {
    const t = 'FROM alpine\nRUN ["make", "&&", "make", "install", ">", "/log", "2>&1"]\nCMD ["ls", "/data/*", "~/x"]\n';
    assert.deepEqual(ranges(t, 'ExecFormShellSyntax'), ['"&&"', '">"', '"2>&1"', '"/data/*"', '"~/x"']);
    assert.equal(messages(t, 'ExecFormShellSyntax')[0], '"&&" is not interpreted in exec form: no shell runs, RUN passes it to the program as a literal argument');
    assert.equal(messages(t, 'ExecFormShellSyntax')[3], '"/data/*" is not expanded in exec form: no shell runs, CMD passes it to the program as a literal argument');
  });

  it('is silent on option values, find -exec, ** patterns and sh -c scripts', () => {
    const ok = [
      'RUN ["find", ".", "-name", "*.py", "-exec", "rm", "{}", ";"]', 'RUN ["cut", "-d", "|", "-f1"]', 'CMD ["java", "-cp", "/app/lib/*", "Main"]',
      'RUN ["eslint", "src/**/*.js"]', 'CMD ["sh", "-c", "a && b > /dev/null"]', 'CMD ["nginx", "-g", "daemon off;"]', 'CMD ["curl", "http://x/*"]',
    ];
    assert.deepEqual(messages(`FROM alpine\n${ok.join('\n')}\n`, 'ExecFormShellSyntax'), []);
  });

  it('fixes: shell form, operators left to the shell', () => {
    assert.equal(applyFix('FROM alpine\nRUN ["make", "&&", "make", "install"]\n', 'ExecFormShellSyntax'), 'FROM alpine\nRUN make && make install\n');
    assert.equal(applyFix('FROM alpine\nRUN ["echo", "a b", "|", "tr", "a", "b"]\n', 'ExecFormShellSyntax'), "FROM alpine\nRUN echo 'a b' | tr a b\n");
    assert.equal(applyFix('FROM alpine\nCMD ["ls", "/data/*"]\n', 'ExecFormShellSyntax'), 'FROM alpine\nCMD exec ls /data/*\n');
    assert.equal(applyFix('FROM alpine\nCMD ["a", "&&", "b"]\n', 'ExecFormShellSyntax', 1), 'FROM alpine\nCMD ["/bin/sh", "-c", "a && b"]\n');
    assert.deepEqual(findings('FROM alpine\nENTRYPOINT ["a", "&&", "b"]\n', 'ExecFormShellSyntax')[0].fixes, []);
  });
});

describe('forms: ShellEntrypointIgnoresCmd', () => {
  it('flags a shell ENTRYPOINT, pointing at the CMD it drops', () => {
    const t = 'FROM alpine\nENTRYPOINT my-server --port 80\nCMD ["--verbose"]\n';
    const [f] = findings(t, 'ShellEntrypointIgnoresCmd');
    assert.equal(rangeText(t, f), 'my-server --port 80');
    assert.equal(f.message, 'ENTRYPOINT in shell form ignores CMD (line 3) and docker run arguments');
    assert.deepEqual(f.related!.map((r) => rangeText(t, r)), ['["--verbose"]']);
    assert.equal(applyFix(t, 'ShellEntrypointIgnoresCmd'), 'FROM alpine\nENTRYPOINT ["my-server", "--port", "80"]\nCMD ["--verbose"]\n');
  });

  it('converts a shell CMD too; flags the CMD of a stage inheriting the ENTRYPOINT', () => {
    assert.equal(applyFix('FROM alpine\nENTRYPOINT exec app\nCMD serve --port 80\n', 'ShellEntrypointIgnoresCmd'), 'FROM alpine\nENTRYPOINT ["app"]\nCMD ["serve", "--port", "80"]\n');
    assert.deepEqual(findings('FROM alpine\nENTRYPOINT app\nCMD serve && x\n', 'ShellEntrypointIgnoresCmd')[0].fixes, []);
    const t = 'FROM alpine AS base\nENTRYPOINT app\nFROM base\nCMD ["x"]\n';
    assert.deepEqual(ranges(t, 'ShellEntrypointIgnoresCmd'), ['app', '["x"]']);
    assert.equal(messages(t, 'ShellEntrypointIgnoresCmd')[1], 'CMD is ignored: the ENTRYPOINT inherited from line 2 is in shell form, which drops CMD and docker run arguments');
    assert.deepEqual(messages('FROM alpine\nENTRYPOINT ["app"]\nCMD x\nFROM alpine\nENTRYPOINT x\nENTRYPOINT ["y"]\n', 'ShellEntrypointIgnoresCmd'), []);
    assert.deepEqual(messages('FROM alpine\nENTRYPOINT exec app "$@"\nCMD ["x"]\n', 'ShellEntrypointIgnoresCmd'), []);
  });
});

describe('forms: ShellCmdWithExecEntrypoint', () => {
  it('flags the shell CMD and fixes it to exec form', () => {
    const t = 'FROM alpine\nENTRYPOINT ["my-server"]\nCMD --port 80\n'.replace('CMD --port 80', 'CMD serve --port 80');
    const [f] = findings(t, 'ShellCmdWithExecEntrypoint');
    assert.equal(rangeText(t, f), 'serve --port 80');
    assert.equal(f.message, 'CMD in shell form is passed to the exec-form ENTRYPOINT as arguments: the container runs my-server /bin/sh -c "…"');
    assert.equal(applyFix(t, 'ShellCmdWithExecEntrypoint'), 'FROM alpine\nENTRYPOINT ["my-server"]\nCMD ["serve", "--port", "80"]\n');
    // inherited ENTRYPOINT
    assert.deepEqual(ranges('FROM alpine AS b\nENTRYPOINT ["e"]\nCMD ["x"]\nFROM b\nCMD y z\n', 'ShellCmdWithExecEntrypoint'), ['y z']);
    assert.deepEqual(messages('FROM alpine\nENTRYPOINT ["e"]\nCMD ["x"]\nFROM alpine\nCMD y\nFROM alpine\nENTRYPOINT []\nCMD y\n', 'ShellCmdWithExecEntrypoint'), []);
  });
});

describe('forms: MultipleInstructionsDisallowed', () => {
  it('flags each overridden instruction, tagged unnecessary', () => {
    const t = 'FROM alpine\nCMD ["a"]\nHEALTHCHECK NONE\nCMD ["b"]\nHEALTHCHECK CMD ["c"]\nFROM alpine\nCMD ["d"]\nONBUILD CMD ["e"]\n';
    const f = findings(t, 'MultipleInstructionsDisallowed');
    assert.deepEqual(f.map((d) => rangeText(t, d)), ['CMD ["a"]', 'HEALTHCHECK NONE']);
    assert.equal(f[0].message, 'Multiple CMD instructions should not be used in the same stage because only the last one will be used');
    assert.deepEqual(f[0].tags, ['unnecessary']);
  });

  it('removes the whole overridden instruction, continuation lines included', () => {
    assert.equal(applyFix('FROM alpine\nCMD ["a", \\\n  "b"]\n# keep\nCMD ["c"]\n', 'MultipleInstructionsDisallowed'), 'FROM alpine\n# keep\nCMD ["c"]\n');
    assert.equal(applyFix('FROM alpine\r\nENTRYPOINT x\r\nENTRYPOINT y', 'MultipleInstructionsDisallowed'), 'FROM alpine\r\nENTRYPOINT y');
  });
});

describe('forms: EntrypointResetsCmd', () => {
  it('flags an ENTRYPOINT resetting the CMD of the stage it is built FROM', () => {
    const t = 'FROM alpine AS base\nCMD ["--help"]\nFROM base\nENTRYPOINT ["tool"]\n';
    const [f] = findings(t, 'EntrypointResetsCmd');
    assert.equal(rangeText(t, f), 'ENTRYPOINT');
    assert.equal(f.message, "ENTRYPOINT resets the CMD inherited from stage 'base' to empty: set CMD again in this stage if it should still apply");
    assert.equal(f.severity, 'information');
    assert.deepEqual(f.related!.map((r) => rangeText(t, r)), ['["--help"]']);
    assert.deepEqual(f.fixes, undefined);
  });

  it('is silent when CMD is set in the stage, or the base is external', () => {
    assert.deepEqual(messages('FROM alpine AS base\nCMD ["x"]\nFROM base\nENTRYPOINT ["t"]\nCMD ["y"]\n', 'EntrypointResetsCmd'), []);
    assert.deepEqual(messages('FROM alpine AS base\nCMD ["x"]\nFROM base\nCMD ["y"]\nENTRYPOINT ["t"]\n', 'EntrypointResetsCmd'), []);
    assert.deepEqual(messages('FROM python:3\nENTRYPOINT ["t"]\n', 'EntrypointResetsCmd'), []);
    const chain = 'FROM alpine AS a\nCMD ["x"]\nFROM a AS b\nENTRYPOINT ["e"]\nFROM b\nENTRYPOINT ["t"]\n';
    assert.deepEqual(findings(chain, 'EntrypointResetsCmd').map((d) => d.range.start), [chain.indexOf('ENTRYPOINT')]);
  });
});
