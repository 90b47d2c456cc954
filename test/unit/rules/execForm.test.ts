/**
 * Exec form ↔ shell form, held against a real /bin/sh: every conversion the
 * forms rules offer must give the program exactly the argv the exec form gave
 * (each element quoted), and which elements a shell runs as a script
 * (`ENTRYPOINT ["/bin/sh", "-c"]` + CMD), ONBUILD triggers, the new
 * ExecFormUnsplitCommand rule and InvalidExecForm's non-JSON arrays.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from '../../../server/src/parser';
import { execToShell } from '../../../server/src/model/execForm';
import { analyze } from '../../../server/src/model/document';
import { editsKeepParse } from '../../../server/src/model/edits';
import { findings, rangeText } from '../../helpers/rules';
import { applyEdits } from '../../../server/src/model/edits';

const hasSh = existsSync('/bin/sh');

/**
 * Elements a shell would mangle unless each is quoted. Not here: what the
 * conversions leave to the shell on purpose, because the rules flag it as
 * meant for a shell (`$NAME` / `${NAME}` references, operators and redirections
 * standing alone, `~`, `/path/*.js`): the tests below pin those.
 */
const NASTY = [
  '*', '?', '[', ']', '[ab]', '*.js', 'a~', '$', 'a$', '$1', '$(id)', '`id`', "it's", 'a "b"', 'a\\b', 'a\\', '\\', '', ' ', 'a  b', '\t',
  'x\ny', '\n', '\r', '#c', '!', '{a,b}', 'a;b', 'a&&b', 'a=b', '-n', '--', '%s', '한국어 😀', '"', "'", '\\"', 'if', '{', '}', '(', ')', 'a|b', 'a>x',
];

let dir = '';
/** An executable that prints its argv (after the program name) as JSON. */
let ARGV = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'execform-'));
  ARGV = join(dir, 'argv');
  writeFileSync(ARGV, `#!${process.execPath}\nprocess.stdout.write(JSON.stringify(process.argv.slice(2)));\n`);
  chmodSync(ARGV, 0o755);
});
after(() => rmSync(dir, { recursive: true, force: true }));

const env = { PATH: '/usr/bin:/bin', HOME: '/home/h', X: 'ex' };
/** What the program gets when `argv` is run directly (exec form). */
function runExec(argv: string[]): string[] {
  const r = spawnSync(argv[0], argv.slice(1), { encoding: 'utf8', cwd: dir, env });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as string[];
}
/** What the program gets when a shell-form instruction runs `command` (`/bin/sh -c command`, as Docker does). */
const runShell = (command: string) => runExec(['/bin/sh', '-c', command]);

/** The argv a Dockerfile's last instruction runs: exec form as is, shell form through /bin/sh -c. */
function argvOf(dockerfile: string): string[] {
  const ast = parse(dockerfile);
  assert.deepEqual(ast.problems.filter((p) => p.severity === 'error'), [], dockerfile);
  const ins = ast.instructions[ast.instructions.length - 1];
  const health = ins.details.kind === 'healthcheck' ? ins.details.command : undefined;
  if (ins.form === 'exec') return (health ?? ins.args).map((a) => a.value);
  const words = health ? ins.args.slice(1) : ins.args;
  assert.equal(words.length, 1, dockerfile);
  return ['/bin/sh', '-c', words[0].value];
}

