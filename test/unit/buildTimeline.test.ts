/**
 * Build progress → timeline (client/src/buildTimeline.ts), on real outputs. Captured from a private dockerd 20.10
 * (`/usr/bin/docker build`; BuildKit with `DOCKER_BUILDKIT=1 --network=none --progress=plain`, its `#N sha256:…`
 * digest lines left out here; the legacy builder with `DOCKER_BUILDKIT=0`) building DOCKERFILE with
 * `--build-arg V=7` three times: first, unchanged, and after `a.txt` changed; and buildah 1.28 (`buildah bud
 * --layers --isolation=chroot`, vfs storage) twice. The legacy builder and buildah print no times: the lines
 * are fed here with the arrival times a build would have. No CLI here has `--progress=rawjson` (the 20.10
 * CLI refuses it: `invalid value "rawjson" passed to --progress, valid values are: auto, plain, tty`), so its
 * sample is written as moby/buildkit prints it: one JSON `client.SolveStatus` a line (`rawJSONDisplay.update`,
 * util/progress/progressui/display.go at 0070379ba808007d6ac1052e0fa1cfde35a52bd0), with the fields and JSON
 * names of `client.Vertex` / `client.VertexLog` (client/graph.go at 09f4a31201005e475a2447184603b3a252c1640f):
 * `digest`, `inputs`, `name`, `started`, `completed`, `cached`, `error`; logs `vertex`, `stream`, `data` (base64), `timestamp`.
 */
import { strict as assert } from 'node:assert';
import { BuildTimelineParser, RawJsonRenderer, supportsRawJson } from '../../client/src/buildTimeline';
import { analyze } from '../../server/src/model/document';
import { outline } from '../../server/src/model/outline';
import { TimelineStore, formatSeconds, invalidationTitle } from '../../server/src/layers/timeline';
import type { Outline, TimelineStep } from '../../server/src/protocol';

const outlineOf = (text: string): Outline => outline(analyze('file:///x/Dockerfile', 1, text));

const DOCKERFILE = 'FROM local/busybox:1\nARG V=1\nRUN echo one $V && sleep 1\nCOPY a.txt /a.txt\nRUN echo two\nWORKDIR /w\nENV X=1\nRUN cat /a.txt\n';

/** Feeds the output line by line, `ms` apart (the arrival times the legacy builder's and buildah's timings come from). */
function read(output: string, exitCode = 0, dockerfile = DOCKERFILE, ms = 100): { steps: TimelineStep[]; format: string | undefined } {
  const p = new BuildTimelineParser(() => 0);
  output.split('\n').forEach((line, i) => p.push(line, i * ms));
  return { steps: p.timeline(exitCode, outlineOf(dockerfile)), format: p.format };
}
/** `line(1-based):status seconds`. */
const brief = (steps: TimelineStep[]) => steps.map((s) => `${s.line + 1}:${s.status}${s.seconds !== undefined ? ` ${s.seconds}` : ''}`);

