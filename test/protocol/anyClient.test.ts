/**
 * The real server (dist/server.js over stdio) as an LSP client we did not write sees it: one that
 * advertises no optional capability at all (`capabilities: {}`, like Neovim 0.7 without plugins).
 * Every server→client message is recorded, and the server must never send a request the client did
 * not advertise (no workspace/configuration, no refresh, no registerCapability, no showDocument…).
 * Settings come from `initializationOptions.dockerfileLens` and `workspace/didChangeConfiguration`;
 * lenses go out resolved, with the base image's size looked up before the answer (the client cannot
 * be asked to refresh), and their commands run on the server (`workspace/executeCommand`).
 * The base image is looked up through `docker.path`: a real executable standing in for docker that
 * answers `docker image inspect` after 300 ms (as test/protocol/baseEnv.test.ts does).
 */
import * as assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { LspClient } from '../helpers/lspClient';

type Diag = { code: string; message: string; range: { start: { line: number } } };
type Lens = { range: { start: { line: number } }; command?: { title: string; command: string; arguments?: unknown[] }; data?: unknown };

const TEXT = [
  'FROM example.com/team/tool:1 AS build',
  'COPY app.bin /app.bin',
  'RUN apt-get update && apt-get install -y curl',
  'from scratch',
  'COPY --from=build /app.bin /app.bin',
  'CMD /app.bin --serve',
  '',
].join('\n');

/** A client that records every server→client message; answers every request with null. */
function recordingClient(): { client: LspClient; requests: Array<{ method: string; params: unknown }> } {
  const client = new LspClient();
  const requests: Array<{ method: string; params: unknown }> = [];
  client.onRequest = (method, params) => {
    requests.push({ method, params });
    return null;
  };
  return { client, requests };
}