describe('exec → shell conversions keep the argv (real /bin/sh)', () => {
  before(function () {
    if (!hasSh) this.skip();
  });

  it('execToShell quotes every element: /bin/sh -c gives the program the same argv', () => {
    for (const e of NASTY) {
      const argv = [ARGV, 'before', e, 'after'];
      const script = execToShell(argv, true);
      assert.ok(script !== undefined, JSON.stringify(e));
      assert.deepEqual(runShell(script), ['before', e, 'after'], `${JSON.stringify(e)} → ${script}`);
      const line = execToShell(argv);
      if (/[\x00-\x08\x0a-\x1f\x7f]/.test(e)) assert.equal(line, undefined, JSON.stringify(e));
      else assert.deepEqual(runShell(line!), ['before', e, 'after'], `${JSON.stringify(e)} → ${line}`);
    }
    // all of them at once, and as the first word (a program named `a=b` or `if` is still run)
    const all = execToShell([ARGV, ...NASTY], true)!;
    assert.deepEqual(runShell(all), NASTY);
  });

  it('every ExecFormVariable / ExecFormShellSyntax fix runs the same argv, the flagged part aside', () => {
    let checked = 0;
    for (const name of ['RUN', 'CMD', 'HEALTHCHECK CMD']) {
      for (const e of NASTY) {
        // `$HOME` is what the fix is about (it expands), every other element must stay as it was
        const dockerfile = `FROM scratch\n${name} ${JSON.stringify([ARGV, e, '$HOME', e])}\n`;
        const f = findings(dockerfile, 'ExecFormVariable');
        assert.ok(f.length >= 1, dockerfile);
        assert.ok(f[0].fixes!.length >= 1, `no fix: ${dockerfile}`);
        for (const fix of f[0].fixes!) {
          const fixed = applyEdits(dockerfile, fix.edits);
          assert.ok(editsKeepParse(dockerfile, fix.edits), fixed);
          let argv = argvOf(fixed);
          // CMD's `exec` (keeps the program PID 1) runs the same program
          if (argv[0] === '/bin/sh') argv = ['/bin/sh', '-c', argv[2]];
          assert.deepEqual(runExec(argv), [e, '/home/h', e], `${fix.title}:\n${fixed}`);
          checked++;
        }
      }
    }
    assert.ok(checked >= NASTY.length * 3, String(checked));
  });

  it('CMD ["expr", "2", "*", "3"]: a lone * is an argument, no ExecFormShellSyntax; other fixes quote it', () => {
    assert.deepEqual(findings('FROM alpine\nCMD ["expr", "2", "*", "3"]\n', 'ExecFormShellSyntax'), []);
    const t = 'FROM alpine\nCMD ["expr", "2", "*", "3", "&&", "echo", "*", "$HOME"]\n';
    const fixed = applyEdits(t, findings(t, 'ExecFormShellSyntax')[0].fixes![0].edits);
    assert.equal(fixed, "FROM alpine\nCMD expr 2 '*' 3 && echo '*' \"$HOME\"\n");
    const r = spawnSync('/bin/sh', ['-c', argvOf(fixed)[2]], { encoding: 'utf8', cwd: dir, env });
    assert.equal(r.stdout, '6\n* /home/h\n');
  });
});

describe('exec form run by a shell: ENTRYPOINT ["sh", "-c"] + CMD', () => {
  it('no ExecFormVariable / ExecFormShellSyntax on the CMD element the shell runs as its script', () => {
    const quiet = [
      'FROM alpine\nENTRYPOINT ["/bin/sh", "-c"]\nCMD ["echo $HOME && ls /data/*"]\n',
      'FROM alpine\nENTRYPOINT ["sh", "-c"]\nCMD ["echo $HOME"]\n',
      'FROM alpine\nENTRYPOINT ["/bin/bash", "-lc"]\nCMD ["echo ${HOME}"]\n',
      'FROM alpine\nENTRYPOINT ["bash", "-o", "pipefail", "-ec"]\nCMD ["echo $HOME | cat"]\n',
      // inherited from the stage it is built FROM, and an ENTRYPOINT set after the CMD
      'FROM alpine AS base\nENTRYPOINT ["sh", "-c"]\nFROM base\nCMD ["echo $HOME"]\n',
      'FROM alpine\nCMD ["echo $HOME"]\nENTRYPOINT ["sh", "-c"]\n',
    ];
    for (const t of quiet) {
      assert.deepEqual(findings(t, 'ExecFormVariable'), [], t);
      assert.deepEqual(findings(t, 'ExecFormShellSyntax'), [], t);
    }
  });

  it('still flags what no shell expands: the script\'s positional arguments, a later stage with another ENTRYPOINT, RUN', () => {
    const t = 'FROM alpine\nENTRYPOINT ["sh", "-c", "echo $0 $1"]\nCMD ["$HOME", "$PATH"]\n';
    assert.deepEqual(findings(t, 'ExecFormVariable').map((d) => rangeText(t, d)), ['$HOME', '$PATH']);
    const u = 'FROM alpine AS a\nENTRYPOINT ["sh", "-c"]\nFROM a\nENTRYPOINT ["app"]\nCMD ["$HOME"]\nRUN ["echo", "$X"]\n';
    assert.deepEqual(findings(u, 'ExecFormVariable').map((d) => rangeText(u, d)), ['$HOME', '$X']);
    // SHELL does not touch exec form
    const v = 'FROM alpine\nSHELL ["/bin/bash", "-c"]\nCMD ["echo", "$HOME"]\n';
    assert.deepEqual(findings(v, 'ExecFormVariable').map((d) => rangeText(v, d)), ['$HOME']);
  });
});

