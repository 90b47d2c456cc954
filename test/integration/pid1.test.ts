/**
 * What the CMD / ENTRYPOINT / STOPSIGNAL hovers say about PID 1 and signals
 * (server/src/docs/instructions.ts), checked on the real engine: a private
 * dockerd, the imported busybox image (its `sh` is busybox ash). A shell-form
 * single simple command is exec'd by the shell and is PID 1; a compound command
 * keeps `/bin/sh -c` as PID 1 with the program as its child. And a PID 1 without
 * a SIGTERM handler (`sleep`) ignores `docker stop`'s SIGTERM: it is killed
 * (exit 137) after the timeout.
 */
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { instructionDoc } from '../../server/src/docs/instructions';
import { BUSYBOX_IMAGE, dockerBuild, importBusybox, needDocker, startDockerd, type Dockerd } from '../helpers/docker';

function docker(d: Dockerd, args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(d.docker, args, { env: d.env, timeout: 60000 }, (err, stdout, stderr) => (err ? reject(new Error(`docker ${args.join(' ')}: ${stderr || err.message}`)) : resolve(stdout))),
  );
}

describe('integration: PID 1 of shell-form CMD / ENTRYPOINT (real engine)', function () {
  this.timeout(180000);
  let d: Dockerd | undefined;
  let dir: string;
  before(async function () {
    needDocker(this, { busybox: true });
    d = await startDockerd();
    await importBusybox(d);
    dir = mkdtempSync(join(tmpdir(), 'lens-pid1-'));
  });
  after(async () => {
    await d?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Builds `FROM busybox` + the line with BuildKit, runs it and returns PID 1's argv and `docker top`'s commands. */
  async function pid1(line: string, tag: string): Promise<{ argv: string[]; top: string[]; id: string }> {
    const ctx = join(dir, tag);
    mkdirSync(ctx);
    writeFileSync(join(ctx, 'Dockerfile'), `FROM ${BUSYBOX_IMAGE}\n${line}\n`);
    const b = await dockerBuild(d!, { dockerfile: join(ctx, 'Dockerfile'), context: ctx, tag: `lens-pid1/${tag}`, builder: 'buildkit' });
    assert.equal(b.code, 0, b.output);
    const id = (await docker(d!, ['run', '-d', '--network=none', `lens-pid1/${tag}`])).trim();
    let argv: string[] = [];
    for (let i = 0; i < 50; i++) {
      argv = (await docker(d!, ['exec', id, 'cat', '/proc/1/cmdline'])).split('\0').filter(Boolean);
      const top = (await docker(d!, ['top', id, '-o', 'pid,args'])).split('\n').slice(1).map((s) => s.trim().replace(/^\d+\s+/, '')).filter(Boolean);
      if (top.some((t) => t.startsWith('sleep'))) return { argv, top, id };
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`sleep did not start: ${argv.join(' ')}`);
  }

  it('CMD sleep 100: the shell execs the single simple command, sleep is PID 1 (and the hovers say so)', async () => {
    const { argv, top, id } = await pid1('CMD sleep 100', 'simple');
    assert.deepEqual(argv, ['sleep', '100']);
    assert.deepEqual(top, ['sleep 100']);
    // PID 1 without a SIGTERM handler: docker stop's SIGTERM is dropped, SIGKILL after the timeout
    const t0 = Date.now();
    await docker(d!, ['stop', '-t', '2', id]);
    assert.ok(Date.now() - t0 >= 1900, `stopped after ${Date.now() - t0} ms`);
    assert.equal((await docker(d!, ['inspect', '-f', '{{.State.ExitCode}}', id])).trim(), '137');
    for (const name of ['CMD', 'ENTRYPOINT', 'STOPSIGNAL']) {
      const text = instructionDoc(name)!.pitfalls.map((p) => p.en).join(' ');
      assert.match(text, /single simple command/, name);
      assert.match(text, /busybox `sh`, dash 0\.5\.11\+ and bash/, name);
      assert.match(text, /`a && b`/, name);
      const ko = instructionDoc(name)!.pitfalls.map((p) => p.ko).join(' ');
      assert.match(ko, /단순 명령 하나/, name);
    }
  });

  it('assignments and redirections keep it a simple command: A=1 sleep 100 > /dev/null is PID 1', async () => {
    const { argv } = await pid1('CMD A=1 sleep 100 > /dev/null', 'redirect');
    assert.deepEqual(argv, ['sleep', '100']);
  });

  it('CMD sleep 100 && true: /bin/sh -c stays PID 1, sleep is its child', async () => {
    const { argv, top } = await pid1('CMD sleep 100 && true', 'compound');
    assert.deepEqual(argv, ['/bin/sh', '-c', 'sleep 100 && true']);
    assert.deepEqual(top, ['/bin/sh -c sleep 100 && true', 'sleep 100']);
  });

  it('a shell-form ENTRYPOINT with a pipe: /bin/sh -c is PID 1', async () => {
    const { argv } = await pid1('ENTRYPOINT sleep 100 | cat', 'pipe');
    assert.deepEqual(argv, ['/bin/sh', '-c', 'sleep 100 | cat']);
  });
});
