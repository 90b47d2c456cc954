/** Semantic tokens on the semantic model: token kinds, encoding, range requests and deltas. */
import * as assert from 'node:assert/strict';
import { SemanticTokenModifiers, SemanticTokenTypes, type Range } from 'vscode-languageserver';
import { SEMANTIC_LEGEND, semanticTokens, semanticTokensDelta } from '../../server/src/features/semanticTokens';
import { analyze } from '../../server/src/model/document';
import { corpus, listDirs, readCorpus, realDockerfiles } from '../helpers/corpus';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateDockerfile, prng } = require('../../scripts/gen-dockerfile.mjs') as { generateDockerfile: (lines: number, seed: number) => string; prng: (seed: number) => () => number };

interface Decoded {
  line: number;
  char: number;
  length: number;
  type: string;
  mods: string[];
  /** The text the token covers. */
  text: string;
}

const splitLines = (text: string) => text.split(/\r\n|\r|\n/);

/** Decodes LSP's relative data back to absolute tokens with their text. */
function decode(text: string, data: number[]): Decoded[] {
  assert.equal(data.length % 5, 0);
  const lines = splitLines(text);
  const out: Decoded[] = [];
  let line = 0;
  let char = 0;
  for (let i = 0; i < data.length; i += 5) {
    line += data[i];
    char = data[i] === 0 ? char + data[i + 1] : data[i + 1];
    const mods = SEMANTIC_LEGEND.tokenModifiers.filter((_, b) => data[i + 4] & (1 << b));
    out.push({ line, char, length: data[i + 2], type: SEMANTIC_LEGEND.tokenTypes[data[i + 3]], mods, text: (lines[line] ?? '').slice(char, char + data[i + 2]) });
  }
  return out;
}

function tokensOf(text: string, range?: Range): Decoded[] {
  return decode(text, semanticTokens(analyze('file:///Dockerfile', 1, text), range));
}

/** "type text" or "type[mods] text" for compact assertions. */
const show = (t: Decoded) => `${t.type}${t.mods.length ? '[' + t.mods.join(',') + ']' : ''} ${t.text}`;
const shown = (text: string) => tokensOf(text).map(show);
const onLine = (tokens: Decoded[], line: number) => tokens.filter((t) => t.line === line).map(show);

/** Sorted, non-overlapping, non-empty, each inside one line of the text; types and modifiers from the legend. */
function assertWellFormed(text: string, data: number[], label = ''): void {
  const lines = splitLines(text);
  let prevLine = -1;
  let prevEnd = 0;
  for (const t of decode(text, data)) {
    const where = `${label} ${t.line}:${t.char}`;
    assert.ok(t.length > 0, `empty token at ${where}`);
    assert.ok(t.line < lines.length, `token after the last line at ${where}`);
    assert.ok(t.char + t.length <= lines[t.line].length, `token past the end of its line at ${where}`);
    assert.ok(t.line > prevLine || t.char >= prevEnd, `unsorted or overlapping token at ${where}`);
    assert.ok(t.type !== undefined, `unknown type at ${where}`);
    prevLine = t.line;
    prevEnd = t.char + t.length;
  }
}

function applyEdits(previous: number[], edits: ReturnType<typeof semanticTokensDelta>): number[] {
  const out = [...previous];
  // LSP: edits are relative to the previous array; apply from the back
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out.splice(e.start, e.deleteCount, ...(e.data ?? []));
  return out;
}

const multiStage = [
  '# syntax=docker/dockerfile:1', // 0
  'ARG GO_VERSION=1.22', // 1
  'FROM --platform=$BUILDPLATFORM golang:${GO_VERSION} AS build', // 2
  'ARG TARGETOS', // 3
  'ENV CGO_ENABLED=0 OUT="/out/app"', // 4
  '# build it', // 5
  'RUN --mount=type=cache,target=/root/.cache GOOS=$TARGETOS go build -o "$OUT" .', // 6
  'FROM build AS test', // 7
  'RUN go test ./...', // 8
  'FROM alpine:3.20', // 9
  'LABEL org.opencontainers.image.title="app"', // 10
  'COPY --from=build /out/app /usr/local/bin/app', // 11
  'COPY --from=nginx:latest /etc/nginx /etc/nginx', // 12
  'ENTRYPOINT ["/usr/local/bin/app", "$OUT"]', // 13
  '',
].join('\n');