describe('exec-form rules on ONBUILD triggers', () => {
  it('ExecFormVariable and ExecFormShellSyntax flag the inner tokens and fix inside the ONBUILD line', () => {
    const t = 'FROM alpine\nONBUILD RUN ["echo", "$HOME"]\nONBUILD RUN ["make", "&&", "make", "install"]\n';
    assert.deepEqual(findings(t, 'ExecFormVariable').map((d) => rangeText(t, d)), ['$HOME']);
    assert.deepEqual(findings(t, 'ExecFormShellSyntax').map((d) => rangeText(t, d)), ['"&&"']);
    const v = findings(t, 'ExecFormVariable')[0].fixes!;
    assert.equal(applyEdits(t, v[0].edits), 'FROM alpine\nONBUILD RUN echo "$HOME"\nONBUILD RUN ["make", "&&", "make", "install"]\n');
    assert.equal(applyEdits(t, v[1].edits), 'FROM alpine\nONBUILD RUN ["/bin/sh", "-c", "echo \\"$HOME\\""]\nONBUILD RUN ["make", "&&", "make", "install"]\n');
    const s = findings(t, 'ExecFormShellSyntax')[0].fixes!;
    assert.equal(applyEdits(t, s[0].edits), 'FROM alpine\nONBUILD RUN ["echo", "$HOME"]\nONBUILD RUN make && make install\n');
    for (const fix of [...v, ...s]) assert.ok(editsKeepParse(t, fix.edits));
  });

  it('a CMD trigger runs with the ENTRYPOINT this stage ends with', () => {
    const t = 'FROM alpine\nENTRYPOINT ["sh", "-c"]\nONBUILD CMD ["echo $HOME"]\n';
    assert.deepEqual(findings(t, 'ExecFormVariable'), []);
    const u = 'FROM alpine\nONBUILD CMD ["app", "$PORT"]\n';
    assert.equal(applyEdits(u, findings(u, 'ExecFormVariable')[0].fixes![0].edits), 'FROM alpine\nONBUILD CMD exec app "$PORT"\n');
    // the model sees the trigger once, whatever visits it
    const doc = analyze('file:///x/Dockerfile', 1, 'FROM alpine\nONBUILD ONBUILD RUN ["echo", "$A"]\n');
    assert.equal(doc.ast.instructions.length, 2);
    assert.equal(findings(doc.text, 'ExecFormVariable').length, 1);
  });
});

