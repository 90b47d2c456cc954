/**
 * UnknownInstruction: a keyword BuildKit does not know. `docker build` fails
 * with `unknown instruction: X`, plus BuildKit's "(did you mean Y?)" hint
 * (util/suggest: Levenshtein distance below 3). Replaces the parser's problem
 * of the same code (the engine drops it because this rule exists).
 * Also exports the small helpers the other syntax rules share.
 */
import type { DockerfileDocument } from '../model/document';
import { parse, type Instruction } from '../parser';
import { INSTRUCTIONS } from '../parser/instruction';
import type { Rule, TextEditOffsets } from './types';

/** Levenshtein distance over code points (agext/levenshtein with default costs). */
export function levenshtein(a: string, b: string): number {
  const s = [...a];
  const t = [...b];
  if (s.length === 0) return t.length;
  if (t.length === 0) return s.length;
  let prev = Array.from({ length: t.length + 1 }, (_, i) => i);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    for (let j = 1; j <= t.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (s[i - 1] === t[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[t.length];
}

export interface Suggestion {
  /** The option, in the case of the input when matching case-insensitively (BuildKit's matchCase). */
  match: string;
  distance: number;
  /** No other option lies at the same distance: safe to offer as a fix. */
  unique: boolean;
}

/**
 * BuildKit's suggest.WrapError: the closest option at distance < 3, if any
 * (undefined for an exact match too: then the error is about something else).
 */
export function suggest(value: string, options: readonly string[], caseSensitive: boolean): Suggestion | undefined {
  const val = caseSensitive ? value : value.toLowerCase();
  let best: Suggestion | undefined;
  for (const o of options) {
    const opt = caseSensitive ? o : o.toLowerCase();
    if (opt === val) return undefined;
    const d = levenshtein(val, opt);
    if (d >= 3) continue;
    if (!best || d < best.distance) best = { match: caseSensitive ? opt : matchCase(opt, value), distance: d, unique: true };
    else if (d === best.distance) best.unique = false;
  }
  return best;
}

function matchCase(val: string, orig: string): string {
  if (orig === orig.toLowerCase()) return val.toLowerCase();
  if (orig === orig.toUpperCase()) return val.toUpperCase();
  return val;
}

/** Every instruction, the triggers of ONBUILD included (after their ONBUILD). */
export function allInstructions(doc: DockerfileDocument): Instruction[] {
  const out: Instruction[] = [];
  for (const ins of doc.ast.instructions) {
    out.push(ins);
    let d = ins.details;
    while (d.kind === 'onbuild' && d.instruction) {
      out.push(d.instruction);
      d = d.instruction.details;
    }
  }
  return out;
}

/**
 * True when applying `edits` adds no parser error (other than `ignore`d codes):
 * fixes must never turn a file BuildKit parses into one it rejects.
 */
export function editsKeepParse(text: string, edits: readonly TextEditOffsets[], ignore: readonly string[] = [], local?: { start: number; end: number; header: string }): boolean {
  const count = (t: string) => parse(t).problems.filter((p) => p.severity === 'error' && !ignore.includes(p.code)).length;
  const apply = (t: string, shift: number) => {
    let out = t;
    for (const e of [...edits].sort((a, b) => b.start - a.start || b.end - a.end)) out = out.slice(0, e.start - shift) + e.newText + out.slice(e.end - shift);
    return out;
  };
  // an edit inside one instruction only changes that instruction's parse, unless a heredoc
  // marker appears (it would take the following lines): then the whole file is checked
  if (local && !text.slice(local.start, local.end).includes('<<')) {
    const piece = text.slice(local.start, local.end);
    const shift = local.start - local.header.length;
    return count(apply(local.header + piece, shift)) <= count(local.header + piece);
  }
  return count(apply(text, 0)) <= count(text);
}

/** The lines of an instruction, and the directive lines that set how they parse (the escape char). */
export function instructionLines(doc: DockerfileDocument, ins: Instruction): { start: number; end: number; header: string } {
  const text = doc.text;
  const start = text.lastIndexOf('\n', ins.start - 1) + 1;
  const nl = text.indexOf('\n', ins.end);
  const end = nl < 0 ? text.length : nl + 1;
  const header = doc.ast.escapeChar === '`' ? '# escape=`\n' : '';
  return { start, end, header };
}

const KNOWN = new Set<string>(INSTRUCTIONS);

export const UnknownInstruction: Rule = {
  id: 'UnknownInstruction',
  severity: 'error',
  docs: {
    summary: 'Reports a keyword that is not a Dockerfile instruction.',
    why: 'BuildKit only knows the instructions of the Dockerfile reference; `docker build` stops with `unknown instruction: X` before running any step. A misspelt keyword is the usual cause, or a line that lost its `\\` continuation and now starts with a shell word.',
    example: 'FROM alpine:3.21\nRUN apk add --no-cache curl\nCOPPY app.sh /usr/local/bin/\n',
    fixed: 'FROM alpine:3.21\nRUN apk add --no-cache curl\nCOPY app.sh /usr/local/bin/\n',
    fix: 'Replaces the keyword with the instruction BuildKit suggests, when exactly one lies within two edits.',
    references: ['https://docs.docker.com/reference/dockerfile/#overview'],
  },
  check(ctx) {
    for (const ins of allInstructions(ctx.doc)) {
      if (KNOWN.has(ins.name)) continue;
      const s = suggest(ins.keyword, INSTRUCTIONS, false);
      const message = `unknown instruction: ${ins.keyword}${s ? ` (did you mean ${s.match}?)` : ''}`;
      const edits = s && s.unique && s.distance <= 2 ? [{ ...ins.keywordRange, newText: s.match }] : undefined;
      ctx.report({
        range: ins.keywordRange,
        message,
        fixes: edits && editsKeepParse(ctx.doc.text, edits, ['UnknownInstruction'], instructionLines(ctx.doc, ins))
          ? [{ title: `Change to ${s!.match}`, edits, preferred: true }]
          : undefined,
      });
    }
  },
};
