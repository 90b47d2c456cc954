/**
 * Build output → Dockerfile lines (client/src/buildOutput.ts), on real outputs: the fixtures below were
 * captured from a private dockerd 20.10 (`/usr/bin/docker build`, BuildKit with `DOCKER_BUILDKIT=1
 * --network=none`, the legacy builder with `DOCKER_BUILDKIT=0`) and `podman build` 4.3 (`--isolation=chroot`,
 * its FROM lines naming `localhost/local/busybox:1`), building the Dockerfiles below from the build context
 * `hello.txt` and a busybox base imported as `local/busybox:1` (a static busybox and `docker import`). Newer BuildKit (buildx) also prints a source snippet;
 * that format is built here line by line as moby/buildkit's `Source.Print` writes it, since no buildx runs here.
 */
import { strict as assert } from 'node:assert';
import { BuildOutputParser, buildProblems, type BuildProblem } from '../../client/src/buildOutput';
import { analyze } from '../../server/src/model/document';
import { outline } from '../../server/src/model/outline';
import type { Outline } from '../../server/src/protocol';

/** What the client gets from the server's `dockerfileLens/outline` for this Dockerfile. */
function outlineOf(text: string): Outline {
  return outline(analyze('file:///x/Dockerfile', 1, text));
}

/** The problems as `line-line: first line of the message`, and the whole messages. */
function summary(problems: BuildProblem[]): string[] {
  return problems.map((p) => `${p.startLine}-${p.endLine}: ${p.message.split('\n')[0]}`);
}

