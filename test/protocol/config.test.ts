/**
 * The project's config file over the real protocol (real files in a temp folder, opened by their
 * file:// uri): `.dockerfile-lens.json` severities win over the `dockerfileLens.rules` setting for the
 * rules it names; editing the file re-lints the open Dockerfile without an edit (didChangeWatchedFiles
 * from the watcher the server registers); a broken file shows its problem on itself and the lint falls
 * back to the setting; `ignorePaths` clears the diagnostics; a `.hadolint.yaml` is honoured and its
 * keys without an equivalent are named once, for a client that watches nothing (re-read on open).
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient, publishedAfter as publishedAfterOf, publishes as publishesOf } from '../helpers/lspClient';

type Diag = { range: { start: { line: number; character: number } }; code?: string; severity: number; message: string };
type Publish = { uri: string; version?: number; diagnostics: Diag[] };

const publishes = publishesOf<Diag>;
const publishedAfter = publishedAfterOf<Diag>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** code → LSP severity (1 error, 2 warning, 3 information, 4 hint) of the rules asked for. */
const severities = (p: Publish, ...codes: string[]) => Object.fromEntries(p.diagnostics.filter((d) => codes.includes(String(d.code))).map((d) => [d.code, d.severity]));
const changed = (client: LspClient, path: string, type: 1 | 2 | 3 = 2) =>
  client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(path).href, type }] });

describe('protocol: the config file (.dockerfile-lens.json, .hadolint.yaml)', function () {
  this.timeout(30000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'lens-config-protocol-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const text = 'FROM ubuntu\nCMD echo hi\n';

  it('the file sets severities over the setting; editing it re-lints; a broken file shows its error; ignorePaths clears', async () => {
    const w = join(dir, 'lens');
    mkdirSync(join(w, 'app'), { recursive: true });
    const cfg = join(w, '.dockerfile-lens.json');
    writeFileSync(cfg, JSON.stringify({ rules: { JSONArgsRecommended: 'error' } }));
    writeFileSync(join(w, 'app', 'Dockerfile'), text);
    const client = new LspClient();
    client.onRequest = (method, params) => method === 'workspace/configuration'
      ? (params as { items: unknown[] }).items.map(() => ({ registry: { enabled: false }, rules: { JSONArgsRecommended: 'off', ImplicitLatestTag: 'hint' } }))
      : null;
    const registrations: unknown[] = [];
    const answer = client.onRequest;
    client.onRequest = (method, params) => {
      if (method === 'client/registerCapability') registrations.push(params);
      return answer(method, params);
    };
    try {
      const wUri = pathToFileURL(w).href;
      await client.request('initialize', { processId: process.pid, rootUri: wUri, capabilities: { workspace: { configuration: true, workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: true } } }, workspaceFolders: [{ uri: wUri, name: 'w' }] });
      client.notify('initialized', {});
      const uri = pathToFileURL(join(w, 'app', 'Dockerfile')).href;
      client.open(uri, text);
      const first = await publishedAfter(client, uri, 0, 'didOpen');
      assert.deepEqual(severities(first, 'JSONArgsRecommended', 'ImplicitLatestTag'), { JSONArgsRecommended: 1, ImplicitLatestTag: 4 }, 'the file wins for JSONArgsRecommended, the setting gives ImplicitLatestTag');
      const globs = JSON.stringify(registrations);
      for (const name of ['.dockerfile-lens.json', '.hadolint.yaml', '.hadolint.yml']) assert.ok(globs.includes(`**/${name}`), `watches ${name}: ${globs}`);

      // the config is edited: the open Dockerfile is linted again, not edited
      writeFileSync(cfg, JSON.stringify({ rules: { JSONArgsRecommended: 'information' } }));
      let n = publishes(client, uri).length;
      changed(client, cfg);
      const edited = await publishedAfter(client, uri, n, 'editing the config');
      assert.equal(edited.version, 1);
      assert.deepEqual(severities(edited, 'JSONArgsRecommended', 'ImplicitLatestTag'), { JSONArgsRecommended: 3, ImplicitLatestTag: 4 });

      // broken: its problem on the config file at its place; the lint falls back to the setting (JSONArgsRecommended off)
      writeFileSync(cfg, '{\n  "rules": {"JSONArgsRecommended": "loud"}\n}\n');
      n = publishes(client, uri).length;
      changed(client, cfg);
      const fallback = await publishedAfter(client, uri, n, 'breaking the config');
      assert.deepEqual(severities(fallback, 'JSONArgsRecommended', 'ImplicitLatestTag'), { ImplicitLatestTag: 4 });
      const cfgUri = pathToFileURL(cfg).href;
      const [problem] = (await publishedAfter(client, cfgUri, 0, 'breaking the config')).diagnostics;
      assert.equal(problem.severity, 1);
      assert.deepEqual(problem.range.start, { line: 1, character: 35 });
      assert.match(problem.message, /rules\.JSONArgsRecommended must be one of off, hint, information, warning, error/);

      // fixed, with ignorePaths naming the folder: no diagnostics on the Dockerfile; the config's problem is cleared
      writeFileSync(cfg, JSON.stringify({ ignorePaths: ['app'] }));
      n = publishes(client, uri).length;
      const m = publishes(client, cfgUri).length;
      changed(client, cfg);
      assert.deepEqual((await publishedAfter(client, uri, n, 'ignoring app/')).diagnostics, []);
      assert.deepEqual((await publishedAfter(client, cfgUri, m, 'fixing the config')).diagnostics, []);
    } finally {
      assert.equal(await client.shutdown(), 0);
    }
  });

  it('.hadolint.yaml for a client that watches nothing: read on open, keys without an equivalent named once', async () => {
    const w = join(dir, 'hadolint');
    mkdirSync(join(w, 'a'), { recursive: true });
    mkdirSync(join(w, 'b'), { recursive: true });
    writeFileSync(join(w, 'a', 'Dockerfile'), text);
    writeFileSync(join(w, 'b', 'Dockerfile'), text);
    writeFileSync(join(w, '.hadolint.yaml'), 'ignored: [DL3025]\noverride:\n  error: [DL3006]\nno-color: true\nformat: json\n');
    const client = new LspClient();
    try {
      await client.initialize('en', {});
      const a = pathToFileURL(join(w, 'a', 'Dockerfile')).href;
      client.open(a, text);
      assert.deepEqual(severities(await publishedAfter(client, a, 0, 'opening a'), 'JSONArgsRecommended', 'ImplicitLatestTag'), { ImplicitLatestTag: 1 });
      // changed on disk: a client without file watching gets it on the next open
      writeFileSync(join(w, '.hadolint.yaml'), 'override:\n  info: [DL3006]\nno-color: true\nformat: json\n');
      const b = pathToFileURL(join(w, 'b', 'Dockerfile')).href;
      client.open(b, text);
      assert.deepEqual(severities(await publishedAfter(client, b, 0, 'opening b'), 'JSONArgsRecommended', 'ImplicitLatestTag'), { JSONArgsRecommended: 2, ImplicitLatestTag: 3 });
      await sleep(300);
      const messages = client.notifications.filter((x) => x.method === 'window/showMessage').map((x) => (x.params as { message: string }).message).filter((x) => /without an equivalent/.test(x));
      assert.deepEqual(messages, [`Dockerfile Lens: hadolint settings without an equivalent here, not applied: no-color, format (in ${join(w, '.hadolint.yaml')})`]);
      assert.ok(!client.notifications.some((x) => x.method === 'client/registerCapability'));
    } finally {
      assert.equal(await client.shutdown(), 0);
    }
  });
});