describe('semantic tokens', () => {
  it('the legend uses only standard LSP token types and modifiers', () => {
    const types = new Set<string>(Object.values(SemanticTokenTypes));
    const modifiers = new Set<string>(Object.values(SemanticTokenModifiers));
    for (const t of SEMANTIC_LEGEND.tokenTypes) assert.ok(types.has(t), t);
    for (const m of SEMANTIC_LEGEND.tokenModifiers) assert.ok(modifiers.has(m), m);
  });

  it('a multi-stage file: instructions, flags, variables, stages, images, strings, comments, directives', () => {
    const tokens = tokensOf(multiStage);
    assertWellFormed(multiStage, semanticTokens(analyze('file:///Dockerfile', 1, multiStage)));
    assert.deepEqual(onLine(tokens, 0), ['macro syntax', 'string docker/dockerfile:1']);
    assert.deepEqual(onLine(tokens, 1), ['keyword ARG', 'variable[declaration] GO_VERSION', 'string 1.22']);
    assert.deepEqual(onLine(tokens, 2), [
      'keyword FROM',
      'parameter --platform',
      'variable[readonly,defaultLibrary] BUILDPLATFORM',
      'type golang:',
      'variable GO_VERSION',
      'keyword AS',
      'class[declaration] build',
    ]);
    assert.deepEqual(onLine(tokens, 3), ['keyword ARG', 'variable[declaration,readonly,defaultLibrary] TARGETOS']);
    assert.deepEqual(onLine(tokens, 4), ['keyword ENV', 'variable[declaration] CGO_ENABLED', 'string 0', 'variable[declaration] OUT', 'string "/out/app"']);
    assert.deepEqual(onLine(tokens, 5), ['comment # build it']);
    assert.deepEqual(onLine(tokens, 6), [
      'keyword RUN',
      'parameter --mount',
      'string type=cache,target=/root/.cache',
      'variable[readonly,defaultLibrary] TARGETOS',
      'string "', // `$` is left to the grammar
      'variable OUT',
      'string "',
    ]);
    assert.deepEqual(onLine(tokens, 7), ['keyword FROM', 'class build', 'keyword AS', 'class[declaration] test']);
    assert.deepEqual(onLine(tokens, 8), ['keyword RUN']);
    assert.deepEqual(onLine(tokens, 9), ['keyword FROM', 'type alpine:3.20']);
    assert.deepEqual(onLine(tokens, 10), ['keyword LABEL', 'property org.opencontainers.image.title', 'string "app"']);
    assert.deepEqual(onLine(tokens, 11), ['keyword COPY', 'parameter --from', 'class build']);
    assert.deepEqual(onLine(tokens, 12), ['keyword COPY', 'parameter --from', 'type nginx:latest']);
    // exec form: nothing expands $OUT, so it stays part of the string
    assert.deepEqual(onLine(tokens, 13), ['keyword ENTRYPOINT', 'string "/usr/local/bin/app"', 'string "$OUT"']);
    assert.equal(tokens[0].char, 2);
  });

  it('stage references: by name (any case), by index, only earlier stages', () => {
    const text = 'FROM later AS first\nFROM alpine AS Later\nFROM LATER\nCOPY --from=0 /a /a\nCOPY --from=3 /b /b\nCOPY --from=first /c /c\n';
    const t = tokensOf(text);
    assert.deepEqual(onLine(t, 0), ['keyword FROM', 'type later', 'keyword AS', 'class[declaration] first']);
    assert.deepEqual(onLine(t, 2), ['keyword FROM', 'class LATER']);
    assert.deepEqual(onLine(t, 3), ['keyword COPY', 'parameter --from', 'class 0']);
    assert.deepEqual(onLine(t, 4), ['keyword COPY', 'parameter --from', 'type 3']);
    assert.deepEqual(onLine(t, 5), ['keyword COPY', 'parameter --from', 'class first']);
  });

  it('variables: braced with a default, shell single quotes, exec form', () => {
    const text = "FROM a\nARG V\nRUN echo ${V:-$HTTP_PROXY} '$V' \"$V\"\nCMD [\"echo\", \"${V}\"]\n";
    const t = tokensOf(text);
    assert.deepEqual(onLine(t, 2), ['keyword RUN', 'variable V', 'variable[readonly,defaultLibrary] HTTP_PROXY', "string '$V'", 'string "', 'variable V', 'string "']);
    assert.deepEqual(onLine(t, 3), ['keyword CMD', 'string "echo"', 'string "${V}"']);
    // an ENV named like a predefined ARG is the user's own variable
    assert.deepEqual(shown('FROM a\nENV HTTP_PROXY=x\n'), ['keyword FROM', 'type a', 'keyword ENV', 'variable[declaration] HTTP_PROXY', 'string x']);
  });

  it('CRLF, a byte-order mark, Korean and emoji: UTF-16 positions and lengths', () => {
    const text = '\uFEFFFROM alpine AS 빌드\r\nLABEL desc="한국어 😀 text"\r\n# 주석 🐳\r\nRUN echo "😀" $HOME\r\n';
    const t = tokensOf(text);
    assertWellFormed(text, semanticTokens(analyze('file:///Dockerfile', 1, text)));
    assert.deepEqual(onLine(t, 0), ['keyword FROM', 'type alpine', 'keyword AS', 'class[declaration] 빌드']);
    assert.deepEqual(t[0], { line: 0, char: 1, length: 4, type: 'keyword', mods: [], text: 'FROM' });
    const label = t.find((x) => x.type === 'string' && x.line === 1)!;
    assert.equal(label.length, '"한국어 😀 text"'.length);
    assert.equal(label.length, 13); // the emoji counts 2
    assert.deepEqual(onLine(t, 2), ['comment # 주석 🐳']);
    assert.deepEqual(onLine(t, 3), ['keyword RUN', 'string "😀"', 'variable HOME']);
    const home = t.find((x) => x.text === 'HOME')!;
    assert.equal(home.char, 'RUN echo "😀" $'.length);
  });

  it('ONBUILD: both keywords and the inner instruction', () => {
    const text = 'FROM a AS base\nonbuild copy --from=base /x /y\nONBUILD RUN ["sh", "-c", "echo $X"]\nONBUILD ARG NAME=v\n';
    const t = tokensOf(text);
    assert.deepEqual(onLine(t, 1), ['keyword onbuild', 'keyword copy', 'parameter --from', 'class base']);
    // `sh -c` in exec form: the shell expands $X
    assert.deepEqual(onLine(t, 2), ['keyword ONBUILD', 'keyword RUN', 'string "sh"', 'string "-c"', 'string "echo ', 'variable X', 'string "']);
    assert.deepEqual(onLine(t, 3), ['keyword ONBUILD', 'keyword ARG', 'variable[declaration] NAME', 'string v']);
  });

  it('heredocs: markers and terminators, nothing inside the bodies', () => {
    const text = [
      'FROM a',
      'RUN <<-"EOF" bash && cat <<X2',
      '\techo $HOME "quoted"',
      '\t# not a comment',
      '\tEOF',
      'x2 body',
      'X2',
      'COPY --chmod=755 <<EOF /usr/local/bin/run.sh',
      '#!/bin/sh',
      'echo $PATH',
      'EOF',
      'ONBUILD RUN <<EOT',
      'echo on',
      'EOT',
      'RUN <<EOF',
      'never terminated "x"',
      '',
    ].join('\n');
    const t = tokensOf(text);
    assertWellFormed(text, semanticTokens(analyze('file:///Dockerfile', 1, text)));
    assert.deepEqual(onLine(t, 1), ['keyword RUN', 'operator <<-"EOF"', 'operator <<X2']);
    for (const body of [2, 3, 5, 8, 9, 12, 15]) assert.deepEqual(onLine(t, body), [], `line ${body}`);
    assert.deepEqual(onLine(t, 4), ['operator EOF']);
    assert.equal(t.find((x) => x.line === 4)!.char, 1); // the tab `<<-` strips is not part of it
    assert.deepEqual(onLine(t, 6), ['operator X2']);
    assert.deepEqual(onLine(t, 7), ['keyword COPY', 'parameter --chmod', 'string 755', 'operator <<EOF']);
    assert.deepEqual(onLine(t, 10), ['operator EOF']);
    assert.deepEqual(onLine(t, 11), ['keyword ONBUILD', 'keyword RUN', 'operator <<EOT']);
    assert.deepEqual(onLine(t, 13), ['operator EOT']);
    assert.deepEqual(onLine(t, 14), ['keyword RUN', 'operator <<EOF']);
  });

  it('JSON form and invalid JSON (shell form): strings with their quotes', () => {
    const text = 'FROM a\nSHELL ["/bin/bash", "-c"]\nCMD ["a\\"b", "c"\nHEALTHCHECK --interval=5s CMD ["curl", "-f", "http://x"]\nHEALTHCHECK NONE\nVOLUME ["/data"]\n';
    const t = tokensOf(text);
    assert.deepEqual(onLine(t, 1), ['keyword SHELL', 'string "/bin/bash"', 'string "-c"']);
    assert.deepEqual(onLine(t, 2), ['keyword CMD', 'string "a\\"b"', 'string "c"']);
    assert.deepEqual(onLine(t, 3), ['keyword HEALTHCHECK', 'parameter --interval', 'string 5s', 'keyword CMD', 'string "curl"', 'string "-f"', 'string "http://x"']);
    assert.deepEqual(onLine(t, 4), ['keyword HEALTHCHECK', 'keyword NONE']);
    assert.deepEqual(onLine(t, 5), ['keyword VOLUME', 'string "/data"']);
  });

  it('comments between continuation lines; strings split per line around them', () => {
    const text = 'FROM a\nRUN echo "one \\\n# don\'t stop the string here\n  two" \\\n  # indented comment\n  && echo $X\n';
    const t = tokensOf(text);
    assertWellFormed(text, semanticTokens(analyze('file:///Dockerfile', 1, text)));
    assert.deepEqual(onLine(t, 1), ['keyword RUN', 'string "one \\']);
    assert.deepEqual(onLine(t, 2), ["comment # don't stop the string here"]);
    assert.deepEqual(onLine(t, 3), ['string   two"']);
    assert.deepEqual(onLine(t, 4), ['comment # indented comment']);
    assert.deepEqual(onLine(t, 5), ['variable X']);
  });

  it('unknown instructions get no keyword; the escape directive changes quoting', () => {
    assert.deepEqual(shown('FROM a\nFOO bar "x"\n'), ['keyword FROM', 'type a', 'string "x"']);
    const text = '# escape=`\nFROM a\nRUN echo "a`"b" c\n';
    assert.deepEqual(onLine(tokensOf(text), 2), ['keyword RUN', 'string "a`"b"']);
  });

  it('bad input does not throw and gives well-formed tokens', () => {
    const cases = [
      '',
      '\n\n',
      '\uFEFF',
      '# only a comment',
      'FROM',
      'RUN ["unterminated',
      'FROM a\nRUN echo "unterminated \\\n  still',
      'FROM a\nRUN <<EOF\nno end',
      'FROM a\r\rRUN\tx\r',
      'FROM a\nENV A=1 B="two $A" C\n',
      'FROM a\nRUN echo ' + '$X "y" '.repeat(150_000),
      'FROM a\nARG ' + 'x'.repeat(1_000_000),
      'ONBUILD\nONBUILD ONBUILD RUN x\n',
      '\\\n\\\n',
      'FROM a\nCOPY --from= /a /b\nRUN --mount --network=\n',
    ];
    for (const text of cases) {
      const doc = analyze('file:///Dockerfile', 1, text);
      assertWellFormed(text, semanticTokens(doc), JSON.stringify(text.slice(0, 40)));
      assertWellFormed(text, semanticTokens(doc, { start: { line: 1, character: 3 }, end: { line: 1, character: 9 } }));
    }
    const long = decode('', semanticTokens(analyze('file:///Dockerfile', 1, 'FROM a\nRUN echo ' + '$X "y" '.repeat(150_000))));
    assert.equal(long.length, 3 + 300_000);
  });

  it('every real Dockerfile and BuildKit parser case: sorted, non-overlapping, single-line tokens', () => {
    const files: Array<[string, string]> = [...realDockerfiles()];
    for (const dir of ['testfiles', 'testfiles-negative']) {
      for (const name of listDirs(corpus('buildkit-parser', dir))) files.push([`${dir}/${name}`, readCorpus('buildkit-parser', dir, name, 'Dockerfile')]);
    }
    assert.ok(files.length > 45, `${files.length} files`);
    let keywords = 0;
    for (const [name, text] of files) {
      const data = semanticTokens(analyze('file:///Dockerfile', 1, text));
      assertWellFormed(text, data, name);
      keywords += decode(text, data).filter((t) => t.type === 'keyword').length;
    }
    assert.ok(keywords > 500, `${keywords} keywords`);
  });

  it('range requests give exactly the full tokens that intersect the range', () => {
    const texts = [multiStage, generateDockerfile(600, 7), 'FROM a\nRUN echo "x \\\n# c\n y" \\\n  && z\n'];
    const random = prng(42);
    for (const text of texts) {
      const doc = analyze('file:///Dockerfile', 1, text);
      const full = decode(text, semanticTokens(doc));
      const lines = splitLines(text);
      for (let n = 0; n < 40; n++) {
        const a = Math.floor(random() * lines.length);
        const b = Math.min(lines.length - 1, a + Math.floor(random() * 30));
        const range = { start: { line: a, character: Math.floor(random() * 6) }, end: { line: b, character: Math.floor(random() * 40) } };
        const from = doc.lines.offsetAt(range.start);
        const to = doc.lines.offsetAt(range.end);
        const offset = (t: Decoded) => doc.lines.offsetAt({ line: t.line, character: t.char });
        const expected = full.filter((t) => offset(t) < to && offset(t) + t.length > from);
        const data = semanticTokens(doc, range);
        assert.deepEqual(decode(text, data), expected, JSON.stringify(range));
        assertWellFormed(text, data);
      }
    }
  });

  it('delta: one edit that turns the previous data into the next, on random pairs', () => {
    const random = prng(7);
    const randomArray = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 4));
    for (let n = 0; n < 500; n++) {
      const previous = randomArray(Math.floor(random() * 30));
      // mostly related pairs (a shared prefix and suffix), some unrelated
      const next = random() < 0.2 ? randomArray(Math.floor(random() * 30)) : (() => {
        const cut = Math.floor(random() * (previous.length + 1));
        const keep = Math.floor(random() * (previous.length - cut + 1));
        return [...previous.slice(0, cut), ...randomArray(Math.floor(random() * 8)), ...previous.slice(cut + keep)];
      })();
      const edits = semanticTokensDelta(previous, next);
      assert.ok(edits.length <= 1);
      assert.deepEqual(applyEdits(previous, edits), next, `${previous} -> ${next}`);
    }
    assert.deepEqual(semanticTokensDelta([1, 2, 3, 4, 5], [1, 2, 3, 4, 5]), []);
  });

  it('delta between two versions of a document is small and token-aligned', () => {
    const before = generateDockerfile(400, 3);
    const lines = before.split('\n');
    lines.splice(200, 0, 'ENV INSERTED=1');
    const after = lines.join('\n');
    const previous = semanticTokens(analyze('file:///Dockerfile', 1, before));
    const next = semanticTokens(analyze('file:///Dockerfile', 2, after));
    const edits = semanticTokensDelta(previous, next);
    assert.equal(edits.length, 1);
    assert.equal(edits[0].start % 5, 0);
    assert.equal(edits[0].deleteCount % 5, 0);
    assert.ok(edits[0].data!.length < 40, `edit of ${edits[0].data!.length} numbers`);
    assert.deepEqual(applyEdits(previous, edits), next);
  });
});
