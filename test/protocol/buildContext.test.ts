/**
 * The build context over the real protocol: the lint (CopyIgnoredFile) reads the
 * ignore file of the context the `dockerfileLens.build.context` setting names,
 * relative to the document's workspace folder, and follows changes of the
 * ignore files (`workspace/didChangeWatchedFiles`), of the setting
 * (`workspace/didChangeConfiguration`) and of the workspace folders
 * (`workspace/didChangeWorkspaceFolders`) without the document being edited.
 * Every Dockerfile is a real file in a temp folder, opened by its file:// uri.
 *
 * $DOCKERFILE_LENS_SERVER runs another server bundle instead of dist/server.js
 * (e.g. one built from an older commit).
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SERVER_NODE_FLAGS } from '../../server/src/protocol/nodeOptions';
import { LspClient, publishedAfter as publishedAfterOf, publishes as publishesOf } from '../helpers/lspClient';

type Diag = { range: { start: { line: number; character: number }; end: { line: number; character: number } }; code: string; message: string };
type Publish = { uri: string; version?: number; diagnostics: Diag[] };

/** A server: dist/server.js, or the bundle $DOCKERFILE_LENS_SERVER names. */
function startServer(): LspClient {
  const other = process.env.DOCKERFILE_LENS_SERVER;
  return other ? new LspClient(['--stdio'], { command: process.execPath, args: [...SERVER_NODE_FLAGS, resolve(other), '--stdio'] }) : new LspClient();
}

/** Initialize with the given capabilities and workspace folders (LspClient.initialize sends neither folders nor rootUri). */
async function initialize(client: LspClient, capabilities: object, workspaceFolders: Array<{ uri: string; name: string }> | null): Promise<void> {
  await client.request('initialize', { processId: process.pid, rootUri: workspaceFolders?.[0]?.uri ?? null, locale: 'en', capabilities, workspaceFolders });
  client.notify('initialized', {});
}

const publishes = publishesOf<Diag>;
const publishedAfter = publishedAfterOf<Diag>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const ignored = (p: Publish) => p.diagnostics.filter((d) => d.code === 'CopyIgnoredFile');
const codes = (p: Publish) => JSON.stringify(p.diagnostics.map((d) => d.code));

/** `workspace/didChangeWatchedFiles` for files (1 Created, 2 Changed, 3 Deleted). */
function filesChanged(client: LspClient, ...changes: Array<[string, 1 | 2 | 3]>): void {
  client.notify('workspace/didChangeWatchedFiles', { changes: changes.map(([path, type]) => ({ uri: pathToFileURL(path).href, type })) });
}

/**
 * W/docker/Dockerfile copies app.txt; W/.dockerignore ignores it; docker/ has no ignore file.
 * Context docker/ (the Dockerfile's folder): nothing ignored. Context W: CopyIgnoredFile.
 */
function makeWorkspace(prefix: string): { w: string; wUri: string; dockerfile: string; uri: string; text: string } {
  const w = mkdtempSync(join(tmpdir(), prefix));
  mkdirSync(join(w, 'docker'));
  const text = 'FROM alpine\nCOPY app.txt /\n';
  writeFileSync(join(w, 'app.txt'), 'in W\n');
  writeFileSync(join(w, 'docker', 'app.txt'), 'in docker/\n');
  writeFileSync(join(w, '.dockerignore'), 'app.txt\n');
  writeFileSync(join(w, 'docker', 'Dockerfile'), text);
  return { w, wUri: pathToFileURL(w).href, dockerfile: join(w, 'docker', 'Dockerfile'), uri: pathToFileURL(join(w, 'docker', 'Dockerfile')).href, text };
}