describe('build progress → timeline', () => {
  it('BuildKit plain: each vertex on its line (variables expanded in its name), DONE time or CACHED', () => {
    const first = read(OUTPUTS['buildkit.first']);
    assert.equal(first.format, 'plain');
    assert.deepEqual(brief(first.steps), ['1:cached', '3:ran 1.2', '4:ran 0.3', '5:ran 0.4', '6:ran 0.1', '8:ran 0.4']);
    // in the order BuildKit printed them (cached vertices come as they are found)
    assert.deepEqual(brief(read(OUTPUTS['buildkit.unchanged']).steps), ['1:ran 0', '5:cached', '4:cached', '3:cached', '6:cached', '8:cached']);
    // a.txt changed: the RUN before the COPY stays cached, the COPY and everything after it ran
    assert.deepEqual(brief(read(OUTPUTS['buildkit.touched']).steps), ['1:ran 0', '3:cached', '4:ran 0.1', '5:ran 0.5', '6:ran 0.1', '8:ran 0.3']);
  });

  it('BuildKit plain, two stages: stage names and stage-N, a failed step', () => {
    const text = 'FROM local/busybox:1 AS build\nRUN echo built > /out\nFROM local/busybox:1\nCOPY --from=build /out /out\nRUN cat /out && exit 3\n';
    // the second FROM shares the first one's vertex (the same image): BuildKit prints it once, as build's
    assert.deepEqual(brief(read(OUTPUTS['buildkit.stages'], 1, text).steps), ['1:cached', '2:ran 0.2', '4:ran 0', '5:failed']);
  });

  it('the legacy builder: Using cache, else the time between the step line and its image id as the lines arrived', () => {
    const first = read(OUTPUTS['legacy.first']);
    assert.equal(first.format, 'legacy');
    // line k of the output arrives at k × 100 ms: `Step 3/8` is output line 6, its ` ---> ba0acf174bcc` line 10
    assert.deepEqual(brief(first.steps), ['1:ran 0.1', '2:cached', '3:ran 0.4', '4:ran 0.1', '5:ran 0.4', '6:ran 0.3', '7:ran 0.3', '8:ran 0.4']);
    assert.deepEqual(brief(read(OUTPUTS['legacy.unchanged']).steps), ['1:ran 0.1', '2:cached', '3:cached', '4:cached', '5:cached', '6:cached', '7:cached', '8:cached']);
  });

  it('buildah: STEP lines, --> Using cache, timed by arrival', () => {
    const text = 'FROM scratch\nCOPY a.txt /a.txt\nCOPY b.txt /b.txt\n';
    const first = read(OUTPUTS['buildah.first'], 0, text, 1000);
    assert.equal(first.format, 'podman');
    assert.deepEqual(brief(first.steps), ['1:ran 1', '2:ran 1', '3:ran 2']);
    assert.deepEqual(brief(read(OUTPUTS['buildah.unchanged'], 0, text, 1000).steps), ['1:ran 1', '2:cached', '3:cached']);
  });

  it('a step still running when the build fails is failed', () => {
    const output = 'Step 1/2 : FROM local/busybox:1\n ---> 36914366f5f3\nStep 2/2 : RUN exit 3\n ---> Running in 1bb7af2eb63f\nThe command \'/bin/sh -c exit 3\' returned a non-zero code: 3';
    assert.deepEqual(brief(read(output, 3, 'FROM local/busybox:1\nRUN exit 3\n').steps), ['1:ran 0.1', '2:failed']);
  });

  it('BuildKit rawjson: started/completed times, cached, error, and shown in the terminal as plain progress', () => {
    const text = 'FROM alpine:3.20 AS deps\nRUN apk add --no-cache curl\nFROM deps\nCOPY . /src\nRUN make -C /src\n';
    const p = new BuildTimelineParser(() => 0);
    for (const line of RAWJSON) p.push(line);
    assert.equal(p.format, 'rawjson');
    assert.deepEqual(brief(p.timeline(1, outlineOf(text))), ['1:ran 0.52', '2:cached', '4:ran 0.25', '5:failed 3.5']);
    const r = new RawJsonRenderer();
    assert.deepEqual(RAWJSON.map((l) => r.render(l)).join('').split('\n'), [
      '#1 [internal] load build definition from Dockerfile',
      '#2 [deps 1/2] FROM docker.io/library/alpine:3.20@sha256:beefdbd8a1da6d2915566fde36db9db0b524eb737fc57cd1367effd16dc0d06d',
      '#3 [deps 2/2] RUN apk add --no-cache curl',
      '#1 DONE 0.0s',
      '#2 DONE 0.5s',
      '#3 CACHED',
      '#4 [stage-1 2/3] COPY . /src',
      '#4 DONE 0.3s',
      '#5 [stage-1 3/3] RUN make -C /src',
      '#5 make: *** No targets specified and no makefile found.  Stop.',
      '#5 ERROR: process "/bin/sh -c make -C /src" did not complete successfully: exit code: 2',
      'WARNING: not JSON',
      '',
    ]);
  });

  it('knows which CLIs take --progress=rawjson from their build help', () => {
    // Debian's docker 20.10 with BuildKit on (captured), and buildx (docker/buildx commands/build.go, wrapped by the CLI's help)
    assert.equal(supportsRawJson('      --progress string         Set type of progress output (auto, plain,\n                                tty). Use plain to show container output\n      --pull                    Always attempt to pull a newer version of the image'), false);
    assert.equal(supportsRawJson('      --progress string               Set type of progress output ("auto", "plain",\n                                      "tty", "rawjson"). Use plain to show\n                                      container output (default "auto")\n      --provenance string'), true);
    assert.equal(supportsRawJson('      --pull   Always attempt to pull\n      --quiet  rawjson'), false);
    assert.equal(supportsRawJson(''), false);
  });

  it('never throws on junk, and bounds what it keeps', () => {
    const p = new BuildTimelineParser(() => 0);
    for (const junk of ['{', '{"vertexes":5}', '{"vertexes":[null,{"digest":1},{"digest":"x","name":7}]}', 'null', '[1]', '#1', '#x [1/2] RUN', 'Step 1/1 :', '--> Using cache', '\u0000'.repeat(1000)]) p.push(junk);
    for (let i = 0; i < 20_000; i++) p.push(`#${i} [${i % 9 + 1}/9] RUN echo ${i}`);
    assert.ok(p.timeline(0, outlineOf(DOCKERFILE)).length <= 8);
  });
});

