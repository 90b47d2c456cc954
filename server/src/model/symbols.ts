/**
 * The named things of a Dockerfile and every place each is written, built in
 * one pass per document version. Serves go to definition, find references,
 * document highlight, rename and inlay hints.
 *
 * Three kinds, each with Docker's own rules:
 * - **stages**: declared by `FROM … AS name`, referenced by a later `FROM name`,
 *   `COPY --from=name` and `RUN --mount=…,from=name`. Names compare
 *   case-insensitively; `--from=` may name a stage defined later, `FROM` only an
 *   earlier one (otherwise it is an image).
 *   (https://docs.docker.com/reference/dockerfile/#from, #copy---from)
 * - **variables** (ARG and ENV), scoped as Docker scopes them
 *   (https://docs.docker.com/reference/dockerfile/#scope): a global ARG (before
 *   the first FROM) is seen by FROM lines only, and inside a stage only once
 *   re-declared by `ARG NAME` without a value — that re-declaration is the same
 *   symbol; inside a stage a use sees the definitions before its line; ENV
 *   persists into stages built FROM the stage; a later stage that defines the
 *   name again has a different symbol. All definitions of a name inside one
 *   stage (`ARG V`, then `ENV V=…`) are one symbol, like assignments to one variable.
 * - **heredoc delimiters**: `<<EOF` and its terminator line.
 */
import { lastStartingBefore, type Flag, type Heredoc, type Instruction, type TextRange, type VariableUse } from '../parser';
import type { DockerfileDocument } from './document';
import { expandWith } from './expand';
import type { StageInfo } from './stages';

export type SymbolKind = 'stage' | 'variable' | 'heredoc';

export interface DockerSymbol {
  kind: SymbolKind;
  /** As first declared (stage names lower-cased are compared; this keeps the written case). */
  name: string;
  /** Variables: the stage the symbol belongs to (undefined: global ARG). Stages: the stage. */
  stage: StageInfo | undefined;
  /** Every place the name is written, declarations included, in document order. */
  occurrences: Occurrence[];
}

export interface Occurrence extends TextRange {
  symbol: DockerSymbol;
  declaration: boolean;
  /** False where the text is not the plain name (e.g. `--from=0` refers to a stage by index). */
  renamable: boolean;
  /** For a reference: the declaration it resolves to (variables: the nearest definition before it). */
  target: Occurrence | undefined;
  /** Variables: the value at this place where known (a definition's value, or the value a use expands to). */
  value?: string;
  /** Variables: the use, for references. */
  use?: VariableUse;
  instruction: Instruction;
}

export interface SymbolIndex {
  symbols: DockerSymbol[];
  /** All occurrences sorted by start offset. */
  occurrences: Occurrence[];
}

/** `raw` expanded with `env` and the file's escape character; undefined on an expansion error. */
function expandValue(doc: DockerfileDocument, raw: string, env: Map<string, string>): string | undefined {
  return expandWith(doc, raw, env)?.result;
}

/** A `RUN --mount=…,from=NAME,…` field's range, when the flag's text is written as BuildKit reads it. */
function mountFromRange(text: string, f: Flag): (TextRange & { value: string }) | undefined {
  if (f.name !== 'mount' || !f.value || !f.valueRange) return undefined;
  if (text.slice(f.valueRange.start, f.valueRange.end) !== f.value) return undefined;
  let at = 0;
  for (const field of f.value.split(',')) {
    const eq = field.indexOf('=');
    if (eq > 0 && field.slice(0, eq).trim().toLowerCase() === 'from') {
      const value = field.slice(eq + 1);
      const start = f.valueRange.start + at + eq + 1;
      return { start, end: start + value.length, value };
    }
    at += field.length + 1;
  }
  return undefined;
}

/** Where the delimiter word is written in `<<EOF` / `<<-"EOF"`, if it is written contiguously. */
function heredocNameRanges(text: string, h: Heredoc): { marker: TextRange; terminator: TextRange | undefined } | undefined {
  const marker = text.slice(h.start, h.end);
  const at = marker.indexOf(h.name, 2);
  if (at < 0 || !h.name) return undefined;
  const m = { start: h.start + at, end: h.start + at + h.name.length };
  let t: TextRange | undefined;
  if (h.terminator && text.slice(h.terminator.end - h.name.length, h.terminator.end) === h.name) {
    t = { start: h.terminator.end - h.name.length, end: h.terminator.end };
  }
  return { marker: m, terminator: t };
}

