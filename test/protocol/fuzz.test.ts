/**
 * Protocol fuzz: the real server process (`node dist/server.js --stdio`) driven
 * with random sequences of didOpen / didChange (random incremental edits, some
 * splitting CRLF pairs and surrogate pairs) and every request we serve, at
 * random positions (also out of range), for documents that are open and ones
 * that are not, plus malformed messages. It must never die, never answer a
 * valid request with an internal error, stay under a memory bound, and after
 * the edits its view of the text must equal the client's: every request on the
 * edited document answers exactly as on the same text opened fresh.
 * Seeded: a failure prints the seed and the step that broke.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspClient } from '../helpers/lspClient';
import { realDockerfiles } from '../helpers/corpus';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateDockerfile, prng } = require('../../scripts/gen-dockerfile.mjs') as {
  generateDockerfile: (lines: number, seed: number) => string;
  prng: (seed: number) => () => number;
};

const MEMORY_BOUND_MB = 400;
const INTERNAL_ERROR = -32603;

const SNIPPETS = [
  'RUN ', 'FROM alpine AS b\n', '\\\n', '\r\n', '\n', '"', '[', ']', '["a", ', '<<EOF\n', 'EOF\n', '${', '}', '$X', '--from=',
  '# escape=`\n', '# syntax=docker/dockerfile:1\n', 'ENV A=1 B=$A\n', 'ARG V=1\n', '한국어 ', '😀', '\uD83D', '\uDE00', '\t', ' ',
  'COPY --chmod=755 a b\n', 'ONBUILD ', '\0', '\u00A0', 'HEALTHCHECK CMD ', '\r',
];

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

describe('protocol: fuzz (random edits and requests against the real server)', function () {
  this.timeout(120_000);

  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: survives, no internal errors, same view of the text as the client`, async () => {
      const rnd = prng(seed);
      const int = (n: number) => Math.floor(rnd() * n);
      const pick = <T,>(xs: readonly T[]) => xs[int(xs.length)];
      const client = new LspClient();
      const errors: string[] = [];
      const log: string[] = [];
      // no registry lookups: the fuzz is about the server's own robustness, not the network
      client.onRequest = (method) => (method === 'workspace/configuration' ? [{ registry: { enabled: false } }] : null);
      await client.initialize('en', {
        workspace: { configuration: true },
        textDocument: { completion: { completionItem: { snippetSupport: true } } },
      });

      const corpus = realDockerfiles();
      const docs = new Map<string, TextDocument>();
      const uri = (i: number) => `file:///fuzz/${seed}/${i}/Dockerfile`;
      const open = (i: number) => {
        const text = i === 0 ? generateDockerfile(300, seed) : pick(corpus)[1];
        const d = TextDocument.create(uri(i), 'dockerfile', 1, text);
        docs.set(d.uri, d);
        client.open(d.uri, text, 1);
        log.push(`open ${d.uri}`);
      };
      for (let i = 0; i < 3; i++) open(i);

      const randomPosition = (d: TextDocument | undefined) => {
        if (!d || rnd() < 0.1) return { line: int(5000), character: int(500) }; // out of range
        const line = int(d.lineCount);
        const len = d.offsetAt({ line: line + 1, character: 0 }) - d.offsetAt({ line, character: 0 });
        return { line, character: int(len + 2) };
      };
      const randomRange = (d: TextDocument | undefined) => {
        const a = randomPosition(d);
        const b = randomPosition(d);
        return a.line < b.line || (a.line === b.line && a.character <= b.character) ? { start: a, end: b } : { start: b, end: a };
      };
      /** An edit inside the text; some split a CRLF pair or a surrogate pair on purpose. */
      const randomEdit = (d: TextDocument) => {
        const text = d.getText();
        let start = int(text.length + 1);
        if (rnd() < 0.2) {
          const special = text.search(rnd() < 0.5 ? /\r\n/ : /[\uD800-\uDBFF]/);
          if (special >= 0) start = special + 1;
        }
        const end = Math.min(text.length, start + (rnd() < 0.6 ? 0 : int(40)));
        let insert = '';
        for (let k = int(4); k > 0; k--) insert += pick(SNIPPETS);
        return { range: { start: d.positionAt(start), end: d.positionAt(end) }, text: insert };
      };

      const requests: Array<[string, (u: string, d: TextDocument | undefined) => unknown]> = [
        ['textDocument/hover', (u, d) => ({ textDocument: { uri: u }, position: randomPosition(d) })],
        ['textDocument/completion', (u, d) => ({ textDocument: { uri: u }, position: randomPosition(d) })],
        ['textDocument/definition', (u, d) => ({ textDocument: { uri: u }, position: randomPosition(d) })],
        ['textDocument/references', (u, d) => ({ textDocument: { uri: u }, position: randomPosition(d), context: { includeDeclaration: rnd() < 0.5 } })],
        ['textDocument/documentHighlight', (u, d) => ({ textDocument: { uri: u }, position: randomPosition(d) })],
        ['textDocument/prepareRename', (u, d) => ({ textDocument: { uri: u }, position: randomPosition(d) })],
        ['textDocument/rename', (u, d) => ({ textDocument: { uri: u }, position: randomPosition(d), newName: pick(['X', 'new_name', 'bad name', '', '한']) })],
        ['textDocument/codeAction', (u, d) => ({ textDocument: { uri: u }, range: randomRange(d), context: { diagnostics: [] } })],
        ['textDocument/documentSymbol', (u) => ({ textDocument: { uri: u } })],
        ['textDocument/foldingRange', (u) => ({ textDocument: { uri: u } })],
        ['textDocument/selectionRange', (u, d) => ({ textDocument: { uri: u }, positions: [randomPosition(d), randomPosition(d)] })],
        ['textDocument/documentLink', (u) => ({ textDocument: { uri: u } })],
        ['textDocument/semanticTokens/full', (u) => ({ textDocument: { uri: u } })],
        ['textDocument/semanticTokens/full/delta', (u) => ({ textDocument: { uri: u }, previousResultId: String(int(50)) })],
        ['textDocument/semanticTokens/range', (u, d) => ({ textDocument: { uri: u }, range: randomRange(d) })],
        ['textDocument/inlayHint', (u, d) => ({ textDocument: { uri: u }, range: randomRange(d) })],
        ['textDocument/formatting', (u) => ({ textDocument: { uri: u }, options: { tabSize: 4, insertSpaces: rnd() < 0.5 } })],
        ['textDocument/rangeFormatting', (u, d) => ({ textDocument: { uri: u }, range: randomRange(d), options: { tabSize: 2, insertSpaces: true } })],
        ['textDocument/codeLens', (u) => ({ textDocument: { uri: u } })],
        ['dockerfileLens/layers', (u) => ({ uri: u })],
        ['dockerfileLens/buildArgs', (u) => ({ uri: u })],
        ['textDocument/onTypeFormatting', (u, d) => ({ textDocument: { uri: u }, position: randomPosition(d), ch: '\n', options: { tabSize: 4, insertSpaces: true } })],
        ['workspace/symbol', () => ({ query: pick(['', 'b', 'build', 'ZZZ']) })],
      ];

      const pending: Array<Promise<unknown>> = [];
      for (let step = 0; step < 1500; step++) {
        const r = rnd();
        const openUris = [...docs.keys()];
        if (r < 0.35 && openUris.length) {
          const d = docs.get(pick(openUris))!;
          const changes = Array.from({ length: 1 + int(3) }, () => randomEdit(d));
          // each change applies to the text left by the previous one, as LSP says
          let next = d;
          const sent = [];
          for (const c of changes) {
            const c2 = { range: { start: next.positionAt(next.offsetAt(c.range.start)), end: next.positionAt(next.offsetAt(c.range.end)) }, text: c.text };
            next = TextDocument.update(next, [c2], next.version + 1);
            sent.push(c2);
          }
          docs.set(d.uri, next);
          client.notify('textDocument/didChange', { textDocument: { uri: d.uri, version: next.version }, contentChanges: sent });
          log.push(`change ${d.uri} v${next.version}`);
        } else if (r < 0.37) {
          const u = pick(openUris);
          client.notify('textDocument/didClose', { textDocument: { uri: u } });
          docs.delete(u);
          log.push(`close ${u}`);
          open(3 + step);
        } else if (r < 0.39) {
          // malformed: broken JSON, unknown methods, missing params, notifications for unknown documents
          const junk = pick([
            () => client.sendRaw('Content-Length: 9\r\n\r\n{"jsonrp}'),
            () => client.notify('textDocument/didChange', { textDocument: { uri: 'file:///nope', version: 3 }, contentChanges: [{ text: 'x' }] }),
            () => client.notify('$/unknownNotification', { a: 1 }),
            () => pending.push(client.request('textDocument/hover', {}).catch(() => undefined)),
            () => pending.push(client.request('dockerfileLens/noSuchMethod', null).catch(() => undefined)),
          ]);
          junk();
          log.push('junk');
        } else {
          const [method, params] = pick(requests);
          const valid = rnd() < 0.9;
          const u = valid ? pick(openUris) : 'file:///not/open/Dockerfile';
          const p = params(u, docs.get(u));
          log.push(`${method} ${u}`);
          pending.push(client.request(method, p).catch((e: Error & { code?: number }) => {
            if (e.code === INTERNAL_ERROR || e.code === undefined) errors.push(`seed ${seed}, ${method} ${JSON.stringify(p).slice(0, 200)}: ${e.message}`);
          }));
        }
        if (step % 50 === 49) await Promise.all(pending.splice(0));
      }
      await Promise.all(pending.splice(0));
      assert.deepEqual(errors, [], `internal errors (last steps: ${log.slice(-5).join(' | ')})`);
      assert.equal(client.proc.exitCode, null, `the server died: ${client.stderr}`);
      const rss = rssMb(client.proc.pid!);
      assert.ok(rss < MEMORY_BOUND_MB, `server RSS ${rss.toFixed(0)} MB ≥ ${MEMORY_BOUND_MB} MB`);

      // the server's view equals the client's: the same answers as on the text opened fresh
      for (const d of docs.values()) {
        const fresh = `${d.uri}.fresh`;
        client.open(fresh, d.getText(), 1);
        // every base-image lookup settled, so both lens answers see the same sizes
        await Promise.all([d.uri, fresh].map((u) => client.request('dockerfileLens/layers', { uri: u })));
        for (const method of ['textDocument/documentSymbol', 'textDocument/foldingRange', 'textDocument/semanticTokens/full', 'textDocument/formatting', 'textDocument/codeLens']) {
          const params = (u: string) => ({ textDocument: { uri: u }, options: { tabSize: 4, insertSpaces: true } });
          let [a, b] = await Promise.all([client.request(method, params(d.uri)), client.request(method, params(fresh))]);
          if (method === 'textDocument/codeLens') {
            // compare the lenses as the editor shows them: resolved
            const resolve = (ls: unknown) => Promise.all((ls as unknown[]).map((l) => client.request('codeLens/resolve', l)));
            [a, b] = await Promise.all([resolve(a), resolve(b)]);
          }
          const norm = (x: unknown) => JSON.stringify(x, (k, v) => (k === 'resultId' || k === 'data' ? undefined : v)).split(fresh).join(d.uri);
          assert.equal(norm(a), norm(b), `${method} differs between the edited ${d.uri} (v${d.version}) and the same text opened fresh`);
        }
        const probe = { textDocument: { uri: d.uri }, position: randomPosition(d) };
        const [h1, h2] = await Promise.all([client.request('textDocument/hover', probe), client.request('textDocument/hover', { ...probe, textDocument: { uri: fresh } })]);
        assert.deepEqual(h1, h2, `hover at ${JSON.stringify(probe.position)} differs`);
      }
      assert.equal(await client.shutdown(), 0);
    });
  }
});