const b64 = (s: string) => Buffer.from(s).toString('base64');
const RAWJSON = [
  '{"vertexes":[{"digest":"sha256:c1aa","name":"[internal] load build definition from Dockerfile","started":"2024-05-01T12:00:00.100000000Z"}]}',
  '{"vertexes":[{"digest":"sha256:f0f0","name":"[deps 1/2] FROM docker.io/library/alpine:3.20@sha256:beefdbd8a1da6d2915566fde36db9db0b524eb737fc57cd1367effd16dc0d06d","started":"2024-05-01T12:00:00.200000000Z"},{"digest":"sha256:a1a1","inputs":["sha256:f0f0"],"name":"[deps 2/2] RUN apk add --no-cache curl"}]}',
  '{"vertexes":[{"digest":"sha256:c1aa","name":"[internal] load build definition from Dockerfile","started":"2024-05-01T12:00:00.100000000Z","completed":"2024-05-01T12:00:00.130000000Z"}],"statuses":[{"id":"transferring dockerfile:","vertex":"sha256:c1aa","current":120,"timestamp":"2024-05-01T12:00:00.120000000Z","started":"2024-05-01T12:00:00.110000000Z"}]}',
  '{"vertexes":[{"digest":"sha256:f0f0","name":"[deps 1/2] FROM docker.io/library/alpine:3.20@sha256:beefdbd8a1da6d2915566fde36db9db0b524eb737fc57cd1367effd16dc0d06d","started":"2024-05-01T12:00:00.200000000Z","completed":"2024-05-01T12:00:00.720000000Z"}]}',
  '{"vertexes":[{"digest":"sha256:a1a1","inputs":["sha256:f0f0"],"name":"[deps 2/2] RUN apk add --no-cache curl","started":"2024-05-01T12:00:00.730000000Z","completed":"2024-05-01T12:00:00.730000000Z","cached":true}]}',
  '{"vertexes":[{"digest":"sha256:b2b2","inputs":["sha256:a1a1","sha256:c0c0"],"name":"[stage-1 2/3] COPY . /src","started":"2024-05-01T12:00:00.740000000Z","completed":"2024-05-01T12:00:00.990000000Z"}]}',
  '{"vertexes":[{"digest":"sha256:b3b3","inputs":["sha256:b2b2"],"name":"[stage-1 3/3] RUN make -C /src","started":"2024-05-01T12:00:01.000000000Z"}]}',
  `{"logs":[{"vertex":"sha256:b3b3","stream":2,"data":"${b64('make: *** No targets specified and no makefile found.  Stop.\n')}","timestamp":"2024-05-01T12:00:04.400000000Z"}]}`,
  '{"vertexes":[{"digest":"sha256:b3b3","inputs":["sha256:b2b2"],"name":"[stage-1 3/3] RUN make -C /src","started":"2024-05-01T12:00:01.000000000Z","completed":"2024-05-01T12:00:04.500000000Z","error":"process \\"/bin/sh -c make -C /src\\" did not complete successfully: exit code: 2"}]}',
  'WARNING: not JSON',
];

