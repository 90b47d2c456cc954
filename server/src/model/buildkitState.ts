/**
 * A static replay of what BuildKit's dispatcher knows while it walks a
 * Dockerfile (moby/buildkit `dockerfile2llb/convert.go`): the automatic
 * platform ARGs, the global ARGs with their defaults (`buildMetaArgs`, no build
 * args given), and per stage the environment before each instruction
 * (ENV, ARG values, inherited from the base stage), the ARG names declared so
 * far (`d.buildArgs`) and whether a WORKDIR was already set.
 *
 * A stage built FROM an external image starts with an environment we cannot
 * see (`open`): only PATH is known (BuildKit always sets it).
 */
import type { DockerfileDocument } from './document';
import type { StageInfo } from './stages';
import { lastStartingBefore, type Flag, type Instruction, type ShellLex, type TextRange } from '../parser';
import type { Env } from '../parser/shell';
import { expandWith, type Expansion } from './expand';


export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** ARGs that BuildKit never turns into environment variables. */
export const NON_ENV_ARGS = new Set(['BUILDKIT_SBOM_SCAN_CONTEXT', 'BUILDKIT_SBOM_SCAN_STAGE']);

/** BuildKit's `defaultArgs` for a linux/amd64 build (values only matter for RedundantTargetPlatform). */
export function defaultArgs(targetStage: string): Map<string, string> {
  return new Map([
    ['BUILDPLATFORM', 'linux/amd64'],
    ['BUILDOS', 'linux'],
    ['BUILDARCH', 'amd64'],
    ['BUILDVARIANT', ''],
    ['TARGETPLATFORM', 'linux/amd64'],
    ['TARGETOS', 'linux'],
    ['TARGETARCH', 'amd64'],
    ['TARGETVARIANT', ''],
    ['TARGETSTAGE', targetStage],
  ]);
}

export interface MetaArgs {
  /** Default args plus global ARGs that have a value (BuildKit's `globalArgs`). */
  env: Map<string, string>;
  /** Every global ARG name, with or without a value (`outline.allArgs`). */
  declared: Set<string>;
  /** False when a global default failed to expand (BuildKit gives up such checks). */
  ok: boolean;
}

/** A read-only view of the environment at some point. */
export interface EnvView {
  get(name: string): string | undefined;
  has(name: string): boolean;
  /** Names in order of first definition (O(n): call only when needed; computed once per state, do not modify). */
  keys(): string[];
  /** At least `keys().length`, in O(log n). */
  size(): number;
}

export interface StateBefore {
  /** Known environment (ENV, ARG values, PATH). */
  env: EnvView;
  /** The base image may define more variables than `env` lists. */
  open: boolean;
  /** ARG names declared in the stage chain so far. */
  buildArgs: { has(name: string): boolean };
  workdirSet: boolean;
}

/**
 * The definitions of one stage, in order, so the state before any
 * instruction is a lookup (no copy per instruction: linear in the file).
 * Every definition has a sequence number; "before seq" means smaller numbers.
 */
class Timeline {
  private readonly values = new Map<string, Array<{ seq: number; value: string }>>();
  private readonly args = new Map<string, number>();
  /** Own names in order of first definition, with that definition's sequence number. */
  private readonly order: Array<{ name: string; seq: number }> = [];
  private workdir = Infinity;
  private readonly inheritedWorkdir: boolean;
  private readonly inheritedSize: number;

  constructor(
    private readonly parent: Timeline | undefined,
    private readonly parentEnd: number,
    readonly open: boolean,
  ) {
    this.inheritedWorkdir = parent?.workdirSet(parentEnd) ?? false;
    this.inheritedSize = parent?.size(parentEnd) ?? 0;
  }

  setEnv(name: string, value: string, seq: number): void {
    const list = this.values.get(name);
    if (list) list.push({ seq, value });
    else {
      this.values.set(name, [{ seq, value }]);
      this.order.push({ name, seq });
    }
  }

  declareArg(name: string, seq: number): void {
    if (!this.args.has(name)) this.args.set(name, seq);
  }

  setWorkdir(seq: number): void {
    if (seq < this.workdir) this.workdir = seq;
  }

