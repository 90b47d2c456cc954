/**
 * Korean over the real protocol (issue 15, item 3): a client whose language is Korean (the
 * `locale` of `initialize`, `initializationOptions.locale`, or the `dockerfileLens.language`
 * setting) gets Korean diagnostics and quick-fix titles, with the rule ids and their links
 * unchanged; changing the setting re-publishes the same version in the new language.
 */
import * as assert from 'node:assert/strict';
import { LspClient } from '../helpers/lspClient';

type Diag = { range: { start: { line: number; character: number }; end: { line: number; character: number } }; code: string; message: string; codeDescription?: { href: string }; relatedInformation?: Array<{ message: string }> };
type Publish = { uri: string; version?: number; diagnostics: Diag[] };

const HANGUL = /[\uAC00-\uD7A3]/;
const TEXT = 'FROM alpine:3.20 as base\nENV NODE_ENV production\nRUNN echo hi\nEXPOSE 80000\nCMD node server.js\nCMD ["node", "b.js"]\n';

/** The next diagnostics published for `uri` after `after` notifications. */
async function published(client: LspClient, uri: string, after = 0): Promise<Publish> {
  for (let i = 0; i < 250; i++) {
    const n = client.notifications.slice(after).find((x) => x.method === 'textDocument/publishDiagnostics' && (x.params as Publish).uri === uri);
    if (n) return n.params as Publish;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('no diagnostics published');
}

function assertKorean(diags: Diag[]): void {
  assert.deepEqual(diags.map((d) => d.code).sort(), ['FromAsCasing', 'InvalidPort', 'JSONArgsRecommended', 'LegacyKeyValueFormat', 'MultipleInstructionsDisallowed', 'UnknownInstruction'].sort());
  for (const d of diags) {
    assert.match(d.message, HANGUL, `${d.code}: ${d.message}`);
    for (const r of d.relatedInformation ?? []) assert.match(r.message, HANGUL, `${d.code} related: ${r.message}`);
  }
  // BuildKit's English text stays reachable through the rule's link
  assert.equal(diags.find((d) => d.code === 'FromAsCasing')!.codeDescription?.href, 'https://docs.docker.com/go/dockerfile/rule/from-as-casing/');
  assert.equal(diags.find((d) => d.code === 'UnknownInstruction')!.message, '알 수 없는 명령어입니다: RUNN(RUN을 쓰려던 것인가요?)');
}

describe('protocol: Korean diagnostics and quick fixes', function () {
  this.timeout(30000);

  it('initialize with locale ko: diagnostics and every quick-fix title in Korean', async () => {
    const client = new LspClient();
    try {
      await client.initialize('ko');
      const uri = 'file:///tmp/lens-ko/a/Dockerfile';
      client.open(uri, TEXT);
      const { diagnostics } = await published(client, uri);
      assertKorean(diagnostics);
      const actions = await client.request<Array<{ title: string }>>('textDocument/codeAction', {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 6, character: 0 } },
        context: { diagnostics },
      });
      const titles = actions.map((a) => a.title);
      assert.ok(titles.includes("'as'을(를) 'AS'(으)로 바꾸기"), titles.join('\n'));
      assert.ok(titles.includes('RUN(으)로 바꾸기') || titles.includes('RUN으로 바꾸기'), titles.join('\n'));
      assert.ok(titles.includes('이 파일에서 FromAsCasing 검사 건너뛰기 (# check=skip)'), titles.join('\n'));
      // every title is Korean but the exec/shell "convert" ones another part of issue 15 rewrites
      const english = titles.filter((s) => !HANGUL.test(s) && !/^Convert |^Run through /.test(s));
      assert.deepEqual(english, []);
    } finally {
      await client.shutdown();
    }
  });

  it('initializationOptions.locale ko (an editor whose display language is not sent as locale)', async () => {
    const client = new LspClient();
    try {
      await client.request('initialize', { processId: process.pid, rootUri: null, locale: 'en', capabilities: {}, initializationOptions: { locale: 'ko' } });
      client.notify('initialized', {});
      const uri = 'file:///tmp/lens-ko/b/Dockerfile';
      client.open(uri, TEXT);
      assertKorean((await published(client, uri)).diagnostics);
    } finally {
      await client.shutdown();
    }
  });

  it('the dockerfileLens.language setting: ko, then en re-publishes the same version in English', async () => {
    const client = new LspClient();
    let language = 'ko';
    client.onRequest = (method, params) => (method === 'workspace/configuration' ? (params as { items: unknown[] }).items.map(() => ({ language, registry: { enabled: false } })) : null);
    try {
      await client.initialize('en', { workspace: { configuration: true } });
      const uri = 'file:///tmp/lens-ko/c/Dockerfile';
      client.open(uri, TEXT);
      const ko = await published(client, uri);
      assertKorean(ko.diagnostics);
      const seen = client.notifications.length;
      language = 'en';
      client.notify('workspace/didChangeConfiguration', { settings: null });
      const en = await published(client, uri, seen);
      assert.equal(en.version, ko.version);
      assert.deepEqual(en.diagnostics.map((d) => d.code), ko.diagnostics.map((d) => d.code));
      for (const d of en.diagnostics) assert.doesNotMatch(d.message, HANGUL, d.message);
      assert.equal(en.diagnostics.find((d) => d.code === 'UnknownInstruction')!.message, 'unknown instruction: RUNN (did you mean RUN?)');
      // and back: the lint memo keeps both languages, the setting picks one
      const seen2 = client.notifications.length;
      language = 'ko';
      client.notify('workspace/didChangeConfiguration', { settings: null });
      assertKorean((await published(client, uri, seen2)).diagnostics);
    } finally {
      await client.shutdown();
    }
  });
});
