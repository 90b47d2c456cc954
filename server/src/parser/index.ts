/** The parser's public face: pure TypeScript, no LSP or VS Code types. */
export * from './ast';
export { parse, splitLines, continuationAt, isCommentAt, MAX_LINE_BYTES, type Line } from './parser';
export { dumpBuildKit, dumpInstruction, goQuote } from './dump';
export { LineIndex, lastStartingBefore, trimEnd, type Position } from './text';
export { detectSyntax, parseDirective } from './directives';
export { parseHeredocWord, heredocsFromLine } from './heredoc';
export { ShellLex, ShellError, findVariableReferences } from './shell';
