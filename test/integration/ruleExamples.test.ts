/**
 * Every rule's documented examples build, apart from the fault they demonstrate:
 * each `docs.fixed`, and each `docs.example` of a rule that is not an error, is
 * fed (with its `docs.context` files) to the real engine (Debian's Docker 20.10,
 * private dockerd): its BuildKit frontend (`--network=none`) and its legacy
 * builder, which reads the whole file with the same instruction parser before it
 * runs the first step. Iterates over RULES, so rules added later are covered too.
 *
 * Nothing can be pulled here, so a build is classified by where it stops:
 * - it builds (FROM scratch), or fails after the Dockerfile was read: resolving a
 *   FROM image ("failed to do request", "pull access denied"), a missing context
 *   file ("failed to compute cache key"), a RUN on an image without that program.
 *   The file parsed and BuildKit accepted every instruction and flag: good;
 * - it fails while the builder reads it (BuildKit: "failed to create LLB
 *   definition: …" other than an image lookup; the legacy builder: "dockerfile
 *   parse error …": "Unknown flag", "unknown instruction", a bad mount key, …):
 *   the example is broken — unless the flag or
 *   mount key needs a newer Dockerfile frontend than Docker 20.10's built-in one
 *   (docker/dockerfile 1.2), as the instruction table says (`since`, or
 *   "(Dockerfile 1.N+)" in a mount option's doc), or the failure is the fault
 *   the example demonstrates (DEMONSTRATED below, with BuildKit's message).
 * A `# syntax=` directive is removed first: the frontend image cannot be pulled
 * either, and the built-in frontend must read the file.
 * Context files are written with distinct modification times: BuildKit's file
 * sync skips a file whose size and mtime match what it sent last time.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { INSTRUCTION_DOCS, instructionDoc } from '../../server/src/docs/instructions';
import { analyze } from '../../server/src/model/document';
import { RULES } from '../../server/src/rules/registry';
import { dockerBuild, needDocker, startDockerd, type Dockerd } from '../helpers/docker';

/** The Dockerfile frontend built into Docker 20.10's BuildKit. */
const ENGINE_FRONTEND = { major: 1, minor: 2 };

/** Examples whose demonstrated fault BuildKit itself rejects while reading the file (rule id → BuildKit's message). */
const DEMONSTRATED: Record<string, RegExp> = {
  // `ARG TAG` without a default, `FROM busybox:${TAG}` → the reference `busybox:`
  InvalidDefaultArgInFrom: /failed to parse stage name "busybox:": invalid reference format/,
};

/** Stopped after the file was read: the image lookup. */
const RESOLVE = /failed to create LLB definition: (?:failed to do request|pull access denied)/;
const READ_FAILURE = { buildkit: /failed to create LLB definition: (.*)/, legacy: /Error response from daemon: (dockerfile parse error.*)/ };
const BUILDERS = ['buildkit', 'legacy'] as const;

function newerThanEngine(since: string | undefined): boolean {
  const m = since && /(\d+)\.(\d+)/.exec(since);
  return !!m && (Number(m[1]) > ENGINE_FRONTEND.major || (Number(m[1]) === ENGINE_FRONTEND.major && Number(m[2]) > ENGINE_FRONTEND.minor));
}

/** Whether BuildKit's complaint is about a flag or mount key the instruction table dates after the engine's frontend. */
function needsNewerFrontend(message: string, text: string): string | undefined {
  const flag = /Unknown flag: ([\w-]+)/.exec(message)?.[1];
  if (flag) {
    for (const ins of INSTRUCTION_DOCS) {
      const fd = ins.flags.find((f) => f.name === flag);
      if (fd && newerThanEngine(fd.since) && text.includes(`--${flag}`)) return `--${flag} (${fd.since})`;
    }
  }
  const key = /unexpected key '([\w-]+)'/.exec(message)?.[1];
  if (key) {
    for (const t of instructionDoc('RUN')!.flags.find((f) => f.name === 'mount')!.mountTypes ?? []) {
      const o = t.options.find((x) => x.key === key);
      const since = o && /\(Dockerfile (\d+\.\d+)\+\)/.exec(o.doc.en)?.[1];
      if (since && newerThanEngine(since)) return `--mount=type=${t.type},${key}= (Dockerfile ${since}+)`;
    }
  }
  return undefined;
}

/** The text without its `# syntax=` directive (the built-in frontend reads it then). */
function withoutSyntaxDirective(text: string): string {
  const d = analyze('file:///x/Dockerfile', 1, text).ast.directives.find((x) => x.name === 'syntax');
  return d ? text.slice(0, d.start) + '#' + text.slice(d.end) : text;
}

describe('integration: every rule\'s documented examples are accepted by Docker\'s builders (real engine)', function () {
  this.timeout(600000);
  let d: Dockerd | undefined;
  let dir: string;
  let mtime = Math.floor(Date.now() / 1000) - 100000;
  const outcomes: string[] = [];
  before(async function () {
    needDocker(this);
    d = await startDockerd();
    dir = mkdtempSync(join(tmpdir(), 'lens-examples-'));
  });
  after(async () => {
    await d?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
    if (outcomes.length) console.log(`      rule examples on Docker 20.10:\n${outcomes.map((o) => `        ${o}`).join('\n')}`);
  });

  const cases = RULES.flatMap((rule) =>
    BUILDERS.flatMap((builder) => [
      ...(rule.severity !== 'error' ? [{ rule, kind: 'example' as const, builder }] : []),
      { rule, kind: 'fixed' as const, builder },
    ]),
  );

  for (const { rule, kind, builder } of cases) {
    it(`${rule.id}: docs.${kind} (${builder})`, async () => {
      const text = withoutSyntaxDirective(rule.docs[kind]);
      const ctx = join(dir, `${rule.id}.${kind}.${builder}`);
      mkdirSync(ctx);
      const files: Record<string, string> = { ...(rule.docs.context ?? {}), Dockerfile: text };
      for (const [name, content] of Object.entries(files)) {
        const p = join(ctx, name);
        mkdirSync(dirname(p), { recursive: true });
        writeFileSync(p, content);
        utimesSync(p, ++mtime, mtime);
      }
      const r = await dockerBuild(d!, { dockerfile: join(ctx, 'Dockerfile'), context: ctx, tag: `lens-example/${rule.id.toLowerCase()}`, builder });
      const failure = READ_FAILURE[builder].exec(r.output)?.[1];
      let outcome: string;
      if (r.code === 0) outcome = 'builds';
      else if (!failure || RESOLVE.test(r.output)) outcome = 'accepted (stops at the image lookup or a later step)';
      else if (needsNewerFrontend(failure, text)) outcome = `needs a newer frontend: ${needsNewerFrontend(failure, text)}`;
      else if (kind === 'example' && DEMONSTRATED[rule.id]?.test(failure)) outcome = `fails with the demonstrated fault: ${failure}`;
      else assert.fail(`docs.${kind} of ${rule.id} is broken: the ${builder} builder says ${JSON.stringify(failure)}\n${text}`);
      outcomes.push(`${rule.id}.${kind} (${builder}): ${outcome}`);
    });
  }
});
