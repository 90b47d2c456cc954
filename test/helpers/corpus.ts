import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository root: the nearest folder above the compiled file holding our package.json. */
export const repoRoot = (() => {
  let dir = __dirname;
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && /"name":\s*"dockerfile-lens"/.test(readFileSync(pkg, 'utf8'))) return dir;
    const up = resolve(dir, '..');
    if (up === dir) return resolve(__dirname, '../../..');
    dir = up;
  }
})();

/** The shared corpus beside the clone (`../shared/corpus`), or $DOCKERFILE_LENS_CORPUS. */
export const corpusDir = process.env.DOCKERFILE_LENS_CORPUS ?? resolve(repoRoot, '../shared/corpus');

export function corpus(...parts: string[]): string {
  const p = join(corpusDir, ...parts);
  if (!existsSync(p)) throw new Error(`corpus file missing: ${p} (set DOCKERFILE_LENS_CORPUS)`);
  return p;
}

export function readCorpus(...parts: string[]): string {
  return readFileSync(corpus(...parts), 'utf8');
}

export function listDirs(dir: string): string[] {
  return readdirSync(dir).filter((n) => statSync(join(dir, n)).isDirectory()).sort();
}

/** Every real-world Dockerfile in the corpus, as [relative name, text]. */
export function realDockerfiles(): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const walk = (dir: string, rel: string) => {
    for (const n of readdirSync(dir).sort()) {
      const p = join(dir, n);
      if (statSync(p).isDirectory()) walk(p, rel + n + '/');
      else out.push([rel + n, readFileSync(p, 'utf8')]);
    }
  };
  walk(corpus('real'), '');
  return out;
}