describe('build output → Dockerfile lines', () => {
  it('maps a failing RUN in a named stage (BuildKit, legacy, podman), with its last output lines', () => {
    const expected = {
      buildkit: '6-8: executor failed running [/bin/sh -c echo building &&     ls /nonexistent &&     echo never]: exit code: 1',
      legacy: "6-8: The command '/bin/sh -c echo building &&     ls /nonexistent &&     echo never' returned a non-zero code: 1",
      podman: '6-8: exit status 1',
    };
    for (const [builder, want] of Object.entries(expected)) {
      const problems = buildProblems(OUTPUTS[`run.${builder}`], 1, outlineOf(DOCKERFILES.run));
      assert.deepEqual(summary(problems), [want], builder);
      assert.match(problems[0].message, /ls: \/nonexistent: No such file or directory/, builder);
      assert.doesNotMatch(problems[0].message, /\x1b/, builder);
    }
  });

  it('maps a missing COPY source', () => {
    assert.deepEqual(summary(buildProblems(OUTPUTS['copy.buildkit'], 1, outlineOf(DOCKERFILES.copy))), ['2-2: "/missing.txt" not found: not found']);
    assert.deepEqual(summary(buildProblems(OUTPUTS['copy.legacy'], 1, outlineOf(DOCKERFILES.copy))), [
      '2-2: COPY failed: file not found in build context or excluded by .dockerignore: stat missing.txt: file does not exist',
    ]);
    assert.deepEqual(summary(buildProblems(OUTPUTS['copy.podman'], 125, outlineOf(DOCKERFILES.copy))), [
      '2-2: checking on sources under "/tmp/h5/ctx": copier: stat: "/missing.txt": no such file or directory',
    ]);
  });

  it('maps a syntax error to its line', () => {
    for (const builder of ['buildkit', 'legacy']) {
      assert.deepEqual(summary(buildProblems(OUTPUTS[`syntax.${builder}`], 1, outlineOf(DOCKERFILES.syntax))), ['2-2: unknown instruction: FOO'], builder);
    }
    const podman = buildProblems(OUTPUTS['syntax.podman'], 125, outlineOf(DOCKERFILES.syntax));
    assert.deepEqual(podman.map((p) => [p.startLine, p.endLine]), [[2, 2]]);
    assert.match(podman[0].message, /^Build error: Unknown instruction: "FOO"/);
  });

  it('counts global ARGs as legacy steps, and FROM as podman’s first step', () => {
    assert.deepEqual(summary(buildProblems(OUTPUTS['exit.buildkit'], 1, outlineOf(DOCKERFILES.exit))), ['2-2: executor failed running [/bin/sh -c exit 3]: exit code: 3']);
    assert.deepEqual(summary(buildProblems(OUTPUTS['exit.legacy'], 3, outlineOf(DOCKERFILES.exit))), ["2-2: The command '/bin/sh -c exit 3' returned a non-zero code: 3"]);
    assert.deepEqual(summary(buildProblems(OUTPUTS['exit.podman'], 3, outlineOf(DOCKERFILES.exit))), ['2-2: exit status 3']);
    // the same step text in two stages: only the count, global ARG included, tells which one ran
    // (the legacy builder's format, as in the outputs below)
    const twice = 'ARG X=1\nFROM local/busybox:1 AS a\nRUN make\nFROM local/busybox:1 AS b\nRUN make\n';
    const output = [
      'Step 1/5 : ARG X=1',
      'Step 2/5 : FROM local/busybox:1 AS a',
      ' ---> 7e7dc4b901cb',
      'Step 3/5 : RUN make',
      ' ---> Running in a0215ccbc04d',
      'Removing intermediate container a0215ccbc04d',
      ' ---> 196e98ebaaa9',
      'Step 4/5 : FROM local/busybox:1 AS b',
      ' ---> 7e7dc4b901cb',
      'Step 5/5 : RUN make',
      ' ---> Running in b9228bb5584c',
      "The command '/bin/sh -c make' returned a non-zero code: 2",
    ].join('\n');
    assert.deepEqual(summary(buildProblems(output, 2, outlineOf(twice))), ["4-4: The command '/bin/sh -c make' returned a non-zero code: 2"]);
  });

  it('finds a BuildKit step whose name has its variables expanded, in an unnamed stage (stage-1)', () => {
    assert.deepEqual(summary(buildProblems(OUTPUTS['vars.buildkit'], 1, outlineOf(DOCKERFILES.vars))), [
      '7-7: executor failed running [/bin/sh -c echo ${GREETING} && exit 4]: exit code: 4',
    ]);
    assert.deepEqual(summary(buildProblems(OUTPUTS['vars.legacy'], 4, outlineOf(DOCKERFILES.vars))), [
      "7-7: The command '/bin/sh -c echo ${GREETING} && exit 4' returned a non-zero code: 4",
    ]);
  });

  it('reports nothing for a successful build', () => {
    for (const builder of ['buildkit', 'legacy', 'podman']) assert.deepEqual(buildProblems(OUTPUTS[`ok.${builder}`], 0, outlineOf(DOCKERFILES.ok)), [], builder);
  });

  it('takes the lines newer BuildKit marks in its source snippet', () => {
    // moby/buildkit solver/errdefs/source.go: `%s:%d`, a rule, ` %3d | %s %s` per line (`>>>` on the failing ones), a rule
    const output = [
      '#8 [build 2/2] RUN echo building &&     ls /nonexistent &&     echo never',
      '#8 0.046 building',
      '#8 0.046 ls: /nonexistent: No such file or directory',
      '#8 ERROR: process "/bin/sh -c echo building &&     ls /nonexistent &&     echo never" did not complete successfully: exit code: 1',
      '------',
      ' > [build 2/2] RUN echo building &&     ls /nonexistent &&     echo never:',
      '0.046 building',
      '0.046 ls: /nonexistent: No such file or directory',
      '------',
      'run.Dockerfile:7',
      '--------------------',
      '   6 |     COPY hello.txt /hello.txt',
      '   7 | >>> RUN echo building && \\',
      '   8 | >>>     ls /nonexistent && \\',
      '   9 | >>>     echo never',
      '  10 |     CMD ["/bin/sh"]',
      '--------------------',
      'ERROR: failed to solve: process "/bin/sh -c echo building &&     ls /nonexistent &&     echo never" did not complete successfully: exit code: 1',
    ].join('\n');
    assert.deepEqual(summary(buildProblems(output, 1, outlineOf(DOCKERFILES.run))), [
      '6-8: process "/bin/sh -c echo building &&     ls /nonexistent &&     echo never" did not complete successfully: exit code: 1',
    ]);
    // a step we cannot match (here: the Dockerfile was edited meanwhile) still gets BuildKit's lines
    const edited = DOCKERFILES.run.replace('echo building', 'echo compiling');
    assert.deepEqual(summary(buildProblems(output, 1, outlineOf(edited))), [
      '6-8: failed to solve: process "/bin/sh -c echo building &&     ls /nonexistent &&     echo never" did not complete successfully: exit code: 1',
    ]);
    const parseError = ['Dockerfile:3', '--------------------', '   1 |     FROM scratch', '   2 |     COPY hello.txt /', '   3 | >>> FOO bar', '--------------------',
      'ERROR: failed to solve: dockerfile parse error on line 3: unknown instruction: FOO'].join('\n');
    assert.deepEqual(summary(buildProblems(parseError, 1, outlineOf(DOCKERFILES.syntax))), ['2-2: unknown instruction: FOO']);
  });

  it('reads the platform and the padded step numbers of BuildKit step names', () => {
    // dockerfile2llb prefixCommand: `[<platform> <stage> %*d/%d]`, the index padded to the width of the total
    const output = [
      '#9 [linux/arm64 build  2/10] RUN echo building &&     ls /nonexistent &&     echo never',
      '#9 ERROR: process "/bin/sh -c echo building" did not complete successfully: exit code: 1',
    ].join('\n');
    assert.deepEqual(summary(buildProblems(output, 1, outlineOf(DOCKERFILES.run))), ['6-8: process "/bin/sh -c echo building" did not complete successfully: exit code: 1']);
    const single = '#4 [ 3/12] COPY missing.txt /missing.txt\n#4 ERROR: "/missing.txt" not found: not found\n';
    assert.deepEqual(summary(buildProblems(single, 1, outlineOf(DOCKERFILES.copy))), ['2-2: "/missing.txt" not found: not found']);
  });

  it('gives the same result fed in small chunks, CRLF included', () => {
    for (const name of ['run.buildkit', 'run.legacy', 'copy.podman']) {
      const parser = new BuildOutputParser();
      const text = OUTPUTS[name].replace(/\n/g, '\r\n');
      for (let i = 0; i < text.length; i += 7) parser.push(text.slice(i, i + 7));
      const dockerfile = DOCKERFILES[name.split('.')[0] as keyof typeof DOCKERFILES];
      assert.deepEqual(parser.problems(1, outlineOf(dockerfile)), buildProblems(OUTPUTS[name], 1, outlineOf(dockerfile)), name);
    }
  });

  it('keeps only the last lines of a step that prints a lot', () => {
    const parser = new BuildOutputParser();
    parser.push('Step 1/2 : FROM scratch\n');
    parser.push('Step 2/2 : RUN yes\n');
    for (let i = 0; i < 100_000; i++) parser.push(`line ${i}\n`);
    parser.push("The command '/bin/sh -c yes' returned a non-zero code: 1\n");
    const [p] = parser.problems(1, outlineOf('FROM scratch\nRUN yes\n'));
    assert.equal(p.message, ["The command '/bin/sh -c yes' returned a non-zero code: 1", ...[99_995, 99_996, 99_997, 99_998, 99_999].map((i) => `line ${i}`)].join('\n'));
  });

  it('never throws on arbitrary output, and gives well-formed line ranges', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pieces = ['#1 ', '[a 1/2] ', 'ERROR: ', 'Step 9/9 : ', 'STEP 1/1: ', '------\n', ' > [', ']:', '\n', 'Dockerfile:', '99', ' | >>> ', '-'.repeat(20), 'RUN x', '\x1b[91m', 'line 0: ', 'dockerfile parse error line '];
    for (let n = 0; n < 300; n++) {
      let out = '';
      for (let i = 0; i < 40; i++) out += pieces[Math.floor(random() * pieces.length)];
      for (const p of buildProblems(out, 1, outlineOf(DOCKERFILES.run))) {
        assert.ok(Number.isInteger(p.startLine) && p.startLine <= p.endLine, JSON.stringify(out));
      }
    }
  });
});

