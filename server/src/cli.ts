/**
 * dockerfile-lens command line.
 *   dockerfile-lens check [--format text|json|sarif|github|checkstyle|gitlab] [--fix | --diff [--unsafe-fixes]] [--config FILE] [--builder auto|buildkit|buildah] [--docker PATH] [--registry] [--locale ko|en] PATH...
 *   dockerfile-lens parse --buildkit-dump FILE   print BuildKit's AST dump of FILE
 *   dockerfile-lens parse --json FILE            print our syntax tree as JSON
 *   dockerfile-lens rules --markdown             print the rule docs (docs/rules.md)
 *   dockerfile-lens layers [--format text|json] [--context DIR] [--no-registry] [--docker PATH] FILE
 *                                                what each instruction adds to the image
 *   dockerfile-lens image [--format text|json] [--dockerfile FILE] [--target STAGE] [--docker PATH] [--registry]
 *                         [--files N] [--progress] [--lowest-efficiency R] [--highest-wasted-bytes SIZE]
 *                         [--highest-wasted-percent R] SOURCE
 *                                                a built image's layers and wasted bytes (cli/image.ts)
 */
import { readFileSync } from 'node:fs';
import { runCheck, UsageError } from './cli/check';
import { runImage } from './cli/image';
import { runLayers } from './cli/layers';
import { rulesMarkdown } from './cli/ruleDocs';
import { dumpBuildKit, parse } from './parser';
import { LineIndex } from './parser/text';

const USAGE = `usage:
  dockerfile-lens check [--format text|json|sarif|github|checkstyle|gitlab] [--fix | --diff [--unsafe-fixes]] [--config FILE] [--builder auto|buildkit|buildah] [--docker PATH] [--registry] [--locale ko|en] PATH...
  dockerfile-lens parse (--buildkit-dump | --json) FILE
  dockerfile-lens rules --markdown
  dockerfile-lens layers [--format text|json] [--context DIR] [--no-registry] [--docker PATH] FILE
  dockerfile-lens image [--format text|json] [--dockerfile FILE] [--target STAGE] [--docker PATH] [--registry]
                        [--files N] [--progress] [--lowest-efficiency R] [--highest-wasted-bytes SIZE]
                        [--highest-wasted-percent R] SOURCE
      SOURCE: an image in the local engine, a docker save archive or an OCI layout folder
`;

function usage(code: number): never {
  (code === 0 ? process.stdout : process.stderr).write(USAGE);
  process.exit(code);
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'check' || command === 'layers' || command === 'image') {
    try {
      const write = (s: string) => process.stdout.write(s);
      return command === 'check' ? await runCheck(rest, write) : command === 'layers' ? await runLayers(rest, write) : await runImage(rest, write);
    } catch (e) {
      if (e instanceof UsageError) {
        process.stderr.write(`dockerfile-lens: ${e.message}\n${USAGE}`);
        return 2;
      }
      throw e;
    }
  }
  if (command === 'rules') {
    process.stdout.write(rulesMarkdown());
    return 0;
  }
  if (command !== 'parse') usage(command === undefined || command === '--help' ? 0 : 2);
  const file = rest.find((a) => !a.startsWith('--'));
  if (!file) usage(2);
  let text: string;
  try {
    text = readFileSync(file === '-' ? 0 : file).toString('utf8');
  } catch (e) {
    process.stderr.write(`dockerfile-lens: cannot read ${file}: ${(e as Error).message}\n`);
    return 2;
  }
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

main(process.argv.slice(2)).then((code) => (process.exitCode = code));
