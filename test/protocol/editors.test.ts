/**
 * The server in real editors we did not write, run headless: Neovim (0.7, Debian bookworm's `neovim`)
 * and Emacs with eglot (Emacs 28 + `elpa-eglot` 1.9, or Emacs 29+ where eglot is built in). Each editor
 * loads the setup the README documents (test/fixtures/editors/), opens a Dockerfile, and writes what
 * it saw as JSON: diagnostics (a rule set to off through the editor's settings must not report),
 * code lenses (Neovim: resolved, run with `vim.lsp.codelens.run()`: the server's breakdown arrives as a
 * message, never "Unhandled method"), hover and formatting (eglot: it has no code lenses).
 * Skipped when the editor is missing (.ci/run installs both).
 */
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVER_NODE_FLAGS } from '../../server/src/protocol/nodeOptions';
import { repoRoot } from '../helpers/corpus';

const TEXT = 'FROM scratch AS build\nCOPY app.bin /app.bin\nfrom scratch\nCOPY --from=build /app.bin /app.bin\nCMD /app.bin --serve\n';
const SERVER = JSON.stringify([process.execPath, ...SERVER_NODE_FLAGS, join(repoRoot, 'dist/server.js'), '--stdio']);
const has = (cmd: string) => spawnSync(cmd, ['--version'], { stdio: 'ignore' }).status === 0;

/** Runs an editor in `dir` with the environment the fixture reads, and returns the JSON it wrote. */
function run(cmd: string, args: string[], dir: string, env: Record<string, string>): Promise<Record<string, unknown>> {
  const out = join(dir, 'out.json');
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, {
      cwd: dir,
      // a private HOME/XDG: no user configuration, logs kept in the temporary folder
      env: { ...process.env, HOME: dir, XDG_CONFIG_HOME: join(dir, 'config'), XDG_CACHE_HOME: join(dir, 'cache'), XDG_STATE_HOME: join(dir, 'state'), XDG_DATA_HOME: join(dir, 'data'), LENS_CMD: SERVER, LENS_OUT: out, LENS_FILE: join(dir, 'Dockerfile'), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    p.stdout.on('data', (d: Buffer) => (output += d.toString()));
    p.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => p.kill('SIGKILL'), 60000);
    p.on('exit', (code) => {
      clearTimeout(timer);
      if (!existsSync(out)) return reject(new Error(`${cmd} exited ${code} without a result:\n${output}`));
      resolve(JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>);
    });
  });
}

describe('editors: the server in Neovim and Emacs (eglot), headless', function () {
  this.timeout(90000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lens-editor-'));
    writeFileSync(join(dir, 'Dockerfile'), TEXT);
    writeFileSync(join(dir, 'app.bin'), Buffer.alloc(12345, 1));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('Neovim (vim.lsp.start_client, settings pushed in on_init): diagnostics, resolved lenses, a lens run through workspace/executeCommand', async function () {
    if (!has('nvim')) this.skip();
    const r = await run('nvim', ['--headless', '-n', '-i', 'NONE', '-u', join(repoRoot, 'test/fixtures/editors/nvim-init.lua'), 'Dockerfile'], dir, { LENS_OFF: 'JSONArgsRecommended' });
    assert.equal(r.error ?? null, null);
    assert.equal(r.ok, true);
    const diagnostics = r.diagnostics as Array<{ line: number; code: string }>;
    assert.deepEqual(diagnostics.map((d) => [d.line, d.code]), [[3, 'ConsistentInstructionCasing']], 'JSONArgsRecommended (line 5) is off in the settings');
    const lenses = r.lenses as Array<{ line: number; title: string | null; command: string | null }>;
    assert.ok(lenses.length >= 5 && lenses.every((l) => l.title && l.command?.startsWith('dockerfileLens.server.')), JSON.stringify(lenses));
    assert.ok(lenses.some((l) => l.line === 2 && l.title === '+12.3 kB · build context'), JSON.stringify(lenses));
    const messages = r.messages as string[];
    assert.equal(messages.length, 1, JSON.stringify(r));
    assert.match(messages[0], /^\+12\.3 kB · build context\n[^]*app\.bin: 12\.3 kB/);
    assert.deepEqual(r.notified, [], 'Neovim warned about nothing (no unsupported command, no error)');
  });

  it('Emacs eglot (eglot-workspace-configuration): diagnostics, hover, formatting; every server request one eglot advertised', async function () {
    const eglot = ['/usr/share/emacs/site-lisp/elpa'].flatMap((d) => (existsSync(d) ? spawnSync('ls', [d]).stdout.toString().split('\n').filter((n) => n.startsWith('eglot-')).map((n) => join(d, n)) : []));
    const load = eglot.flatMap((d) => ['-L', d]);
    // Emacs 29+ has eglot built in; Emacs 28 needs elpa-eglot
    if (!has('emacs') || spawnSync('emacs', ['--batch', '-Q', ...load, '--eval', '(require (quote eglot))'], { stdio: 'ignore' }).status !== 0) this.skip();
    const r = await run('emacs', ['--batch', '-Q', ...load, '-l', join(repoRoot, 'test/fixtures/editors/eglot.el')], dir, { LENS_OFF: 'JSONArgsRecommended' });
    assert.equal(r.error ?? null, null);
    assert.deepEqual((r.diagnostics as Array<{ line: number; text: string }>).map((d) => [d.line, /\[(\w+)\]/.exec(d.text)?.[1]]), [[3, 'ConsistentInstructionCasing']]);
    assert.match(String(r.hover), /CMD/);
    assert.equal(r.formatted, TEXT.replace('from scratch', 'FROM scratch'));
    const events = String(r.events);
    const serverRequests = [...events.matchAll(/\[server-request\][^\n]*\n\(:jsonrpc "2\.0" :id \d+ :method "([^"]+)"/g)].map((m) => m[1]);
    // eglot advertises workspace.configuration and didChangeWatchedFiles.dynamicRegistration, nothing else the server asks for
    assert.deepEqual([...new Set(serverRequests)].sort(), ['client/registerCapability', 'workspace/configuration']);
  });
});
