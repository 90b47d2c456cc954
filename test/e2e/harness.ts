/**
 * What the end-to-end tests need around a real VS Code: the prerequisites (code-server and
 * playwright-core from test/e2e/node_modules, Debian's Chromium), temp folders, free ports, servers
 * started in their own process group and stopped by PID, and Chromium.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Chromium, Page } from './playwright';
import { vsceBin, vscePackageArgs } from '../helpers/packaging';

/** The repository root (this file runs as out/test/e2e/*.js). */
export const repoRoot = resolve(__dirname, '../../..');
const e2eModules = join(repoRoot, 'test/e2e/node_modules');
export const codeServerDir = join(e2eModules, 'code-server');
/** code-server's CLI (`code-server …`). */
export const codeServerEntry = join(codeServerDir, 'out/node/entry.js');
/** The bare VS Code server inside code-server: accepts `--enable-smoke-test-driver` and extension development. */
export const vscodeServerMain = join(codeServerDir, 'lib/vscode/out/server-main.js');
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const outDir = join(repoRoot, 'out/e2e');

/** What is missing to run the end-to-end tests, as readable reasons (empty: all there). */
export function missingPrerequisites(): string[] {
  const missing: string[] = [];
  const need = (path: string, what: string) => existsSync(path) || missing.push(`${what} (${path})`);
  need(chromiumPath, 'Chromium');
  need(codeServerEntry, 'code-server');
  need(vscodeServerMain, "code-server's VS Code server");
  need(join(codeServerDir, 'lib/vscode/node_modules.asar'), "code-server's postinstall (lib/vscode/node_modules)");
  need(join(e2eModules, 'playwright-core/package.json'), 'playwright-core');
  need(join(repoRoot, 'dist/client.js'), 'the built extension');
  need(join(repoRoot, 'dist/server.js'), 'the built language server');
  need(join(repoRoot, 'out/vscode/suite/index.js'), 'the built extension-host suite');
  return missing;
}

/**
 * Skips the calling suite when the prerequisites are missing, but fails it when `CI` is set:
 * CI installs them (scripts/e2e-setup.sh), so there a missing one is a broken setup.
 */
export function requirePrerequisites(ctx: Mocha.Context): void {
  const missing = missingPrerequisites();
  if (missing.length === 0) return;
  const message = `end-to-end prerequisites missing: ${missing.join('; ')}. Install them with \`bash scripts/e2e-setup.sh\` and build with \`node scripts/build.mjs\`.`;
  if (process.env.CI) throw new Error(message);
  console.log(`      (skipped: ${message})`);
  ctx.skip();
}

export function loadChromium(): Chromium {
  return (createRequire(join(e2eModules, 'noop.js'))('playwright-core') as { chromium: Chromium }).chromium;
}

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--lang=en-US'];

/** A private HOME, TMPDIR, user-data, extensions dir and a copy of examples/ as the workspace. */
export class Sandbox {
  readonly dir = mkdtempSync(join(tmpdir(), 'dockerfile-lens-e2e-'));
  readonly home = this.mkdir('home');
  readonly tmp = this.mkdir('tmp');
  readonly userData = this.mkdir('user-data');
  readonly serverData = this.mkdir('server-data');
  readonly extensions = this.mkdir('extensions');
  readonly workspace = join(this.dir, 'examples');

  constructor(settings: Record<string, unknown>) {
    cpSync(join(repoRoot, 'examples'), this.workspace, { recursive: true });
    // code-server reads the user settings from <user-data>/User, the bare server from <server-data>/data/User
    for (const dir of [join(this.userData, 'User'), join(this.serverData, 'data/User')]) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'settings.json'), JSON.stringify(settings, null, 2));
    }
  }

  get env(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      HOME: this.home,
      TMPDIR: this.tmp,
      XDG_CONFIG_HOME: join(this.home, '.config'),
      XDG_DATA_HOME: join(this.home, '.local/share'),
      XDG_CACHE_HOME: join(this.home, '.cache'),
      VSCODE_CLI: undefined,
      ELECTRON_RUN_AS_NODE: undefined,
    };
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  private mkdir(name: string): string {
    const p = join(this.dir, name);
    mkdirSync(p, { recursive: true });
    return p;
  }
}

/** Settings for a quiet, predictable workbench. */
export const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none', // the Welcome page steals Ctrl+P
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'update.mode': 'none',
  'editor.hover.delay': 200,
  'editor.minimap.enabled': false,
  'editor.wordBasedSuggestions': 'off', // only the server's items in the suggest widget
  'editor.stickyScroll.enabled': false, // its header overlays the first lines and takes the clicks
  'editor.unicodeHighlight.ambiguousCharacters': false, // boxes around Korean text in the examples
};

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const server = createServer();
    server.once('error', rej);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => res(port));
    });
  });
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) killGroup(child, 'SIGKILL');
});
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid) process.kill(-child.pid, signal);
  } catch {
    /* already gone */
  }
}

/** A server process in its own process group (it and everything it starts are stopped together). */
export class ServerProcess {
  private output = '';
  private readonly child: ChildProcess;
  private readonly exited: Promise<void>;

