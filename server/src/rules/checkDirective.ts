/**
 * BuildKit's `# check=` directive: `skip=<ids>|all`, `error=true|false`,
 * `experimental=<ids>|all`, separated by `;` (https://docs.docker.com/reference/build-checks/).
 * As a parser directive it applies to the whole file; BuildKit also reads a
 * `# check=` comment directly above an instruction for that instruction only.
 */
export interface CheckConfig {
  skipAll: boolean;
  skip: Set<string>;
  error: boolean;
  experimentalAll: boolean;
  experimental: Set<string>;
}

const list = (v: string) => new Set(v.split(',').map((s) => s.trim()).filter(Boolean));

export function parseCheckValue(raw: string | undefined): CheckConfig {
  const c: CheckConfig = { skipAll: false, skip: new Set(), error: false, experimentalAll: false, experimental: new Set() };
  // like BuildKit, only the first word counts: `# check=skip=all // why` skips all
  const value = raw?.trim().split(/\s/, 1)[0];
  if (!value) return c;
  for (const part of value.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim().toLowerCase();
    const v = part.slice(eq + 1).trim();
    if (key === 'skip') {
      if (v.toLowerCase() === 'all') c.skipAll = true;
      else for (const s of list(v)) c.skip.add(s);
    } else if (key === 'error') {
      c.error = v.toLowerCase() === 'true';
    } else if (key === 'experimental') {
      if (v.toLowerCase() === 'all') c.experimentalAll = true;
      else for (const s of list(v)) c.experimental.add(s);
    }
  }
  return c;
}
