/**
 * A real Docker engine for the integration tests: a private `dockerd` per
 * test suite (recipe: ../shared/notes/containers.md) with every path under a
 * short temporary directory (the socket path must stay under 108 characters),
 * `bridge: none` and `iptables: false` (no host networking is touched),
 * BuildKit enabled; a tiny base image imported from busybox-static (no
 * registry is reachable, so nothing can be pulled); and `docker build` with
 * either builder. Debian's `/usr/bin/docker` (20.10, BuildKit built in) is
 * used explicitly: `/usr/local/bin/docker` may be a client without buildx.
 *
 * Daemons are stopped by PID (SIGTERM; dockerd takes its containerd down with
 * it) in `stop()`, and also when the test process exits, so none is left behind.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync, symlinkSync, writeFileSync, copyFileSync, chmodSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

export const DOCKER = '/usr/bin/docker';
/** busybox-static's binary (Debian): statically linked, so it runs alone in an image. */
const BUSYBOX = '/bin/busybox';
export const BUSYBOX_IMAGE = 'local/busybox:1';
/** The imported image's /etc/passwd (tests that change it know its size). */
export const BUSYBOX_PASSWD = 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/sh\n';

export interface Dockerd {
  /** `unix:///tmp/dk.XXXX/docker.sock` */
  host: string;
  /** The environment for the docker CLI: DOCKER_HOST set, a private DOCKER_CONFIG, no DOCKER_CONTEXT. */
  env: NodeJS.ProcessEnv;
  docker: typeof DOCKER;
  /** Milliseconds from spawning dockerd until it answered `/_ping`. */
  startupMs: number;
  stop(): Promise<void>;
}

function findDockerd(): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/bin', '/sbin'];
  return dirs.filter((d) => d.startsWith('/')).map((d) => join(d, 'dockerd')).find((p) => existsSync(p));
}

/** Whether `/usr/bin/docker` and a `dockerd` exist. */
export function dockerAvailable(): boolean {
  return existsSync(DOCKER) && findDockerd() !== undefined;
}

/**
 * Skips the test (or suite, from a `before` hook) when Docker — and, with
 * `busybox`, busybox-static — is missing; with `CI` set it fails instead.
 */
export function needDocker(ctx: Mocha.Context, opts: { busybox?: boolean } = {}): void {
  const missing = [...(dockerAvailable() ? [] : ['docker.io (/usr/bin/docker, dockerd)']), ...(opts.busybox && !existsSync(BUSYBOX) ? ['busybox-static (/bin/busybox)'] : [])];
  if (!missing.length) return;
  if (process.env.CI) throw new Error(`missing ${missing.join(', ')}: install them with apt-get`);
  ctx.skip();
}