  /** The value of `name` among this timeline's own definitions before seq. */
  private own(name: string, seq: number): string | undefined {
    const list = this.values.get(name);
    if (!list || list[0].seq >= seq) return undefined;
    let lo = 0;
    let hi = list.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (list[mid].seq < seq) lo = mid;
      else hi = mid - 1;
    }
    return list[lo].value;
  }

  // the lookups walk the base-stage chain iteratively (a long chain must not overflow the stack)
  get(name: string, seq: number): string | undefined {
    for (let t: Timeline | undefined = this, at = seq; t; at = t.parentEnd, t = t.parent) {
      const v = t.own(name, at);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  hasArg(name: string, seq: number): boolean {
    for (let t: Timeline | undefined = this, at = seq; t; at = t.parentEnd, t = t.parent) {
      const s = t.args.get(name);
      if (s !== undefined && s < at) return true;
    }
    return false;
  }

  workdirSet(seq: number): boolean {
    return this.workdir < seq || this.inheritedWorkdir;
  }

  /** Number of own names first defined before seq. */
  private ownCount(seq: number): number {
    let lo = 0;
    let hi = this.order.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.order[mid].seq < seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  keys(seq: number): string[] {
    const chain: Array<[Timeline, number]> = [];
    for (let t: Timeline | undefined = this, at = seq; t; at = t.parentEnd, t = t.parent) chain.push([t, at]);
    const out = new Set<string>();
    for (let i = chain.length - 1; i >= 0; i--) {
      const [t, at] = chain[i];
      for (const o of t.order.slice(0, t.ownCount(at))) out.add(o.name);
    }
    return [...out];
  }

  /** An upper bound of `keys(seq).length` (names redefined along the chain count twice). */
  size(seq: number): number {
    return this.inheritedSize + this.ownCount(seq);
  }

  at(seq: number): StateBefore {
    let keys: string[] | undefined;
    const env: EnvView = { get: (n) => this.get(n, seq), has: (n) => this.get(n, seq) !== undefined, keys: () => (keys ??= this.keys(seq)), size: () => this.size(seq) };
    return { env, open: this.open, buildArgs: { has: (n) => this.hasArg(n, seq) }, workdirSet: this.workdirSet(seq) };
  }
}

export interface BuildkitState {
  meta: MetaArgs;
  /** The state right before each instruction inside a stage (FROM excluded), made when first asked for. */
  before: { get(ins: Instruction): StateBefore | undefined };
  /** The state at the end of a stage, by stage index. */
  stageEnd(index: number): StateBefore;
}

const cache = new WeakMap<DockerfileDocument, BuildkitState>();

function computeMeta(doc: DockerfileDocument): MetaArgs {
  const stages = doc.stages.stages;
  const last = stages.length ? stages[stages.length - 1].name ?? '' : '';
  const env = defaultArgs(last);
  const declared = new Set<string>();
  let ok = true;
  for (const b of doc.stages.globalArgs) {
    declared.add(b.name);
    const v = b.declaration.value;
    if (v === undefined) continue;
    const r = expandWith(doc, v.value, env);
    if (!r) {
      ok = false;
      continue;
    }
    env.set(b.name, r.result);
  }
  return { env, declared, ok };
}

/**
 * BuildKit's state for a document. Each stage's timeline is worked out when first asked for (with
 * the stages it is built FROM): after an edit, the incremental lint asks only about the stages that
 * changed, so the others cost nothing.
 */
export function buildkitState(doc: DockerfileDocument): BuildkitState {
  const hit = cache.get(doc);
  if (hit) return hit;
  const meta = computeMeta(doc);
  const stages = doc.stages.stages;
  // where each instruction sits in its stage's timeline; its state is made when a rule asks for it
  // (a timeline only grows at later seqs, so the state before seq is the same whenever it is made)
  const place = new Map<Instruction, { tl: Timeline; seq: number }>();
  const made = new Map<Instruction, StateBefore>();
  const timelines: Array<{ tl: Timeline; end: number } | undefined> = [];
  const ends: Array<StateBefore | undefined> = [];

  const timelineOf = (stage: StageInfo): { tl: Timeline; end: number } => {
    const known = timelines[stage.index];
    if (known) return known;
    // the chain of stages built FROM one another, made from the root down (no recursion: chains may be long)
    const chain: StageInfo[] = [];
    for (let s: StageInfo | undefined = stage; s && !timelines[s.index] && chain.length <= stages.length; s = s.baseStage) chain.push(s);
    for (let k = chain.length - 1; k >= 0; k--) timelines[chain[k].index] = makeTimeline(chain[k]);
    return timelines[stage.index]!;
  };

  const makeTimeline = (stage: StageInfo): { tl: Timeline; end: number } => {
    const base = stage.baseStage ? timelines[stage.baseStage.index] : undefined;
    const open = base ? base.tl.open : stage.image?.toLowerCase() !== 'scratch';
    const tl = new Timeline(base?.tl, base?.end ?? 0, open);
    if (!base) tl.setEnv('PATH', DEFAULT_PATH, 0);
    let seq = 1;
    for (const ins of stage.instructions) {
      if (ins === stage.from) continue;
      const mySeq = seq++;
      place.set(ins, { tl, seq: mySeq });
      const env = (n: string) => tl.get(n, mySeq);
      const d = ins.details;
      if (ins.name === 'ENV' && d.kind === 'keyValues') {
        const values = d.pairs.map((p) => [expandWith(doc, p.key.value, env)?.result ?? p.key.value, expandWith(doc, p.value.value, env)?.result ?? ''] as const);
        const at = seq++;
        for (const [k, v] of values) tl.setEnv(k, v, at);
      } else if (ins.name === 'ARG' && d.kind === 'arg') {
        for (const decl of d.declarations) {
          const at = seq++;
          const name = decl.name.value;
          let value: string | undefined;
          if (decl.value) value = expandWith(doc, decl.value.value, (n) => tl.get(n, at))?.result ?? '';
          else if (meta.env.has(name)) value = meta.env.get(name);
          if (value !== undefined && !NON_ENV_ARGS.has(name)) tl.setEnv(name, value, at);
          tl.declareArg(name, at);
        }
      } else if (ins.name === 'WORKDIR') {
        tl.setWorkdir(seq++);
      }
    }
    return { tl, end: seq++ };
  };

  /** The stage an instruction of the top level belongs to (stages are in document order). */
  const stageOf = (ins: Instruction): StageInfo | undefined => {
    const k = lastStartingBefore(stages, ins.start, true);
    const stage = k < 0 ? undefined : stages[k];
    return stage && ins.start <= stage.end ? stage : undefined;
  };

  const before = {
    get(ins: Instruction): StateBefore | undefined {
      let s = made.get(ins);
      if (s) return s;
      let p = place.get(ins);
      if (!p) {
        const stage = stageOf(ins);
        if (!stage || timelines[stage.index]) return undefined;
        timelineOf(stage);
        p = place.get(ins);
        if (!p) return undefined;
      }
      made.set(ins, (s = p.tl.at(p.seq)));
      return s;
    },
  };
  const stageEnd = (index: number): StateBefore => {
    let e = ends[index];
    if (!e) {
      const t = timelineOf(stages[index]);
      ends[index] = e = t.tl.at(t.end);
    }
    return e;
  };
  const state = { meta, before, stageEnd };
  cache.set(doc, state);
  return state;
}

/**
 * Each stage's `FROM --platform=` flag with its value expanded as BuildKit does
 * (global ARGs and the automatic platform ARGs), skipping flags that fail to expand.
 */
export function expandedPlatformFlags(doc: DockerfileDocument): Array<{ stage: StageInfo; flag: Flag & { value: string; valueRange: TextRange }; expansion: Expansion; env: MetaArgs['env'] }> {
  const { meta } = buildkitState(doc);
  const out: ReturnType<typeof expandedPlatformFlags> = [];
  for (const stage of doc.stages.stages) {
    const d = stage.from.details;
    const flag = d.kind === 'from' ? d.platform : undefined;
    if (!flag?.value || !flag.valueRange) continue;
    const expansion = expandWith(doc, flag.value, meta.env);
    if (expansion) out.push({ stage, flag: flag as Flag & { value: string; valueRange: TextRange }, expansion, env: meta.env });
  }
  return out;
}