describe('ExecFormUnsplitCommand', () => {
  it('flags a program element holding the command line, on the element', () => {
    const t = 'FROM node:22\nRUN ["apt-get update"]\nENTRYPOINT ["/app/run.sh --verbose"]\nFROM node:22\nCMD ["npm start"]\nHEALTHCHECK CMD ["curl -f http://localhost/"]\n';
    const f = findings(t, 'ExecFormUnsplitCommand');
    assert.deepEqual(f.map((d) => rangeText(t, d)), ['"apt-get update"', '"/app/run.sh --verbose"', '"npm start"', '"curl -f http://localhost/"']);
    assert.equal(f[0].message, '"apt-get update" is taken as one program name: exec form does not split at spaces, so Docker fails with exec: "apt-get update": executable file not found in $PATH');
    assert.equal(f[1].message, '"/app/run.sh --verbose" is taken as one file name: exec form does not split at spaces, so Docker fails with stat /app/run.sh --verbose: no such file or directory');
    assert.equal(f[0].severity, 'warning');
  });

  it('is silent when a file of that name could exist, or the element is not the program', () => {
    const quiet = [
      'CMD ["/opt/My App/run"]', 'CMD ["./my script.sh"]', 'ENTRYPOINT ["C:\\\\Program Files\\\\app.exe"]', 'CMD ["npm"]', 'CMD ["npm", "run start"]', 'CMD [" npm"]',
      'RUN ["sh", "-c", "apt-get update"]',
    ];
    for (const line of quiet) assert.deepEqual(findings(`FROM alpine\n${line}\n`, 'ExecFormUnsplitCommand'), [], line);
    // a CMD after an exec-form ENTRYPOINT is its arguments (the script of ["sh", "-c"]), in this stage or inherited
    for (const t of ['FROM a\nENTRYPOINT ["sh", "-c"]\nCMD ["npm start"]\n', 'FROM a AS b\nENTRYPOINT ["tini", "--"]\nFROM b\nCMD ["--log level"]\n', 'FROM a\nCMD ["npm start"]\nENTRYPOINT ["e"]\n']) {
      assert.deepEqual(findings(t, 'ExecFormUnsplitCommand'), [], t);
    }
    // ENTRYPOINT [] clears the ENTRYPOINT: the CMD is the program again
    assert.equal(findings('FROM a\nENTRYPOINT []\nCMD ["npm start"]\n', 'ExecFormUnsplitCommand').length, 1);
  });

  it('splits the element only when the split is certain', () => {
    const fix = (t: string) => {
      const f = findings(t, 'ExecFormUnsplitCommand')[0];
      assert.ok(f, t);
      if (!f.fixes!.length) return undefined;
      assert.ok(editsKeepParse(t, f.fixes![0].edits));
      return applyEdits(t, f.fixes![0].edits);
    };
    assert.equal(fix('FROM a\nCMD ["npm start"]\n'), 'FROM a\nCMD ["npm", "start"]\n');
    assert.equal(fix('FROM a\nENTRYPOINT ["/app/run.sh --verbose", "--port", "80"]\n'), 'FROM a\nENTRYPOINT ["/app/run.sh", "--verbose", "--port", "80"]\n');
    assert.equal(fix('FROM a\nRUN [ "apt-get\\tupdate  -q" ]\n'), 'FROM a\nRUN ["apt-get", "update", "-q"]\n');
    assert.equal(fix('# escape=`\nFROM a\nHEALTHCHECK --interval=5s CMD ["echo -n 한국어"]\n'), '# escape=`\nFROM a\nHEALTHCHECK --interval=5s CMD ["echo", "-n", "한국어"]\n');
    for (const t of ['CMD ["echo $HOME"]', 'CMD ["echo \'a b\'"]', 'CMD ["ls *.js"]', 'CMD ["a && b"]', 'CMD ["FOO=1 app"]', 'CMD ["cd /app"]', 'CMD ["echo a\\\\ b"]', 'CMD ["ls ~"]']) {
      assert.equal(fix(`FROM a\n${t}\n`), undefined, t);
    }
  });

  it('checks ONBUILD triggers, fixing inside the ONBUILD line', () => {
    const t = 'FROM a\nONBUILD RUN ["npm ci"]\nONBUILD CMD ["npm start"]\n';
    const f = findings(t, 'ExecFormUnsplitCommand');
    assert.deepEqual(f.map((d) => rangeText(t, d)), ['"npm ci"', '"npm start"']);
    assert.equal(applyEdits(t, f[1].fixes![0].edits), 'FROM a\nONBUILD RUN ["npm ci"]\nONBUILD CMD ["npm", "start"]\n');
    assert.deepEqual(findings('FROM a\nENTRYPOINT ["sh", "-c"]\nONBUILD CMD ["npm start"]\n', 'ExecFormUnsplitCommand'), []);
  });
});

