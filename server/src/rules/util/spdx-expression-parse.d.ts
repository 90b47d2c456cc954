/** spdx-expression-parse (MIT) ships no types: it parses an SPDX license expression and throws on an invalid one. */
declare module 'spdx-expression-parse' {
  const parse: (expression: string) => unknown;
  export = parse;
}