async function waitFor<T>(f: () => T | undefined, what: string): Promise<T> {
  for (let i = 0; i < 500; i++) {
    const v = f();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('protocol: a client with no optional capabilities (like Neovim 0.7)', function () {
  this.timeout(30000);
  const dir = mkdtempSync(join(tmpdir(), 'lens-anyclient-'));
  const fake = join(dir, 'docker');
  writeFileSync(fake, `#!/bin/sh\nsleep 0.3\ncase "$1 $4" in "image example.com/team/tool:1") printf '%s' '[{"Id":"sha256:1","Size":5000000,"Os":"linux","Architecture":"amd64","Config":{"Env":["PATH=/usr/bin:/bin"]}}]';; *) exit 1;; esac\n`);
  chmodSync(fake, 0o755);
  writeFileSync(join(dir, 'app.bin'), Buffer.alloc(12345, 1));
  writeFileSync(join(dir, 'Dockerfile'), TEXT);
  const uri = pathToFileURL(join(dir, 'Dockerfile')).href;
  const base = { docker: { path: fake }, registry: { enabled: false } };
  let client: LspClient;
  let requests: Array<{ method: string; params: unknown }>;
  let init: { capabilities: Record<string, unknown> };

  before(async () => {
    ({ client, requests } = recordingClient());
    init = await client.initialize('en', {}, { dockerfileLens: base });
    client.open(uri, TEXT);
  });
  after(async () => {
    assert.equal(await client.shutdown(), 0);
    rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => {
    // whatever the test did: not one request the client did not advertise
    assert.deepEqual(requests.map((r) => r.method), [], 'the server sent requests a capability-less client never advertised');
  });

  const published = () => client.notifications.filter((n) => n.method === 'textDocument/publishDiagnostics' && (n.params as { uri: string }).uri === uri)
    .map((n) => n.params as { version: number; diagnostics: Diag[] });
  const codes = (p: { diagnostics: Diag[] }) => p.diagnostics.map((d) => d.code);

  it('announces the server-run lens commands (not the VS Code extension\'s ids)', () => {
    assert.deepEqual(init.capabilities.executeCommandProvider, { commands: ['dockerfileLens.server.showLayerBreakdown', 'dockerfileLens.server.buildImage', 'dockerfileLens.server.analyzeImage', 'dockerfileLens.server.showImageWaste'] });
  });

  it('publishes diagnostics, hovers, completes without snippets, formats', async () => {
    const first = await waitFor(() => published()[0], 'diagnostics');
    assert.ok(codes(first).includes('ConsistentInstructionCasing'), codes(first).join());
    const hover = await client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: { line: 5, character: 1 } });
    assert.match(hover.contents.value, /CMD/);
    const items = await client.request<Array<{ label: string; insertTextFormat?: number }>>('textDocument/completion', { textDocument: { uri }, position: { line: 6, character: 0 } });
    assert.ok(items.some((i) => i.label === 'HEALTHCHECK'));
    assert.ok(items.every((i) => i.insertTextFormat !== 2), 'no snippet to a client without snippetSupport');
    const edits = await client.request<Array<{ newText: string }>>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 4, insertSpaces: true } });
    assert.ok(edits.some((e) => e.newText.includes('FROM')), JSON.stringify(edits));
  });

  it('code actions carry their edits (nothing for the client to run)', async () => {
    const diags = (await waitFor(() => published()[0], 'diagnostics')).diagnostics;
    const casing = diags.find((d) => d.code === 'ConsistentInstructionCasing')!;
    const actions = await client.request<Array<{ title: string; edit?: unknown; command?: unknown }>>('textDocument/codeAction', { textDocument: { uri }, range: casing.range, context: { diagnostics: [casing] } });
    assert.ok(actions.length > 0);
    assert.ok(actions.every((a) => a.edit !== undefined && a.command === undefined), JSON.stringify(actions));
  });

  it('lenses go out resolved, the base image\'s size looked up before the answer, every command announced', async () => {
    const lenses = await client.request<Lens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.ok(lenses.length > 0);
    assert.ok(lenses.every((l) => l.command !== undefined), 'every lens resolved');
    const announced = (init.capabilities.executeCommandProvider as { commands: string[] }).commands;
    assert.deepEqual(lenses.filter((l) => !announced.includes(l.command!.command)).map((l) => l.command!.command), [], 'a lens command the server does not run');
    const from = lenses.filter((l) => l.range.start.line === 0).map((l) => l.command!.title).join(' | ');
    assert.match(from, /\b5(\.00)? MB\b/, 'the size docker image inspect reported (no refresh to wait for)');
  });

  it('workspace/executeCommand: the breakdown as a message, Build Image… as the command line, an unknown id as an error', async () => {
    const lenses = await client.request<Lens[]>('textDocument/codeLens', { textDocument: { uri } });
    const copy = lenses.find((l) => l.range.start.line === 1)!.command!;
    const before = client.notifications.length;
    assert.equal(await client.request('workspace/executeCommand', { command: copy.command, arguments: copy.arguments }), null);
    const shown = await waitFor(() => client.notifications.slice(before).find((n) => n.method === 'window/showMessage'), 'showMessage');
    const message = (shown.params as { message: string }).message;
    assert.match(message, /app\.bin: 12\.3 kB/);
    const build = lenses.find((l) => l.command!.command === 'dockerfileLens.server.buildImage')!.command!;
    const before2 = client.notifications.length;
    await client.request('workspace/executeCommand', { command: build.command, arguments: build.arguments });
    const told = await waitFor(() => client.notifications.slice(before2).find((n) => n.method === 'window/showMessage'), 'showMessage');
    assert.ok((told.params as { message: string }).message.endsWith(`\n${fake} build -f ${fileURLToPath(uri)} ${dir}`), (told.params as { message: string }).message);
    await assert.rejects(client.request('workspace/executeCommand', { command: 'dockerfileLens.nope', arguments: [] }), /Unknown command: dockerfileLens\.nope/);
    // bad arguments: nothing happens, nothing crashes
    assert.equal(await client.request('workspace/executeCommand', { command: copy.command, arguments: ['junk'] }), null);
    assert.equal(await client.request('workspace/executeCommand', { command: build.command }), null);
  });

  it('settings pushed with workspace/didChangeConfiguration apply (a rule set to off stops reporting)', async () => {
    await waitFor(() => published().find((p) => codes(p).includes('ConsistentInstructionCasing')), 'the finding');
    const n = published().length;
    client.notify('workspace/didChangeConfiguration', { settings: { dockerfileLens: { ...base, rules: { ConsistentInstructionCasing: 'off' } } } });
    const after = await waitFor(() => published().slice(n)[0], 'diagnostics after the settings');
    assert.ok(!codes(after).includes('ConsistentInstructionCasing'), codes(after).join());
    assert.ok(after.diagnostics.length > 0, 'the other findings stay');
    // a payload without the section (a client that only signals a change) keeps what was pushed
    const m = published().length;
    client.notify('workspace/didChangeConfiguration', { settings: null });
    const again = await waitFor(() => published().slice(m)[0], 'diagnostics after an empty change');
    assert.ok(!codes(again).includes('ConsistentInstructionCasing'));
  });
});

