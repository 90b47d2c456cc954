/**
 * Prints docs/comparison.md (server/src/cli/comparison.ts): starts our language server
 * (`node dist/server.js --stdio`) and the incumbent (dockerfile-language-server-nodejs from
 * node_modules), sends both the same `initialize` (the capabilities VS Code sends:
 * scripts/bench-lsp.ts CAPABILITIES), and reads the incumbent's version, binaries and its validator's
 * (dockerfile-utils) validation codes from the installed packages.
 * Bundled by scripts/build.mjs to out/lib/gen-comparison.js:
 *   node scripts/build.mjs && node out/lib/gen-comparison.js > docs/comparison.md
 * test/unit/comparison.test.ts runs it and fails when docs/comparison.md differs.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { comparisonMarkdown } from '../server/src/cli/comparison';
import { repoRoot } from '../test/helpers/corpus';
import { INCUMBENT, Server, serverCommand } from './bench-lsp';

async function capabilities(which: 'ours' | 'theirs'): Promise<Record<string, unknown>> {
  const s = new Server(which, which === 'ours', serverCommand(which));
  try {
    await s.init();
    return s.caps;
  } finally {
    await s.client.shutdown().catch(() => null);
  }
}

async function main(): Promise<void> {
  const pkgFile = join(repoRoot, 'node_modules', INCUMBENT, 'package.json');
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { name: string; version: string; bin?: Record<string, string> };
  // its validator, resolved from the incumbent's own folder as it loads it
  const req = createRequire(pkgFile);
  const utilsPkgFile = join(dirname(req.resolve('dockerfile-utils')), '..', 'package.json');
  const utilsPkg = JSON.parse(readFileSync(utilsPkgFile, 'utf8')) as { name: string; version: string };
  const { ValidationCode } = req('dockerfile-utils') as { ValidationCode: Record<string, string | number> };
  const codes = new Set(Object.values(ValidationCode).filter((v) => typeof v === 'number')).size;
  const [ours, incumbent] = [await capabilities('ours'), await capabilities('theirs')];
  process.stdout.write(comparisonMarkdown({
    ours,
    incumbent: { name: pkg.name, version: pkg.version, capabilities: incumbent, bin: Object.keys(pkg.bin ?? {}), validator: { name: utilsPkg.name, version: utilsPkg.version, codes } },
    client: 'what VS Code declares (scripts/bench-lsp.ts `CAPABILITIES`: code-action literals, rename prepare, semantic tokens, workspace edits, no dynamic registration of features)',
  }));
}

main().catch((e) => {
  process.stderr.write(`gen-comparison: ${(e as Error).stack ?? e}\n`);
  process.exitCode = 1;
});
