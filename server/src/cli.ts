/**
 * dockerfile-lens command line.
 *   dockerfile-lens parse --buildkit-dump FILE   print BuildKit's AST dump of FILE
 *   dockerfile-lens parse --json FILE            print our syntax tree as JSON
 */
import { readFileSync } from 'node:fs';
import { dumpBuildKit, parse } from './parser';
import { LineIndex } from './parser/text';

function usage(code: number): never {
  process.stderr.write('usage: dockerfile-lens parse (--buildkit-dump | --json) FILE\n');
  process.exit(code);
}

function main(argv: string[]): number {
  const [command, ...rest] = argv;
  if (command !== 'parse') usage(command === undefined || command === '--help' ? 0 : 2);
  const file = rest.find((a) => !a.startsWith('--'));
  if (!file) usage(2);
  const text = readFileSync(file === '-' ? 0 : file).toString('utf8');
  const ast = parse(text);
  const lines = new LineIndex(text);
  if (rest.includes('--json')) {
    process.stdout.write(JSON.stringify(ast, (k, v) => (k === 'text' ? undefined : v), 2) + '\n');
    return ast.problems.some((p) => p.severity === 'error') ? 1 : 0;
  }
  if (rest.includes('--buildkit-dump')) {
    const fatal = ast.problems.find((p) => p.fatal);
    if (fatal) {
      const pos = lines.positionAt(fatal.start);
      process.stderr.write(`${file}:${pos.line + 1}:${pos.character + 1}: ${fatal.message}\n`);
      return 1;
    }
    process.stdout.write(dumpBuildKit(ast));
    return 0;
  }
  usage(2);
}

process.exitCode = main(process.argv.slice(2));
