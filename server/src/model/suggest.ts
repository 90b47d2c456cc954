/**
 * BuildKit's "did you mean" suggestions (`util/suggest` in moby/buildkit):
 * the option with the smallest Levenshtein distance below 3, none when an
 * option equals the value exactly. The one fuzzy matcher of the server.
 */

/** Levenshtein distance (insertions, deletions, substitutions cost 1), by code point (agext/levenshtein). */
export function levenshtein(a: string, b: string): number {
  const s = Array.from(a);
  const t = Array.from(b);
  if (s.length === 0) return t.length;
  if (t.length === 0) return s.length;
  let prev = new Array<number>(t.length + 1);
  let cur = new Array<number>(t.length + 1);
  for (let j = 0; j <= t.length; j++) prev[j] = j;
  for (let i = 1; i <= s.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[t.length];
}

function matchCase(val: string, orig: string): string {
  if (orig === orig.toLowerCase()) return val.toLowerCase();
  if (orig === orig.toUpperCase()) return val.toUpperCase();
  return val;
}

export interface Suggestion {
  /** The option, in the case of the input when matching case-insensitively (BuildKit's matchCase). */
  match: string;
  distance: number;
  /** No other option lies at the same distance: safe to offer as a fix. */
  unique: boolean;
}

/**
 * BuildKit's suggest.WrapError: the closest option at distance < 3 (the first
 * of equals), undefined when there is none or when an option matches exactly.
 */
export function closest(value: string, options: Iterable<string>, caseSensitive = true): Suggestion | undefined {
  const val = caseSensitive ? value : value.toLowerCase();
  let best: Suggestion | undefined;
  for (const o of options) {
    const opt = caseSensitive ? o : o.toLowerCase();
    if (opt === val) return undefined;
    const limit = best ? best.distance : 2;
    if (Math.abs(opt.length - val.length) > limit) continue; // the distance is at least the length difference
    const d = levenshtein(val, opt);
    if (d > limit) continue;
    if (!best || d < best.distance) best = { match: caseSensitive ? opt : matchCase(opt, value), distance: d, unique: true };
    else best.unique = false;
  }
  return best;
}

/** `suggest.Search`: the closest option's text (distance < 3), or undefined. */
export function suggest(value: string, options: Iterable<string>, caseSensitive = true): string | undefined {
  return closest(value, options, caseSensitive)?.match;
}