const OUTPUTS: Record<string, string> = {
  'buildkit.first': `#1 [internal] load build definition from Dockerfile
#1 transferring dockerfile: 158B done
#1 DONE 0.0s

#2 [internal] load .dockerignore
#2 transferring context: 2B done
#2 DONE 0.0s

#3 [internal] load metadata for docker.io/local/busybox:1
#3 DONE 0.0s

#4 [1/6] FROM docker.io/local/busybox:1
#4 CACHED

#6 [internal] load build context
#6 transferring context: 58B done
#6 DONE 0.0s

#5 [2/6] RUN echo one 7 && sleep 1
#5 0.113 one 7
#5 DONE 1.2s

#7 [3/6] COPY a.txt /a.txt
#7 DONE 0.3s

#8 [4/6] RUN echo two
#8 0.238 two
#8 DONE 0.4s

#9 [5/6] WORKDIR /w
#9 DONE 0.1s

#10 [6/6] RUN cat /a.txt
#10 0.295 first 1796601654160802679
#10 DONE 0.4s

#11 exporting to image
#11 exporting layers
#11 exporting layers 0.1s done
#11 writing image sha256:2f7e12b0d65e3a629f5d8a7bc0764a64dbc39a72475438f8637055d9e90fbb79 done
#11 naming to docker.io/library/t1 done
#11 DONE 0.1s
`,
  'buildkit.unchanged': `#2 [internal] load .dockerignore
#2 transferring context: 2B done
#2 DONE 0.0s

#1 [internal] load build definition from Dockerfile
#1 transferring dockerfile: 31B done
#1 DONE 0.1s

#3 [internal] load metadata for docker.io/local/busybox:1
#3 DONE 0.0s

#4 [1/6] FROM docker.io/local/busybox:1
#4 DONE 0.0s

#6 [internal] load build context
#6 transferring context: 26B done
#6 DONE 0.0s

#8 [4/6] RUN echo two
#8 CACHED

#7 [3/6] COPY a.txt /a.txt
#7 CACHED

#5 [2/6] RUN echo one 7 && sleep 1
#5 CACHED

#9 [5/6] WORKDIR /w
#9 CACHED

#10 [6/6] RUN cat /a.txt
#10 CACHED

#11 exporting to image
#11 exporting layers done
#11 writing image sha256:2f7e12b0d65e3a629f5d8a7bc0764a64dbc39a72475438f8637055d9e90fbb79 done
#11 naming to docker.io/library/t1 done
#11 DONE 0.0s
`,
  'buildkit.touched': `#1 [internal] load build definition from Dockerfile
#1 transferring dockerfile: 31B 0.0s done
#1 DONE 0.0s

#2 [internal] load .dockerignore
#2 transferring context: 2B done
#2 DONE 0.0s

#3 [internal] load metadata for docker.io/local/busybox:1
#3 DONE 0.0s

#4 [1/6] FROM docker.io/local/busybox:1
#4 DONE 0.0s

#6 [internal] load build context
#6 transferring context: 40B done
#6 DONE 0.0s

#5 [2/6] RUN echo one 7 && sleep 1
#5 CACHED

#7 [3/6] COPY a.txt /a.txt
#7 DONE 0.1s

#8 [4/6] RUN echo two
#8 0.375 two
#8 DONE 0.5s

#9 [5/6] WORKDIR /w
#9 DONE 0.1s

#10 [6/6] RUN cat /a.txt
#10 0.274 touched
#10 DONE 0.3s

#11 exporting to image
#11 exporting layers 0.1s done
#11 writing image sha256:40f6fa90d248af9384b840388e7b62265933bc1a0c1a5cf1cca8abc3bd367d81 done
#11 naming to docker.io/library/t1 done
#11 DONE 0.1s
`,
  'buildkit.stages': `#1 [internal] load build definition from Dockerfile
#1 transferring dockerfile: 161B done
#1 DONE 0.0s

#2 [internal] load .dockerignore
#2 transferring context: 2B done
#2 DONE 0.1s

#3 [internal] load metadata for docker.io/local/busybox:1
#3 DONE 0.0s

#4 [build 1/2] FROM docker.io/local/busybox:1
#4 CACHED

#5 [build 2/2] RUN echo built > /out
#5 DONE 0.2s

#6 [stage-1 2/3] COPY --from=build /out /out
#6 DONE 0.0s

#7 [stage-1 3/3] RUN cat /out && exit 3
#7 0.176 built
#7 ERROR: executor failed running [/bin/sh -c cat /out && exit 3]: exit code: 3
------
 > [stage-1 3/3] RUN cat /out && exit 3:
------
executor failed running [/bin/sh -c cat /out && exit 3]: exit code: 3
`,
  'legacy.first': `Sending build context to Docker daemon  3.072kB

Step 1/8 : FROM local/busybox:1
 ---> 36914366f5f3
Step 2/8 : ARG V=1
 ---> Using cache
 ---> 767d9fe67ed3
Step 3/8 : RUN echo one $V && sleep 1
 ---> Running in bb87efae8e21
one 7
Removing intermediate container bb87efae8e21
 ---> ba0acf174bcc
Step 4/8 : COPY a.txt /a.txt
 ---> 8c715fe3ca09
Step 5/8 : RUN echo two
 ---> Running in 02944639eb14
two
Removing intermediate container 02944639eb14
 ---> b812e0b2ccb8
Step 6/8 : WORKDIR /w
 ---> Running in 8b8762945a76
Removing intermediate container 8b8762945a76
 ---> faccbf05f4e6
Step 7/8 : ENV X=1
 ---> Running in 02fcf94ec724
Removing intermediate container 02fcf94ec724
 ---> b4d1689b4ca2
Step 8/8 : RUN cat /a.txt
 ---> Running in 985a2f107184
touched
Removing intermediate container 985a2f107184
 ---> 97200aba6cc4
Successfully built 97200aba6cc4
Successfully tagged t2:latest
`,
  'legacy.unchanged': `Sending build context to Docker daemon  3.072kB

Step 1/8 : FROM local/busybox:1
 ---> 36914366f5f3
Step 2/8 : ARG V=1
 ---> Using cache
 ---> 767d9fe67ed3
Step 3/8 : RUN echo one $V && sleep 1
 ---> Using cache
 ---> ba0acf174bcc
Step 4/8 : COPY a.txt /a.txt
 ---> Using cache
 ---> 8c715fe3ca09
Step 5/8 : RUN echo two
 ---> Using cache
 ---> b812e0b2ccb8
Step 6/8 : WORKDIR /w
 ---> Using cache
 ---> faccbf05f4e6
Step 7/8 : ENV X=1
 ---> Using cache
 ---> b4d1689b4ca2
Step 8/8 : RUN cat /a.txt
 ---> Using cache
 ---> 97200aba6cc4
Successfully built 97200aba6cc4
Successfully tagged t2:latest
`,
  'buildah.first': `STEP 1/3: FROM scratch
STEP 2/3: COPY a.txt /a.txt
--> 62c57bf9fe6
STEP 3/3: COPY b.txt /b.txt
COMMIT bh1
--> 2ee50e702ab
Successfully tagged localhost/bh1:latest
2ee50e702ab330154a8aab9398319233aba137d13e47ebf22ec80827d3703c64
`,
  'buildah.unchanged': `STEP 1/3: FROM scratch
STEP 2/3: COPY a.txt /a.txt
--> Using cache 62c57bf9fe6e4e645eb2f53530f9905572b1b74beb89a1827981a111d56ea216
--> 62c57bf9fe6
STEP 3/3: COPY b.txt /b.txt
--> Using cache 2ee50e702ab330154a8aab9398319233aba137d13e47ebf22ec80827d3703c64
COMMIT bh1
--> 2ee50e702ab
Successfully tagged localhost/bh1:latest
2ee50e702ab330154a8aab9398319233aba137d13e47ebf22ec80827d3703c64
`,
};