interface Scope {
  /** Name → the symbol and its latest definition. */
  vars: Map<string, { symbol: DockerSymbol; def: Occurrence }>;
  /** Names defined in this stage itself (not inherited). */
  own: Set<string>;
  values: Map<string, string>;
}

export function buildSymbolIndex(doc: DockerfileDocument): SymbolIndex {
  const text = doc.text;
  const symbols: DockerSymbol[] = [];
  const occurrences: Occurrence[] = [];
  const add = (o: Occurrence) => {
    occurrences.push(o);
    o.symbol.occurrences.push(o);
    return o;
  };
  const newSymbol = (kind: SymbolKind, name: string, stage: StageInfo | undefined): DockerSymbol => {
    const s: DockerSymbol = { kind, name, stage, occurrences: [] };
    symbols.push(s);
    return s;
  };

  // stages: declarations first, so `--from=` can name a later stage
  const stageSymbols = new Map<string, { symbol: DockerSymbol; decl: Occurrence | undefined }>();
  const stageByIndex: Array<{ symbol: DockerSymbol; decl: Occurrence | undefined }> = [];
  const stageDecls = new Map<Instruction, Occurrence>();
  for (const st of doc.stages.stages) {
    const d = st.from.details.kind === 'from' ? st.from.details : undefined;
    const nameTok = d?.stageName;
    if (!nameTok || !st.name) {
      stageByIndex.push({ symbol: newSymbol('stage', `stage ${st.index}`, st), decl: undefined });
      continue;
    }
    let entry = stageSymbols.get(st.name);
    const symbol = entry?.symbol ?? newSymbol('stage', nameTok.value, st);
    const decl: Occurrence = {
      start: nameTok.start, end: nameTok.end, symbol, declaration: true,
      renamable: text.slice(nameTok.start, nameTok.end) === nameTok.value, target: undefined, instruction: st.from,
    };
    stageDecls.set(st.from, decl);
    if (!entry) {
      entry = { symbol, decl };
      stageSymbols.set(st.name, entry);
    }
    stageByIndex.push(entry);
  }
  const stageRef = (value: string, range: TextRange, ins: Instruction, laterAllowed: boolean, before: number) => {
    let entry = stageSymbols.get(value.toLowerCase());
    let byIndex = false;
    if (!entry && /^\d+$/.test(value)) {
      entry = stageByIndex[Number(value)];
      byIndex = true;
    }
    if (!entry) return;
    if (!laterAllowed && entry.decl && entry.decl.start > before) return;
    add({
      start: range.start, end: range.end, symbol: entry.symbol, declaration: false,
      renamable: !byIndex && text.slice(range.start, range.end) === value, target: entry.decl, instruction: ins,
    });
  };

  const global: Scope = { vars: new Map(), own: new Set(), values: new Map() };
  const finalEnv = new Map<StageInfo, Scope['vars']>();
  const finalEnvValues = new Map<StageInfo, Map<string, string>>();
  let scope = global;
  let envOnly: Scope['vars'] = new Map();
  let envValues = new Map<string, string>();
  let stage: StageInfo | undefined;
  const stages = doc.stages.stages;
  let stageIdx = -1;

  const resolveUses = (ins: Instruction) => {
    for (const v of ins.variables) {
      const hit = scope.vars.get(v.name);
      if (!hit) continue;
      let value: string | undefined;
      const base = scope.values.get(v.name);
      if (base !== undefined) {
        value = v.modifier || text.slice(v.start, v.end).includes(doc.ast.escapeChar)
          ? expandValue(doc, text.slice(v.start, v.end), new Map([[v.name, base]]))
          : base;
      }
      add({
        start: v.nameRange.start, end: v.nameRange.end, symbol: hit.symbol, declaration: false,
        renamable: text.slice(v.nameRange.start, v.nameRange.end) === v.name, target: hit.def, value, use: v, instruction: ins,
      });
    }
  };

  const define = (ins: Instruction, kind: 'arg' | 'env', name: string, range: TextRange, raw: string | undefined, envSnapshot: Map<string, string>) => {
    const existing = scope.vars.get(name);
    let symbol: DockerSymbol;
    let value: string | undefined = raw === undefined ? undefined : expandValue(doc, raw, envSnapshot);
    if (scope.own.has(name) && existing) {
      symbol = existing.symbol;
    } else if (stage && kind === 'arg' && raw === undefined && global.vars.has(name)) {
      // `ARG NAME` re-declares the global ARG: same symbol, inherits its default
      symbol = global.vars.get(name)!.symbol;
      value = global.values.get(name);
    } else {
      symbol = newSymbol('variable', name, stage);
    }
    if (raw === undefined && value === undefined && existing && kind === 'arg') value = scope.values.get(name);
    const def = add({
      start: range.start, end: range.end, symbol, declaration: true,
      renamable: text.slice(range.start, range.end) === name, target: undefined, value, instruction: ins,
    });
    scope.vars.set(name, { symbol, def });
    scope.own.add(name);
    if (value !== undefined) scope.values.set(name, value);
    else scope.values.delete(name);
    if (kind === 'env') {
      envOnly.set(name, { symbol, def });
      if (value !== undefined) envValues.set(name, value);
    }
  };

  const visit = (ins: Instruction, outer: Instruction) => {
    // uses see the definitions before their line
    resolveUses(ins);
    for (const f of ins.flags) {
      if (f.name === 'from' && f.value !== undefined && f.valueRange && ins.name !== 'FROM') stageRef(f.value, f.valueRange, ins, true, ins.start);
      const m = mountFromRange(text, f);
      if (m) stageRef(m.value, m, ins, true, ins.start);
    }
    for (const h of ins.heredocs) {
      const r = heredocNameRanges(text, h);
      if (!r) continue;
      const symbol = newSymbol('heredoc', h.name, stage);
      const decl = add({ ...r.marker, symbol, declaration: true, renamable: true, target: undefined, instruction: ins });
      if (r.terminator) add({ ...r.terminator, symbol, declaration: false, renamable: true, target: decl, instruction: ins });
    }
    const d = ins.details;
    if (ins !== outer) return; // definitions inside ONBUILD happen in a child image
    // every pair of one instruction sees the values from before it; with one pair, those are the scope's own
    const count = d.kind === 'arg' ? d.declarations.length : ins.name === 'ENV' && d.kind === 'keyValues' ? d.pairs.length : 0;
    if (count === 0) return;
    const snapshot = count === 1 ? scope.values : new Map(scope.values);
    if (d.kind === 'arg') {
      for (const decl of d.declarations) define(ins, 'arg', decl.name.value, decl.name, decl.value?.value, snapshot);
    } else if (ins.name === 'ENV' && d.kind === 'keyValues') {
      for (const p of d.pairs) define(ins, 'env', p.key.value, p.key, p.value.value, snapshot);
    }
  };

  for (const ins of doc.ast.instructions) {
    if (ins.name === 'FROM') {
      if (stage) {
        finalEnv.set(stage, envOnly);
        finalEnvValues.set(stage, envValues);
      }
      stage = stages[++stageIdx];
      // the FROM line itself sees the global ARGs
      scope = global;
      resolveUses(ins);
      const d = ins.details.kind === 'from' ? ins.details : undefined;
      if (stage?.baseStage && d?.image) stageRef(d.image.value, d.image, ins, false, ins.start);
      const decl = stageDecls.get(ins);
      if (decl) add(decl);
      // the new stage starts with the ENV of the stage it is built FROM
      const inherited = stage?.baseStage ? finalEnv.get(stage.baseStage) : undefined;
      envOnly = new Map(inherited ?? []);
      envValues = new Map(stage?.baseStage ? finalEnvValues.get(stage.baseStage) ?? [] : []);
      scope = { vars: new Map(envOnly), own: new Set(), values: new Map(envValues) };
      continue;
    }
    visit(ins, ins);
    if (ins.details.kind === 'onbuild' && ins.details.instruction) visit(ins.details.instruction, ins);
  }
  occurrences.sort((a, b) => a.start - b.start);
  return { symbols, occurrences };
}

/** The occurrence at `offset` (ends included), if any. */
export function occurrenceAt(index: SymbolIndex, offset: number): Occurrence | undefined {
  const i = lastStartingBefore(index.occurrences, offset, true);
  for (let j = i; j >= 0 && j > i - 3; j--) {
    const o = index.occurrences[j];
    if (o.start <= offset && offset <= o.end) return o;
  }
  return undefined;
}
