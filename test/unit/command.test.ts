/** The effective container command (model/command.ts) and its hover on CMD / ENTRYPOINT. */
import { strict as assert } from 'node:assert';
import type { Hover, MarkupContent } from 'vscode-languageserver';
import { hover } from '../../server/src/features/hover';
import { effectiveCommand, formatArgv, readsPositionalArgs, replayConfig } from '../../server/src/model/command';
import { analyze } from '../../server/src/model/document';

/** The effective command of stage `index` (default: the last stage). */
function command(text: string, index?: number) {
  const doc = analyze('file:///Dockerfile', 1, text);
  const stages = doc.stages.stages;
  return effectiveCommand(doc, stages[index ?? stages.length - 1]);
}
const argv = (text: string, index?: number) => command(text, index).argv;

/** Hover text at the `|` cursor. */
function hoverText(source: string, lang: 'en' | 'ko' = 'en'): string | undefined {
  const offset = source.indexOf('|');
  const doc = analyze('file:///Dockerfile', 1, source.slice(0, offset) + source.slice(offset + 1));
  const h: Hover | null = hover(doc, doc.lines.positionAt(offset), lang);
  return h ? (h.contents as MarkupContent).value : undefined;
}

describe('effective command', () => {
  it('a stage built FROM another through a global ARG inherits its command', () => {
    assert.deepEqual(argv('ARG B=base\nFROM scratch AS base\nCMD ["x"]\nFROM ${B}\n'), ['x']);
    assert.deepEqual(argv('ARG B\nFROM scratch AS base\nCMD ["x"]\nFROM ${B:-base}\n'), ['x']);
  });

  describe("Docker's table: how CMD and ENTRYPOINT interact", () => {
    const entrypoints = [
      { label: 'no ENTRYPOINT', text: '' },
      { label: 'ENTRYPOINT exec_entry p1_entry', text: 'ENTRYPOINT exec_entry p1_entry\n' },
      { label: 'ENTRYPOINT ["exec_entry", "p1_entry"]', text: 'ENTRYPOINT ["exec_entry", "p1_entry"]\n' },
    ];
    const cmds = [
      { label: 'no CMD', text: '', expected: [null, ['/bin/sh', '-c', 'exec_entry p1_entry'], ['exec_entry', 'p1_entry']] },
      {
        label: 'CMD ["exec_cmd", "p1_cmd"]',
        text: 'CMD ["exec_cmd", "p1_cmd"]\n',
        expected: [['exec_cmd', 'p1_cmd'], ['/bin/sh', '-c', 'exec_entry p1_entry', 'exec_cmd', 'p1_cmd'], ['exec_entry', 'p1_entry', 'exec_cmd', 'p1_cmd']],
      },
      {
        label: 'CMD exec_cmd p1_cmd',
        text: 'CMD exec_cmd p1_cmd\n',
        expected: [
          ['/bin/sh', '-c', 'exec_cmd p1_cmd'],
          ['/bin/sh', '-c', 'exec_entry p1_entry', '/bin/sh', '-c', 'exec_cmd p1_cmd'],
          ['exec_entry', 'p1_entry', '/bin/sh', '-c', 'exec_cmd p1_cmd'],
        ],
      },
    ];
    for (const c of cmds) {
      entrypoints.forEach((e, i) => {
        it(`${c.label} × ${e.label}`, () => {
          const r = command('FROM scratch\n' + e.text + c.text);
          assert.deepEqual(r.argv, c.expected[i]);
          // `sh -c 'exec_entry p1_entry' exec_cmd p1_cmd`: the CMD is $0/$1 of a script that never reads them
          assert.equal(r.cmdIgnored, i === 1 && c.text !== '');
        });
      });
    }
  });

  it('exec ENTRYPOINT + exec CMD are concatenated, with lines and note', () => {
    const r = command('FROM alpine\nENTRYPOINT ["/bin/ping","localhost"]\nCMD ["-c","3"]\n');
    assert.deepEqual(r.argv, ['/bin/ping', 'localhost', '-c', '3']);
    assert.equal(formatArgv(r.argv!), '/bin/ping localhost -c 3');
    assert.equal(r.note, 'ENTRYPOINT (line 2) + CMD (line 3)');
    assert.equal(r.entrypointLine, 1);
    assert.equal(r.cmdLine, 2);
    assert.equal(r.cmdIgnored, false);
  });

  it('shell-form ENTRYPOINT: Docker still appends the CMD, as $0 $1 … of `sh -c`', () => {
    const r = command('FROM scratch\nCMD ["x"]\nENTRYPOINT exec nginx -g "daemon off;"\n');
    // a CMD set before the ENTRYPOINT in the same stage is kept, and passed on
    assert.deepEqual(r.argv, ['/bin/sh', '-c', 'exec nginx -g "daemon off;"', 'x']);
    assert.equal(r.cmdIgnored, true);
    assert.equal(r.note, 'ENTRYPOINT (line 3) + CMD (line 2): the ENTRYPOINT is shell form, so the CMD arrives only as $0/$1…, unused by this command');
    assert.equal(r.cmdLine, undefined);
    assert.equal(r.entrypointLine, 2);
    const reads = command('FROM scratch\nENTRYPOINT echo $0 $1\nCMD ["x","y"]\n');
    assert.deepEqual(reads.argv, ['/bin/sh', '-c', 'echo $0 $1', 'x', 'y']);
    assert.equal(reads.cmdIgnored, false);
    assert.equal(reads.note, 'ENTRYPOINT (line 2) + CMD (line 3): the ENTRYPOINT is shell form, so the CMD arrives as $0/$1… of its script');
    assert.equal(reads.cmdLine, 2);
  });

  it('readsPositionalArgs: $0…$9, ${1}, $@, $*, $#, not in single quotes', () => {
    for (const s of ['exec app "$@"', 'echo $0', 'echo ${1}', 'echo $*', 'test $# -gt 0', 'echo "$1"', 'echo "${@}"']) assert.equal(readsPositionalArgs(s), true, s);
    for (const s of ['exec app', "echo '$1'", 'echo \\$1', 'echo $HOME', 'echo ${HOME}', "echo '$@' done", 'echo $$']) assert.equal(readsPositionalArgs(s), false, s);
  });

  it('only the last CMD and ENTRYPOINT count', () => {
    const r = command('FROM scratch\nCMD ["a"]\nENTRYPOINT ["e1"]\nCMD ["b"]\nENTRYPOINT ["e2"]\n');
    assert.deepEqual(r.argv, ['e2', 'b']);
    assert.equal(r.note, 'ENTRYPOINT (line 5) + CMD (line 4)');
  });

  it('a CMD set before the ENTRYPOINT in the same stage is kept', () => {
    assert.deepEqual(argv('FROM scratch\nCMD ["--help"]\nENTRYPOINT ["tool"]\n'), ['tool', '--help']);
  });

  describe('SHELL', () => {
    it('changes the shell of later shell-form instructions only', () => {
      const text = 'FROM scratch\nCMD echo one\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nENTRYPOINT ["run"]\n';
      assert.deepEqual(argv(text), ['run', '/bin/sh', '-c', 'echo one']);
      const later = command('FROM scratch\nSHELL ["/bin/bash", "-c"]\nCMD echo $HOME | wc\n');
      assert.deepEqual(later.argv, ['/bin/bash', '-c', 'echo $HOME | wc']);
      assert.equal(later.note, 'CMD (line 3, shell form run by the SHELL of line 2)');
    });
    it('Windows shells work the same way', () => {
      assert.deepEqual(argv('FROM scratch\nSHELL ["cmd", "/S", "/C"]\nCMD dir /w\n'), ['cmd', '/S', '/C', 'dir /w']);
      assert.deepEqual(argv('FROM scratch\nSHELL ["powershell", "-command"]\nENTRYPOINT Write-Host hi\n'), ['powershell', '-command', 'Write-Host hi']);
    });
    it('a shell-form SHELL (a build error) leaves the shell unchanged', () => {
      assert.deepEqual(argv('FROM scratch\nSHELL bash -c\nCMD x\n'), ['/bin/sh', '-c', 'x']);
    });
    it('is inherited from the stage built FROM', () => {
      const r = command('FROM scratch AS base\nSHELL ["/bin/ash", "-c"]\nFROM base\nCMD echo hi\n');
      assert.deepEqual(r.argv, ['/bin/ash', '-c', 'echo hi']);
      assert.equal(r.note, 'CMD (line 4, shell form run by the SHELL of line 2)');
    });
  });

  describe('inheritance from stages', () => {
    it('through two stages, with the stage named in the note', () => {
      const text = 'FROM scratch AS base\nENTRYPOINT ["/app"]\nCMD ["serve"]\nFROM base AS mid\nRUN x\nFROM mid\nEXPOSE 80\n';
      const r = command(text);
      assert.deepEqual(r.argv, ['/app', 'serve']);
      assert.equal(r.note, 'ENTRYPOINT inherited from stage base (line 2) + CMD inherited from stage base (line 3)');
      assert.equal(r.entrypointLine, 1);
      assert.equal(r.cmdLine, 2);
    });
    it('FROM 0 names an image, not stage 0 (FROM takes stage names only)', () => {
      assert.deepEqual(command('FROM scratch\nCMD ["a"]\nFROM 0\n'), { argv: null, cmdIgnored: false, noCommand: false, note: 'ENTRYPOINT and CMD come from the base image 0 (not known here)' });
    });
    it('a stage overrides one part and keeps the other', () => {
      const text = 'FROM scratch AS build\nENTRYPOINT ["/bin/ping"]\nCMD ["localhost"]\nFROM build\nCMD ["example.com"]\n';
      const r = command(text);
      assert.deepEqual(r.argv, ['/bin/ping', 'example.com']);
      assert.equal(r.note, 'ENTRYPOINT inherited from stage build (line 2) + CMD (line 5)');
    });
    it('ENTRYPOINT resets an inherited CMD', () => {
      const r = command('FROM scratch AS base\nCMD ["--help"]\nFROM base\nENTRYPOINT ["my-tool"]\n');
      assert.deepEqual(r.argv, ['my-tool']);
      assert.equal(r.cmdLine, undefined);
      assert.equal(r.note, 'ENTRYPOINT (line 4), which resets the CMD inherited from stage base (line 2) to empty');
      // the reset carries on to a stage built FROM it; a CMD set again in the stage applies
      assert.deepEqual(argv('FROM scratch AS a\nCMD ["x"]\nFROM a AS b\nENTRYPOINT ["e"]\nFROM b\n'), ['e']);
      assert.deepEqual(argv('FROM scratch AS a\nCMD ["x"]\nFROM a\nENTRYPOINT ["e"]\nCMD ["y"]\n'), ['e', 'y']);
    });
    it('each stage has its own command', () => {
      const text = 'FROM scratch AS a\nCMD ["a"]\nFROM scratch\nCMD ["b"]\n';
      assert.deepEqual(argv(text, 0), ['a']);
      assert.deepEqual(argv(text, 1), ['b']);
    });
  });

  describe('ONBUILD triggers of the stage built FROM', () => {
    it('run as the child stage\'s first instructions (docker inspect: Cmd ["x"])', () => {
      const r = command('FROM scratch AS a\nONBUILD CMD ["x"]\nFROM a\n');
      assert.deepEqual(r.argv, ['x']);
      assert.equal(r.note, 'CMD of an ONBUILD trigger of stage a (line 2)');
      assert.equal(r.cmdLine, 1);
      // not in the parent itself
      assert.equal(command('FROM scratch AS a\nONBUILD CMD ["x"]\nFROM a\n', 0).argv, null);
    });
    it('reach grandchildren through the config of the child', () => {
      const r = command('FROM scratch AS a\nONBUILD CMD ["x"]\nFROM a AS b\nFROM b\n');
      assert.deepEqual(r.argv, ['x']);
      assert.equal(r.note, 'CMD of an ONBUILD trigger of stage a (line 2), run by stage b');
    });
    it('SHELL and ENTRYPOINT triggers, and a CMD of the child after them', () => {
      const text = 'FROM scratch AS a\nONBUILD SHELL ["/bin/bash","-c"]\nONBUILD ENTRYPOINT echo hi\nFROM a AS b\nCMD y z\n';
      assert.deepEqual(argv(text), ['/bin/bash', '-c', 'echo hi', '/bin/bash', '-c', 'y z']);
    });
    it('a trigger ENTRYPOINT resets the inherited CMD, as in the child', () => {
      assert.deepEqual(argv('FROM scratch AS a\nCMD ["x"]\nONBUILD ENTRYPOINT ["e"]\nFROM a\n'), ['e']);
      // a trigger CMD counts as set by the child: a later ENTRYPOINT keeps it
      assert.deepEqual(argv('FROM scratch AS a\nONBUILD CMD ["x"]\nFROM a\nENTRYPOINT ["e"]\n'), ['e', 'x']);
    });
    it('replayConfig includes them, and visits only the stage\'s own instructions', () => {
      const doc = analyze('file:///Dockerfile', 1, 'FROM scratch AS a\nONBUILD CMD ["x"]\nFROM a\nRUN y\n');
      const seen: string[] = [];
      const c = replayConfig(doc.stages.stages[1], (ins, before) => seen.push(`${ins.name}:${before.cmd?.name ?? '-'}`));
      assert.deepEqual(seen, ['FROM:CMD', 'RUN:CMD']);
      assert.equal(c.cmd?.args[0].value, 'x');
    });
  });

  describe('external base images and scratch', () => {
    it('nothing set: comes from the base image', () => {
      const r = command('FROM node:20\nRUN npm ci\n');
      assert.equal(r.argv, null);
      assert.equal(r.note, 'ENTRYPOINT and CMD come from the base image node:20 (not known here)');
      assert.equal(command('FROM node:20 AS a\nFROM a\n').note, 'ENTRYPOINT and CMD come from the base image node:20 (not known here)');
    });
    it('only CMD: the base image ENTRYPOINT may prefix it', () => {
      const r = command('FROM node:20\nCMD ["node", "server.js"]\n');
      assert.deepEqual(r.argv, ['node', 'server.js']);
      assert.equal(r.note, 'CMD (line 2); an ENTRYPOINT of the base image node:20 (not known here), if it has one, comes before it');
    });
    it('ENTRYPOINT replaces the base image ENTRYPOINT and resets its CMD', () => {
      const r = command('FROM nginx\nENTRYPOINT ["/docker-entrypoint.sh"]\n');
      assert.deepEqual(r.argv, ['/docker-entrypoint.sh']);
      assert.equal(r.note, 'ENTRYPOINT (line 2), which resets the CMD of the base image nginx to empty');
    });
    it('FROM scratch inherits nothing', () => {
      const r = command('FROM scratch\nCOPY app /\n');
      assert.equal(r.argv, null);
      assert.equal(r.noCommand, true);
      assert.equal(r.note, 'No ENTRYPOINT or CMD. `docker run` fails with "No command specified" unless it is given a command');
      assert.equal(command('FROM SCRATCH AS s\nFROM s\n').argv, null);
      assert.equal(command('FROM SCRATCH AS s\nFROM s\n').noCommand, true);
      assert.equal(command('FROM alpine\n').noCommand, false);
    });
    it('an empty stage', () => {
      assert.equal(command('FROM scratch\n').argv, null);
      assert.equal(command('FROM alpine\n').argv, null);
    });
    it('empty exec forms give no command', () => {
      const r = command('FROM scratch\nENTRYPOINT []\nCMD []\n');
      assert.equal(r.argv, null);
      assert.equal(r.noCommand, true);
      assert.equal(r.note, 'ENTRYPOINT (line 2) + CMD (line 3): empty. `docker run` fails with "No command specified" unless it is given a command');
    });
  });

  describe('what Docker stores for shell form', () => {
    it('invalid JSON is shell form', () => {
      assert.deepEqual(argv('FROM scratch\nCMD [bad\n'), ['/bin/sh', '-c', '[bad']);
      assert.deepEqual(argv("FROM scratch\nCMD ['single', 'quotes']\n"), ['/bin/sh', '-c', "['single', 'quotes']"]);
    });
    it('line continuations and comment lines removed, text kept as written', () => {
      const r = command('FROM scratch\nCMD echo $HOME \\\n  # a comment\n    && ls\n');
      assert.deepEqual(r.argv, ['/bin/sh', '-c', 'echo $HOME     && ls']);
      assert.deepEqual(argv('FROM scratch\nCMD ["echo", "$HOME"]\n'), ['echo', '$HOME']);
    });
    it('CRLF files', () => {
      const r = command('FROM scratch\r\nENTRYPOINT ["a", \\\r\n  "b"]\r\nCMD run \\\r\n  now\r\n');
      assert.deepEqual(r.argv, ['a', 'b', '/bin/sh', '-c', 'run   now']);
      assert.equal(r.note, 'ENTRYPOINT (line 2) + CMD (line 4)');
      assert.equal(r.cmdLine, 3);
    });
    it('the escape directive', () => {
      const r = command('# escape=`\nFROM scratch\nSHELL ["cmd", "/S", "/C"]\nCMD dir c:\\ `\n  /w\n');
      assert.deepEqual(r.argv, ['cmd', '/S', '/C', 'dir c:\\   /w']);
      assert.equal(r.note, 'CMD (line 4, shell form run by the SHELL of line 3)');
    });
    it('a CMD without arguments runs an empty shell command', () => {
      assert.deepEqual(argv('FROM scratch\nCMD\n'), ['/bin/sh', '-c', '']);
    });
    it('heredoc markers are not heredocs in CMD: the text is the command', () => {
      assert.deepEqual(argv('FROM scratch\nCMD <<EOF\n'), ['/bin/sh', '-c', '<<EOF']);
    });
  });
});