describe('protocol: settings from initializationOptions, the breakdown through window/showDocument', function () {
  this.timeout(30000);
  const dir = mkdtempSync(join(tmpdir(), 'lens-anyclient2-'));
  writeFileSync(join(dir, 'app.bin'), Buffer.alloc(12345, 1));
  writeFileSync(join(dir, 'Dockerfile'), TEXT);
  const uri = pathToFileURL(join(dir, 'Dockerfile')).href;
  let client: LspClient;
  let requests: Array<{ method: string; params: unknown }>;
  let shownText = '';

  before(async () => {
    ({ client, requests } = recordingClient());
    client.onRequest = (method, params) => {
      requests.push({ method, params });
      if (method === 'window/showDocument') {
        shownText = readFileSync(fileURLToPath((params as { uri: string }).uri), 'utf8');
        return { success: true };
      }
      return null;
    };
    await client.initialize('en', { window: { showDocument: { support: true } } }, { dockerfileLens: { registry: { enabled: false }, rules: { ConsistentInstructionCasing: 'off' } } });
    client.open(uri, TEXT);
  });
  after(async () => {
    assert.equal(await client.shutdown(), 0);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a rule set to off in initializationOptions does not report', async () => {
    const p = await waitFor(() => client.notifications.find((n) => n.method === 'textDocument/publishDiagnostics'), 'diagnostics');
    const found = (p.params as { diagnostics: Diag[] }).diagnostics.map((d) => d.code);
    assert.ok(found.length > 0 && !found.includes('ConsistentInstructionCasing'), found.join());
  });

  it('the breakdown opens as a markdown file (window/showDocument, the one request this client advertised)', async () => {
    const lenses = await client.request<Lens[]>('textDocument/codeLens', { textDocument: { uri } });
    const copy = lenses.find((l) => l.range.start.line === 1)!.command!;
    await client.request('workspace/executeCommand', { command: copy.command, arguments: copy.arguments });
    assert.deepEqual([...new Set(requests.map((r) => r.method))], ['window/showDocument']);
    const shown = requests[0].params as { uri: string; takeFocus: boolean };
    assert.match(shown.uri, /^file:\/\/.*Dockerfile-line2-layer\.md$/);
    assert.equal(shown.takeFocus, true);
    assert.match(shownText, /^# \+12\.3 kB/m);
    assert.match(shownText, /^\| app\.bin \| 12\.3 kB \|/m);
    assert.ok(!client.notifications.some((n) => n.method === 'window/showMessage'), 'shown as a document, not as a message');
  });
});

describe('protocol: long lens lists and the extension\'s own client', function () {
  this.timeout(30000);
  // 300 COPY lines: 300+ lenses, more than go out resolved to a client that can resolve
  const long = ['FROM scratch', ...Array.from({ length: 300 }, (_, i) => `COPY f${i} /f${i}`), ''].join('\n');
  const uri = 'file:///nonexistent/anyclient/Dockerfile';
  const lensesOf = async (capabilities: object, options?: object) => {
    const client = new LspClient();
    const methods: string[] = [];
    client.onRequest = (method) => {
      methods.push(method);
      return null;
    };
    const init = await client.initialize('en', capabilities, { dockerfileLens: { registry: { enabled: false } }, ...options });
    client.open(uri, long);
    const lenses = await client.request<Lens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.equal(await client.shutdown(), 0);
    return { init, lenses, methods };
  };

  it('a client without resolveSupport gets a long list resolved; one with it gets places, to resolve', async () => {
    const none = await lensesOf({});
    assert.ok(none.lenses.length > 300 && none.lenses.every((l) => l.command), 'resolved');
    const resolving = await lensesOf({ textDocument: { codeLens: { resolveSupport: { properties: ['command'] } } } });
    assert.ok(resolving.lenses.length > 300 && resolving.lenses.every((l) => l.command === undefined && l.data !== undefined), 'unresolved');
  });

  it('the VS Code extension\'s client: no executeCommandProvider (it registers the ids itself), its own command ids, lists unresolved (VS Code resolves what it shows)', async () => {
    const ours = await lensesOf({ workspace: { codeLens: { refreshSupport: true } } }, { client: 'vscode-extension' });
    assert.equal(ours.init.capabilities.executeCommandProvider, undefined);
    assert.ok(ours.lenses.every((l) => l.command === undefined && l.data !== undefined));
    const short = new LspClient();
    await short.initialize('en', {}, { client: 'vscode-extension', dockerfileLens: { registry: { enabled: false } } });
    short.open(uri, 'FROM scratch\nCOPY a /a\n');
    const places = await short.request<Array<Lens & { data: unknown }>>('textDocument/codeLens', { textDocument: { uri } });
    // a short list too: complete lenses were left stale in VS Code after a base-image lookup (e2e lens test)
    assert.ok(places.length > 0 && places.every((l) => l.command === undefined && l.data !== undefined));
    const lenses = await Promise.all(places.map((l) => short.request<Lens>('codeLens/resolve', l)));
    assert.ok(lenses.every((l) => l.command && /^dockerfileLens\.(showLayerBreakdown|buildImage)$/.test(l.command.command)), JSON.stringify(lenses.map((l) => l.command?.command)));
    assert.equal(await short.shutdown(), 0);
  });
});
