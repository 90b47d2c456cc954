/**
 * What lets a lint reuse the previous version's findings. Each rule declares
 * what its findings depend on (`Rule.scope`):
 * - `instruction`: the instruction's own text (and the file's escape character
 *   and `# syntax=` directive). The parser keeps an unchanged instruction as
 *   the same object from one version to the next (shifted in place), so its
 *   findings are kept with it and only new instructions are checked.
 * - `stage`: the stage's instructions and its incoming state: the stages it is
 *   built FROM, the global ARGs, the target stage name, whether the stage is
 *   shipped and what is known of its base image's Env (a lookup completing
 *   changes it). A stage whose key is unchanged keeps its findings.
 * - `file` (the default): anything in the file; checked again every version.
 * Kept findings move with the instructions they point into: every offset is
 * anchored to the instruction it falls in and follows that instruction's shift.
 */
import type { DockerfileDocument } from '../model/document';
import { shippedStages } from '../model/shellWords';
import type { StageInfo } from '../model/stages';
import { lastStartingBefore, type Instruction } from '../parser';
import type { Finding, Rule } from './types';

/** The same instructions (the same objects) in the same order. */
function sameList(a: readonly Instruction[], b: readonly Instruction[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A finding kept across versions, with the instructions its offsets are anchored to. */
interface Kept {
  rule: Rule;
  finding: Finding;
  /** For each anchor: the instruction and its start when the finding was last placed. */
  anchors: Array<{ ins: Instruction; start: number }>;
}

/** Calls `f` on every offset of a finding (range, related ranges, fix edits), replacing it with the result. */
function mapOffsets(f: Finding, g: (o: number) => number): Finding {
  const out: Finding = { ...f, range: { start: g(f.range.start), end: g(f.range.end) } };
  if (f.related) out.related = f.related.map((r) => ({ ...r, range: { start: g(r.range.start), end: g(r.range.end) } }));
  if (f.fixes) out.fixes = f.fixes.map((x) => ({ ...x, edits: x.edits.map((e) => ({ ...e, start: g(e.start), end: g(e.end) })) }));
  return out;
}

function offsetsOf(f: Finding): number[] {
  const out = [f.range.start, f.range.end];
  for (const r of f.related ?? []) out.push(r.range.start, r.range.end);
  for (const x of f.fixes ?? []) for (const e of x.edits) out.push(e.start, e.end);
  return out;
}

/** The instruction an offset falls in (or the last one before it): what it moves with. */
function anchorOf(list: readonly Instruction[], offset: number): Instruction | undefined {
  const k = lastStartingBefore(list, offset, true);
  return k < 0 ? list[0] : list[k];
}

function keep(doc: DockerfileDocument, rule: Rule, finding: Finding): Kept {
  const list = doc.ast.instructions;
  const anchors: Kept['anchors'] = [];
  for (const o of offsetsOf(finding)) {
    const ins = anchorOf(list, o);
    if (ins && !anchors.some((a) => a.ins === ins)) anchors.push({ ins, start: ins.start });
  }
  // copied: a rule may report a range object of the syntax tree, which the parser shifts in place
  return { rule, finding: mapOffsets(finding, (o) => o), anchors };
}

/** The kept finding placed in the current version (a shifted copy when its instructions moved). */
function place(k: Kept): Finding {
  if (k.anchors.every((a) => a.ins.start === a.start)) return k.finding;
  const anchors = k.anchors;
  k.finding = mapOffsets(k.finding, (o) => {
    // the anchor this offset was placed with: the last one starting at or before it then
    let best: { ins: Instruction; start: number } | undefined;
    for (const a of anchors) if (a.start <= o && (!best || a.start > best.start)) best = a;
    best ??= anchors[0];
    return best ? o + best.ins.start - best.start : o;
  });
  for (const a of anchors) a.start = a.ins.start;
  return k.finding;
}

export interface Reused {
  rule: Rule;
  finding: Finding;
}

/**
 * The findings of the previous lints of one document, to reuse in the next.
 * Belongs to one open document; a new memo starts when what every rule reads
 * changes (escape character, `# syntax=`, the rule set, the build context).
 */
export class LintMemo {
  private key = '';
  /** Per instruction: the findings of the instruction-scoped rules. */
  private byInstruction = new WeakMap<Instruction, Kept[]>();
  /** Per stage key: the findings of the stage-scoped rules. */
  private byStage = new Map<number, Kept[]>();
  /** The last key given to the stage of each FROM, with what it was made of. */
  private byFrom = new WeakMap<Instruction, { instructions: readonly Instruction[]; globals: number; base: number; shipped: boolean; external: string; key: number }>();
  private globals: { list: readonly Instruction[]; target: string; key: number } | undefined;
  private nextStageKey = 1;
  /** How many instruction and stage results the last lint reused. */
  reused = { instructions: 0, stages: 0 };

  /** Starts a lint: forgets everything when the file-wide inputs changed. */
  begin(key: string): void {
    if (key === this.key) return;
    this.key = key;
    this.byInstruction = new WeakMap();
    this.byStage = new Map();
  }

  /** The top-level instructions never checked with the current key, and the findings kept for the others. */
  instructions(doc: DockerfileDocument): { fresh: Instruction[]; kept: Reused[] } {
    return this.split(doc.ast.instructions, (ins) => this.byInstruction.get(ins), 'instructions');
  }

  /** Stores what the instruction-scoped rules found in `fresh` (attributed to the instruction a finding starts in). */
  storeInstructions(doc: DockerfileDocument, fresh: readonly Instruction[], found: ReadonlyArray<{ rule: Rule; finding: Finding }>): void {
    const lists = new Map<Instruction, Kept[]>(fresh.map((ins) => [ins, []]));
    for (const { rule, finding } of found) {
      const ins = anchorOf(fresh, finding.range.start);
      if (ins) lists.get(ins)!.push(keep(doc, rule, finding));
    }
    for (const [ins, ks] of lists) this.byInstruction.set(ins, ks);
  }

  /**
   * Each stage's key: equal keys mean equal findings for stage-scoped rules. `buildTarget` decides which
   * stages ship; `external` says what the stage reads from outside the file (what is known of its base
   * image's Env): a stage whose text is unchanged gets a new key when that changes.
   */
  stageKeysOf(doc: DockerfileDocument, buildTarget?: string, external?: (stage: StageInfo) => string): Map<StageInfo, number> {
    const stages = doc.stages.stages;
    const shipped = shippedStages(doc, buildTarget);
    // the global ARGs and the target stage's name (BuildKit's TARGETSTAGE) reach every stage
    const globals: Instruction[] = [];
    for (const ins of doc.ast.instructions) {
      if (stages.length && ins.start >= stages[0].start) break;
      globals.push(ins);
    }
    const target = buildTarget?.toLowerCase() || (stages.length ? stages[stages.length - 1].name ?? '' : '');
    if (!this.globals || this.globals.target !== target || !sameList(this.globals.list, globals)) {
      this.globals = { list: globals, target, key: this.nextStageKey++ };
    }
    const globalsKey = this.globals.key;
    const out = new Map<StageInfo, number>();
    for (const stage of stages) {
      const base = stage.baseStage ? out.get(stage.baseStage) ?? -1 : 0;
      const isShipped = shipped.has(stage);
      const ext = external?.(stage) ?? '';
      const prev = this.byFrom.get(stage.from);
      let key: number;
      if (prev && prev.globals === globalsKey && prev.base === base && prev.shipped === isShipped && prev.external === ext && sameList(prev.instructions, stage.instructions)) key = prev.key;
      else {
        key = this.nextStageKey++;
        this.byFrom.set(stage.from, { instructions: stage.instructions, globals: globalsKey, base, shipped: isShipped, external: ext, key });
      }
      out.set(stage, key);
    }
    return out;
  }

  /** The stages whose key has no findings kept, and the findings kept for the others. */
  stages(doc: DockerfileDocument, keys: Map<StageInfo, number>): { fresh: StageInfo[]; kept: Reused[] } {
    return this.split(doc.stages.stages, (stage) => this.byStage.get(keys.get(stage)!), 'stages');
  }

  /** Items with no findings kept (to check), and the kept findings of the others, placed in this version. */
  private split<T>(items: readonly T[], keptFor: (item: T) => Kept[] | undefined, counter: keyof LintMemo['reused']): { fresh: T[]; kept: Reused[] } {
    const fresh: T[] = [];
    const kept: Reused[] = [];
    for (const item of items) {
      const ks = keptFor(item);
      if (!ks) {
        fresh.push(item);
        continue;
      }
      this.reused[counter]++;
      for (const k of ks) {
        place(k);
        kept.push(k); // a Kept is a { rule, finding } itself: no object per kept finding and version
      }
    }
    return { fresh, kept };
  }

  /** Stores what the stage-scoped rules found in `fresh` stages, and forgets stages no longer in the file. */
  storeStages(doc: DockerfileDocument, keys: Map<StageInfo, number>, fresh: readonly StageInfo[], found: ReadonlyArray<{ rule: Rule; finding: Finding }>): void {
    const next = new Map<number, Kept[]>();
    for (const stage of doc.stages.stages) {
      const key = keys.get(stage)!;
      const old = this.byStage.get(key);
      if (old) next.set(key, old);
    }
    const lists = new Map<StageInfo, Kept[]>(fresh.map((s) => [s, []]));
    const froms = fresh.map((s) => s.from);
    const byFrom = new Map(fresh.map((s) => [s.from, s]));
    for (const { rule, finding } of found) {
      const from = anchorOf(froms, finding.range.start);
      const s = from && byFrom.get(from);
      if (s) lists.get(s)!.push(keep(doc, rule, finding));
    }
    for (const [stage, ks] of lists) next.set(keys.get(stage)!, ks);
    this.byStage = next;
  }
}