const DOCKERFILES = {
  run: `# a failing RUN in the second stage
FROM local/busybox:1 AS base
RUN echo first > /a.txt

FROM base AS build
COPY hello.txt /hello.txt
RUN echo building && \\
    ls /nonexistent && \\
    echo never
CMD ["/bin/sh"]
`,
  copy: `FROM scratch
COPY hello.txt /
COPY missing.txt /missing.txt
LABEL a=b
`,
  syntax: `FROM scratch
COPY hello.txt /
FOO bar
`,
  exit: `ARG X=1
FROM local/busybox:1
RUN exit 3
`,
  vars: `ARG GREETING=hi
FROM local/busybox:1
RUN echo start > /s.txt

FROM local/busybox:1
ARG GREETING
RUN echo $GREETING > /g.txt
RUN echo \${GREETING} && exit 4
RUN echo \${GREETING} never
`,
  ok: `FROM local/busybox:1
COPY hello.txt /
RUN echo ok > /ok.txt
`,
};

/** Real outputs (`docker build` 20.10 with DOCKER_BUILDKIT=1 and =0, `podman build` 4.3), verbatim. */
const OUTPUTS: Record<string, string> = {
  'run.buildkit': `#1 [internal] load build definition from run.Dockerfile
#1 sha256:9788790a2a41deb2a78d37f958b27574fc03672d1ce2336a8bf7d7d8f8795ab8
#1 transferring dockerfile: 257B done
#1 DONE 0.0s

#2 [internal] load .dockerignore
#2 sha256:77b208e427ad95f853f7424cdeefc8aaa755de33f573a4745ef0ec2ece9a29f2
#2 transferring context: 2B done
#2 DONE 0.0s

#3 [internal] load metadata for docker.io/local/busybox:1
#3 sha256:082798addb296dae48645bdd419a1755afe99488bc1b900981c60018c7fd5d45
#3 DONE 0.0s

#4 [base 1/2] FROM docker.io/local/busybox:1
#4 sha256:01e1341586a17b4d557fd8dbbd34d9ff54e769d882dc7bd62427c4ab92a80473
#4 DONE 0.0s

#6 [internal] load build context
#6 sha256:3b90775a3db8d2ce53281765bba91a4bdefdfa3b8a55c9db25bf051e08e0ed92
#6 transferring context: 42B done
#6 DONE 0.0s

#5 [base 2/2] RUN echo first > /a.txt
#5 sha256:f10214dcb43a7ae0d32d63f2170df07a070ab51ef1bc3ea29badd184ae263451
#5 DONE 0.1s

#7 [build 1/2] COPY hello.txt /hello.txt
#7 sha256:c8917c76459d251c7aa05cbdbec26d5a4a20f1cc6f1af9d86ebbec72b14b2640
#7 DONE 0.0s

#8 [build 2/2] RUN echo building &&     ls /nonexistent &&     echo never
#8 sha256:47ef408bde68974345abe727135210c9516d2ff890531498a38dd5191bee7b39
#8 0.046 building
#8 0.046 ls: /nonexistent: No such file or directory
#8 ERROR: executor failed running [/bin/sh -c echo building &&     ls /nonexistent &&     echo never]: exit code: 1
------
 > [build 2/2] RUN echo building &&     ls /nonexistent &&     echo never:
------
executor failed running [/bin/sh -c echo building &&     ls /nonexistent &&     echo never]: exit code: 1
`,
  'run.legacy': `Sending build context to Docker daemon  7.168kB

Step 1/6 : FROM local/busybox:1 AS base
 ---> 7e7dc4b901cb
Step 2/6 : RUN echo first > /a.txt
 ---> Running in 90e88da6f2f5
Removing intermediate container 90e88da6f2f5
 ---> c04feeb860a0
Step 3/6 : FROM base AS build
 ---> c04feeb860a0
Step 4/6 : COPY hello.txt /hello.txt
 ---> 6f6b0dd45dd7
Step 5/6 : RUN echo building &&     ls /nonexistent &&     echo never
 ---> Running in 3cd9a9860f9e
building
\x1b[91mls: /nonexistent: No such file or directory
\x1b[0mThe command '/bin/sh -c echo building &&     ls /nonexistent &&     echo never' returned a non-zero code: 1
`,
  'run.podman': `[1/2] STEP 1/2: FROM localhost/local/busybox:1 AS base
[1/2] STEP 2/2: RUN echo first > /a.txt
--> 053838a1815
[2/2] STEP 1/4: FROM 053838a1815a2d258474742b454f716b1ae07d09c06876f92c7e644a9a3a6525 AS build
[2/2] STEP 2/4: COPY hello.txt /hello.txt
--> 886b8254cdd
[2/2] STEP 3/4: RUN echo building &&     ls /nonexistent &&     echo never
building
ls: /nonexistent: No such file or directory
subprocess exited with status 1
subprocess exited with status 1
Error: building at STEP "RUN echo building &&     ls /nonexistent &&     echo never": exit status 1
`,
  'copy.buildkit': `#1 [internal] load build definition from copy.Dockerfile
#1 sha256:2fd98a27c6f979244901d7495ef1019bfd76fb7c87f874cff80e82c684963ea6
#1 transferring dockerfile: 112B done
#1 DONE 0.0s

#2 [internal] load .dockerignore
#2 sha256:538bb274b7c4c4c50293820f5b639d944fdb5c7d3b907966e8784298cef2d8e2
#2 transferring context: 2B done
#2 DONE 0.0s

#3 [internal] load build context
#3 sha256:2058b7690a96aaef43a21d125466040bdd864967d594548ab2f8de35d40fea45
#3 transferring context: 30B done
#3 DONE 0.0s

#4 [1/2] COPY hello.txt /
#4 sha256:1e9027673b6438df607e4763cebe28f8084427f257487fff7ed08ca6a4872979
#4 CACHED

#5 [2/2] COPY missing.txt /missing.txt
#5 sha256:ba242deeb94acb081ba17679c3d24a5c1f7feb146e4a8841aa9b208523e60e92
#5 ERROR: "/missing.txt" not found: not found
------
 > [2/2] COPY missing.txt /missing.txt:
------
failed to compute cache key: "/missing.txt" not found: not found
`,
  'copy.legacy': `Sending build context to Docker daemon  7.168kB

Step 1/4 : FROM scratch
 ---> 
Step 2/4 : COPY hello.txt /
 ---> 218f31eaf8cb
Step 3/4 : COPY missing.txt /missing.txt
COPY failed: file not found in build context or excluded by .dockerignore: stat missing.txt: file does not exist
`,
  'copy.podman': `STEP 1/4: FROM scratch
STEP 2/4: COPY hello.txt /
--> b71e794d81b
STEP 3/4: COPY missing.txt /missing.txt
Error: building at STEP "COPY missing.txt /missing.txt": checking on sources under "/tmp/h5/ctx": copier: stat: "/missing.txt": no such file or directory
`,
  'syntax.buildkit': `#1 [internal] load build definition from syntax.Dockerfile
#1 sha256:8b502531738cd5cb0893888a494cb4a67fb2db6068c98f80875de4d4edff9abd
#1 transferring dockerfile: 82B done
#1 DONE 0.0s

#2 [internal] load .dockerignore
#2 sha256:95c88afe6d1140c8ca521689f3b62f489d81911dd677f8731ccfd03d94cbd771
#2 transferring context: 2B done
#2 DONE 0.0s
failed to solve with frontend dockerfile.v0: failed to create LLB definition: dockerfile parse error line 3: unknown instruction: FOO
`,
  'syntax.legacy': `Sending build context to Docker daemon  7.168kB

Error response from daemon: dockerfile parse error line 3: unknown instruction: FOO
`,
  'syntax.podman': `STEP 1/3: FROM scratch
STEP 2/3: COPY hello.txt /
--> Using cache b71e794d81b3e47a6dc8c5bacc789e451fd0e8a53bd40dbb49c3ffde102fcfbf
--> b71e794d81b
STEP 3/3: FOO bar
time="2026-11-28T17:11:47Z" level=error msg="+(UNHANDLED LOGLEVEL) &imagebuilder.Step{Env:[]string{\\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\\"}, Command:\\"foo\\", Args:[]string{\\"\\"}, Flags:[]string{}, Attrs:map[string]bool(nil), Message:\\"FOO \\", Original:\\"FOO bar\\"}"
Error: building at STEP "FOO ": Build error: Unknown instruction: "FOO" &imagebuilder.Step{Env:[]string{"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}, Command:"foo", Args:[]string{""}, Flags:[]string{}, Attrs:map[string]bool(nil), Message:"FOO ", Original:"FOO bar"}
`,
  'exit.buildkit': `#1 [internal] load build definition from exit.Dockerfile
#1 sha256:1ac853265d42644c37214a799980743d2fe1621aedfe4203e121c9b0caf90c2d
#1 transferring dockerfile: 82B done
#1 DONE 0.0s

#2 [internal] load .dockerignore
#2 sha256:d132060c2666b6a93dd86d25fbc77319cab88bf1b2c8bc07f81647447a287049
#2 transferring context: 2B done
#2 DONE 0.0s

#3 [internal] load metadata for docker.io/local/busybox:1
#3 sha256:082798addb296dae48645bdd419a1755afe99488bc1b900981c60018c7fd5d45
#3 DONE 0.0s

#4 [1/2] FROM docker.io/local/busybox:1
#4 sha256:01e1341586a17b4d557fd8dbbd34d9ff54e769d882dc7bd62427c4ab92a80473
#4 CACHED

#5 [2/2] RUN exit 3
#5 sha256:8b6e41b5e029c7001739835f40ef052ea5404ac5b3fce399a525d0d1ccc40275
#5 ERROR: executor failed running [/bin/sh -c exit 3]: exit code: 3
------
 > [2/2] RUN exit 3:
------
executor failed running [/bin/sh -c exit 3]: exit code: 3
`,
  'exit.legacy': `Sending build context to Docker daemon  7.168kB

Step 1/3 : ARG X=1
Step 2/3 : FROM local/busybox:1
 ---> 7e7dc4b901cb
Step 3/3 : RUN exit 3
 ---> Running in a0215ccbc04d
The command '/bin/sh -c exit 3' returned a non-zero code: 3
`,
  'exit.podman': `STEP 1/2: FROM localhost/local/busybox:1
STEP 2/2: RUN exit 3
subprocess exited with status 3
subprocess exited with status 3
Error: building at STEP "RUN exit 3": exit status 3
`,
  'vars.buildkit': `#1 [internal] load build definition from vars.docker.Dockerfile
#1 sha256:358a1d2f050d3dda3ea52f20b68a7f5f0dba9b3df4cabe2e35a86c49d2b81cce
#1 transferring dockerfile: 233B done
#1 DONE 0.0s

#2 [internal] load .dockerignore
#2 sha256:51f762d0093726446e941b80e1d0e7f0f67acadc9418cefc6024b7f58e6c3e0c
#2 transferring context: 2B done
#2 DONE 0.0s

#3 [internal] load metadata for docker.io/local/busybox:1
#3 sha256:082798addb296dae48645bdd419a1755afe99488bc1b900981c60018c7fd5d45
#3 DONE 0.0s

#4 [stage-1 1/4] FROM docker.io/local/busybox:1
#4 sha256:01e1341586a17b4d557fd8dbbd34d9ff54e769d882dc7bd62427c4ab92a80473
#4 CACHED

#5 [stage-1 2/4] RUN echo hi > /g.txt
#5 sha256:95e611fcd09c8e11a35c8b50f82983b9a300908eb4a718995c5dd23e190a3079
#5 DONE 0.1s

#6 [stage-1 3/4] RUN echo hi && exit 4
#6 sha256:ab2c7b7aa8231e22ee9af278e7379936c80d52a5d601c63aff1a9a68dd67672e
#6 0.057 hi
#6 ERROR: executor failed running [/bin/sh -c echo \${GREETING} && exit 4]: exit code: 4
------
 > [stage-1 3/4] RUN echo hi && exit 4:
------
executor failed running [/bin/sh -c echo \${GREETING} && exit 4]: exit code: 4
`,
  'vars.legacy': `Sending build context to Docker daemon  13.31kB

Step 1/8 : ARG GREETING=hi
Step 2/8 : FROM local/busybox:1
 ---> 7e7dc4b901cb
Step 3/8 : RUN echo start > /s.txt
 ---> Running in ca1d19af9de3
Removing intermediate container ca1d19af9de3
 ---> 196e98ebaaa9
Step 4/8 : FROM local/busybox:1
 ---> 7e7dc4b901cb
Step 5/8 : ARG GREETING
 ---> Running in e778c86e9cca
Removing intermediate container e778c86e9cca
 ---> d2edb66ca58f
Step 6/8 : RUN echo $GREETING > /g.txt
 ---> Running in 30115143e597
Removing intermediate container 30115143e597
 ---> ec307882e214
Step 7/8 : RUN echo \${GREETING} && exit 4
 ---> Running in b9228bb5584c
hi
The command '/bin/sh -c echo \${GREETING} && exit 4' returned a non-zero code: 4
`,
  'ok.buildkit': `#1 [internal] load build definition from ok.Dockerfile
#1 sha256:a08cab7522d9d4a57faa144f31b04a3d1fe9c87e568eb66e5d7c2808a7b53b89
#1 transferring dockerfile: 100B done
#1 DONE 0.0s

#2 [internal] load .dockerignore
#2 sha256:731ea7261739c2726e3658ba02b621e13b5aa5f7341520b6f423b949152937a9
#2 transferring context: 2B done
#2 DONE 0.0s

#3 [internal] load metadata for docker.io/local/busybox:1
#3 sha256:082798addb296dae48645bdd419a1755afe99488bc1b900981c60018c7fd5d45
#3 DONE 0.0s

#4 [1/3] FROM docker.io/local/busybox:1
#4 sha256:01e1341586a17b4d557fd8dbbd34d9ff54e769d882dc7bd62427c4ab92a80473
#4 CACHED

#5 [internal] load build context
#5 sha256:04eb7aec142354ac79aee33b816104617b684fb5012a4babfa95c7ef2c0e6be1
#5 transferring context: 30B done
#5 DONE 0.0s

#6 [2/3] COPY hello.txt /
#6 sha256:85221b890d4fa8eaf5384c08c7041dc22bcbdedbb5dcfaa27fdc56f0c5738be6
#6 DONE 0.0s

#7 [3/3] RUN echo ok > /ok.txt
#7 sha256:bff25fe94c0aae088e2adcacb3326ddbbd4717622bcabb1473a71e311a0efcb7
#7 DONE 0.1s

#8 exporting to image
#8 sha256:e8c613e07b0b7ff33893b694f7759a10d42e180f2b4dc349fb57dc6b71dcab00
#8 exporting layers done
#8 writing image sha256:c4e8988b67e23818dd95f0cc908fb07a8d27776239104e5657a6dcdb2df7d547 done
#8 naming to docker.io/h5test/ok:1 done
#8 DONE 0.0s
`,
  'ok.legacy': `Sending build context to Docker daemon  7.168kB

Step 1/3 : FROM local/busybox:1
 ---> 7e7dc4b901cb
Step 2/3 : COPY hello.txt /
 ---> c620913bf1d5
Step 3/3 : RUN echo ok > /ok.txt
 ---> Running in 505f423e2ab5
Removing intermediate container 505f423e2ab5
 ---> c0e8fd049b17
Successfully built c0e8fd049b17
Successfully tagged h5test/ok:legacy
`,
  'ok.podman': `STEP 1/3: FROM localhost/local/busybox:1
STEP 2/3: COPY hello.txt /
--> 6359693fe99
STEP 3/3: RUN echo ok > /ok.txt
COMMIT h5test/ok:pm
--> 92bdb71051d
Successfully tagged localhost/h5test/ok:pm
92bdb71051d510cc6b597442a914b943e2a7d3f5bd088eed37e30e4d73888050
`,
};
