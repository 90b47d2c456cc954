/**
 * A build's timeline, read from its progress output as it streams: for each Dockerfile step, whether the
 * builder reused its cache, how long it took, and the instruction it belongs to. Pure: no VS Code API.
 * What each builder prints (checked on the real engine here, Docker 20.10; see test/unit/buildTimeline.test.ts):
 * - BuildKit, `--progress=plain`: a vertex per step, `#5 [2/3] RUN make` (the `[stage i/n]` naming of
 *   client/src/buildOutput.ts), then `#5 CACHED`, or `#5 DONE 1.8s` (the vertex's own time, as
 *   moby/buildkit's progressui prints `completed − started`), or `#5 ERROR: …` / `#5 CANCELED`.
 * - BuildKit, `--progress=rawjson` (buildx ≥ 0.12; the 20.10 CLI refuses it: `invalid value "rawjson" passed
 *   to --progress`): one JSON `client.SolveStatus` a line (moby/buildkit util/progress/progressui/display.go,
 *   `rawJSONDisplay.update` encodes each status), whose `vertexes` carry `digest`, `name`, `started`,
 *   `completed` (RFC 3339), `cached` and `error` (moby/buildkit client/graph.go `Vertex`).
 * - The legacy builder: `Step 3/8 : RUN make`, ` ---> Using cache` when cached, and ` ---> 98786195e6c9` when
 *   the step is done. It prints no time: a step's time is the wall-clock time between its `Step` line and
 *   its ` ---> <id>` line as they arrived (so it includes the daemon's commit of the layer).
 * - Podman/Buildah: `[1/2] STEP 2/4: RUN make`, `--> Using cache <id>`, `--> <id>`: timed the same way.
 * Steps are matched to instructions with the build-output matching (stage name or index, step text, else
 * its position); BuildKit names a FROM by the image it resolved (`FROM docker.io/library/alpine`), so a FROM is
 * matched by its stage.
 */
import type { Outline, TimelineParams, TimelineStep } from '../../server/src/protocol';
import { buildkitStep, findInstruction, stepsOf, type StepRef, type Steps } from './buildOutput';

const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;
const BUILDKIT_LINE = /^#(\d+) (.*)$/;
const BUILDKIT_DONE = /^DONE (\d+(?:\.\d+)?)s$/;
const LEGACY_STEP = /^Step (\d+)\/(\d+) : (.*)$/;
const PODMAN_STEP = /^(?:\[(\d+)\/(\d+)\] )?STEP (\d+)\/(\d+): (.*)$/;
const USING_CACHE = /^ ?-?--> Using cache\b/;
const STEP_DONE = /^ ?-?--> [0-9a-f]{11,64}$/;
const MAX_STEPS = 10_000;
const MAX_LINE = 100_000;

type Status = TimelineStep['status'];

interface Step {
  ref: StepRef;
  status: Status;
  seconds?: number;
  /** Order of first appearance. */
  order: number;
}

/** Feed it every line of the build's output (`push`, with the time it arrived), then `timeline(exitCode, outline)`. */
export class BuildTimelineParser {
  /** BuildKit plain: vertex number → step; rawjson: digest → step. */
  private readonly vertices = new Map<string, Step>();
  /** Legacy and Podman steps in order, the one running last. */
  private readonly sequential: Step[] = [];
  private running: { step: Step; since: number } | undefined;
  private source: TimelineParams['source'] | undefined;

  constructor(private readonly now: () => number = Date.now) {}

  /** One line of output; `at` is when it arrived (ms), for the builders that print no time. */
  push(raw: string, at = this.now()): void {
    const line = raw.replace(ANSI, '').slice(0, MAX_LINE).replace(/\r$/, '');
    if (line.startsWith('{') && this.rawJson(line)) return;
    const bk = BUILDKIT_LINE.exec(line);
    if (bk) return this.plainLine(bk[1], bk[2]);
    const legacy = LEGACY_STEP.exec(line);
    if (legacy) return this.start({ kind: 'legacy', index: Number(legacy[1]), total: Number(legacy[2]), text: legacy[3] }, at, 'legacy');
    const podman = PODMAN_STEP.exec(line);
    if (podman) {
      const stage = podman[1] === undefined ? undefined : Number(podman[1]);
      return this.start({ kind: 'podman', stage, index: Number(podman[3]), text: podman[5] }, at, 'podman');
    }
    if (!this.running) return;
    if (USING_CACHE.test(line)) this.running.step.status = 'cached';
    else if (STEP_DONE.test(line)) this.finishRunning(at);
  }