describe('formatArgv', () => {
  it('quotes for a POSIX shell only where needed', () => {
    assert.equal(formatArgv(['/bin/sh', '-c', 'echo hi']), "/bin/sh -c 'echo hi'");
    assert.equal(formatArgv(['/bin/ping', 'localhost', '-c', '3']), '/bin/ping localhost -c 3');
    assert.equal(formatArgv(['echo', "it's", '', '$HOME', 'a=b']), `echo 'it'\\''s' '' '$HOME' a=b`);
    assert.equal(formatArgv(['A=b', 'x']), "'A=b' x");
    assert.equal(formatArgv(['printf', 'a\nb\\', 'héllo']), "printf $'a\\nb\\\\' héllo");
  });
});

describe('hover on CMD and ENTRYPOINT', () => {
  it('the keyword hover shows ▶ argv and the note', () => {
    const h = hoverText('FROM alpine\nENTRYPOINT ["/bin/ping","localhost"]\nC|MD ["-c","3"]\n')!;
    assert.match(h, /^\*\*CMD\*\*/);
    assert.ok(h.includes('▶ `/bin/ping localhost -c 3`'), h);
    assert.ok(h.includes('ENTRYPOINT (line 2) + CMD (line 3)'), h);
    assert.ok(!h.includes('replaces this one'));
  });
  it('hovering the arguments shows only the command', () => {
    const h = hoverText('FROM scratch AS b\nCMD ["serve"]\nFROM b\nENTRYPOINT ["/a|pp"]\n')!;
    assert.ok(h.startsWith('▶ `/app`'), h);
    assert.ok(h.includes('which resets the CMD inherited from stage b (line 2) to empty'), h);
  });
  it('shell form, quoting and backticks', () => {
    assert.ok(hoverText('FROM scratch\nCMD| echo hi\n')!.includes("▶ `/bin/sh -c 'echo hi'`"));
    assert.ok(hoverText('FROM scratch\nCMD echo `date|`\n')!.includes("▶ `` /bin/sh -c 'echo `date`' ``"));
  });
  it('an overridden CMD and an unknown command', () => {
    assert.ok(hoverText('FROM scratch\nCM|D ["a"]\nCMD ["b"]\n')!.includes('A later CMD in this stage replaces this one.'));
    const h = hoverText('FROM alpine\nENTRYPOINT exec x\nC|MD ["y"]\n')!;
    assert.ok(h.includes("▶ `/bin/sh -c 'exec x' y`"), h);
    assert.ok(h.includes('unused by this command') && !h.includes('replaces this one'), h);
    // the base image's ENTRYPOINT (unknown) still applies to an empty CMD
    assert.ok(hoverText('FROM node\nC|MD []\n', 'ko')!.includes('▶ 여기서는 알 수 없음'));
    // both set empty: nothing of the base image is left
    assert.ok(hoverText('FROM node\nENTRYPOINT []\nC|MD []\n', 'ko')!.includes('▶ 명령 없음'));
    assert.ok(hoverText('FROM scratch\nENTRYPOINT []\nC|MD []\n')!.includes('▶ no command: `docker run` fails with "No command specified"'));
    assert.ok(hoverText('FROM scratch\nENTRYPOINT []\nC|MD []\n', 'ko')!.includes('▶ 명령 없음'));
  });
  it('not in ONBUILD or other instructions', () => {
    assert.ok(!hoverText('FROM alpine\nONBUILD C|MD ["x"]\n')!.includes('▶'));
    assert.ok(!hoverText('FROM alpine\nCMD ["x"]\nR|UN y\n')!.includes('▶'));
    assert.equal(hoverText('FROM alpine\nONBUILD CMD ["|x"]\n'), undefined);
  });
});
