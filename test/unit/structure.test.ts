/** Document/workspace symbols, folding ranges, selection ranges and document links on the semantic model. */
import * as assert from 'node:assert/strict';
import { SymbolKind, type DocumentSymbol, type Position, type Range, type SelectionRange } from 'vscode-languageserver';
import { foldingRanges } from '../../server/src/features/folding';
import { documentLinks } from '../../server/src/features/links';
import { selectionRanges } from '../../server/src/features/selectionRanges';
import { documentSymbols, workspaceSymbols } from '../../server/src/features/symbols';
import { analyze, type DockerfileDocument } from '../../server/src/model/document';
import { corpus, listDirs, readCorpus, realDockerfiles } from '../helpers/corpus';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateDockerfile, prng } = require('../../scripts/gen-dockerfile.mjs') as { generateDockerfile: (lines: number, seed: number) => string; prng: (seed: number) => () => number };

const doc = (text: string, uri = 'file:///w/Dockerfile') => analyze(uri, 1, text);
const before = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character <= b.character);
const contains = (outer: Range, inner: Range) => before(outer.start, inner.start) && before(inner.end, outer.end);
const sameRange = (a: Range, b: Range) => a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
const textOf = (d: DockerfileDocument, r: Range) => d.text.slice(d.lines.offsetAt(r.start), d.lines.offsetAt(r.end));
/** The texts of a selection chain, innermost first. */
const chainTexts = (d: DockerfileDocument, s: SelectionRange) => {
  const out: string[] = [];
  for (let r: SelectionRange | undefined = s; r; r = r.parent) out.push(textOf(d, r.range));
  return out;
};
/** `|` marks the cursor: the chain of texts at it. */
const select = (source: string) => {
  const offset = source.indexOf('|');
  const d = doc(source.slice(0, offset) + source.slice(offset + 1));
  return chainTexts(d, selectionRanges(d, [d.lines.positionAt(offset)])[0]);
};

const SAMPLE = [
  '# syntax=docker/dockerfile:1', // 0
  'ARG GO_VERSION=1.22 DEBUG', // 1
  '', // 2
  'FROM golang:${GO_VERSION} AS Build', // 3
  '# download first: better caching', // 4
  '# (a second comment line)', // 5
  'RUN --mount=type=cache,target=/go/pkg/mod \\', // 6
  '    go mod download && go build -o /out/app ./cmd/app/with/a/rather/long/path', // 7
  'ENV CGO_ENABLED=0 GOOS=linux', // 8
  '', // 9
  'FROM alpine:3.20', // 10
  'LABEL org.opencontainers.image.source="https://github.com/acme/app"', // 11
  'ONBUILD ENV FOO=bar', // 12
  'COPY --from=build /out/app /app', // 13
  'COPY <<EOF /etc/motd', // 14
  'hello', // 15
  'EOF', // 16
  'ENTRYPOINT ["/app", "--serve"]', // 17
  '',
].join('\n');

/** Symbols are well-formed: names non-empty and on one line, selectionRange in range, children in their parent. */
function checkSymbols(d: DockerfileDocument, symbols: DocumentSymbol[], parent?: DocumentSymbol): number {
  let n = 0;
  for (const s of symbols) {
    n++;
    assert.ok(s.name.length > 0 && !/\n/.test(s.name), `bad name ${JSON.stringify(s.name)}`);
    assert.ok(before(s.range.start, s.range.end), `${s.name}: range reversed`);
    assert.ok(contains(s.range, s.selectionRange), `${s.name}: selectionRange outside range`);
    if (parent) assert.ok(contains(parent.range, s.range), `${s.name} outside its parent ${parent.name}`);
    n += checkSymbols(d, s.children ?? [], s);
  }
  return n;
}

