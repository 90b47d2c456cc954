/**
 * Reads the output of `docker build` (or `podman build`) as it streams and maps the failure back to the
 * Dockerfile's lines, for diagnostics. What each builder prints (captured from real builds, see
 * test/unit/buildOutput.test.ts):
 * - BuildKit, plain progress (what the CLI prints when its output is not a terminal): a vertex per
 *   step, `#8 [build 2/3] RUN make` (`[<platform> <stage> <i>/<n>]`, the stage's name or `stage-N`, no
 *   stage when there is one; `%*d` pads `i`), its log `#8 0.046 text`, and `#8 ERROR: message`. Newer
 *   BuildKit also prints where it failed as a source snippet (moby/buildkit solver/errdefs/source.go
 *   `Source.Print`): `Dockerfile:7`, a `-----` rule, ` %3d | >>> line` for the failing lines.
 * - The legacy builder: `Step 5/6 : RUN make` (counting every instruction of the file, global ARGs
 *   included), the step's output, and a last line such as `The command '/bin/sh -c make' returned a
 *   non-zero code: 2` or `COPY failed: …`.
 * - Podman/Buildah: `[2/2] STEP 3/4: RUN make` (stage, then the step within the stage with FROM as step 1;
 *   no stage prefix with one stage) and `Error: building at STEP "RUN make": exit status 2`.
 * - Parse errors, all builders: `dockerfile parse error (on )?line 3: unknown instruction: FOO`.
 * A step's text is the instruction's logical line (continuations joined), which is how a step is matched
 * back to its instruction; BuildKit expands variables in it, so the match falls back to the keyword
 * and the position. The Dockerfile's stages and instructions come from the server's outline
 * (`dockerfileLens/outline`: each instruction's BuildKit lines and logical line). Memory is bounded: a few log
 * lines per step, long lines cut. Pure: no VS Code API.
 */
import type { Outline, OutlineStage } from '../../server/src/protocol';

/** An instruction of the outline: upper-cased name, 1-based lines, BuildKit's logical line. */
type Instruction = OutlineStage['instructions'][number];

export interface BuildProblem {
  /** 0-based lines of the instruction (or the lines BuildKit marked). */
  startLine: number;
  endLine: number;
  message: string;
}

/** How many lines of a failing step's own output go into its diagnostic. */
const LOG_TAIL = 5;
const MAX_LINE = 1000;
const MAX_STEPS = 10_000;

/** A step as a builder names it, before it is matched to an instruction. */
export type StepRef =
  | { kind: 'buildkit'; stage: string | undefined; text: string }
  | { kind: 'legacy'; index: number; total: number; text: string }
  | { kind: 'podman'; stage: number | undefined; index: number; text: string };

interface Failure {
  step: StepRef | undefined;
  message: string | undefined;
  log: string[];
}

// ANSI colour codes (the legacy builder colours stderr red).
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;
const BUILDKIT_LINE = /^#(\d+) (.*)$/;
const BUILDKIT_LOG = /^\d+\.\d+ (.*)$/;
const LEGACY_STEP = /^Step (\d+)\/(\d+) : (.*)$/;
const PODMAN_STEP = /^(?:\[(\d+)\/(\d+)\] )?STEP (\d+)\/(\d+): (.*)$/;
const PODMAN_ERROR = 'Error: building at STEP "';
const PARSE_ERROR = /dockerfile parse error (?:on )?line (\d+): (.*)$/;
const SNIPPET_HEADER = /^\S.*:(\d+)$/;
const SNIPPET_RULE = /^-{20}$/;
const SNIPPET_LINE = /^ *(\d+) \| (>>>| {3}) /;
const LEGACY_NOISE = /^( ---> |--> |Removing intermediate container |Sending build context |Successfully (built|tagged) |COMMIT )/;
/** The legacy builder (` ---> 218f31eaf8cb`) and podman (`--> b71e794d81b`) print the layer a finished step made. */
const STEP_DONE = /^ ?--> [0-9a-f]{11,64}$/;

/** Feed it the build's output chunk by chunk (`push`), then `problems(exitCode)`. */
export class BuildOutputParser {
  private partial = '';
  /** BuildKit vertex id → its step (only vertices that are Dockerfile steps). */
  private readonly vertices = new Map<string, StepRef>();
  private readonly logs = new Map<string, string[]>();
  private readonly failures: Failure[] = [];
  /** The legacy / podman step running now, and what it printed. */
  private current: { step: StepRef; log: string[] } | undefined;
  private readonly snippets: Array<{ start: number; end: number }> = [];
  private snippet: { header: boolean; marked: number[] } | undefined;
  private readonly parseErrors: Array<{ line: number; message: string }> = [];
  private lastLine = '';
  private inErrorBlock = false;

  push(chunk: string): void {
    const text = this.partial + chunk;
    const lines = text.split(/\r?\n|\r/);
    this.partial = (lines.pop() ?? '').slice(-MAX_LINE * 64);
    for (const line of lines) this.line(line);
  }