describe('timeline store: the first cache miss and why (server/src/layers/timeline.ts)', () => {
  const uri = 'file:///x/Dockerfile';
  const text = 'FROM local/busybox:1 AS build\nRUN make\nFROM local/busybox:1\nWORKDIR /app\nCOPY --from=build /out /app\nRUN ./app --check\n';
  const doc = analyze(uri, 1, text);
  const steps = (build: Record<number, TimelineStep['status']>): TimelineStep[] => Object.entries(build).map(([line, status]) => ({ line: Number(line), status, ...(status === 'cached' ? {} : { seconds: Number(line) + 0.5 }) }));
  const marks = (store: TimelineStore) => [...store.view(doc)!.byLine.values()].filter((s) => s.invalidated).map((s) => `${s.line + 1}: ${invalidationTitle(s, 'en')}`);

  it('marks nothing on a first build where nothing was cached, and the miss after a cached step when there is one', () => {
    const store = new TimelineStore();
    store.set(doc, { uri, builder: 'buildkit', source: 'plain', steps: steps({ 0: 'ran', 1: 'ran', 3: 'ran', 4: 'ran', 5: 'ran' }) });
    assert.deepEqual(marks(store), []);
    const other = new TimelineStore();
    other.set(doc, { uri, builder: 'buildkit', source: 'plain', steps: steps({ 0: 'ran', 1: 'cached', 3: 'cached', 4: 'ran', 5: 'ran' }) });
    // the COPY --from reads a stage whose steps were all cached: nothing known changed
    assert.deepEqual(marks(other), ['5: ⚠ cache invalidated here: not in the build cache']);
  });

  it('a COPY --from a stage that ran again: stage rebuilt; the slowest steps in order', () => {
    const store = new TimelineStore();
    store.set(doc, { uri, builder: 'buildkit', source: 'plain', steps: steps({ 0: 'ran', 1: 'ran', 3: 'ran', 4: 'ran', 5: 'ran' }) });
    store.set(doc, { uri, builder: 'buildkit', source: 'plain', steps: steps({ 0: 'ran', 1: 'ran', 3: 'cached', 4: 'ran', 5: 'ran' }) });
    assert.deepEqual(marks(store), ['2: ⚠ cache invalidated here: not in the build cache', '5: ⚠ cache invalidated here: stage build rebuilt']);
    // a FROM counts too (pulling a base image can be the slowest step)
    assert.deepEqual(store.view(doc)!.slowest.map((s) => s.line + 1), [6, 5, 2, 1]);
    // an edit drops the view, like the measured sizes
    assert.equal(store.view(analyze(uri, 2, text + '# x\n')), undefined);
    assert.equal(formatSeconds(125, 'en'), '2 min 5 s');
    assert.equal(formatSeconds(1.84, 'ko'), '1.8초');
  });
});