/** Folding ranges are well-formed: end after start, inside the file, no two on one start line, sorted, nested or disjoint. */
function checkFolding(d: DockerfileDocument): number {
  const ranges = foldingRanges(d);
  const starts = new Set<number>();
  for (const r of ranges) {
    assert.ok(r.endLine > r.startLine, JSON.stringify(r));
    assert.ok(r.startLine >= 0 && r.endLine < d.lines.lineCount, JSON.stringify(r));
    assert.ok(!starts.has(r.startLine), `two ranges start on line ${r.startLine}`);
    starts.add(r.startLine);
  }
  for (let i = 1; i < ranges.length; i++) assert.ok(ranges[i - 1].startLine < ranges[i].startLine);
  // nested or disjoint: a range starting inside another one ends inside it too
  const stack: number[] = [];
  for (const r of ranges) {
    while (stack.length && stack[stack.length - 1] < r.startLine) stack.pop();
    if (stack.length) assert.ok(r.endLine <= stack[stack.length - 1], `range ${r.startLine}-${r.endLine} overlaps its enclosing range`);
    stack.push(r.endLine);
  }
  return ranges.length;
}

/** Every chain starts at a range containing the position and grows strictly up to the whole document. */
function checkSelection(d: DockerfileDocument, positions: Position[]): void {
  const chains = selectionRanges(d, positions);
  assert.equal(chains.length, positions.length);
  const whole = d.lines.rangeOf({ start: 0, end: d.text.length });
  chains.forEach((s, i) => {
    const p = d.lines.positionAt(d.lines.offsetAt(positions[i]));
    assert.ok(before(s.range.start, p) && before(p, s.range.end), `chain at ${JSON.stringify(p)} does not contain it`);
    let r: SelectionRange = s;
    while (r.parent) {
      assert.ok(contains(r.parent.range, r.range) && !sameRange(r.parent.range, r.range), `parent does not strictly contain its child at ${JSON.stringify(p)}`);
      r = r.parent;
    }
    assert.ok(sameRange(r.range, whole), 'the chain does not end with the document');
  });
}

/** Links point to well-formed http(s) URLs and cover text inside the document. */
function checkLinks(d: DockerfileDocument): number {
  const links = documentLinks(d);
  for (const l of links) {
    const u = new URL(l.target!);
    assert.ok(u.protocol === 'https:' || u.protocol === 'http:', l.target);
    assert.ok(l.tooltip && l.tooltip.length > 0);
    assert.ok(before(l.range.start, l.range.end) && textOf(d, l.range).length > 0, 'empty link');
    assert.ok(!/\s/.test(textOf(d, l.range)) || /\\/.test(textOf(d, l.range)), `link text ${JSON.stringify(textOf(d, l.range))}`);
  }
  return links.length;
}

function randomPositions(d: DockerfileDocument, count: number, seed: number): Position[] {
  const rnd = prng(seed);
  const out: Position[] = [];
  for (let i = 0; i < count; i++) out.push(d.lines.positionAt(Math.floor(rnd() * (d.text.length + 1))));
  return out;
}

function corpusFiles(): Array<[string, string]> {
  const files = realDockerfiles();
  for (const dir of ['testfiles', 'testfiles-negative']) {
    for (const name of listDirs(corpus('buildkit-parser', dir))) files.push([`buildkit-parser/${dir}/${name}`, readCorpus('buildkit-parser', dir, name, 'Dockerfile')]);
  }
  return files;
}

