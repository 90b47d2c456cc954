/**
 * MisplacedDirective: a `# syntax=`, `# escape=` or `# check=` comment that
 * BuildKit does not read as a parser directive, because something other than
 * directives comes before it (an instruction, another comment, a blank line).
 * BuildKit treats it as a plain comment. `# check=` comments directly above an
 * instruction are left alone: they suppress checks for that instruction.
 */
import { detectSyntax, parseDirective } from '../parser';
import { matchDirectiveLine } from '../parser/directives';
import type { Fix, Rule } from './types';
import { editsKeepParse } from '../model/edits';
import { l } from '../docs/locale';

const KNOWN = new Set(['syntax', 'escape', 'check']);

export const MisplacedDirective: Rule = {
  id: 'MisplacedDirective',
  severity: 'warning',
  docs: {
    summary: 'Reports a `# syntax=`, `# escape=` or `# check=` line that BuildKit reads as a plain comment because it is not at the top of the file.',
    why: 'Parser directives are only recognised before any instruction, comment or blank line; BuildKit stops looking at the first other line and treats later directives as comments. A misplaced `# syntax=` silently builds with the default frontend, a misplaced `# escape=` leaves `\\` as the escape character, and a misplaced `# check=` configures nothing.',
    example: '# Build the API image\n# syntax=docker/dockerfile:1\nFROM alpine:3.21\n',
    fixed: '# syntax=docker/dockerfile:1\n# Build the API image\nFROM alpine:3.21\n',
    fix: 'Moves the directive to the top of the file, after the directives already there, when no directive of the same name is in force.',
    fixSafety: 'Unsafe: a misplaced directive is an ignored comment; at the top it takes effect (another escape character, syntax or check setting).',
    references: ['https://docs.docker.com/reference/dockerfile/#parser-directives'],
  },
  check(ctx) {
    const { doc } = ctx;
    const text = doc.text;
    const ast = doc.ast;
    const lineOf = (o: number) => doc.lines.positionAt(o).line;
    // made on the first `# check=` comment that needs them (most files have none)
    let instructionLines: Set<number> | undefined;
    let commentLines: Set<number> | undefined;
    let looked = false;
    let syntax: ReturnType<typeof detectSyntax>;
    let check: ReturnType<typeof parseDirective>;
    const lookUp = () => {
      if (looked) return;
      looked = true;
      syntax = detectSyntax(text);
      check = parseDirective('check', text);
    };
    const inForce = (name: string) => ast.directives.some((d) => d.name === name) || (name === 'syntax' && syntax) || (name === 'check' && check);
    for (const c of ast.comments) {
      const m = matchDirectiveLine(text.slice(c.start, c.end));
      if (!m) continue;
      const name = m.key.toLowerCase();
      if (!KNOWN.has(name)) continue;
      const line = lineOf(c.start);
      if (ast.directives.some((d) => d.start === c.start)) continue;
      lookUp();
      if (name === 'syntax' && syntax && syntax.line === line + 1) continue; // after a #! line: still read
      if (name === 'check' && check && check.line === line + 1) continue;
      if (ast.problems.some((p) => p.start >= c.start && p.start <= c.end)) continue; // a repeated directive: the parser reports it
      if (name === 'check') {
        // inline suppression for the instruction right below (comment lines in between)
        instructionLines ??= new Set(ast.instructions.map((i) => lineOf(i.start)));
        commentLines ??= new Set(ast.comments.map((x) => lineOf(x.start)));
        let l = line + 1;
        while (commentLines.has(l)) l++;
        if (instructionLines.has(l)) continue;
      }
      const fixes: Fix[] = [];
      if (!inForce(name)) {
        const lineStart = doc.lines.offsetAt({ line, character: 0 });
        const next = line + 1 < doc.lines.lineCount ? doc.lines.offsetAt({ line: line + 1, character: 0 }) : text.length;
        const last = ast.directives[ast.directives.length - 1];
        let at = last ? (lineOf(last.start) + 1 < doc.lines.lineCount ? doc.lines.offsetAt({ line: lineOf(last.start) + 1, character: 0 }) : text.length) : ast.bomLength;
        const shebang = !last && text.startsWith('#!', ast.bomLength);
        if (shebang) at = doc.lines.lineCount > 1 ? doc.lines.offsetAt({ line: 1, character: 0 }) : text.length;
        const eol = text.includes('\r\n') ? '\r\n' : '\n';
        const needsBreak = at === text.length && at > 0 && text[at - 1] !== '\n';
        const moved = `${needsBreak ? eol : ''}# ${name}=${m.value}${eol}`;
        const edits = [{ start: at, end: at, newText: moved }, { start: lineStart, end: next, newText: '' }];
        if (!(shebang && name === 'escape') && at <= lineStart && editsKeepParse(text, edits)) {
          fixes.push({ title: l(`Move the ${name} directive to the top of the file`, `${name} 지시문을 파일 맨 위로 옮기기`), edits, preferred: true });
        }
      }
      ctx.report({
        range: c,
        message: inForce(name)
          ? l(`BuildKit ignores this ${name} directive: another one at the top of the file is in force`, `BuildKit은 이 ${name} 지시문을 무시합니다. 파일 맨 위에 있는 다른 ${name} 지시문이 적용됩니다`)
          : l(`BuildKit ignores this ${name} directive: parser directives must come before any other line`, `BuildKit은 이 ${name} 지시문을 무시합니다. 파서 지시문은 다른 모든 줄보다 앞에 있어야 합니다`),
        tags: inForce(name) ? ['unnecessary'] : undefined,
        fixes,
      });
    }
  },
};
