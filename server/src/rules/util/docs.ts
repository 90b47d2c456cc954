/** Documentation links of BuildKit's build checks. */
/**
 * A check id as Docker's URLs spell it: `JSONArgsRecommended` → `json-args-recommended`.
 * A dash goes after a lower-case letter or digit before a capital, and after
 * the capital before the last one of a run followed by a lower-case letter
 * (a lookahead: `([A-Z]+)([A-Z][a-z])` retries from every capital, quadratic).
 */
export const kebab = (id: string) => id.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/([A-Z])(?=[A-Z][a-z])/g, '$1-').toLowerCase();

/** Docker's page for the check, then BuildKit's source of that page. */
export function buildCheckReferences(id: string, ...more: string[]): string[] {
  const k = kebab(id);
  return [`https://docs.docker.com/reference/build-checks/${k}/`, `https://github.com/moby/buildkit/blob/master/frontend/dockerfile/docs/rules/${k}.md`, ...more];
}
