/**
 * Reads the exec (JSON) form of an instruction exactly as BuildKit does:
 * `json.NewDecoder(...).Decode(&[]interface{})` on the arguments. That means
 * the first JSON value is read and anything after it is ignored; a syntax
 * error makes BuildKit fall back to shell form, while valid JSON that is not
 * an array of strings (`[1]`, `[["a"]]`) is a hard parse error.
 */

export interface JsonElement {
  value: string;
  /** Offsets of the string literal, quotes included. */
  start: number;
  end: number;
}

export type JsonArrayResult =
  | { kind: 'ok'; elements: JsonElement[]; end: number }
  | { kind: 'syntax'; message: string; offset: number }
  | { kind: 'notStrings'; offset: number };

const MAX_DEPTH = 10000; // Go's encoding/json nesting limit

function isWs(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

function describe(s: string, i: number): string {
  const ch = s[i];
  if (ch === undefined) return 'unexpected end of JSON input';
  const shown = ch === "'" ? "'\\''" : `'${ch}'`;
  return `invalid character ${shown}`;
}

/** Scans a JSON string literal starting at the quote `s[i]`. Returns its decoded value and end, or an error. */
function scanString(s: string, i: number, end: number): { value: string; end: number } | { error: string; offset: number } {
  let out = '';
  let j = i + 1;
  let chunk = j;
  while (j < end) {
    const c = s.charCodeAt(j);
    if (c === 0x22) {
      out += s.slice(chunk, j);
      return { value: out, end: j + 1 };
    }
    if (c < 0x20) return { error: `invalid character in string literal`, offset: j };
    if (c === 0x5c) {
      out += s.slice(chunk, j);
      const e = s[j + 1];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          const hex = s.slice(j + 2, j + 6);
          if (j + 6 > end || !/^[0-9a-fA-F]{4}$/.test(hex)) return { error: `invalid character in \\u hexadecimal character escape`, offset: j };
          let code = parseInt(hex, 16);
          j += 6;
          if (code >= 0xd800 && code < 0xdc00) {
            // a surrogate pair must follow, else Go substitutes U+FFFD
            const hex2 = s.slice(j + 2, j + 6);
            if (s[j] === '\\' && s[j + 1] === 'u' && j + 6 <= end && /^[0-9a-fA-F]{4}$/.test(hex2)) {
              const low = parseInt(hex2, 16);
              if (low >= 0xdc00 && low < 0xe000) {
                out += String.fromCharCode(code, low);
                j += 6;
                chunk = j;
                continue;
              }
            }
            code = 0xfffd;
          } else if (code >= 0xdc00 && code < 0xe000) {
            code = 0xfffd;
          }
          out += String.fromCharCode(code);
          chunk = j;
          continue;
        }
        default:
          return { error: `invalid character in string escape code`, offset: j + 1 };
      }
      j += 2;
      chunk = j;
      continue;
    }
    j++;
  }
  return { error: 'unexpected end of JSON input', offset: end };
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

/**
 * Skips one JSON value of any type starting at `i` (after white space),
 * iteratively so deep nesting cannot overflow the stack.
 */