  constructor(readonly name: string, args: string[], env: NodeJS.ProcessEnv) {
    this.child = spawn(process.execPath, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(this.child);
    const collect = (chunk: Buffer) => {
      this.output += chunk.toString();
      if (process.env.E2E_VERBOSE) process.stderr.write(`[${name}] ${chunk}`);
    };
    this.child.stdout!.on('data', collect);
    this.child.stderr!.on('data', collect);
    this.exited = new Promise((res) => this.child.once('exit', () => res()));
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get log(): string {
    return this.output;
  }

  /** Waits until `url` answers over HTTP (any status), or fails with the server's output. */
  async waitForHttp(url: string, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`${this.name} exited with ${this.child.exitCode}:\n${this.output}`);
      const ok = await new Promise<boolean>((res) => {
        const req = get(url, (r) => {
          r.resume();
          res(true);
        });
        req.on('error', () => res(false));
        req.setTimeout(2000, () => req.destroy());
      });
      if (ok) return;
      await sleep(200);
    }
    throw new Error(`${this.name} did not answer at ${url} within ${timeoutMs} ms:\n${this.output}`);
  }

  /** SIGTERM to the group, SIGKILL after 3 s; then SIGKILL whatever is left in the group. */
  async stop(): Promise<void> {
    if (!running.has(this.child)) return;
    killGroup(this.child, 'SIGTERM');
    const timer = setTimeout(() => killGroup(this.child, 'SIGKILL'), 3000);
    if (this.child.exitCode === null && this.child.signalCode === null) await this.exited;
    clearTimeout(timer);
    killGroup(this.child, 'SIGKILL');
    running.delete(this.child);
  }
}

/** Runs code-server's CLI to completion (e.g. `--install-extension`). */
export function codeServerCli(args: string[], sandbox: Sandbox): string {
  const r = spawnSync(process.execPath, [codeServerEntry, '--user-data-dir', sandbox.userData, '--extensions-dir', sandbox.extensions, ...args], {
    env: sandbox.env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (r.status !== 0) throw new Error(`code-server ${args.join(' ')} failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout + r.stderr;
}

/** Packages the extension as the user would get it (`vsce package`), into `dir`. */
export function packageVsix(dir: string): string {
  const vsix = join(dir, 'dockerfile-lens.vsix');
  // the same flags as `npm run package` (read from package.json)
  const r = spawnSync(process.execPath, [vsceBin, ...vscePackageArgs(vsix)], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (r.status !== 0) throw new Error(`vsce package failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  return vsix;
}

/** Empties out/e2e/, so that what is there comes from the last run. */
export function clearScreenshots(): void {
  rmSync(outDir, { recursive: true, force: true });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(outDir, { recursive: true });
  const path = join(outDir, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The repository's extension in code-server (a symlink in the sandbox's extensions folder), opened
 * in Chromium on the sandbox's workspace with the side bar closed: what the screenshot tools
 * (lensScreenshot.ts, marketplaceScreenshots.ts) start from. `close` stops both.
 */
export async function openWorkbench(sandbox: Sandbox, viewport: { width: number; height: number }): Promise<{ page: Page; close(): Promise<void> }> {
  const { publisher, name, version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  symlinkSync(repoRoot, join(sandbox.extensions, `${publisher}.${name}-${version}`));
  const port = await freePort();
  const server = new ServerProcess('code-server', [
    codeServerEntry, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry',
    '--disable-update-check', '--user-data-dir', sandbox.userData, '--extensions-dir', sandbox.extensions, sandbox.workspace,
  ], sandbox.env);
  const browser = await loadChromium().launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS, env: sandbox.env });
  const close = async () => {
    await browser.close().catch(() => undefined);
    await server.stop();
  };
  try {
    await server.waitForHttp(`http://127.0.0.1:${port}/healthz`);
    const page = await browser.newPage({ viewport });
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(sandbox.workspace)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 30_000 });
    await page.keyboard.press('Control+b'); // no side bar
    return { page, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/** Opens `file` of the workspace with Quick Open (Ctrl+P) and waits for its tab. */
export async function quickOpen(page: Page, file: string): Promise<void> {
  await page.keyboard.press('Control+p');
  await page.locator('.quick-input-widget').waitFor({ state: 'visible', timeout: 10_000 });
  await page.keyboard.type(file);
  // Quick Open's rows report as hidden to playwright: wait for them to be in the DOM.
  await page.locator(`.quick-input-list .monaco-list-row[aria-label^="${file},"]`).first().waitFor({ state: 'attached', timeout: 10_000 });
  await page.keyboard.press('Enter');
  await page.locator(`.tab.active[aria-label^="${file}"]`).waitFor({ timeout: 10_000 });
}

/** Runs the command titled `title` from the command palette (F1). */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget').waitFor({ state: 'visible', timeout: 10_000 });
  await page.keyboard.type(title);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ state: 'attached', timeout: 10_000 });
  await page.keyboard.press('Enter');
}
