/** The "syntax" rule group: BuildKit's own parse and validation errors, with exact ranges, messages and fixes. */
import * as assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { syntaxRules } from '../../../server/src/rules/groups/syntax';
import { parseGoDuration, platformError } from '../../../server/src/model/flags';
import { checkPort } from '../../../server/src/rules/InvalidPort';
import { isValidSignal } from '../../../server/src/rules/InvalidSignal';
import { levenshtein, closest as suggest } from '../../../server/src/model/suggest';
import { corpus, readCorpus, realDockerfiles } from '../../helpers/corpus';
import { applyFix, findings, lintText, rangeText } from '../../helpers/rules';

/** [range text, message, severity] of a rule's findings. */
const got = (text: string, id: string) => findings(text, id).map((d) => [rangeText(text, d), d.message, d.severity]);

describe('syntax rules', () => {
  describe('UnknownInstruction', () => {
    it('replaces the parser problem, with BuildKit\'s suggestion', () => {
      const text = 'FROM alpine\nRUNN echo hi\n';
      const all = lintText(text).filter((d) => d.code === 'UnknownInstruction');
      assert.deepEqual(all.map((d) => [d.source, d.message]), [['lens', 'unknown instruction: RUNN (did you mean RUN?)']]);
      assert.equal(rangeText(text, all[0]), 'RUNN');
      assert.equal(applyFix(text, 'UnknownInstruction'), 'FROM alpine\nRUN echo hi\n');
    });
    it('keeps the case of the keyword in the suggestion; no suggestion far away', () => {
      assert.deepEqual(got('from alpine\ncopi a b\n', 'UnknownInstruction'), [['copi', 'unknown instruction: copi (did you mean copy?)', 'error']]);
      assert.deepEqual(got('FROM alpine\napt-get install -y curl\n', 'UnknownInstruction'), [['apt-get', 'unknown instruction: apt-get', 'error']]);
      assert.equal(findings('FROM alpine\napt-get install -y curl\n', 'UnknownInstruction')[0].fixes, undefined);
    });
    it('checks ONBUILD triggers', () => {
      assert.deepEqual(got('FROM alpine\nONBUILD RUNN x\n', 'UnknownInstruction'), [['RUNN', 'unknown instruction: RUNN (did you mean RUN?)', 'error']]);
    });
    it('does not offer a fix that breaks the instruction', () => {
      const text = 'FROM alpine\nCOPPY a\n';
      assert.equal(findings(text, 'UnknownInstruction')[0].fixes, undefined);
    });
    it('suggest: distance below 3, ties are not unique', () => {
      assert.equal(levenshtein('kitten', 'sitting'), 3);
      assert.deepEqual(suggest('EXPOS', ['EXPOSE', 'ENV'], false), { match: 'EXPOSE', distance: 1, unique: true });
      assert.equal(suggest('RUN', ['RUN'], false), undefined);
      assert.equal(suggest('abc', ['abd', 'abe'], true)?.unique, false);
    });
  });

  describe('UnknownFlag', () => {
    it('reports the flag name with a suggestion and renames it', () => {
      const text = 'FROM alpine AS build\nFROM alpine\nCOPY --form=build /a /b\n';
      assert.deepEqual(got(text, 'UnknownFlag'), [['form', 'unknown flag: form (did you mean from?)', 'error']]);
      assert.equal(applyFix(text, 'UnknownFlag'), 'FROM alpine AS build\nFROM alpine\nCOPY --from=build /a /b\n');
    });
    it('flag names are case-sensitive; the fix lower-cases', () => {
      const text = 'FROM alpine\nRUN --MOUNT=type=cache,target=/x true\n';
      assert.deepEqual(got(text, 'UnknownFlag'), [['MOUNT', 'unknown flag: MOUNT (did you mean mount?)', 'error']]);
      assert.equal(applyFix(text, 'UnknownFlag'), 'FROM alpine\nRUN --mount=type=cache,target=/x true\n');
    });
    it('flags of instructions that take none, and flags of another instruction', () => {
      assert.deepEqual(got('FROM alpine\nENV --x=1 A=b\nCOPY --mount=type=cache a b\n', 'UnknownFlag'), [
        ['x', 'unknown flag: x', 'error'],
        ['mount', 'unknown flag: mount', 'error'],
      ]);
    });
    it('ARG and STOPSIGNAL ignore flags; HEALTHCHECK NONE does not parse them', () => {
      assert.deepEqual(got('FROM alpine\nARG --x A=1\nHEALTHCHECK --bogus=1 NONE\n', 'UnknownFlag'), [['--x', 'flag --x is ignored: ARG takes no flags', 'warning']]);
    });
    it('valid flags pass', () => {
      const text = 'FROM --platform=$BUILDPLATFORM alpine AS b\nRUN --mount=type=cache,target=/x --network=none --security=sandbox true\nCOPY --from=b --chown=1:1 --chmod=755 --link --parents --exclude=*.md a b\nADD --checksum=sha256:0 --keep-git-dir --unpack=false https://x/y /z\nHEALTHCHECK --interval=5s --timeout=3s --start-period=1s --start-interval=1s --retries=3 CMD true\n';
      assert.deepEqual(got(text, 'UnknownFlag'), []);
    });
    it('a flag newer than the pinned syntax is information', () => {
      const text = '# syntax=docker/dockerfile:1.2\nFROM alpine\nCOPY --link a b\nRUN --network=none true\n';
      assert.deepEqual(got(text, 'UnknownFlag'), [
        ['link', '--link needs docker/dockerfile:1.4 or later; the syntax directive asks for docker/dockerfile:1.2', 'information'],
        ['network', '--network needs docker/dockerfile:1.3 or later; the syntax directive asks for docker/dockerfile:1.2', 'information'],
      ]);
      assert.deepEqual(got('# syntax=docker/dockerfile:1\nFROM alpine\nCOPY --link --parents a b\n', 'UnknownFlag'), []);
      assert.deepEqual(got('# syntax=docker/dockerfile:1.7-labs\nFROM alpine\nCOPY --parents --exclude=x a b\n', 'UnknownFlag'), []);
    });
  });

  describe('DuplicateFlag', () => {
    it('reports the repeat and removes it when the values are equal', () => {
      const text = 'FROM alpine\nCOPY --chown=1:1 --chown=1:1 a b\n';
      const d = findings(text, 'DuplicateFlag');
      assert.deepEqual(d.map((x) => [rangeText(text, x), x.message]), [['--chown=1:1', 'duplicate flag specified: chown']]);
      assert.equal(rangeText(text, d[0].related![0]), '--chown=1:1');
      assert.equal(d[0].related![0].range.start, text.indexOf('--chown'));
      assert.equal(applyFix(text, 'DuplicateFlag'), 'FROM alpine\nCOPY --chown=1:1 a b\n');
    });
    it('no fix for different values; repeatable flags are fine', () => {
      assert.equal(findings('FROM alpine\nCOPY --link --link=false a b\n', 'DuplicateFlag')[0].fixes, undefined);
      assert.deepEqual(got('FROM alpine\nRUN --mount=type=cache,target=/a --mount=type=cache,target=/b true\nCOPY --exclude=a --exclude=b a b\n', 'DuplicateFlag'), []);
    });
  });

  describe('InvalidFlagValue', () => {
    it('HEALTHCHECK durations and retries', () => {
      const text = 'FROM alpine\nHEALTHCHECK --interval=30 --timeout=5sec --start-period=100us --start-interval=0 --retries=-1 CMD true\n';
      assert.deepEqual(got(text, 'InvalidFlagValue'), [
        ['30', 'time: missing unit in duration "30"', 'error'],
        ['5sec', 'time: unknown unit "sec" in duration "5sec"', 'error'],
        ['100us', 'Interval "start-period" cannot be less than 1ms', 'error'],
        ['-1', '--retries cannot be negative (-1)', 'error'],
      ]);
      assert.deepEqual(got('FROM alpine\nHEALTHCHECK --interval=1m30s --timeout=1.5s --retries=x CMD true\n', 'InvalidFlagValue'), [
        ['x', 'strconv.ParseInt: parsing "x": invalid syntax', 'error'],
      ]);
    });
    it('Go durations', () => {
      assert.deepEqual(parseGoDuration('1h2m3.5s'), { ns: 3723.5e9 });
      assert.deepEqual(parseGoDuration('-1s'), { ns: -1e9 });
      assert.deepEqual(parseGoDuration('.5ms'), { ns: 0.5e6 });
      assert.deepEqual(parseGoDuration(''), { error: 'time: invalid duration ""' });
      assert.deepEqual(parseGoDuration('1..s'), { error: 'time: missing unit in duration "1..s"' });
      assert.deepEqual(parseGoDuration('s'), { error: 'time: invalid duration "s"' });
    });
    it('--chmod: octal up to 07777 or symbolic', () => {
      assert.deepEqual(got('FROM alpine\nCOPY --chmod=10000 a b\nCOPY --chmod=64a a b\nCOPY --chmod=0755 a b\nCOPY --chmod=u=rwX,go=rX a b\nCOPY --chmod=+x a b\nCOPY --chmod=$MODE a b\n', 'InvalidFlagValue'), [
        ['10000', "invalid chmod parameter: '10000'. it should be octal string and between 0 and 07777", 'error'],
        ['64a', "invalid chmod parameter: '64a'. it should be octal string and between 0 and 07777", 'error'],
      ]);
      assert.deepEqual(got('# syntax=docker/dockerfile:1.10\nFROM alpine\nCOPY --chmod=+x a b\n', 'InvalidFlagValue').map((x) => x[1]), [
        "invalid chmod parameter: '+x'. it should be octal string and between 0 and 07777 (symbolic modes need docker/dockerfile:1.14 or later)",
      ]);
    });
    it('missing values and booleans', () => {
      assert.deepEqual(got('FROM alpine\nCOPY --from a b\nCOPY --link=yes a b\nCOPY --link= a b\nCOPY --link=TRUE --parents a b\n', 'InvalidFlagValue'), [
        ['--from', 'missing a value on flag: from', 'error'],
        ['yes', 'expecting boolean value for flag link, not: yes', 'error'],
        ['--link=', 'missing a value on flag: link', 'error'],
      ]);
    });
    it('--platform', () => {
      const text = 'FROM --platform=linux/amd64 a\nFROM --platform=linux/arm64/v8 a\nFROM --platform=$BUILDPLATFORM a\nFROM --platform=linux/amd64/v2/x a\nFROM --platform=linux amd\nFROM --platform=foo a\nFROM --platform=linux/am@d a\n';
      assert.deepEqual(got(text, 'InvalidFlagValue'), [
        ['linux/amd64/v2/x', 'failed to parse platform linux/amd64/v2/x: "linux/amd64/v2/x": cannot parse platform specifier', 'error'],
        ['foo', 'failed to parse platform foo: "foo": unknown operating system or architecture', 'error'],
        ['linux/am@d', 'failed to parse platform linux/am@d: "am@d" is an invalid component of "linux/am@d": platform specifier component must match "^[A-Za-z0-9_.-]+$"', 'error'],
      ]);
      assert.equal(platformError('windows(10.0.17763)/amd64'), undefined);
      assert.equal(platformError('arm64'), undefined);
    });
    it('--network and --security', () => {
      assert.deepEqual(got('FROM alpine\nRUN --network=nne --security=insecure true\nRUN --security=privileged --network=$NET true\n', 'InvalidFlagValue'), [
        ['nne', 'invalid network mode "nne" (did you mean none?)', 'error'],
        ['privileged', 'security "privileged" is not valid', 'error'],
      ]);
    });
    it('--mount keys and values', () => {
      const text = [
        'FROM alpine',
        'RUN --mount=type=cahce,target=/x true',
        'RUN --mount=type=cache,target=/x,sharing=lock true',
        'RUN --mount=type=cache,traget=/x true',
        'RUN --mount=type=bind,target=/x,mode=0600 true',
        'RUN --mount=type=cache,target=/x,size=1g true',
        'RUN --mount=required,type=secret,id=x true',
        'RUN --mount=type=secret,id=x,from=b true',
        'RUN --mount=type=cache,target=/x,uid=abc,ro=maybe true',
        'RUN --mount=type=bind,from=$STAGE,target=/x true',
        'RUN --mount=type=tmpfs,target=/x,foo true',
        'RUN --mount=type=bind,target=/x,id=cache true',
        'RUN --mount= true',
        '',
      ].join('\n');
      assert.deepEqual(got(text, 'InvalidFlagValue'), [
        ['cahce', 'unsupported mount type "cahce" (did you mean cache?)', 'error'],
        ['lock', 'unsupported sharing value "lock" (did you mean locked?)', 'error'],
        ['traget', "unexpected key 'traget' in 'traget=/x' (did you mean target?)", 'error'],
        ['mode', 'mode not allowed for "bind" type mounts', 'error'],
        ['size', "unexpected key 'size' for mount type 'cache'", 'error'],
        ['required', "unexpected key 'required' for mount type 'bind'", 'error'],
        ['from', 'secret mount should not have a from', 'error'],
        ['abc', 'invalid value abc for uid', 'error'],
        ['maybe', 'invalid value for ro: maybe', 'error'],
        ['$STAGE', "'from' doesn't support variable expansion, define alias stage instead", 'error'],
        ['foo', "invalid field 'foo' must be a key=value pair", 'error'],
        ['id', "'id' has no effect on type=bind mounts", 'warning'],
        ['--mount=', 'failed to parse csv mounts: EOF', 'error'],
      ]);
    });
    it('valid mounts pass', () => {
      const text = [
        'FROM alpine AS b',
        'RUN --mount=type=cache,target=/var/cache/apt,sharing=locked,id=apt,mode=0755,uid=0,gid=0 true',
        'RUN --mount=type=bind,source=go.sum,target=go.sum,rw --mount=from=b,src=/,dst=/b,readonly=false true',
        'RUN --mount=type=secret,id=npmrc,target=/root/.npmrc,required=true --mount=type=secret,id=tok,env=TOKEN true',
        'RUN --mount=type=ssh,required --mount=type=tmpfs,target=/tmp,size=512m --mount=type=$T,size=1g true',
        '',
      ].join('\n');
      assert.deepEqual(got(text, 'InvalidFlagValue'), []);
    });
    it('COPY --from with a variable', () => {
      assert.deepEqual(got('FROM alpine\nCOPY --from=$BASE a b\n', 'InvalidFlagValue'), [
        ['$BASE', 'variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope as a workaround', 'error'],
      ]);
    });
  });

  describe('InvalidPort', () => {
    it('reports bad ports and protocols, skips ip:port and variables', () => {
      const text = 'FROM alpine\nEXPOSE 80 443/tcp 53/UDP 7000-7010/udp 70000 80/http 9-1 $PORT 127.0.0.1:80:80 0\n';
      assert.deepEqual(got(text, 'InvalidPort'), [
        ['70000', 'invalid containerPort: 70000', 'error'],
        ['80/http', 'invalid proto: http', 'error'],
        ['9-1', 'invalid containerPort: 9-1', 'error'],
        ['0', 'port 0 is not a port a container can listen on', 'warning'],
      ]);
    });
    it('nat.ParsePortSpec edge cases', () => {
      assert.deepEqual(checkPort('80/'), { port: { start: 80, end: 80 } });
      assert.deepEqual(checkPort('/tcp'), { error: 'no port specified: /tcp<empty>' });
      assert.deepEqual(checkPort('+80'), { error: 'invalid containerPort: +80' });
    });
  });

  describe('InvalidSignal', () => {
    it('accepts names with or without SIG, any case, numbers; rejects the rest', () => {
      for (const s of ['SIGTERM', 'term', 'SigQuit', '9', 'SIGRTMIN+3', 'RTMAX-1', 'SIGCLD']) assert.ok(isValidSignal(s), s);
      for (const s of ['0', 'SIGFOO', 'SIGRTMIN+16', 'SIG', '']) assert.ok(!isValidSignal(s), s);
    });
    it('reports with a suggestion and fixes a misspelling', () => {
      const text = 'FROM alpine\nSTOPSIGNAL SIGQUITE\n';
      assert.deepEqual(got(text, 'InvalidSignal'), [['SIGQUITE', 'invalid signal: SIGQUITE (did you mean SIGQUIT?)', 'error']]);
      assert.equal(applyFix(text, 'InvalidSignal'), 'FROM alpine\nSTOPSIGNAL SIGQUIT\n');
      assert.deepEqual(got('FROM alpine\nSTOPSIGNAL $SIG\nSTOPSIGNAL 0\n', 'InvalidSignal'), [['0', 'invalid signal: 0', 'error']]);
    });
  });

  describe('CopyFromStage', () => {
    it('a stage copying from itself is a circular dependency', () => {
      const text = 'FROM alpine AS app\nCOPY --from=app /a /b\nCOPY --from=0 /a /b\n';
      const d = findings(text, 'CopyFromStage');
      assert.deepEqual(d.map((x) => [rangeText(text, x), x.message, x.severity]), [
        ['app', 'circular dependency detected on stage: app', 'error'],
        ['0', 'circular dependency detected on stage: app', 'error'],
      ]);
      assert.equal(d[0].range.start, text.indexOf('--from=app') + 7);
    });
    it('a later stage in COPY --from and RUN --mount=from is an error', () => {
      const text = 'FROM alpine AS app\nCOPY --from=Build /a /b\nRUN --mount=type=bind,from=build,target=/src true\nCOPY --from=1 /a /b\nCOPY --from=5 /a /b\nFROM alpine AS build\n';
      assert.deepEqual(got(text, 'CopyFromStage'), [
        ['Build', 'cannot copy from stage "Build", it needs to be defined before current stage "app"', 'error'],
        ['build', 'cannot mount from stage "build" to "/src", stage needs to be defined before current command', 'error'],
        ['1', 'cannot copy from stage "1", it needs to be defined before current stage "app"', 'error'],
        ['5', 'invalid stage index 5', 'error'],
      ]);
    });
    it('FROM naming a later stage pulls an image: warning', () => {
      const text = 'FROM base AS app\nFROM alpine AS base\nFROM nginx AS nginx\n';
      assert.deepEqual(got(text, 'CopyFromStage'), [['base', 'stage "base" is defined later: FROM pulls the image "base" instead', 'warning']]);
    });
    it('earlier stages and images are fine', () => {
      assert.deepEqual(got('FROM alpine AS b\nFROM alpine\nCOPY --from=b /a /b\nCOPY --from=0 /a /b\nCOPY --from=nginx:1 /a /b\nRUN --mount=from=b,target=/b true\n', 'CopyFromStage'), []);
    });
  });

  describe('InvalidStageReference', () => {
    const BK = 'BuildKit fails with: failed to parse stage name';
    it('FROM naming a stage in another case, written out or through a global ARG', () => {
      const text = 'FROM scratch AS base\nFROM Base\n';
      const [f] = findings(text, 'InvalidStageReference');
      assert.equal(f.severity, 'error');
      assert.equal(rangeText(text, f), 'Base');
      assert.ok(f.message.startsWith(`Stage base must be written in lowercase here: ${BK} "Base": invalid reference format: repository name must be lowercase`), f.message);
      assert.equal(applyFix(text, 'InvalidStageReference'), 'FROM scratch AS base\nFROM base\n');
      const viaArg = 'ARG B=Base\nFROM scratch AS Base\nFROM ${B}\n';
      const [g] = findings(viaArg, 'InvalidStageReference');
      assert.ok(g.message.includes('(${B} expands to Base)'), g.message);
      assert.equal(g.fixes, undefined, 'no fix through a variable');
    });
    it('replaces the misleading InvalidDefaultArgInFrom, which still fires for an image in upper case', () => {
      assert.deepEqual(findings('FROM scratch AS Base\nFROM Base\n', 'InvalidDefaultArgInFrom'), []);
      assert.equal(findings('FROM Ubuntu:22.04\n', 'InvalidDefaultArgInFrom').length, 1);
      assert.deepEqual(findings('FROM Ubuntu:22.04\n', 'InvalidStageReference'), []);
    });
    it('nothing for lowercase references, COPY --from (case-insensitive in BuildKit) or images', () => {
      assert.deepEqual(findings('FROM scratch AS Base\nFROM base\nCOPY --from=Base / /\n', 'InvalidStageReference'), []);
      assert.deepEqual(findings('FROM alpine AS a\nFROM A-b\n', 'InvalidStageReference'), []);
    });
  });

  describe('NoCommand', () => {
    it('the final stage rooted at scratch with no ENTRYPOINT or CMD', () => {
      const text = 'FROM busybox AS build\nRUN x\nFROM scratch\nCOPY --from=build /x /\n';
      const [f] = findings(text, 'NoCommand');
      assert.equal(f.severity, 'warning');
      assert.equal(rangeText(text, f), 'scratch');
      assert.equal(f.message, 'The image has no command (no ENTRYPOINT or CMD in this stage or the stages it is built FROM): `docker run` fails with "No command specified" unless it is given one');
      assert.ok(findings('FROM scratch\nENTRYPOINT []\nCMD []\n', 'NoCommand')[0].message.includes('ENTRYPOINT and CMD are both empty'));
      // an ENTRYPOINT [] and CMD [] clear an external image's too
      assert.equal(findings('FROM node:20\nENTRYPOINT []\nCMD []\n', 'NoCommand').length, 1);
    });
    it('not for an external base (its config is unknown), not for earlier stages, not with a command anywhere in the chain', () => {
      assert.deepEqual(findings('FROM alpine:3.20\nRUN x\n', 'NoCommand'), []);
      assert.deepEqual(findings('FROM scratch AS a\nFROM alpine:3.20\nCMD ["x"]\n', 'NoCommand'), []);
      assert.deepEqual(findings('FROM scratch AS a\nCMD ["x"]\nFROM a\n', 'NoCommand'), []);
      assert.deepEqual(findings('FROM scratch AS a\nONBUILD ENTRYPOINT ["x"]\nFROM a\n', 'NoCommand'), []);
      assert.deepEqual(findings('ARG B=a\nFROM scratch AS a\nCMD ["x"]\nFROM ${B}\n', 'NoCommand'), []);
    });
  });

  describe('MisplacedDirective', () => {
    it('a syntax directive after a comment moves to the top', () => {
      const text = '# Build the API image\n# syntax=docker/dockerfile:1\nFROM alpine\n';
      assert.deepEqual(got(text, 'MisplacedDirective'), [['# syntax=docker/dockerfile:1', 'BuildKit ignores this syntax directive: parser directives must come before any other line', 'warning']]);
      assert.equal(applyFix(text, 'MisplacedDirective'), '# syntax=docker/dockerfile:1\n# Build the API image\nFROM alpine\n');
    });
    it('after the directives already there; escape after an instruction', () => {
      const text = '# syntax=docker/dockerfile:1\n\nFROM alpine\n# escape=`\nRUN echo hi\n';
      assert.deepEqual(got(text, 'MisplacedDirective').map((x) => x[0]), ['# escape=`']);
      assert.equal(applyFix(text, 'MisplacedDirective'), '# syntax=docker/dockerfile:1\n# escape=`\n\nFROM alpine\nRUN echo hi\n');
    });
    it('a second directive of the same name is only ignored: no fix', () => {
      const text = '# syntax=docker/dockerfile:1\n\n# syntax=docker/dockerfile:1.4\nFROM alpine\n';
      const d = findings(text, 'MisplacedDirective');
      assert.deepEqual(d.map((x) => [x.message, x.tags]), [['BuildKit ignores this syntax directive: another one at the top of the file is in force', ['unnecessary']]]);
      assert.deepEqual(d[0].fixes, []);
    });
    it('leaves directives in force, # check= right above an instruction, and other comments alone', () => {
      assert.deepEqual(got('# syntax=docker/dockerfile:1\n# escape=\\\n# check=skip=all\nFROM alpine\n', 'MisplacedDirective'), []);
      assert.deepEqual(got('#!/usr/bin/env buildctl\n# syntax=docker/dockerfile:1\nFROM alpine\n', 'MisplacedDirective'), []);
      assert.deepEqual(got('FROM alpine\n# check=skip=JSONArgsRecommended\n# why\nCMD echo hi\n# note: something=else\n', 'MisplacedDirective'), []);
      assert.deepEqual(got('# hello\n# check=skip=all\n\nFROM alpine\n', 'MisplacedDirective').map((x) => x[0]), ['# check=skip=all']);
    });
  });

  describe('corpus', () => {
    const ids = new Set(syntaxRules.map((r) => r.id));
    it('no error-level finding on the real-world corpus', () => {
      const errors: string[] = [];
      for (const [name, text] of realDockerfiles()) {
        for (const d of lintText(text)) if (ids.has(d.code) && d.severity === 'error') errors.push(`${name}: ${d.code}: ${d.message}`);
      }
      assert.deepEqual(errors, []);
    });
    it('runs on every BuildKit parser test file without failing', () => {
      const dir = corpus('buildkit-parser', 'testfiles');
      let n = 0;
      for (const c of readdirSync(dir)) {
        let text: string;
        try {
          text = readCorpus('buildkit-parser', 'testfiles', c, 'Dockerfile');
        } catch {
          continue;
        }
        const internal = lintText(text).filter((d) => ids.has(d.code) && d.message.startsWith('internal error'));
        assert.deepEqual(internal.map((d) => d.message), [], join(c, 'Dockerfile'));
        n++;
      }
      assert.ok(n > 20);
    });
  });
});