function skipValue(s: string, i: number, end: number): { end: number } | { error: string; offset: number } {
  // stack of open containers: '[' or '{'
  const stack: number[] = [];
  let j = i;
  for (;;) {
    while (j < end && isWs(s.charCodeAt(j))) j++;
    if (j >= end) return { error: 'unexpected end of JSON input', offset: end };
    const c = s[j];
    let valueDone = false;
    if (c === '[' || c === '{') {
      if (stack.length >= MAX_DEPTH) return { error: 'exceeded max depth', offset: j };
      stack.push(c === '[' ? 0x5b : 0x7b);
      j++;
      while (j < end && isWs(s.charCodeAt(j))) j++;
      if (c === '[' && s[j] === ']') {
        stack.pop();
        j++;
        valueDone = true;
      } else if (c === '{') {
        if (s[j] === '}') {
          stack.pop();
          j++;
          valueDone = true;
        } else {
          if (s[j] !== '"') return { error: `${describe(s, j)} looking for beginning of object key string`, offset: j };
          const k = scanString(s, j, end);
          if ('error' in k) return k;
          j = k.end;
          while (j < end && isWs(s.charCodeAt(j))) j++;
          if (s[j] !== ':') return { error: `${describe(s, j)} after object key`, offset: j };
          j++;
          continue;
        }
      } else {
        continue;
      }
    } else if (c === '"') {
      const r = scanString(s, j, end);
      if ('error' in r) return r;
      j = r.end;
      valueDone = true;
    } else if (s.startsWith('true', j) || s.startsWith('null', j)) {
      j += 4;
      valueDone = true;
    } else if (s.startsWith('false', j)) {
      j += 5;
      valueDone = true;
    } else {
      NUMBER.lastIndex = j;
      const m = NUMBER.exec(s);
      if (!m || m.index !== j) return { error: `${describe(s, j)} looking for beginning of value`, offset: j };
      j += m[0].length;
      valueDone = true;
    }
    // after a value: close containers or continue with the next element
    while (valueDone) {
      if (stack.length === 0) return { end: j };
      while (j < end && isWs(s.charCodeAt(j))) j++;
      const top = stack[stack.length - 1];
      const d = s[j];
      if (d === ',') {
        j++;
        if (top === 0x7b) {
          while (j < end && isWs(s.charCodeAt(j))) j++;
          if (s[j] !== '"') return { error: `${describe(s, j)} looking for beginning of object key string`, offset: j };
          const k = scanString(s, j, end);
          if ('error' in k) return k;
          j = k.end;
          while (j < end && isWs(s.charCodeAt(j))) j++;
          if (s[j] !== ':') return { error: `${describe(s, j)} after object key`, offset: j };
          j++;
        }
        valueDone = false;
      } else if ((d === ']' && top === 0x5b) || (d === '}' && top === 0x7b)) {
        stack.pop();
        j++;
      } else {
        if (j >= end) return { error: 'unexpected end of JSON input', offset: end };
        return { error: `${describe(s, j)} after ${top === 0x5b ? 'array element' : 'object key:value pair'}`, offset: j };
      }
    }
  }
}

/** Parses `s[start..end)` (which starts with `[`) as BuildKit's exec form. */
export function parseJsonArray(s: string, start: number, end: number): JsonArrayResult {
  let j = start + 1;
  const elements: JsonElement[] = [];
  let notString = -1;
  while (j < end && isWs(s.charCodeAt(j))) j++;
  if (s[j] === ']') return { kind: 'ok', elements, end: j + 1 };
  for (;;) {
    while (j < end && isWs(s.charCodeAt(j))) j++;
    if (j >= end) return { kind: 'syntax', message: 'unexpected end of JSON input', offset: end };
    if (s[j] === '"') {
      const r = scanString(s, j, end);
      if ('error' in r) return { kind: 'syntax', message: r.error, offset: r.offset };
      elements.push({ value: r.value, start: j, end: r.end });
      j = r.end;
    } else {
      const r = skipValue(s, j, end);
      if ('error' in r) return { kind: 'syntax', message: r.error, offset: r.offset };
      if (notString < 0) notString = j;
      j = r.end;
    }
    while (j < end && isWs(s.charCodeAt(j))) j++;
    if (j >= end) return { kind: 'syntax', message: 'unexpected end of JSON input', offset: end };
    if (s[j] === ',') {
      j++;
      continue;
    }
    if (s[j] === ']') {
      j++;
      break;
    }
    return { kind: 'syntax', message: `${describe(s, j)} after array element`, offset: j };
  }
  if (notString >= 0) return { kind: 'notStrings', offset: notString };
  return { kind: 'ok', elements, end: j };
}
