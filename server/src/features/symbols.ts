/**
 * Document symbols and workspace symbols: the build's structure as a tree.
 *
 * A Dockerfile is a list of build stages, each started by a FROM and running to
 * the next FROM (https://docs.docker.com/reference/dockerfile/#from). ARGs
 * declared before the first FROM are global: they belong to no stage
 * (https://docs.docker.com/reference/dockerfile/#understand-how-arg-and-from-interact).
 * So the Outline shows:
 * - each global ARG variable as a top-level Variable symbol;
 * - each stage as a Module symbol named `build (golang:1.22)` for
 *   `FROM golang:1.22 AS build` (the name as written) or `stage 1 (alpine)` for an
 *   unnamed one, with Docker's own 0-based stage index (the one `COPY --from=1`
 *   uses); its range runs from the FROM to the end of its last instruction;
 * - inside a stage, one symbol per instruction (`RUN apt-get update && …`), with
 *   the variables an ARG/ENV declares and the keys a LABEL sets as children,
 *   and the instruction an ONBUILD registers as the ONBUILD's child.
 * Every selectionRange lies within its range and every child within its parent,
 * as LSP requires (VS Code drops the whole answer otherwise).
 *
 * Workspace symbols list the stages of every Dockerfile of the workspace (named
 * ones by name, unnamed ones as `stage N`), filtered by a case-insensitive
 * subsequence match on the name (VS Code's own fuzzy rule: `bld` finds `build`).
 */
import { SymbolKind, type DocumentSymbol, type SymbolInformation } from 'vscode-languageserver';
import type { DockerfileDocument } from '../model/document';
import type { StageInfo } from '../model/stages';
import type { Instruction, TextRange, Token } from '../parser';

/** Longest symbol name shown; longer ones are cut with `…`. */
const MAX_NAME = 50;
/** Workspace symbols returned at most. */
export const MAX_WORKSPACE_SYMBOLS = 500;

const KIND_OF: Record<string, SymbolKind> = {
  ARG: SymbolKind.Variable,
  ENV: SymbolKind.Variable,
  LABEL: SymbolKind.Property,
  EXPOSE: SymbolKind.Property,
  CMD: SymbolKind.Event,
  ENTRYPOINT: SymbolKind.Event,
  HEALTHCHECK: SymbolKind.Event,
  ONBUILD: SymbolKind.Event,
  RUN: SymbolKind.Function,
  SHELL: SymbolKind.Function,
  COPY: SymbolKind.File,
  ADD: SymbolKind.File,
  WORKDIR: SymbolKind.Namespace,
  VOLUME: SymbolKind.Namespace,
  USER: SymbolKind.Constant,
  STOPSIGNAL: SymbolKind.Constant,
  MAINTAINER: SymbolKind.String,
  FROM: SymbolKind.Module,
};

/** A one-line, at most MAX_NAME characters long, never empty version of `s`. */
export function shortName(s: string, fallback = '?'): string {
  // look at a bounded prefix only: a value can be a 1 MB line
  let one = s.slice(0, MAX_NAME * 4).replace(/\s+/g, ' ').trim();
  if (one.length > MAX_NAME || s.length > MAX_NAME * 4) {
    let cut = Math.min(one.length, MAX_NAME - 1);
    // do not split a surrogate pair (emoji)
    const c = one.charCodeAt(cut - 1);
    if (c >= 0xd800 && c <= 0xdbff) cut--;
    one = one.slice(0, cut).trimEnd() + '…';
  }
  return one || fallback;
}

const unquote = (s: string) => (s.length >= 2 && (s[0] === '"' || s[0] === "'") && s[s.length - 1] === s[0] ? s.slice(1, -1) : s);

/** `build (golang:1.22)` / `stage 1 (alpine)`: the stage's name in the Outline. */
export function stageLabel(stage: StageInfo): string {
  const d = stage.from.details.kind === 'from' ? stage.from.details : undefined;
  const name = d?.stageName?.value ? shortName(d.stageName.value) : `stage ${stage.index}`;
  return d?.image?.value ? `${name} (${shortName(d.image.value)})` : name;
}

function symbol(doc: DockerfileDocument, name: string, kind: SymbolKind, range: TextRange, selection: TextRange, detail?: string, children?: DocumentSymbol[]): DocumentSymbol {
  const s: DocumentSymbol = { name, kind, range: doc.lines.rangeOf(range), selectionRange: doc.lines.rangeOf(selection) };
  if (detail) s.detail = detail;
  if (children?.length) s.children = children;
  return s;
}