  /** What was read, by source; undefined when the output held no step. */
  get format(): TimelineParams['source'] | undefined {
    return this.source;
  }

  /**
   * The steps matched to the Dockerfile's instructions (one per instruction: its first line, 0-based), in the
   * order the builder started them. A step still running when the build ended failed when the build failed.
   */
  timeline(exitCode: number | null, dockerfile: Outline): TimelineStep[] {
    if (this.running) {
      const step = this.running.step;
      if (step.status === 'incomplete') step.status = exitCode === 0 ? 'ran' : 'failed';
      this.running = undefined;
    }
    const outline = stepsOf(dockerfile);
    const steps = [...this.vertices.values(), ...this.sequential].sort((a, b) => a.order - b.order);
    const out = new Map<number, TimelineStep>();
    for (const s of steps) {
      const ins = matchStep(outline, s.ref);
      if (!ins) continue;
      const line = ins.startLine - 1;
      const known = out.get(line);
      // BuildKit shares one vertex between identical steps; keep the slower account of a line
      if (known && (known.seconds ?? 0) >= (s.seconds ?? 0)) continue;
      out.set(line, { line, status: s.status, ...(s.seconds !== undefined ? { seconds: round(s.seconds) } : {}) });
    }
    return [...out.values()];
  }

  private add(map: Map<string, Step> | undefined, key: string, ref: StepRef): Step | undefined {
    if (this.vertices.size + this.sequential.length >= MAX_STEPS) return undefined;
    const step: Step = { ref, status: 'incomplete', order: this.vertices.size + this.sequential.length };
    if (map) map.set(key, step);
    else this.sequential.push(step);
    return step;
  }

  private plainLine(id: string, rest: string): void {
    const key = `#${id}`;
    const step = this.vertices.get(key);
    if (!step) {
      const ref = buildkitStep(rest);
      if (ref) {
        this.source ??= 'plain';
        this.add(this.vertices, key, ref);
      }
      return;
    }
    if (rest === 'CACHED') step.status = 'cached';
    else if (rest.startsWith('ERROR')) step.status = 'failed';
    else if (rest === 'CANCELED') step.status = step.status === 'incomplete' ? 'incomplete' : step.status;
    else {
      const done = BUILDKIT_DONE.exec(rest);
      if (done) {
        step.seconds = Number(done[1]);
        if (step.status === 'incomplete') step.status = 'ran';
      }
    }
  }

  /** A `client.SolveStatus` line of `--progress=rawjson`; false when the line is not one. */
  private rawJson(line: string): boolean {
    let status: unknown;
    try {
      status = JSON.parse(line);
    } catch {
      return false;
    }
    if (!status || typeof status !== 'object' || Array.isArray(status)) return false;
    const vertexes = (status as { vertexes?: unknown }).vertexes;
    this.source ??= 'rawjson';
    if (!Array.isArray(vertexes)) return true;
    for (const v of vertexes as Array<Record<string, unknown>>) {
      if (!v || typeof v !== 'object' || typeof v.digest !== 'string') continue;
      const key = v.digest;
      let step = this.vertices.get(key);
      if (!step) {
        const ref = typeof v.name === 'string' ? buildkitStep(v.name) : undefined;
        if (!ref) continue;
        step = this.add(this.vertices, key, ref);
        if (!step) continue;
      }
      const started = typeof v.started === 'string' ? Date.parse(v.started) : NaN;
      const completed = typeof v.completed === 'string' ? Date.parse(v.completed) : NaN;
      if (v.cached === true) step.status = 'cached';
      else if (typeof v.error === 'string' && v.error) step.status = 'failed';
      else if (Number.isFinite(completed) && step.status === 'incomplete') step.status = 'ran';
      if (Number.isFinite(started) && Number.isFinite(completed) && completed >= started && step.status !== 'cached') step.seconds = (completed - started) / 1000;
    }
    return true;
  }

  private start(ref: StepRef, at: number, source: 'legacy' | 'podman'): void {
    this.finishRunning(at);
    this.source ??= source;
    const step = this.add(undefined, '', ref);
    if (step) this.running = { step, since: at };
  }

