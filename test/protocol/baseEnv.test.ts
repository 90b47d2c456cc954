/**
 * UndefinedVar through the real server (dist/server.js over stdio) when a base
 * image's ENV arrives: the server answers from what it knows (nothing yet:
 * cautious), looks the image up in the background through the `docker.path`
 * of the workspace configuration (here a real executable standing in for
 * docker: `docker image inspect` prints a config Env), then lints the same
 * version again: a typo of a name the image defines appears, a name the image
 * defines disappears, and the hover tells which it is.
 */
import * as assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LspClient } from '../helpers/lspClient';

type Diag = { code: string; message: string; range: { start: { line: number; character: number } } };
type HoverResult = { contents: { value: string } } | null;

describe('protocol: UndefinedVar learns the base image\'s ENV', function () {
  this.timeout(30000);
  const dir = mkdtempSync(join(tmpdir(), 'lens-baseenv-lsp-'));
  const fake = join(dir, 'docker');
  const calls = join(dir, 'calls');
  writeFileSync(calls, '');
  // answers after 300 ms, so the first lint certainly runs without the ENV
  writeFileSync(fake, `#!/bin/sh\necho "$*" >> "${calls}"\nsleep 0.3\ncase "$4" in example.com/team/tool:1) printf '%s' '[{"Id":"sha256:1","Size":1,"Os":"linux","Architecture":"amd64","Config":{"Env":["PATH=/usr/bin:/bin","TOOL_HOME=/opt/tool"]}}]';; *) exit 1;; esac\n`);
  chmodSync(fake, 0o755);
  let client: LspClient;

  before(async () => {
    client = new LspClient();
    client.onRequest = (method) => (method === 'workspace/configuration' ? [{ docker: { path: fake }, registry: { enabled: false } }] : null);
    await client.initialize('en', { workspace: { configuration: true } });
  });
  after(async () => assert.equal(await client.shutdown(), 0));

  const published = (uri: string) => client.notifications.filter((n) => n.method === 'textDocument/publishDiagnostics' && (n.params as { uri: string }).uri === uri)
    .map((n) => (n.params as { version: number; diagnostics: Diag[] }));
  const undefinedVars = (p: { diagnostics: Diag[] }) => p.diagnostics.filter((d) => d.code === 'UndefinedVar').map((d) => `${d.range.start.line}: ${d.message}`);
  async function waitFor<T>(f: () => T | undefined): Promise<T> {
    for (let i = 0; i < 300; i++) {
      const v = f();
      if (v !== undefined) return v;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('timed out');
  }

  it('before the lookup: cautious; after it: the name the image defines disappears, its typo appears (same version)', async () => {
    const uri = 'file:///work/baseenv/Dockerfile';
    client.open(uri, ['FROM example.com/team/tool:1', 'COPY $TOOL_HOME/bin /a', 'COPY $TOOL_HOEM/lib /b', 'ENV TOOL_HOME=/srv', ''].join('\n'));
    const first = await waitFor(() => published(uri)[0]);
    // unknown ENV: $TOOL_HOME looks used before the ENV that defines it; $TOOL_HOEM is near no known name
    assert.deepEqual(undefinedVars(first), ["1: Usage of undefined variable '$TOOL_HOME'"]);
    const hover1 = await client.request<HoverResult>('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 8 } });
    assert.match(hover1!.contents.value, /The ENV of `example\.com\/team\/tool:1` is not known here \(it is being looked up\)/);

    const second = await waitFor(() => published(uri)[1]);
    assert.equal(second.version, first.version, 'the same version, linted again when the ENV arrived');
    // the image defines TOOL_HOME: its first use is fine, and $TOOL_HOEM is a typo of it
    assert.deepEqual(undefinedVars(second), ["2: Usage of undefined variable '$TOOL_HOEM' (did you mean $TOOL_HOME?)"]);
    const hover2 = await client.request<HoverResult>('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 8 } });
    assert.match(hover2!.contents.value, /The ENV of `example\.com\/team\/tool:1` \(from the local image example\.com\/team\/tool:1 \(docker image inspect\)\) does not define it either\./);
    assert.deepEqual(readFileSync(calls, 'utf8').trim().split('\n'), ['image inspect -- example.com/team/tool:1'], 'one lookup');
  });

  it('an unknown name appears once the ENV is known; the answer is reused for another document', async () => {
    const uri = 'file:///work/baseenv/other.Dockerfile';
    client.open(uri, ['FROM example.com/team/tool:1', 'WORKDIR $TOOL_HOME', 'COPY $CONFIG_DIR /c', ''].join('\n'));
    const first = await waitFor(() => published(uri)[0]);
    // known at once this time: no second lookup
    assert.deepEqual(undefinedVars(first), ["2: Usage of undefined variable '$CONFIG_DIR'"]);
    assert.equal(readFileSync(calls, 'utf8').trim().split('\n').length, 1);
    const hover = await client.request<HoverResult>('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 10 } });
    assert.match(hover!.contents.value, /Defined by the base image `example\.com\/team\/tool:1`: its ENV \(from the local image example\.com\/team\/tool:1 \(docker image inspect\)\) sets it; value: `\/opt\/tool`\./);
  });

  it('an image not in the engine (registry off): the bundled table answers for an official image', async () => {
    const uri = 'file:///work/baseenv/py.Dockerfile';
    client.open(uri, ['FROM python:3.12-slim', 'RUN true', 'COPY $PYTHON_VERSION /v', 'COPY $PYTHONVERSION /w', ''].join('\n'));
    const last = await waitFor(() => published(uri).find((p) => undefinedVars(p).length > 0));
    assert.deepEqual(undefinedVars(last), ["3: Usage of undefined variable '$PYTHONVERSION' (did you mean $PYTHON_VERSION?)"]);
  });
});