describe('InvalidExecForm: arrays that are not JSON', () => {
  it('flags unquoted words, missing commas and trailing commas (Docker runs them as shell commands)', () => {
    const lines = ['CMD [node, app.js]', 'CMD ["a" "b"]', 'CMD ["a",]', 'ENTRYPOINT [npm start]', 'RUN [apt-get,update]', 'CMD ["a", b c]'];
    for (const line of lines) {
      const t = `FROM alpine\n${line}\n`;
      assert.deepEqual(findings(t, 'InvalidExecForm').map((d) => rangeText(t, d)), [line.slice(line.indexOf('['))], line);
    }
    assert.match(findings('FROM a\nCMD [node, app.js]\n', 'InvalidExecForm')[0].message, /^Not a valid JSON array \(invalid character 'n' looking for beginning of value\): Docker runs these CMD arguments as a shell command/);
  });

  it('leaves test commands, PowerShell type literals and valid JSON alone', () => {
    const quiet = ['RUN [ -f /x ] && echo y', 'RUN [ "$A" = "b" ]', 'RUN [[ -f x ]]', 'RUN [Environment]::SetEnvironmentVariable("A", "b")', 'CMD ["a", "b"]', 'CMD [ "a" , "b" ]', 'CMD []', 'RUN [ x ]'];
    for (const line of quiet) assert.deepEqual(findings(`FROM alpine\n${line}\n`, 'InvalidExecForm'), [], line);
  });

  it('fixes to valid JSON only when the argv is certain', () => {
    const fix = (line: string) => {
      const t = `FROM alpine\n${line}\n`;
      const [f] = findings(t, 'InvalidExecForm');
      if (!f.fixes!.length) return undefined;
      assert.ok(editsKeepParse(t, f.fixes![0].edits));
      return applyEdits(t, f.fixes![0].edits).split('\n')[1];
    };
    assert.equal(fix('CMD [node, app.js]'), 'CMD ["node", "app.js"]');
    assert.equal(fix('CMD [node,app.js,--port=80]'), 'CMD ["node", "app.js", "--port=80"]');
    assert.equal(fix('CMD ["a" "b"]'), 'CMD ["a", "b"]');
    assert.equal(fix('CMD ["a",]'), 'CMD ["a"]');
    assert.equal(fix('CMD [node, "app \\"x\\".js", 한국어]'), 'CMD ["node", "app \\"x\\".js", "한국어"]');
    for (const line of ['ENTRYPOINT [npm start]', 'CMD ["a", b c]', 'CMD [node "a"]', 'CMD ["a" b]', 'CMD [a,,b]', 'CMD [$X, a]', 'CMD [a*, b]', 'CMD [,a]', 'CMD ["a""b"]', 'CMD ["a"b]']) assert.equal(fix(line), undefined, line);
  });

  it('checks ONBUILD triggers, fixing inside the ONBUILD line', () => {
    const t = 'FROM alpine\nONBUILD CMD [node, app.js]\n';
    const [f] = findings(t, 'InvalidExecForm');
    assert.equal(rangeText(t, f), '[node, app.js]');
    assert.equal(applyEdits(t, f.fixes![0].edits), 'FROM alpine\nONBUILD CMD ["node", "app.js"]\n');
  });
});
