/**
 * How the packages are made, read from package.json so that tests package exactly as a release does:
 * `npm run package` (vsce) for the .vsix. Used by test/package/package.test.ts and the e2e harness.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './corpus';

/** The arguments `npm run package` gives `vsce package`, with `-o` pointing at `out` instead. */
export function vscePackageArgs(out: string): string[] {
  const script: string = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).scripts.package;
  const m = /\bvsce package ([^&|;]*)$/.exec(script);
  if (!m) throw new Error(`package.json scripts.package does not end with 'vsce package …': ${script}`);
  const args = m[1].trim().split(/\s+/);
  const o = args.indexOf('-o');
  if (o >= 0) args.splice(o, 2);
  return ['package', ...args, '-o', out];
}

/** vsce's command line in the shared node_modules. */
export const vsceBin = join(repoRoot, 'node_modules/@vscode/vsce/vsce');
