/**
 * BuildKit's AST dump (`Node.Dump()` in frontend/dockerfile/parser), the format
 * of its conformance files: one `(instruction ["--flags"] "arg" ...)` line per
 * instruction, strings quoted like Go's strconv.Quote.
 */
import type { DockerfileAst, Instruction } from './ast';

const PRINTABLE = /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u;

/** Go's strconv.Quote. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    switch (ch) {
      case '"': out += '\\"'; continue;
      case '\\': out += '\\\\'; continue;
      case '\x07': out += '\\a'; continue;
      case '\b': out += '\\b'; continue;
      case '\f': out += '\\f'; continue;
      case '\n': out += '\\n'; continue;
      case '\r': out += '\\r'; continue;
      case '\t': out += '\\t'; continue;
      case '\v': out += '\\v'; continue;
    }
    if (c === 0x20 || (c > 0x7e && PRINTABLE.test(ch)) || (c > 0x20 && c < 0x7f)) {
      out += ch;
    } else if (c < 0x80) {
      out += '\\x' + c.toString(16).padStart(2, '0');
    } else if (c < 0x10000) {
      out += '\\u' + c.toString(16).padStart(4, '0');
    } else {
      out += '\\U' + c.toString(16).padStart(8, '0');
    }
  }
  return out + '"';
}

export function dumpInstruction(ins: Instruction): string {
  let s = ins.keyword.toLowerCase();
  if (ins.flags.length > 0) s += ' [' + ins.flags.map((f) => goQuote(f.raw)).join(' ') + ']';
  if (ins.details.kind === 'onbuild') {
    if (ins.details.instruction) s += ' (' + dumpInstruction(ins.details.instruction) + ')';
  } else {
    for (const a of ins.args) s += ' ' + goQuote(a.value);
  }
  return s.trim();
}

/** The dump of a whole file, with the trailing newline BuildKit's test files have. */
export function dumpBuildKit(ast: DockerfileAst): string {
  return ast.instructions.map((i) => '(' + dumpInstruction(i) + ')').join('\n') + '\n';
}