describe('protocol: the build context of the lint', function () {
  this.timeout(30000);

  describe('a changed ignore file re-lints the open Dockerfile without an edit', () => {
    let dir: string;
    let client: LspClient;
    const text = 'FROM alpine\nCOPY secret.txt /app/\n';
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'lens-ctx-ignore-'));
      client = startServer();
      client.onRequest = (method, params) => {
        if (method === 'workspace/configuration') return (params as { items: unknown[] }).items.map(() => ({ registry: { enabled: false } }));
        return null;
      };
      await initialize(client, { workspace: { configuration: true, workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: true } } }, [{ uri: pathToFileURL(dir).href, name: 'ctx' }]);
    });
    after(async () => {
      assert.equal(await client.shutdown(), 0);
      rmSync(dir, { recursive: true, force: true });
    });

    it('.dockerignore: CopyIgnoredFile goes when the pattern is removed and comes back when it is restored', async () => {
      const sub = join(dir, 'plain');
      mkdirSync(sub);
      writeFileSync(join(sub, 'secret.txt'), 'secret\n');
      writeFileSync(join(sub, '.dockerignore'), 'secret.txt\n');
      writeFileSync(join(sub, 'Dockerfile'), text);
      const uri = pathToFileURL(join(sub, 'Dockerfile')).href;
      client.open(uri, text);
      const first = await publishedAfter(client, uri, 0, 'didOpen');
      assert.equal(first.version, 1);
      const [d] = ignored(first);
      assert.ok(d, `expected CopyIgnoredFile, got ${codes(first)}`);
      assert.deepEqual(d.range, { start: { line: 1, character: 5 }, end: { line: 1, character: 15 } });
      assert.match(d.message, /"secret\.txt" that is excluded by \.dockerignore/);

      writeFileSync(join(sub, '.dockerignore'), 'other.txt\n');
      let n = publishes(client, uri).length;
      filesChanged(client, [join(sub, '.dockerignore'), 2]);
      const cleared = await publishedAfter(client, uri, n, 'rewriting .dockerignore to other.txt');
      assert.equal(cleared.version, 1, 'the document was not edited');
      assert.deepEqual(ignored(cleared), [], `stale CopyIgnoredFile: ${codes(cleared)}`);

      writeFileSync(join(sub, '.dockerignore'), 'secret.txt\n');
      n = publishes(client, uri).length;
      filesChanged(client, [join(sub, '.dockerignore'), 2]);
      const back = await publishedAfter(client, uri, n, 'restoring secret.txt in .dockerignore');
      assert.equal(back.version, 1);
      assert.equal(ignored(back).length, 1, `expected CopyIgnoredFile again, got ${codes(back)}`);
    });

    it('<Dockerfile>.dockerignore beside the Dockerfile wins over .dockerignore, and its changes re-lint', async () => {
      const sub = join(dir, 'specific');
      mkdirSync(sub);
      writeFileSync(join(sub, 'secret.txt'), 'secret\n');
      writeFileSync(join(sub, '.dockerignore'), 'secret.txt\n');
      writeFileSync(join(sub, 'Dockerfile'), text);
      const specific = join(sub, 'Dockerfile.dockerignore');
      const uri = pathToFileURL(join(sub, 'Dockerfile')).href;
      client.open(uri, text);
      const first = await publishedAfter(client, uri, 0, 'didOpen');
      assert.equal(ignored(first).length, 1, `.dockerignore alone ignores secret.txt: ${codes(first)}`);

      // created: it is read instead of .dockerignore, which still ignores secret.txt
      writeFileSync(specific, 'other.txt\n');
      let n = publishes(client, uri).length;
      filesChanged(client, [specific, 1]);
      const overridden = await publishedAfter(client, uri, n, 'creating Dockerfile.dockerignore without secret.txt');
      assert.deepEqual(ignored(overridden), [], `Dockerfile.dockerignore must win over .dockerignore: ${codes(overridden)}`);

      writeFileSync(specific, 'secret.txt\n');
      n = publishes(client, uri).length;
      filesChanged(client, [specific, 2]);
      const own = await publishedAfter(client, uri, n, 'adding secret.txt to Dockerfile.dockerignore');
      assert.equal(ignored(own).length, 1, `Dockerfile.dockerignore ignores secret.txt: ${codes(own)}`);

      // with .dockerignore no longer ignoring it, deleting Dockerfile.dockerignore clears the finding
      writeFileSync(join(sub, '.dockerignore'), 'other.txt\n');
      unlinkSync(specific);
      n = publishes(client, uri).length;
      filesChanged(client, [join(sub, '.dockerignore'), 2], [specific, 3]);
      const gone = await publishedAfter(client, uri, n, 'deleting Dockerfile.dockerignore');
      assert.deepEqual(ignored(gone), [], codes(gone));
      assert.equal(gone.version, 1);
    });
  });

  describe('the dockerfileLens.build.context setting', () => {
    let ws: ReturnType<typeof makeWorkspace>;
    let client: LspClient;
    let context = '';
    const configRequests: unknown[] = [];
    before(async () => {
      ws = makeWorkspace('lens-ctx-setting-');
      client = startServer();
      client.onRequest = (method, params) => {
        if (method !== 'workspace/configuration') return null;
        configRequests.push(params);
        return (params as { items: unknown[] }).items.map(() => ({ registry: { enabled: false }, build: { context } }));
      };
      await initialize(client, { workspace: { configuration: true, workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: false } } }, [{ uri: ws.wUri, name: 'W' }]);
    });
    after(async () => {
      assert.equal(await client.shutdown(), 0);
      rmSync(ws.w, { recursive: true, force: true });
    });

    it("'' is the Dockerfile's folder, '.' the workspace folder; didChangeConfiguration re-lints with the new value", async () => {
      client.open(ws.uri, ws.text);
      const first = await publishedAfter(client, ws.uri, 0, 'didOpen');
      assert.deepEqual(ignored(first), [], `context docker/ has no ignore file: ${codes(first)}`);
      assert.ok(configRequests.length > 0, 'the server asked for the settings');

      context = '.';
      let n = publishes(client, ws.uri).length;
      client.notify('workspace/didChangeConfiguration', { settings: null });
      const wide = await publishedAfter(client, ws.uri, n, "setting build.context to '.'");
      assert.equal(wide.version, 1);
      const [d] = ignored(wide);
      assert.ok(d, `context W: W/.dockerignore ignores app.txt, got ${codes(wide)}`);
      assert.deepEqual(d.range, { start: { line: 1, character: 5 }, end: { line: 1, character: 12 } });

      // the same folder by another name
      context = 'docker/..';
      n = publishes(client, ws.uri).length;
      client.notify('workspace/didChangeConfiguration', { settings: null });
      const same = await publishedAfter(client, ws.uri, n, "setting build.context to 'docker/..'");
      assert.equal(ignored(same).length, 1, codes(same));

      context = 'docker';
      n = publishes(client, ws.uri).length;
      client.notify('workspace/didChangeConfiguration', { settings: null });
      const sub = await publishedAfter(client, ws.uri, n, "setting build.context to 'docker'");
      assert.deepEqual(ignored(sub), [], codes(sub));

      context = '';
      n = publishes(client, ws.uri).length;
      client.notify('workspace/didChangeConfiguration', { settings: null });
      const narrow = await publishedAfter(client, ws.uri, n, "setting build.context back to ''");
      assert.deepEqual(ignored(narrow), [], codes(narrow));
    });

    it("with '.', a change of the workspace folder's .dockerignore (outside the Dockerfile's folder) re-lints", async () => {
      context = '.';
      let n = publishes(client, ws.uri).length;
      client.notify('workspace/didChangeConfiguration', { settings: null });
      const wide = await publishedAfter(client, ws.uri, n, "setting build.context to '.'");
      assert.equal(ignored(wide).length, 1, `context W: W/.dockerignore ignores app.txt, got ${codes(wide)}`);

      writeFileSync(join(ws.w, '.dockerignore'), 'other.txt\n');
      n = publishes(client, ws.uri).length;
      filesChanged(client, [join(ws.w, '.dockerignore'), 2]);
      const cleared = await publishedAfter(client, ws.uri, n, "rewriting W/.dockerignore with build.context '.'");
      assert.deepEqual(ignored(cleared), [], codes(cleared));

      writeFileSync(join(ws.w, '.dockerignore'), 'app.txt\n');
      n = publishes(client, ws.uri).length;
      filesChanged(client, [join(ws.w, '.dockerignore'), 2]);
      const back = await publishedAfter(client, ws.uri, n, 'restoring W/.dockerignore');
      assert.equal(ignored(back).length, 1, codes(back));
    });
  });

  describe('a client with no optional capabilities', () => {
    let ws: ReturnType<typeof makeWorkspace>;
    let client: LspClient;
    const serverRequests: string[] = [];
    before(async () => {
      ws = makeWorkspace('lens-ctx-bare-');
      writeFileSync(join(ws.w, 'docker', 'secret.txt'), 'secret\n');
      client = startServer();
      client.onRequest = (method) => {
        serverRequests.push(method);
        return null;
      };
      // no workspace.configuration, no didChangeWatchedFiles, no workspaceFolders, no folders nor rootUri
      await initialize(client, {}, null);
    });
    after(async () => {
      if (client.proc.exitCode === null && client.proc.signalCode === null) client.proc.kill(); // the test shuts it down unless it failed first
      rmSync(ws.w, { recursive: true, force: true });
    });

    it("lints with the Dockerfile's folder as the context and survives didChangeWatchedFiles", async () => {
      client.open(ws.uri, ws.text);
      const first = await publishedAfter(client, ws.uri, 0, 'didOpen');
      assert.deepEqual(ignored(first), [], `docker/ has no ignore file (W/.dockerignore is not the context's): ${codes(first)}`);

      // an ignore file in the Dockerfile's folder is read
      const other = join(ws.w, 'docker', 'Other.Dockerfile');
      const otherText = 'FROM alpine\nCOPY secret.txt /\n';
      writeFileSync(join(ws.w, 'docker', '.dockerignore'), 'secret.txt\n');
      writeFileSync(other, otherText);
      const otherUri = pathToFileURL(other).href;
      client.open(otherUri, otherText);
      const second = await publishedAfter(client, otherUri, 0, 'didOpen');
      assert.equal(ignored(second).length, 1, `docker/.dockerignore ignores secret.txt: ${codes(second)}`);

      // the client never registered for file events; a client may send them anyway
      filesChanged(client, [join(ws.w, 'docker', '.dockerignore'), 2], [join(ws.w, '.dockerignore'), 3]);
      client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: 'untitled:Untitled-1', type: 2 }, { uri: 'file://remote-host/share/.dockerignore', type: 1 }] });
      client.notify('workspace/didChangeConfiguration', { settings: { dockerfileLens: { build: { context: '.' } } } });
      const symbols = await client.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri: ws.uri } });
      assert.ok(Array.isArray(symbols) && symbols.length > 0, 'the server still answers');
      // without workspace/configuration the setting is its default: still the Dockerfile's folder
      await sleep(300);
      const last = publishes(client, ws.uri).at(-1)!;
      assert.deepEqual(ignored(last), [], codes(last));
      assert.equal(client.proc.exitCode, null, `server exited: ${client.stderr}`);
      assert.equal(await client.shutdown(), 0);
      assert.ok(!serverRequests.includes('workspace/configuration'), `asked for settings it cannot get: ${serverRequests.join(', ')}`);
      assert.ok(!serverRequests.includes('client/registerCapability'), `registered with a client that cannot: ${serverRequests.join(', ')}`);
    });

    it('sends the client no refresh requests it did not declare support for', () => {
      // runs after the test above (same client): the file events re-linted both documents
      const undeclared = serverRequests.filter((m) => /^workspace\/(inlayHint|codeLens|semanticTokens|diagnostic)\/refresh$/.test(m));
      assert.deepEqual([...new Set(undeclared)], [], 'refresh requests need workspace.<feature>.refreshSupport');
    });
  });

  describe('workspace folders added after initialize', () => {
    let ws: ReturnType<typeof makeWorkspace>;
    let client: LspClient;
    before(async () => {
      ws = makeWorkspace('lens-ctx-folders-');
      client = startServer();
      client.onRequest = (method, params) => {
        if (method === 'workspace/configuration') return (params as { items: unknown[] }).items.map(() => ({ registry: { enabled: false }, build: { context: '.' } }));
        return null;
      };
      await initialize(client, { workspace: { configuration: true, workspaceFolders: true } }, []);
    });
    after(async () => {
      assert.equal(await client.shutdown(), 0);
      rmSync(ws.w, { recursive: true, force: true });
    });

    it("with build.context '.', the context follows didChangeWorkspaceFolders", async () => {
      client.open(ws.uri, ws.text);
      const first = await publishedAfter(client, ws.uri, 0, 'didOpen');
      assert.deepEqual(ignored(first), [], `outside any workspace folder the context is the Dockerfile's folder: ${codes(first)}`);

      let n = publishes(client, ws.uri).length;
      client.notify('workspace/didChangeWorkspaceFolders', { event: { added: [{ uri: ws.wUri, name: 'W' }], removed: [] } });
      const added = await publishedAfter(client, ws.uri, n, 'adding the workspace folder W');
      assert.equal(added.version, 1);
      assert.equal(ignored(added).length, 1, `context W: W/.dockerignore ignores app.txt, got ${codes(added)}`);

      n = publishes(client, ws.uri).length;
      client.notify('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [{ uri: ws.wUri, name: 'W' }] } });
      const removed = await publishedAfter(client, ws.uri, n, 'removing the workspace folder W');
      assert.deepEqual(ignored(removed), [], codes(removed));
    });
  });
});
