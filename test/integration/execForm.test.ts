/**
 * The exec-form rules against a real Docker engine (private dockerd, the
 * imported busybox image, BuildKit): what each flagged form really does
 * (the error messages the rule docs quote), and that every offered fix
 * builds and runs the command the author meant, with every other argument
 * exactly as the exec form passed it.
 */
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyEdits } from '../../server/src/model/edits';
import { findings } from '../helpers/rules';
import { BUSYBOX_IMAGE, dockerBuild, importBusybox, needDocker, startDockerd, type Dockerd } from '../helpers/docker';

describe('integration: exec form on a real engine', function () {
  this.timeout(300000);
  let d: Dockerd | undefined;
  let work = '';
  let n = 0;

  before(async function () {
    needDocker(this, { busybox: true });
    work = mkdtempSync(join(tmpdir(), 'lens-exec-'));
    d = await startDockerd();
    await importBusybox(d);
  });
  after(async () => {
    await d?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** Builds `dockerfile` (FROM the busybox image) with BuildKit. */
  async function build(dockerfile: string) {
    const ctx = join(work, String(++n));
    mkdirSync(ctx);
    writeFileSync(join(ctx, 'Dockerfile'), dockerfile);
    const tag = `lens-exec/t${n}:1`;
    const r = await dockerBuild(d!, { dockerfile: join(ctx, 'Dockerfile'), context: ctx, tag, builder: 'buildkit' });
    return { ...r, tag };
  }
  /** `docker run --rm` of the image: exit code and output (stdout and stderr). */
  function run(tag: string): Promise<{ code: number; output: string }> {
    return new Promise((resolve) => {
      execFile(d!.docker, ['run', '--rm', '--network=none', tag], { env: d!.env }, (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
        resolve({ code, output: stdout + stderr });
      });
    });
  }
  async function buildAndRun(dockerfile: string) {
    const b = await build(dockerfile);
    assert.equal(b.code, 0, b.output);
    return run(b.tag);
  }
  const fixed = (text: string, id: string, i = 0) => {
    const f = findings(text, id)[0];
    assert.ok(f?.fixes?.[i], `${id} fix ${i} for ${text}`);
    return applyEdits(text, f.fixes![i].edits);
  };

  it('ExecFormUnsplitCommand: Docker fails as the rule says; the split runs', async () => {
    const from = `FROM ${BUSYBOX_IMAGE}\n`;
    const cmd = `${from}CMD ["echo hi"]\n`;
    const r1 = await buildAndRun(cmd);
    assert.notEqual(r1.code, 0);
    assert.match(r1.output, /exec: "echo hi": executable file not found in \$PATH/);
    assert.equal((await buildAndRun(fixed(cmd, 'ExecFormUnsplitCommand'))).output, 'hi\n');

    const ep = `${from}ENTRYPOINT ["/bin/echo hi"]\n`;
    const r2 = await buildAndRun(ep);
    assert.notEqual(r2.code, 0);
    assert.match(r2.output, /stat \/bin\/echo hi: no such file or directory/);
    assert.equal((await buildAndRun(fixed(ep, 'ExecFormUnsplitCommand'))).output, 'hi\n');

    const runIns = `${from}RUN ["echo hi"]\n`;
    const b = await build(runIns);
    assert.notEqual(b.code, 0);
    assert.match(b.output, /exec: "echo hi": executable file not found in \$PATH/);
    assert.equal((await build(fixed(runIns, 'ExecFormUnsplitCommand'))).code, 0);
  });

  it('InvalidExecForm: non-JSON arrays run as shell commands (exit 127); the repaired JSON runs', async () => {
    for (const [line, word, out] of [['CMD [echo, app.js]', '[echo,', 'app.js\n'], ['CMD ["echo" "b"]', '[echo', 'b\n']]) {
      const t = `FROM ${BUSYBOX_IMAGE}\n${line}\n`;
      const r = await buildAndRun(t);
      assert.equal(r.code, 127, r.output);
      assert.equal(r.output, `/bin/sh: ${word}: not found\n`);
      assert.equal((await buildAndRun(fixed(t, 'InvalidExecForm'))).output, out);
    }
  });

  it('exec → shell fixes keep every other argument: a lone *, ?, [, an empty string, quotes', async () => {
    const t = `FROM ${BUSYBOX_IMAGE}\nCMD ["echo", "*", "?", "[", "", "it's", "a  b", "$HOME"]\n`;
    assert.equal((await buildAndRun(t)).output, "* ? [  it's a  b $HOME\n");
    const fixes = findings(t, 'ExecFormVariable')[0].fixes!;
    assert.deepEqual(fixes.map((f) => f.title), [`Use shell form: exec echo '*' '?' '[' '' 'it'\\''s' 'a  b' "$HOM…`, `Run through a shell: ["/bin/sh", "-c", "exec echo '*' '?' '[' '…"]`]);
    for (const f of fixes) assert.equal((await buildAndRun(applyEdits(t, f.edits))).output, "* ? [  it's a  b /root\n", f.title);
    const expr = `FROM ${BUSYBOX_IMAGE}\nCMD ["/bin/busybox", "expr", "2", "*", "3"]\n`;
    assert.deepEqual(findings(expr, 'ExecFormShellSyntax'), []);
    assert.equal((await buildAndRun(expr)).output, '6\n');
  });

  it('ENTRYPOINT ["/bin/sh", "-c"] + CMD ["echo $HOME"]: the shell expands it, no ExecFormVariable; SHELL does not', async () => {
    const t = `FROM ${BUSYBOX_IMAGE}\nENTRYPOINT ["/bin/sh", "-c"]\nCMD ["echo $HOME"]\n`;
    assert.deepEqual(findings(t, 'ExecFormVariable'), []);
    assert.equal((await buildAndRun(t)).output, '/root\n');
    // SHELL only wraps shell forms: an exec-form CMD is still run as is
    const sh = `FROM ${BUSYBOX_IMAGE}\nSHELL ["/bin/sh", "-c"]\nCMD ["echo $HOME"]\n`;
    assert.equal(findings(sh, 'ExecFormVariable').length, 1);
    assert.equal(findings(sh, 'ExecFormUnsplitCommand').length, 1);
    const r = await buildAndRun(sh);
    assert.notEqual(r.code, 0);
    assert.match(r.output, /exec: "echo \$HOME": executable file not found in \$PATH/);
  });
});
