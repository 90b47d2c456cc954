/**
 * The builder through the real server (`node dist/server.js --stdio`): a
 * `Containerfile`, or any file with `dockerfileLens.docker.path` set to podman,
 * is built by Buildah, where `COPY --from=${VAR}` is a warning naming both
 * builders; a Dockerfile for docker keeps BuildKit's error. `--target` in
 * `build.extraArgs` decides which stages ship.
 */
import * as assert from 'node:assert/strict';
import { LspClient } from '../helpers/lspClient';

type Diag = { code: string; message: string; severity: number; range: { start: { line: number } } };

async function diagnosticsOf(client: LspClient, uri: string): Promise<Diag[]> {
  for (let i = 0; i < 250; i++) {
    const n = [...client.notifications].reverse().find((x) => x.method === 'textDocument/publishDiagnostics' && (x.params as { uri: string }).uri === uri);
    if (n) return (n.params as { diagnostics: Diag[] }).diagnostics;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no diagnostics published for ${uri}`);
}

const TEXT = 'FROM scratch AS src\nCOPY a.txt /a.txt\nFROM scratch\nARG SRC=src\nCOPY --from=${SRC} /a.txt /b.txt\n';

describe('protocol: the builder (BuildKit or Buildah) and the build target', function () {
  this.timeout(30000);
  let client: LspClient;
  before(async () => {
    client = new LspClient();
    // per document: a podman engine under /podman/, a build target under /target/
    client.onRequest = (method, params) => {
      if (method !== 'workspace/configuration') return null;
      return (params as { items: Array<{ scopeUri?: string }> }).items.map((it) => ({
        registry: { enabled: false },
        docker: { path: it.scopeUri?.includes('/podman/') ? '/usr/bin/podman' : 'docker' },
        build: { extraArgs: it.scopeUri?.includes('/target/') ? ['--target', 'build'] : [] },
      }));
    };
    await client.initialize('en', { workspace: { configuration: true } });
  });
  after(async () => {
    assert.equal(await client.shutdown(), 0);
  });

  const flagValue = async (uri: string) => {
    client.open(uri, TEXT);
    return (await diagnosticsOf(client, uri)).filter((d) => d.code === 'InvalidFlagValue');
  };

  it('a Dockerfile: BuildKit\'s error', async () => {
    const d = await flagValue('file:///tmp/lens-builder/docker/Dockerfile');
    assert.deepEqual(d.map((x) => [x.severity, x.range.start.line]), [[1, 4]]);
    assert.match(d[0].message, /^variable expansion is not supported for --from/);
  });

  it('a Containerfile: a warning naming both builders', async () => {
    const d = await flagValue('file:///tmp/lens-builder/docker/Containerfile');
    assert.deepEqual(d.map((x) => x.severity), [2]);
    assert.match(d[0].message, /BuildKit \(docker build\) fails here.*Buildah \(podman build, buildah build\) expands the variable/);
  });

  it('a Dockerfile with docker.path = podman: the warning too', async () => {
    const d = await flagValue('file:///tmp/lens-builder/podman/Dockerfile');
    assert.deepEqual(d.map((x) => x.severity), [2]);
    assert.match(d[0].message, /Buildah/);
  });

  it('hygiene findings in a stage that never ships are hints, unless --target builds it', async () => {
    const text = 'FROM debian:bookworm AS build\nRUN apt-get update && apt-get install -y gcc\nFROM scratch\nCOPY --from=build /usr/bin/gcc /gcc\n';
    const severities = async (uri: string) => {
      client.open(uri, text);
      return (await diagnosticsOf(client, uri)).filter((d) => d.code === 'AptListsNotCleaned').map((d) => [d.severity, /this stage is not in the final image/.test(d.message)]);
    };
    assert.deepEqual(await severities('file:///tmp/lens-builder/docker/b/Dockerfile'), [[4, true]]);
    assert.deepEqual(await severities('file:///tmp/lens-builder/target/Dockerfile'), [[2, false]]);
  });
});