/** GET /_ping on the daemon's socket: true on a 200. */
function ping(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ socketPath, path: '/_ping', timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/**
 * Starts a private dockerd and waits (up to 60 s) until it answers. `buildkit: false` leaves out
 * `"features": {"buildkit": true}`: a 20.10 daemon then tells the CLI its default builder is the legacy one.
 */
export async function startDockerd(opts: { buildkit?: boolean } = {}): Promise<Dockerd> {
  const dockerd = findDockerd();
  if (!dockerd) throw new Error('dockerd not found');
  const dir = mkdtempSync('/tmp/dk.');
  const socket = join(dir, 'docker.sock');
  const host = `unix://${socket}`;
  const config = {
    'data-root': join(dir, 'data'),
    'exec-root': join(dir, 'exec'),
    pidfile: join(dir, 'dockerd.pid'),
    hosts: [host],
    'storage-driver': 'overlay2',
    iptables: false,
    'ip-masq': false,
    bridge: 'none',
    ...(opts.buildkit === false ? {} : { features: { buildkit: true } }),
  };
  writeFileSync(join(dir, 'daemon.json'), JSON.stringify(config));
  mkdirSync(join(dir, 'cli'));
  const log = openSync(join(dir, 'dockerd.log'), 'a');
  const started = performance.now();
  const proc = spawn(dockerd, ['--config-file', join(dir, 'daemon.json')], { stdio: ['ignore', log, log] });
  closeSync(log);
  running.add(proc);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => running.forEach((p) => p.kill('SIGTERM')));
  }
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  const failed = (why: string) => new Error(`dockerd ${why}: ${readFileSync(join(dir, 'dockerd.log'), 'utf8').slice(-2000)}`);
  for (let i = 0; !(await ping(socket)); i++) {
    if (proc.exitCode !== null || proc.signalCode !== null) {
      running.delete(proc);
      rmSync(dir, { recursive: true, force: true });
      throw failed('exited');
    }
    if (i >= 1200) {
      const err = failed('did not answer within 60 s');
      proc.kill('SIGTERM');
      await exited;
      running.delete(proc);
      throw err;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const startupMs = Math.round(performance.now() - started);
  const env: NodeJS.ProcessEnv = { ...process.env, DOCKER_HOST: host, DOCKER_CONFIG: join(dir, 'cli') };
  for (const k of ['DOCKER_CONTEXT', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH', 'DOCKER_BUILDKIT']) delete env[k];
  let stopping: Promise<void> | undefined;
  return {
    host,
    env,
    docker: DOCKER,
    startupMs,
    stop() {
      return (stopping ??= (async () => {
        if (proc.exitCode === null && proc.signalCode === null) {
          proc.kill('SIGTERM');
          const killer = setTimeout(() => proc.kill('SIGKILL'), 30000);
          await exited;
          clearTimeout(killer);
        }
        running.delete(proc);
        // Layers may stay mounted when dockerd was killed: leave the directory then rather than fail.
        try {
          rmSync(dir, { recursive: true, force: true });
        } catch {
          /* busy mounts */
        }
      })());
    },
  };
}

/** Runs the docker CLI against the daemon (argument array, no shell); stdout and stderr together. */
export function docker(d: Dockerd, args: string[]): Promise<{ code: number; output: string }> {
  return run(d.docker, args, d.env);
}

function run(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const proc = spawn(file, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const add = (d: Buffer) => {
      if (output.length < 4 << 20) output += d.toString();
    };
    proc.stdout.on('data', add);
    proc.stderr.on('data', add);
    const killer = setTimeout(() => proc.kill('SIGKILL'), 10 * 60000);
    proc.on('error', (e) => (output += String(e)));
    proc.on('close', (code) => {
      clearTimeout(killer);
      resolve({ code: code ?? -1, output });
    });
  });
}

/** busybox applets linked in the imported image. */
const APPLETS = ['sh', 'ls', 'cat', 'echo', 'dd', 'mkdir', 'rm', 'touch', 'head', 'ln', 'cp', 'mv', 'chmod', 'tar', 'gzip', 'wc', 'du', 'find', 'true', 'env', 'id', 'sleep'];

/**
 * Imports `local/busybox:1`: a root filesystem with /bin/busybox, symlinks for
 * common applets, /etc/passwd and /etc/group (BuildKit resolves `USER root`'s
 * groups there), as `docker import -c 'CMD ["/bin/sh"]'` makes it.
 */
export async function importBusybox(d: Dockerd): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'lens-busybox-'));
  try {
    const root = join(dir, 'rootfs');
    mkdirSync(join(root, 'bin'), { recursive: true });
    mkdirSync(join(root, 'etc'));
    mkdirSync(join(root, 'tmp'));
    copyFileSync(BUSYBOX, join(root, 'bin', 'busybox'));
    chmodSync(join(root, 'bin', 'busybox'), 0o755);
    for (const a of APPLETS) symlinkSync('busybox', join(root, 'bin', a));
    writeFileSync(join(root, 'etc', 'passwd'), BUSYBOX_PASSWD);
    writeFileSync(join(root, 'etc', 'group'), 'root:x:0:\nnogroup:x:65534:\n');
    const tar = join(dir, 'rootfs.tar');
    await new Promise<void>((resolve, reject) =>
      execFile('tar', ['--owner=0', '--group=0', '-cf', tar, '-C', root, '.'], (err) => (err ? reject(err) : resolve())),
    );
    const r = await run(d.docker, ['import', '-c', 'CMD ["/bin/sh"]', tar, BUSYBOX_IMAGE], d.env);
    if (r.code !== 0) throw new Error(`docker import failed: ${r.output}`);
    return BUSYBOX_IMAGE;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface BuildOptions {
  dockerfile: string;
  context: string;
  tag: string;
  builder: 'buildkit' | 'legacy';
  target?: string;
  buildArgs?: Record<string, string>;
  /** More arguments before the context, e.g. `--no-cache`. */
  extraArgs?: string[];
}

/**
 * `docker build` with an argument array (no shell): BuildKit (`DOCKER_BUILDKIT=1`,
 * `--network=none` since the daemon has no bridge, plain progress) or the
 * legacy builder (`DOCKER_BUILDKIT=0`). Output is stdout and stderr together.
 */
export function dockerBuild(d: Dockerd, opts: BuildOptions): Promise<{ code: number; output: string }> {
  const buildkit = opts.builder === 'buildkit';
  const args = ['build', '-f', opts.dockerfile, '-t', opts.tag];
  if (opts.target) args.push('--target', opts.target);
  for (const [k, v] of Object.entries(opts.buildArgs ?? {})) args.push('--build-arg', `${k}=${v}`);
  if (buildkit) args.push('--network=none', '--progress=plain');
  args.push(...(opts.extraArgs ?? []), opts.context);
  return run(d.docker, args, { ...d.env, DOCKER_BUILDKIT: buildkit ? '1' : '0' });
}