  /** The problems of a finished build (none when it succeeded), given the outline of the Dockerfile that was built. */
  problems(exitCode: number | null, dockerfile: Outline): BuildProblem[] {
    if (this.partial) this.line(this.partial);
    this.partial = '';
    if (exitCode === 0) return [];
    const outline = stepsOf(dockerfile);
    const out: BuildProblem[] = [];
    const failures = [...this.failures];
    // legacy and podman: the step that was running failed, with the last line as the message
    if (this.current && !failures.some((f) => f.step === this.current!.step)) {
      failures.push({ step: this.current.step, message: this.lastLine || undefined, log: this.current.log.filter((l) => l !== this.lastLine) });
    }
    for (const f of failures) {
      const ins = f.step && findInstruction(outline, f.step);
      const message = [f.message ?? this.lastLine, ...f.log.slice(-LOG_TAIL)].filter((l) => l).join('\n');
      if (ins) out.push({ startLine: ins.startLine - 1, endLine: ins.endLine - 1, message });
    }
    for (const p of this.parseErrors) {
      const ins = outline.instructions.find((i) => i.startLine <= p.line && p.line <= i.endLine);
      out.push({ startLine: p.line - 1, endLine: (ins?.endLine ?? p.line) - 1, message: p.message });
    }
    // BuildKit's own account of where it failed wins over our matching of the step
    for (const s of this.snippets) {
      const hit = out.find((p) => p.startLine <= s.end && s.start <= p.endLine);
      if (hit) {
        hit.startLine = s.start;
        hit.endLine = s.end;
      } else {
        out.push({ startLine: s.start, endLine: s.end, message: this.lastLine });
      }
    }
    return dedupe(out);
  }

  private line(raw: string): void {
    const line = raw.replace(ANSI, '').slice(0, MAX_LINE);
    if (this.snippetLine(line)) return;
    const parseError = PARSE_ERROR.exec(line);
    if (parseError && this.parseErrors.length < MAX_STEPS) this.parseErrors.push({ line: Number(parseError[1]), message: parseError[2] });

    const bk = BUILDKIT_LINE.exec(line);
    if (bk) return this.buildkitLine(bk[1], bk[2]);
    if (line === '------') {
      this.inErrorBlock = !this.inErrorBlock;
      return;
    }
    if (this.inErrorBlock) return this.errorBlockLine(line);

    const legacy = LEGACY_STEP.exec(line);
    if (legacy) {
      this.current = { step: { kind: 'legacy', index: Number(legacy[1]), total: Number(legacy[2]), text: legacy[3] }, log: [] };
      return;
    }
    const podman = PODMAN_STEP.exec(line);
    if (podman) {
      const stage = podman[1] === undefined ? undefined : Number(podman[1]);
      this.current = { step: { kind: 'podman', stage, index: Number(podman[3]), text: podman[5] }, log: [] };
      return;
    }
    if (line.startsWith(PODMAN_ERROR)) {
      // `Error: building at STEP "<step text>": <message>`; the step text may itself hold `": `
      const known = this.current && `${PODMAN_ERROR}${this.current.step.text}": `;
      this.lastLine = known && line.startsWith(known) ? line.slice(known.length) : line.replace(/^Error: building at STEP ".*?": /, '');
      return;
    }
    if (STEP_DONE.test(line)) this.current = undefined;
    if (line.trim() === '' || LEGACY_NOISE.test(line)) return;
    this.lastLine = line.replace(/^(ERROR|error): /, '');
    if (this.current) keepTail(this.current.log, line);
  }

  private buildkitLine(id: string, rest: string): void {
    const log = BUILDKIT_LOG.exec(rest);
    if (log) return keepTail(this.logOf(id), log[1]);
    if (rest.startsWith('ERROR: ')) {
      const step = this.vertices.get(id);
      if (step) this.addFailure({ step, message: rest.slice('ERROR: '.length), log: this.logs.get(id) ?? [] });
      return;
    }
    const step = buildkitStep(rest);
    if (step && !this.vertices.has(id) && this.vertices.size < MAX_STEPS) this.vertices.set(id, step);
  }

  /** Between `------` rules: ` > [stage i/n] STEP:` and (newer BuildKit) the step's last log lines. */
  private errorBlockLine(line: string): void {
    const step = line.startsWith(' > ') && line.endsWith(':') ? buildkitStep(line.slice(3, -1)) : undefined;
    if (step && !this.failures.some((f) => f.step?.kind === 'buildkit' && sameText(f.step.text, step.text))) this.addFailure({ step, message: undefined, log: [] });
  }

  private addFailure(f: Failure): void {
    if (this.failures.length < MAX_STEPS) this.failures.push(f);
  }

  /** The source snippet: `Dockerfile:7`, a rule, numbered lines (`>>>` marks the failing ones), a rule. */
  private snippetLine(line: string): boolean {
    if (this.snippet) {
      if (SNIPPET_RULE.test(line)) {
        if (this.snippet.header) this.snippet.header = false;
        else {
          const m = this.snippet.marked;
          if (m.length && this.snippets.length < MAX_STEPS) this.snippets.push({ start: Math.min(...m) - 1, end: Math.max(...m) - 1 });
          this.snippet = undefined;
        }
        return true;
      }
      const numbered = SNIPPET_LINE.exec(line);
      if (numbered && !this.snippet.header) {
        if (numbered[2] === '>>>' && this.snippet.marked.length < MAX_STEPS) this.snippet.marked.push(Number(numbered[1]));
        return true;
      }
      this.snippet = undefined;
    }
    if (SNIPPET_HEADER.test(line) && !BUILDKIT_LINE.test(line)) {
      this.snippet = { header: true, marked: [] };
      return false;
    }
    return false;
  }