  private finishRunning(at: number): void {
    const r = this.running;
    if (!r) return;
    this.running = undefined;
    if (r.step.status === 'incomplete') {
      r.step.status = 'ran';
      r.step.seconds = Math.max(0, at - r.since) / 1000;
    }
  }
}

/** The instruction of a step: a BuildKit FROM by its stage (BuildKit names it by the resolved image), else as build errors are matched. */
function matchStep(outline: Steps, ref: StepRef): Steps['instructions'][number] | undefined {
  if (ref.kind === 'buildkit' && /^FROM\s/i.test(ref.text)) {
    const numbered = ref.stage && /^stage-(\d+)$/.exec(ref.stage);
    const stage = ref.stage === undefined
      ? (outline.stages.length === 1 ? outline.stages[0] : undefined)
      : outline.stages.find((s) => s.name === ref.stage) ?? (numbered ? outline.stages[Number(numbered[1])] : undefined);
    return stage?.instructions[0];
  }
  return findInstruction(outline, ref);
}

/** Tenths of a second, as BuildKit prints them; finer for sub-tenth steps read from rawjson is noise. */
function round(seconds: number): number {
  return Math.round(seconds * 100) / 100;
}

/**
 * Whether the docker CLI's `build` takes `--progress=rawjson`: the help of its `--progress` flag (wrapped over
 * lines up to the next flag) lists the value (buildx, commands/build.go: `Set type of progress output ("auto",
 * "quiet", "plain", "tty", "rawjson")`); Docker 20.10's lists `(auto, plain,\n tty)`, and only when BuildKit is on.
 */
export function supportsRawJson(buildHelp: string): boolean {
  const at = buildHelp.search(/--progress\b/);
  if (at < 0) return false;
  const rest = buildHelp.slice(at + '--progress'.length);
  const next = rest.search(/\n\s*(?:-\w, )?--\w/);
  return /\brawjson\b/.test(next < 0 ? rest : rest.slice(0, next));
}

/** What a rawjson line shows in the build's terminal: the plain-progress lines it stands for (`#2 [1/3] RUN make`, `#2 DONE 1.2s`, logs). */
export class RawJsonRenderer {
  private readonly ids = new Map<string, number>();
  private readonly shown = new Set<string>();

  /** The text to print for one output line (the line itself when it is not rawjson). */
  render(line: string): string {
    if (!line.startsWith('{')) return line + '\n';
    let status: { vertexes?: Array<Record<string, unknown>>; logs?: Array<Record<string, unknown>> };
    try {
      status = JSON.parse(line);
    } catch {
      return line + '\n';
    }
    if (!status || typeof status !== 'object') return line + '\n';
    let out = '';
    const idOf = (digest: string) => {
      let id = this.ids.get(digest);
      if (id === undefined) this.ids.set(digest, (id = this.ids.size + 1));
      return id;
    };
    for (const v of Array.isArray(status.vertexes) ? status.vertexes : []) {
      if (!v || typeof v.digest !== 'string') continue;
      const id = idOf(v.digest);
      const name = typeof v.name === 'string' ? v.name : '';
      if (!this.shown.has(`${v.digest} name`) && name) {
        this.shown.add(`${v.digest} name`);
        out += `#${id} ${name}\n`;
      }
      const started = typeof v.started === 'string' ? Date.parse(v.started) : NaN;
      const completed = typeof v.completed === 'string' ? Date.parse(v.completed) : NaN;
      const end = v.cached === true ? 'CACHED' : typeof v.error === 'string' && v.error ? `ERROR: ${v.error}` : Number.isFinite(completed) && Number.isFinite(started) ? `DONE ${((completed - started) / 1000).toFixed(1)}s` : '';
      if (end && !this.shown.has(`${v.digest} end`)) {
        this.shown.add(`${v.digest} end`);
        out += `#${id} ${end}\n`;
      }
    }
    for (const log of Array.isArray(status.logs) ? status.logs : []) {
      if (!log || typeof log.vertex !== 'string' || typeof log.data !== 'string') continue;
      const text = Buffer.from(log.data, 'base64').toString('utf8').replace(/\n$/, '');
      out += text.split('\n').map((l) => `#${idOf(log.vertex as string)} ${l}\n`).join('');
    }
    return out;
  }
}
