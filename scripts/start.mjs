// `npm start`: open the extension in a real VS Code (code-server) in the browser.
//
// Runs after `node scripts/build.mjs` (see package.json). Installs code-server if it is missing
// (scripts/e2e-setup.sh), links this folder into a private extensions directory (so after
// `npm run build` a "Developer: Reload Window" picks up the change), and starts code-server on
// 127.0.0.1 with a copy of examples/ open. Ctrl-C stops it. Its state (settings, extensions, logs,
// the copy of examples/) lives in node_modules/.cache/dockerfile-lens-start/, which is git-ignored
// and survives restarts.
//
// The copy: VS Code there saves automatically, so trying a quick fix on the repository's own
// examples/ would edit tracked files. The first start copies examples/ to <state>/examples; later
// starts open that copy as the user left it.
//
//   PORT=9000 npm start               another port (default 8080, or a free one if 8080 is taken)
//   npm start -- some/dir             open another folder (as it is, no copy)
//   npm start -- --reset-examples     replace the copy with a fresh one from examples/
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = new URL('..', import.meta.url).pathname.replace(/\/$/, '');
const codeServer = join(root, 'test/e2e/node_modules/code-server/out/node/entry.js');
const args = process.argv.slice(2);
const reset = args.includes('--reset-examples');
const unknown = args.filter((a) => a.startsWith('-') && a !== '--reset-examples');
if (unknown.length) {
  console.error(`unknown option ${unknown.join(' ')} (usage: npm start [-- --reset-examples | FOLDER])`);
  process.exit(2);
}
const given = args.find((a) => !a.startsWith('-'));
const state = join(root, 'node_modules/.cache/dockerfile-lens-start');
const folder = given ? resolve(given) : examplesCopy();

if (!existsSync(join(root, 'dist/client.js')) || !existsSync(join(root, 'dist/server.js'))) {
  console.error('dist/client.js or dist/server.js is missing: run `npm start` (it builds first) or `node scripts/build.mjs`.');
  process.exit(1);
}
if (!existsSync(codeServer)) {
  console.log('code-server is not installed yet: running scripts/e2e-setup.sh (about 1.5 minutes, once)…');
  const setup = spawnSync('bash', [join(root, 'scripts/e2e-setup.sh')], { stdio: 'inherit' });
  if (setup.status !== 0) process.exit(setup.status ?? 1);
}

// The extension: a link to this folder, named as VS Code names installed extensions.
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const extensionsDir = join(state, 'extensions');
mkdirSync(extensionsDir, { recursive: true });
const link = join(extensionsDir, `${pkg.publisher}.${pkg.name}-${pkg.version}`);
rmSync(link, { force: true, recursive: true });
symlinkSync(root, link, 'dir');

// Settings: open examples/README.md instead of the Welcome page; no telemetry or update checks.
const userSettings = join(state, 'user-data/User/settings.json');
if (!existsSync(userSettings)) {
  mkdirSync(join(state, 'user-data/User'), { recursive: true });
  writeFileSync(userSettings, JSON.stringify({
    'workbench.startupEditor': 'readme',
    'git.openRepositoryInParentFolders': 'never',
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
  }, null, 2) + '\n');
}

const port = await choosePort(Number(process.env.PORT ?? 8080));
const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}`;
// VS Code leaves its IPC sockets in TMPDIR: give it one we remove when it stops.
const tmp = mkdtempSync(join(tmpdir(), 'dockerfile-lens-start-'));
const child = spawn(process.execPath, [
  codeServer,
  '--bind-addr', `127.0.0.1:${port}`,
  '--auth', 'none',
  '--disable-telemetry',
  '--disable-update-check',
  '--disable-workspace-trust',
  '--user-data-dir', join(state, 'user-data'),
  '--extensions-dir', extensionsDir,
  '--config', join(state, 'config.yaml'),
  folder,
], {
  // Its own process group, so that Ctrl-C here stops code-server and everything it started.
  detached: true,
  stdio: ['ignore', 'pipe', 'pipe'],
  // code-server keeps its logs and state under the XDG directories: keep them in ours.
  env: { ...process.env, TMPDIR: tmp, XDG_DATA_HOME: join(state, 'data'), XDG_CONFIG_HOME: join(state, 'config') },
});

let ready = false;
const onOutput = (chunk) => {
  const text = chunk.toString();
  if (process.env.VERBOSE) process.stderr.write(text);
  if (!ready && text.includes('HTTP server listening')) {
    ready = true;
    console.log(`\nDockerfile Lens in VS Code (code-server ${codeServerVersion()}): ${url}\n`);
    console.log('Open it in a browser. After `npm run build`, run "Developer: Reload Window" there.');
    console.log('Ctrl-C stops it. (VERBOSE=1 shows code-server\'s log.)');
  }
};
child.stdout.on('data', onOutput);
child.stderr.on('data', onOutput);
child.on('exit', (code, signal) => {
  rmSync(tmp, { recursive: true, force: true });
  if (!stopping) {
    console.error(`code-server exited (${signal ?? code}).`);
    process.exit(code || 1);
  }
});

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  console.log('\nstopping code-server…');
  killGroup('SIGTERM');
  const force = setTimeout(() => killGroup('SIGKILL'), 5000);
  child.once('exit', () => {
    clearTimeout(force);
    killGroup('SIGKILL'); // whatever it left behind in its group
    process.exit(0);
  });
  if (child.exitCode !== null || child.signalCode !== null) process.exit(0);
}
function killGroup(signal) {
  try { process.kill(-child.pid, signal); } catch { /* already gone */ }
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
process.on('SIGHUP', stop);

function codeServerVersion() {
  return JSON.parse(readFileSync(join(root, 'test/e2e/node_modules/code-server/package.json'), 'utf8')).version;
}

/** <state>/examples: copied from examples/ when missing (or asked with --reset-examples), else the user's copy as it is. */
function examplesCopy() {
  const copy = join(state, 'examples');
  if (reset || !existsSync(copy)) {
    rmSync(copy, { recursive: true, force: true });
    mkdirSync(state, { recursive: true });
    cpSync(join(root, 'examples'), copy, { recursive: true });
    console.log(`examples/ copied to ${copy} (edits there leave the repository alone).`);
  } else {
    console.log(`Opening your copy of examples/ at ${copy} (npm start -- --reset-examples for a fresh one).`);
  }
  return copy;
}

/** The wanted port if it is free on 127.0.0.1, else one the OS picks. */
async function choosePort(wanted) {
  const tryListen = (p) => new Promise((res) => {
    const server = createServer();
    server.once('error', () => res(undefined));
    server.listen(p, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => res(port));
    });
  });
  const got = await tryListen(wanted);
  if (got !== undefined) return wanted;
  const other = await tryListen(0);
  console.log(`port ${wanted} is in use; using ${other}`);
  return other;
}