  private logOf(id: string): string[] {
    let log = this.logs.get(id);
    if (!log) {
      log = [];
      if (this.logs.size < MAX_STEPS) this.logs.set(id, log);
    }
    return log;
  }
}

/** Convenience for a whole output at once. */
export function buildProblems(output: string, exitCode: number | null, dockerfile: Outline): BuildProblem[] {
  const p = new BuildOutputParser();
  p.push(output);
  return p.problems(exitCode, dockerfile);
}

function keepTail(log: string[], line: string): void {
  if (log[log.length - 1] === line) return;
  log.push(line);
  // one more than shown: the error line itself may be the last one, and is not repeated
  if (log.length > LOG_TAIL * 2) log.splice(0, log.length - LOG_TAIL - 1);
}

/**
 * A BuildKit vertex name that is a Dockerfile step: `[<platform> <stage> <i>/<n>] TEXT` (platform and stage
 * optional: `[build 2/3] RUN make`, `[ 2/10] COPY . .`); undefined for `[internal] …` and the like.
 */
export function buildkitStep(name: string): StepRef | undefined {
  const close = name.indexOf('] ');
  if (!name.startsWith('[') || close < 0) return undefined;
  const words = name.slice(1, close).trim().split(/\s+/);
  if (!/^\d+\/\d+$/.test(words.pop() ?? '')) return undefined;
  const stage = words.filter((w) => w && !w.includes('/')).pop()?.toLowerCase();
  return { kind: 'buildkit', stage, text: name.slice(close + 2) };
}

export interface Steps {
  /** Every instruction in order, the global ARGs before the first FROM included. */
  instructions: Instruction[];
  /** The instructions of each stage, FROM first. */
  stages: Array<{ name: string | undefined; instructions: Instruction[] }>;
}

export function stepsOf(outline: Outline): Steps {
  const stages = outline.stages.map((s) => ({ name: s.name, instructions: s.instructions }));
  return { instructions: [...outline.globals, ...stages.flatMap((s) => s.instructions)], stages };
}

const normalize = (s: string) => s.replace(/\s+/g, ' ').trim();
const sameText = (a: string, b: string) => normalize(a) === normalize(b);
const keywordOf = (s: string) => normalize(s).split(' ')[0].toUpperCase();

/** The instruction a step names: by its text within the candidates, else by its position. */
export function findInstruction(outline: Steps, step: StepRef): Instruction | undefined {
  const only = outline.stages.length === 1 ? outline.stages[0] : undefined;
  let stage: Steps['stages'][number] | undefined;
  let byPosition: Instruction | undefined;
  if (step.kind === 'legacy') {
    // the legacy builder counts every instruction of the file, the global ARGs before the first FROM included
    byPosition = outline.instructions[step.index - 1];
  } else if (step.kind === 'podman') {
    stage = step.stage === undefined ? only : outline.stages[step.stage - 1];
    byPosition = stage?.instructions[step.index - 1];
  } else if (step.stage === undefined) {
    stage = only;
  } else {
    const numbered = /^stage-(\d+)$/.exec(step.stage);
    stage = outline.stages.find((s) => s.name === step.stage) ?? (numbered ? outline.stages[Number(numbered[1])] : undefined);
  }
  const candidates = stage?.instructions ?? outline.instructions;
  if (byPosition && sameText(byPosition.original, step.text)) return byPosition;
  const exact = candidates.find((i) => sameText(i.original, step.text));
  if (exact) return exact;
  // BuildKit expands variables in a step's name: `RUN echo $V` shows as `RUN echo 1`
  const keyword = keywordOf(step.text);
  if (byPosition?.name === keyword && matchesTemplate(byPosition.original, step.text)) return byPosition;
  const templated = candidates.filter((i) => i.name === keyword && matchesTemplate(i.original, step.text));
  return templated.length === 1 ? templated[0] : undefined;
}

/** Whether `text` is `original` with its variable references (`$V`, `${V…}`) replaced by something. */
function matchesTemplate(original: string, text: string): boolean {
  const parts = normalize(original).split(/\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*/);
  const t = normalize(text);
  if (parts.length === 1) return t === parts[0];
  if (!t.startsWith(parts[0])) return false;
  let pos = parts[0].length;
  for (const part of parts.slice(1, -1)) {
    const i = t.indexOf(part, pos);
    if (i < 0) return false;
    pos = i + part.length;
  }
  return t.length - parts[parts.length - 1].length >= pos && t.endsWith(parts[parts.length - 1]);
}

function dedupe(problems: BuildProblem[]): BuildProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.startLine}:${p.endLine}:${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