describe('structure: symbols, folding, selection, links', () => {
  describe('document symbols', () => {
    const d = doc(SAMPLE);
    const symbols = documentSymbols(d);

    it('global ARGs are top-level variables, stages are modules named after their name (as written) or index', () => {
      assert.deepEqual(
        symbols.map((s) => [s.name, s.kind]),
        [
          ['GO_VERSION', SymbolKind.Variable],
          ['DEBUG', SymbolKind.Variable],
          ['Build (golang:${GO_VERSION})', SymbolKind.Module],
          ['stage 1 (alpine:3.20)', SymbolKind.Module],
        ],
      );
      assert.equal(symbols[0].detail, '1.22');
      checkSymbols(d, symbols);
    });

    it('a stage spans FROM to its last instruction; its selectionRange is the stage name, else the image', () => {
      const [, , build, runtime] = symbols;
      assert.deepEqual(build.range, { start: { line: 3, character: 0 }, end: { line: 8, character: 28 } });
      assert.equal(textOf(d, build.selectionRange), 'Build');
      assert.deepEqual(runtime.range.end, { line: 17, character: 30 });
      assert.equal(textOf(d, runtime.selectionRange), 'alpine:3.20');
    });

    it('instructions are children, one line, cut at 50 characters, with a kind each', () => {
      const [, , build, runtime] = symbols;
      assert.deepEqual(
        build.children!.map((c) => [c.name, c.kind]),
        [
          ['RUN --mount=type=cache,target=/go/pkg/mod go mod…', SymbolKind.Function],
          ['ENV CGO_ENABLED=0 GOOS=linux', SymbolKind.Variable],
        ],
      );
      assert.ok(build.children![0].name.length <= 50);
      assert.deepEqual(build.children![0].range, { start: { line: 6, character: 0 }, end: { line: 7, character: SAMPLE.split('\n')[7].length } });
      assert.equal(textOf(d, build.children![0].selectionRange), 'RUN');
      assert.deepEqual(
        build.children![1].children!.map((c) => [c.name, c.kind, c.detail, textOf(d, c.selectionRange)]),
        [
          ['CGO_ENABLED', SymbolKind.Variable, '0', 'CGO_ENABLED'],
          ['GOOS', SymbolKind.Variable, 'linux', 'GOOS'],
        ],
      );
      assert.deepEqual(
        runtime.children!.map((c) => [c.name, c.kind]),
        [
          ['LABEL org.opencontainers.image.source="https://gi…', SymbolKind.Property],
          ['ONBUILD ENV FOO=bar', SymbolKind.Event],
          ['COPY --from=build /out/app /app', SymbolKind.File],
          ['COPY <<EOF /etc/motd', SymbolKind.File],
          ['ENTRYPOINT ["/app", "--serve"]', SymbolKind.Event],
        ],
      );
      assert.equal(runtime.children![0].children![0].detail, 'https://github.com/acme/app');
      // the heredoc body is part of the COPY
      assert.equal(runtime.children![3].range.end.line, 16);
    });

    it('ONBUILD: the registered instruction is a child, with its variables', () => {
      const onbuild = symbols[3].children![1];
      assert.equal(onbuild.children!.length, 1);
      const env = onbuild.children![0];
      assert.equal(env.name, 'ENV FOO=bar');
      assert.equal(textOf(d, env.range), 'ENV FOO=bar');
      assert.deepEqual(env.children!.map((c) => c.name), ['FOO']);
    });

    it('emoji, Korean, CRLF and BOM: names are cut on a character boundary, ranges in UTF-16', () => {
      const long = 'RUN echo ' + '🐳'.repeat(40);
      const e = doc('\ufeffFROM alpine AS 빌드\r\n' + long + '\r\nENV 이름=값\r\n');
      const s = documentSymbols(e);
      assert.equal(s[0].name, '빌드 (alpine)');
      const name = s[0].children![0].name;
      assert.ok(name.endsWith('…'));
      assert.doesNotMatch(name.slice(0, -1), /[\ud800-\udbff]$/, 'a lone high surrogate before …');
      assert.deepEqual(s[0].range.end, { line: 2, character: 8 });
      assert.equal(s[0].children![1].children![0].name, '이름');
      checkSymbols(e, s);
    });

    it('odd files: empty, no FROM, FROM without image, unknown instructions before FROM', () => {
      assert.deepEqual(documentSymbols(doc('')), []);
      assert.deepEqual(documentSymbols(doc('# only a comment\n')), []);
      const s = documentSymbols(doc('BOGUS x\nARG\nFROM\nRUN echo\n'));
      assert.deepEqual(s.map((x) => x.name), ['BOGUS x', 'ARG', 'stage 0']);
      assert.equal(s[2].children![0].name, 'RUN echo');
    });
  });

  describe('workspace symbols', () => {
    const a = doc(SAMPLE, 'file:///w/Dockerfile');
    const b = doc('FROM node:20 AS builder\nFROM builder AS test\nFROM nginx\n', 'file:///w/web/Dockerfile.web%20app');

    it('every stage of every document, with the file name as container', () => {
      const all = workspaceSymbols([a, b], '');
      assert.deepEqual(
        all.map((s) => [s.name, s.containerName, s.location.uri, s.location.range.start.line, s.kind]),
        [
          ['Build', 'Dockerfile', a.uri, 3, SymbolKind.Module],
          ['stage 1', 'Dockerfile', a.uri, 10, SymbolKind.Module],
          ['builder', 'Dockerfile.web app', b.uri, 0, SymbolKind.Module],
          ['test', 'Dockerfile.web app', b.uri, 1, SymbolKind.Module],
          ['stage 2', 'Dockerfile.web app', b.uri, 2, SymbolKind.Module],
        ],
      );
    });

    it('filters by a case-insensitive subsequence of the name', () => {
      assert.deepEqual(workspaceSymbols([a, b], 'bld').map((s) => s.name), ['Build', 'builder']);
      assert.deepEqual(workspaceSymbols([a, b], 'BUILDER').map((s) => s.name), ['builder']);
      assert.deepEqual(workspaceSymbols([a, b], 'stg2').map((s) => s.name), ['stage 2']);
      assert.deepEqual(workspaceSymbols([a, b], 'zz'), []);
    });

    it('returns at most 500 symbols', () => {
      const many = doc(Array.from({ length: 700 }, (_, i) => `FROM alpine AS s${i}`).join('\n'));
      assert.equal(workspaceSymbols([many], '').length, 500);
      assert.deepEqual(workspaceSymbols([many], 'S699').map((s) => s.name), ['s699']);
    });
  });

  describe('folding ranges', () => {
    it('stages, multi-line instructions, heredoc bodies and comment blocks', () => {
      const d = doc(SAMPLE);
      assert.deepEqual(foldingRanges(d), [
        { startLine: 3, endLine: 8, kind: 'region' },
        { startLine: 4, endLine: 5, kind: 'comment' },
        { startLine: 6, endLine: 7 },
        { startLine: 10, endLine: 17, kind: 'region' },
        { startLine: 14, endLine: 16 },
      ]);
      checkFolding(d);
    });

    it('a second heredoc folds on its own; single comment lines and one-line stages do not fold', () => {
      const d = doc('# one\nFROM a\n\n# two\nFROM b\nRUN <<A <<B\na\nA\nb1\nb2\nB\n');
      assert.deepEqual(foldingRanges(d), [
        { startLine: 4, endLine: 10, kind: 'region' },
        { startLine: 5, endLine: 10 },
        { startLine: 7, endLine: 10 },
      ]);
      checkFolding(d);
    });

    it('CRLF, a multi-line FROM (no duplicate start line), an unterminated heredoc', () => {
      const d = doc('FROM alpine \\\r\n  AS x\r\n# a\r\n# b\r\nRUN <<EOF\r\necho\r\n');
      assert.deepEqual(foldingRanges(d), [
        { startLine: 0, endLine: 5, kind: 'region' },
        { startLine: 2, endLine: 3, kind: 'comment' },
        { startLine: 4, endLine: 5 },
      ]);
      checkFolding(d);
    });

    it('a comment inside a continued instruction folds inside it', () => {
      const d = doc('FROM a\nRUN a \\\n  # x\n  # y\n  && b\n');
      assert.deepEqual(foldingRanges(d), [
        { startLine: 0, endLine: 4, kind: 'region' },
        { startLine: 1, endLine: 4 },
        { startLine: 2, endLine: 3, kind: 'comment' },
      ]);
    });
  });

  describe('selection ranges', () => {
    it('variable name → ${NAME} → word → argument → instruction → stage → document', () => {
      const chain = select(SAMPLE.replace('FROM golang:${GO_VERSION}', 'FROM golang:${GO_VE|RSION}'));
      assert.deepEqual(chain.slice(0, 4), ['GO_VERSION', '${GO_VERSION}', 'golang:${GO_VERSION}', 'golang:${GO_VERSION} AS Build']);
      assert.equal(chain[4], 'FROM golang:${GO_VERSION} AS Build');
      assert.ok(chain[5].startsWith('FROM golang') && chain[5].endsWith('GOOS=linux'), 'the stage');
      assert.equal(chain[6], SAMPLE);
      assert.equal(chain.length, 7);
    });

    it('flags: part of the value → value → flag → instruction (with its continuation)', () => {
      const chain = select('FROM a\nRUN --mount=type=cache,tar|get=/root \\\n  make\n');
      assert.deepEqual(chain.slice(0, 5), ['target=/root', 'type=cache,target=/root', '--mount=type=cache,target=/root', 'RUN --mount=type=cache,target=/root \\\n  make', 'FROM a\nRUN --mount=type=cache,target=/root \\\n  make']);
    });

    it('key=value: word → unquoted value → value → pair → arguments', () => {
      assert.deepEqual(select('FROM a\nENV A=1 B="x |y"\n').slice(0, 6), ['y', 'x y', '"x y"', 'B="x y"', 'A=1 B="x y"', 'ENV A=1 B="x y"']);
      assert.deepEqual(select('FROM a\nENV A=1 |B="x y"\n').slice(0, 2), ['B', 'B="x y"']);
      assert.deepEqual(select('ARG V|ER=1\n').slice(0, 3), ['VER', 'VER=1', 'ARG VER=1']);
    });

    it('exec form: word → JSON string contents → JSON string → array', () => {
      assert.deepEqual(select('FROM a\nCMD ["echo", "hello wo|rld"]\n').slice(0, 5), ['world', 'hello world', '"hello world"', '["echo", "hello world"]', 'CMD ["echo", "hello world"]']);
    });

    it('heredoc body: word → line → body → instruction; ONBUILD: inner instruction → ONBUILD', () => {
      assert.deepEqual(select('FROM a\nRUN <<EOF\necho hel|lo\nEOF\n').slice(0, 5), ['hello', 'echo hello', 'echo hello\n', 'RUN <<EOF\necho hello\nEOF', 'FROM a\nRUN <<EOF\necho hello\nEOF']);
      assert.deepEqual(select('FROM a\nONBUILD RUN ma|ke all\n').slice(0, 4), ['make', 'make all', 'RUN make all', 'ONBUILD RUN make all']);
    });

    it('comments, directives, blank lines, the global scope', () => {
      assert.deepEqual(select('# syntax=docker/dock|erfile:1\nFROM a\n'), ['docker/dockerfile:1', '# syntax=docker/dockerfile:1', '# syntax=docker/dockerfile:1\nFROM a\n']);
      assert.deepEqual(select('# a com|ment\nFROM a\n'), ['comment', '# a comment', '# a comment\nFROM a\n']);
      assert.deepEqual(select('FROM a\n|\nRUN x\n'), ['FROM a\n\nRUN x', 'FROM a\n\nRUN x\n']);
      assert.deepEqual(select('ARG A\n|\nFROM a\n'), ['ARG A\n\nFROM a\n']);
      assert.deepEqual(select('\n|\n'), ['\n\n']);
    });

    it('never throws: empty file, out-of-range and malformed positions, one chain per position', () => {
      const empty = doc('');
      assert.deepEqual(selectionRanges(empty, [{ line: 0, character: 0 }]), [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }]);
      const d = doc(SAMPLE);
      const odd = [{ line: 999, character: 999 }, { line: -1, character: -5 }, { line: NaN, character: Infinity }, { line: 3, character: 1e9 }] as Position[];
      const chains = selectionRanges(d, odd);
      assert.equal(chains.length, 4);
      for (const c of chains) assert.equal(chainTexts(d, c).at(-1), SAMPLE);
      assert.deepEqual(selectionRanges(d, []), []);
    });
  });

  describe('document links', () => {
    const links = (text: string) => {
      const d = doc(text);
      return documentLinks(d).map((l) => [textOf(d, l.range), l.target]);
    };

    it('FROM images to their registry page, the link over [registry/]repository', () => {
      assert.deepEqual(
        links(
          [
            'FROM alpine:3.20',
            'FROM bitnami/redis:7.2@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
            'FROM docker.io/library/nginx',
            'FROM ghcr.io/astral-sh/uv:0.4',
            'FROM quay.io/prometheus/node-exporter:v1.8.0',
            'FROM mcr.microsoft.com/dotnet/sdk:8.0',
            'FROM gcr.io/distroless/static-debian12:nonroot',
            'FROM "node:20"',
          ].join('\n'),
        ),
        [
          ['alpine', 'https://hub.docker.com/_/alpine'],
          ['bitnami/redis', 'https://hub.docker.com/r/bitnami/redis'],
          ['docker.io/library/nginx', 'https://hub.docker.com/_/nginx'],
          ['ghcr.io/astral-sh/uv', 'https://ghcr.io/astral-sh/uv'],
          ['quay.io/prometheus/node-exporter', 'https://quay.io/repository/prometheus/node-exporter'],
          ['mcr.microsoft.com/dotnet/sdk', 'https://mcr.microsoft.com/artifact/mar/dotnet/sdk'],
          ['gcr.io/distroless/static-debian12', 'https://gcr.io/distroless/static-debian12'],
          ['node', 'https://hub.docker.com/_/node'],
        ],
      );
      const d = doc('FROM alpine\n');
      assert.equal(documentLinks(d)[0].tooltip, 'Open alpine on Docker Hub');
    });

    it('no link: stages, scratch, other registries, invalid references, variables without a default', () => {
      const text = [
        'ARG TAG',
        'FROM alpine AS base',
        'FROM base',
        'FROM BASE AS again',
        'FROM scratch',
        'FROM registry.example.com/team/app:1',
        'FROM Alpine',
        'FROM a/b/c',
        'FROM alpine:${TAG}',
        'FROM ${TARGETPLATFORM}',
        'FROM alpine:bad!tag',
      ].join('\n');
      assert.deepEqual(links(text), [['alpine', 'https://hub.docker.com/_/alpine']]);
    });

    it('variables with a default in scope are resolved; the link then covers the whole word', () => {
      const d = doc('ARG REGISTRY=ghcr.io\nARG IMAGE=${REGISTRY}/acme/tool\nFROM ${IMAGE}:1.0\n');
      const [l] = documentLinks(d);
      assert.equal(textOf(d, l.range), '${IMAGE}:1.0');
      assert.equal(l.target, 'https://ghcr.io/acme/tool');
      assert.match(l.tooltip!, /ghcr\.io\/acme\/tool:1\.0/);
    });

    it('# syntax=, COPY --from=<image>, ADD URLs and git URLs, LABEL URLs (inside the quotes)', () => {
      const text = [
        '# syntax=docker/dockerfile:1.7',
        'FROM alpine AS base',
        'COPY --from=ghcr.io/astral-sh/uv:latest /uv /bin/uv',
        'COPY --from=base /a /b',
        'COPY --from=0 /a /b',
        'ADD https://example.com/tool.tar.gz /opt/',
        'ADD --keep-git-dir=true https://github.com/moby/buildkit.git#v0.14.0 /src',
        'ADD ["https://example.com/a.txt", "/a"]',
        'ADD git@github.com:moby/buildkit.git /src',
        'LABEL org.opencontainers.image.source="https://github.com/acme/app" other=https://e.com/x',
        'LABEL bad="https://exa mple.com" var="https://e.com/$VERSION" notaurl="see http://x"',
        'ONBUILD ADD https://example.com/onbuild /x',
      ].join('\n');
      assert.deepEqual(links(text), [
        ['docker/dockerfile', 'https://hub.docker.com/r/docker/dockerfile'],
        ['alpine', 'https://hub.docker.com/_/alpine'],
        ['ghcr.io/astral-sh/uv', 'https://ghcr.io/astral-sh/uv'],
        ['https://example.com/tool.tar.gz', 'https://example.com/tool.tar.gz'],
        ['https://github.com/moby/buildkit.git#v0.14.0', 'https://github.com/moby/buildkit.git#v0.14.0'],
        ['https://example.com/a.txt', 'https://example.com/a.txt'],
        ['https://github.com/acme/app', 'https://github.com/acme/app'],
        ['https://e.com/x', 'https://e.com/x'],
        ['https://example.com/onbuild', 'https://example.com/onbuild'],
      ]);
    });

    it('CRLF, BOM and emoji before a link: ranges in UTF-16 on the right line', () => {
      const d = doc('\ufeff# 🐳 한국어\r\nFROM alpine\r\nLABEL x="🚀" url="https://e.com"\r\n');
      assert.deepEqual(
        documentLinks(d).map((l) => [l.range.start, textOf(d, l.range)]),
        [
          [{ line: 1, character: 5 }, 'alpine'],
          [{ line: 2, character: 18 }, 'https://e.com'],
        ],
      );
    });
  });

  describe('bad input never throws and stays well-formed', () => {
    const cases: Array<[string, string]> = [
      ['empty', ''],
      ['CRLF + BOM', '\ufeffFROM alpine AS a\r\nRUN echo \\\r\n  hi\r\n# c\r\n# d\r\n'],
      ['lone CR', 'FROM a\rRUN x\r# c\r# d\r'],
      ['tabs, Korean, emoji', 'FROM\talpine\tAS\t한글\nRUN\techo "🐳 ✨" \\\n\t&& true\nLABEL 설명="이미지 🚀"\n'],
      ['unterminated heredoc', 'FROM a\nRUN <<EOF\necho\n# not a comment\n'],
      ['unterminated JSON', 'FROM a\nCMD ["a", "b\nENTRYPOINT [\n'],
      ['escape directive', '# escape=`\nFROM a\nRUN echo `\n  b\n'],
      ['continuation at EOF', 'FROM a\nRUN echo \\'],
      ['only comments', '# a\n# b\n# c'],
      ['1 MB line', 'FROM alpine\nRUN echo ' + 'x'.repeat(1 << 20) + '\nLABEL u=https://e.com/' + 'y'.repeat(1 << 19) + '\n'],
    ];
    for (const [name, text] of cases) {
      it(name, () => {
        const d = doc(text);
        checkSymbols(d, documentSymbols(d));
        checkFolding(d);
        checkSelection(d, randomPositions(d, 50, 7));
        checkLinks(d);
        workspaceSymbols([d], 'a');
      });
    }
  });

  describe('every corpus file', () => {
    const files = corpusFiles();
    it(`${files.length} files: symbols, folding, selection chains at random positions, links`, () => {
      let symbols = 0;
      let folds = 0;
      let links = 0;
      files.forEach(([name, text], i) => {
        const d = doc(text, `file:///corpus/${name}`);
        try {
          symbols += checkSymbols(d, documentSymbols(d));
          folds += checkFolding(d);
          checkSelection(d, randomPositions(d, 40, i + 1));
          links += checkLinks(d);
        } catch (e) {
          (e as Error).message = `${name}: ${(e as Error).message}`;
          throw e;
        }
      });
      assert.ok(files.length >= 45, `${files.length} corpus files`);
      // the real files have stages, multi-line RUNs and FROM images on Docker Hub
      assert.ok(symbols > 500 && folds > 100 && links > 40, `${symbols} symbols, ${folds} folds, ${links} links`);
      assert.ok(workspaceSymbols(files.map(([n, t]) => doc(t, `file:///corpus/${n}`)), '').length > 45);
    });

    it('a 10,000-line generated file', () => {
      const d = doc(generateDockerfile(10_000, 3));
      assert.ok(checkSymbols(d, documentSymbols(d)) > 1000);
      assert.ok(checkFolding(d) > 100);
      checkSelection(d, randomPositions(d, 500, 3));
      assert.ok(checkLinks(d) > 10);
    });
  });
});