function variableSymbol(doc: DockerfileDocument, name: Token, value: Token | undefined, kind: SymbolKind): DocumentSymbol {
  const range = { start: name.start, end: Math.max(name.end, value?.end ?? name.end) };
  const detail = value && value.value !== '' ? shortName(unquote(value.value)) : undefined;
  return symbol(doc, shortName(unquote(name.value)), kind, range, name, detail);
}

/** The children of an instruction: declared variables, label keys, the ONBUILD trigger. */
function instructionChildren(doc: DockerfileDocument, ins: Instruction): DocumentSymbol[] {
  const d = ins.details;
  if (d.kind === 'arg') return d.declarations.map((decl) => variableSymbol(doc, decl.name, decl.value, SymbolKind.Variable));
  if (d.kind === 'keyValues' && ins.name === 'ENV') return d.pairs.map((p) => variableSymbol(doc, p.key, p.value, SymbolKind.Variable));
  if (d.kind === 'keyValues' && ins.name === 'LABEL') return d.pairs.map((p) => variableSymbol(doc, p.key, p.value, SymbolKind.Property));
  if (d.kind === 'onbuild' && d.instruction) return [instructionSymbol(doc, d.instruction)];
  return [];
}

function instructionSymbol(doc: DockerfileDocument, ins: Instruction): DocumentSymbol {
  const kind = KIND_OF[ins.name] ?? SymbolKind.Field;
  return symbol(doc, shortName(ins.original, ins.keyword), kind, ins, ins.keywordRange, undefined, instructionChildren(doc, ins));
}

function stageSymbol(doc: DockerfileDocument, stage: StageInfo): DocumentSymbol {
  const d = stage.from.details.kind === 'from' ? stage.from.details : undefined;
  const selection = d?.stageName ?? d?.image ?? stage.from.keywordRange;
  const children = stage.instructions.filter((ins) => ins !== stage.from).map((ins) => instructionSymbol(doc, ins));
  const detail = d?.platform ? shortName(d.platform.raw) : undefined;
  return symbol(doc, stageLabel(stage), SymbolKind.Module, stage, selection, detail, children);
}

export function documentSymbols(doc: DockerfileDocument): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  const { stages } = doc.stages;
  const firstFrom = stages.length ? stages[0].start : Infinity;
  // before the first FROM: global ARGs (and whatever else is written there, which Docker rejects)
  for (const ins of doc.ast.instructions) {
    if (ins.start >= firstFrom) break;
    if (ins.details.kind === 'arg' && ins.details.declarations.length) out.push(...instructionChildren(doc, ins));
    else out.push(instructionSymbol(doc, ins));
  }
  for (const stage of stages) out.push(stageSymbol(doc, stage));
  return out;
}

/** True when the characters of `query` appear in `name` in order (case-insensitive). */
export function fuzzyMatch(query: string, name: string): boolean {
  const q = query.toLowerCase();
  const n = name.toLowerCase();
  let i = 0;
  for (let j = 0; i < q.length && j < n.length; j++) if (n[j] === q[i]) i++;
  return i === q.length;
}

function fileName(uri: string): string {
  const cut = uri.search(/[?#]/);
  const path = cut < 0 ? uri : uri.slice(0, cut);
  const base = path.slice(path.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(base) || uri;
  } catch {
    return base || uri;
  }
}

export function workspaceSymbols(docs: Iterable<DockerfileDocument>, query: string): SymbolInformation[] {
  const out: SymbolInformation[] = [];
  const q = query.replace(/\s+/g, '');
  for (const doc of docs) {
    const container = fileName(doc.uri);
    for (const stage of doc.stages.stages) {
      const d = stage.from.details.kind === 'from' ? stage.from.details : undefined;
      const name = d?.stageName?.value ? shortName(d.stageName.value) : `stage ${stage.index}`;
      if (!fuzzyMatch(q, name)) continue;
      // the FROM line: revealing it shows where the stage starts
      out.push({ name, kind: SymbolKind.Module, location: { uri: doc.uri, range: doc.lines.rangeOf(stage.from) }, containerName: container });
      if (out.length >= MAX_WORKSPACE_SYMBOLS) return out;
    }
  }
  return out;
}
