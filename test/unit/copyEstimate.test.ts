/**
 * COPY/ADD size estimates over real temporary build contexts: .dockerignore
 * (and `<Dockerfile>.dockerignore`), globs, directories, --exclude, --parents,
 * heredocs, local tar archives ADD unpacks, symlinks, missing sources, the
 * walk bound, invalidation, and COPY --from a stage.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { linkSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { contextIndex, invalidateContext, type ContextIndex } from '../../server/src/layers/context';
import { estimateCopy, goMatch, remoteSources, unpacksCompression } from '../../server/src/layers/copy';
import type { SizeEstimate } from '../../server/src/protocol/layers';
import { analyze } from '../../server/src/model/document';

type Spec = string | Buffer | number | { symlink: string };

const dirs: string[] = [];

/** A temporary context: path → content (a number: that many bytes), a symlink, or a directory (path ending in `/`). */
function context(files: Record<string, Spec>): string {
  const root = mkdtempSync(join(tmpdir(), 'copy-estimate-'));
  dirs.push(root);
  for (const [path, spec] of Object.entries(files)) {
    const abs = join(root, path);
    if (path.endsWith('/')) {
      mkdirSync(abs, { recursive: true });
      continue;
    }
    mkdirSync(dirname(abs), { recursive: true });
    if (typeof spec === 'object' && !Buffer.isBuffer(spec)) symlinkSync(spec.symlink, abs);
    else writeFileSync(abs, typeof spec === 'number' ? Buffer.alloc(spec, 0x61) : spec);
  }
  return root;
}

interface Run {
  ctx: ContextIndex;
  /** Estimates of the COPY/ADD instructions, in order. */
  estimates: SizeEstimate[];
}

/** Estimates every COPY/ADD of `text` against the context `root` (waiting for archive reads like the service does). */
async function run(root: string, text: string, opts: { dockerfile?: string; maxEntries?: number; engineVersion?: string } = {}): Promise<Run> {
  const dockerfile = join(root, opts.dockerfile ?? 'Dockerfile');
  const doc = analyze(pathToFileURL(dockerfile).href, 1, text);
  const ctx = contextIndex(root, dockerfile, { maxEntries: opts.maxEntries });
  await ctx.ready();
  const copies = doc.ast.instructions.filter((i) => i.name === 'COPY' || i.name === 'ADD');
  let estimates = copies.map((i) => estimateCopy(i, doc, ctx, { engineVersion: opts.engineVersion }));
  if (!ctx.isReady()) {
    await ctx.ready();
    estimates = copies.map((i) => estimateCopy(i, doc, ctx, { engineVersion: opts.engineVersion }));
  }
  return { ctx, estimates };
}

async function one(root: string, text: string, opts?: { dockerfile?: string; maxEntries?: number; engineVersion?: string }): Promise<SizeEstimate> {
  const { estimates } = await run(root, text, opts);
  return estimates[estimates.length - 1];
}

/** A ustar archive written by hand: regular files, directories, symlinks. */
function tar(entries: Array<{ name: string; data?: string | number; type?: '0' | '2' | '5'; link?: string }>): Buffer {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const data = typeof e.data === 'number' ? Buffer.alloc(e.data, 0x62) : Buffer.from(e.data ?? '');
    const h = Buffer.alloc(512);
    h.write(e.name, 0, 100, 'utf8');
    h.write('0000644\0', 100, 'latin1');
    h.write('0000000\0', 108, 'latin1');
    h.write('0000000\0', 116, 'latin1');
    h.write(data.length.toString(8).padStart(11, '0') + '\0', 124, 'latin1');
    h.write('00000000000\0', 136, 'latin1');
    h.write('        ', 148, 'latin1');
    h.write(e.type ?? '0', 156, 'latin1');
    if (e.link) h.write(e.link, 157, 100, 'utf8');
    h.write('ustar\0' + '00', 257, 'latin1');
    let sum = 0;
    for (const b of h) sum += b;
    h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
    blocks.push(h, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('Go filepath.Match', () => {
  it('matches as Go does', () => {
    const cases: Array<[string, string, boolean]> = [
      ['*.txt', 'a.txt', true],
      ['*.txt', 'dir/a.txt', false],
      ['*', 'a/b', false],
      ['a/*/c', 'a/b/c', true],
      ['a/*/c', 'a/b/d/c', false],
      ['h?llo', 'hello', true],
      ['h?llo', 'h/llo', false],
      ['[a-c]x', 'bx', true],
      ['[^a-c]x', 'bx', false],
      ['[!a-c]x', '!x', true], // Go has no `!` negation: `!` is a member
      ['\\*x', '*x', true],
      ['\\*x', 'ax', false],
      ['a[', 'a[', false], // malformed: no match
      ['*c', 'abc', true],
      ['a*b*c', 'axxbyyc', true],
      ['a*', 'a', true],
      ['é?', 'éü', true],
    ];
    for (const [p, s, want] of cases) assert.equal(goMatch(p, s), want, `${p} ~ ${s}`);
  });
});

describe('COPY from the build context', () => {
  it('sums a file, and a directory recursively (directories count 0)', async () => {
    const root = context({ 'a.txt': 100, 'src/x.js': 30, 'src/lib/y.js': 20, 'src/empty/': '' });
    const { estimates } = await run(root, 'FROM scratch\nCOPY a.txt /a.txt\nCOPY src /app/\n');
    assert.equal(estimates[0].bytes, 100);
    assert.equal(estimates[0].basis, 'context');
    assert.equal(estimates[1].bytes, 50);
    assert.deepEqual(estimates[1].items, [{ label: 'src', bytes: 50, detail: '2 files' }]);
  });

  it('adds multiple sources, exec form included', async () => {
    const root = context({ 'a b.txt': 7, 'c.txt': 5 });
    const e = await one(root, 'FROM scratch\nCOPY ["a b.txt", "c.txt", "/x/"]\n');
    assert.equal(e.bytes, 12);
    assert.deepEqual(e.items!.map((i) => i.bytes), [7, 5]);
  });

  it('matches globs with filepath.Match, a matched directory copying its contents', async () => {
    const root = context({ 'a.txt': 1, 'b.txt': 2, 'c.md': 4, 'sub/d.txt': 8, 'pkg/one/main.go': 16, 'pkg/two/main.go': 32, 'pkg/two/x.go': 64, 'docs1/r.md': 128 });
    const { estimates } = await run(root, 'FROM scratch\nCOPY *.txt /x/\nCOPY pkg/*/main.go /y/\nCOPY docs? /z/\nCOPY [ab].txt /w/\nCOPY *.nothing /v/\n');
    assert.equal(estimates[0].bytes, 3); // not sub/d.txt: `*` does not cross `/`
    // pkg/one/main.go and pkg/two/main.go both land at /y/main.go: the later one stays (32 B with either
    // builder on Docker 20.10.24)
    assert.equal(estimates[1].bytes, 32);
    assert.equal(estimates[2].bytes, 128);
    assert.equal(estimates[3].bytes, 3);
    assert.equal(estimates[4].bytes, 0);
    assert.match(estimates[4].note, /matches nothing/);
  });

  it('treats `../` as the context root, like Docker', async () => {
    const root = context({ 'bin/file.go': 9 });
    assert.equal((await one(root, 'FROM scratch\nCOPY ../bin/file.go /b\n')).bytes, 9);
  });

  it('says Docker would fail for a missing source', async () => {
    const root = context({ 'a.txt': 1 });
    const e = await one(root, 'FROM scratch\nCOPY a.txt missing.txt /x/\n');
    assert.equal(e.bytes, null);
    assert.match(e.note, /missing\.txt: not found in build context; docker build would fail/);
    assert.deepEqual(e.items!.map((i) => i.bytes), [1, null]);
  });

  it('expands ARG/ENV defaults in sources, and says when a value is unknown', async () => {
    const root = context({ 'src/a': 10, 'v1/b': 20 });
    const { estimates } = await run(root, 'FROM scratch\nARG DIR=src\nENV VER=v1\nCOPY $DIR ${VER}/b /x/\nARG NODEFAULT\nCOPY $NODEFAULT /y/\n');
    assert.equal(estimates[0].bytes, 30);
    assert.equal(estimates[1].bytes, null);
    assert.match(estimates[1].note, /\$NODEFAULT/);
  });

  it('does not change bytes for --chown, --chmod and --link', async () => {
    const root = context({ 'a.txt': 11 });
    assert.equal((await one(root, 'FROM scratch\nCOPY --chown=1:1 --chmod=600 --link a.txt /a\n')).bytes, 11);
  });

  it('counts hard-linked files once, as overlay2 does', async () => {
    const root = context({ 'd/a': 100 });
    linkSync(join(root, 'd/a'), join(root, 'd/b'));
    assert.equal((await one(root, 'FROM scratch\nCOPY d /d\n')).bytes, 100);
  });

  it('is unknown without a build context, except for heredocs', () => {
    const doc = analyze('untitled:1', 1, 'FROM scratch\nCOPY a /a\nCOPY <<EOF /b\nhi\nEOF\n');
    const [a, b] = doc.ast.instructions.filter((i) => i.name === 'COPY');
    assert.equal(estimateCopy(a, doc, undefined).bytes, null);
    assert.equal(estimateCopy(b, doc, undefined).bytes, 3);
  });
});

describe('.dockerignore', () => {
  it('leaves out what the ignore file excludes, with ! exceptions and **', async () => {
    const ignore = '*.log\n!keep.log\n**/*.tmp\nsecret\nbuild\n!build/out\n';
    const root = context({
      '.dockerignore': ignore,
      'a.txt': 1, 'x.log': 2, 'keep.log': 4, 'deep/y.tmp': 8, 'deep/z.txt': 16, 'secret/k': 32, 'build/obj/o': 64, 'build/out/bin': 128,
    });
    const { estimates, ctx } = await run(root, 'FROM scratch\nCOPY . /app\nCOPY x.log /x\nCOPY build /b/\n');
    // .dockerignore itself is sent (it does not exclude itself)
    assert.equal(estimates[0].bytes, 1 + 4 + 16 + 128 + ignore.length);
    assert.equal(ctx.ignoreFile, '.dockerignore');
    assert.equal(estimates[1].bytes, null);
    assert.match(estimates[1].note, /x\.log: excluded by \.dockerignore; docker build would fail/);
    assert.equal(estimates[2].bytes, 128);
  });

  it('prefers <Dockerfile>.dockerignore beside the Dockerfile, and can exclude the Dockerfile from COPY', async () => {
    const root = context({
      '.dockerignore': 'a.txt\n',
      'app.Dockerfile.dockerignore': 'b.txt\napp.Dockerfile\n',
      'app.Dockerfile': 'FROM scratch\n',
      'a.txt': 3, 'b.txt': 5,
    });
    const text = 'FROM scratch\nCOPY a.txt /a\nCOPY b.txt /b\nCOPY app.Dockerfile /d\n';
    const { estimates, ctx } = await run(root, text, { dockerfile: 'app.Dockerfile' });
    assert.equal(ctx.ignoreFile, 'app.Dockerfile.dockerignore');
    assert.equal(estimates[0].bytes, 3);
    assert.equal(estimates[1].bytes, null);
    assert.equal(estimates[2].bytes, null);
    assert.match(estimates[2].note, /excluded by app\.Dockerfile\.dockerignore/);
  });
});

describe('--exclude and --parents', () => {
  it('--exclude has .dockerignore semantics relative to each source, never excluding a matched source itself', async () => {
    const root = context({ 'docs/a.md': 1, 'docs/b.txt': 2, 'docs/sub/c.md': 4, 'a': 8, 'b': 16 });
    const { estimates } = await run(root, 'FROM scratch\nCOPY --exclude=*.md docs /d/\nCOPY --exclude=**/*.md docs /d/\nCOPY --exclude=a ? /e/\n');
    assert.equal(estimates[0].bytes, 6);
    assert.equal(estimates[1].bytes, 2);
    assert.equal(estimates[2].bytes, 24); // `a` is kept: a matched source is never excluded (moby/buildkit#5489)
  });

  it('--parents copies the same bytes, with a /./ pivot, and a missing source is no error', async () => {
    const root = context({ 'src/one/a.go': 1, 'src/two/b.go': 2, 'src/two/c.txt': 4, 'top.go': 8 });
    const { estimates } = await run(root, 'FROM scratch\nCOPY --parents src/*/*.go /app/\nCOPY --parents src/./two /app/\nCOPY --parents nothing.txt /app/\n');
    assert.equal(estimates[0].bytes, 3);
    assert.equal(estimates[1].bytes, 6);
    assert.equal(estimates[2].bytes, 0);
    assert.doesNotMatch(estimates[2].note, /fail/);
  });
});

describe('heredocs', () => {
  it('counts the body, expanded unless the delimiter is quoted, tabs stripped for <<-', async () => {
    const root = context({});
    const text = 'FROM scratch\nARG NAME=world\nCOPY <<EOF /a\nhello $NAME\nEOF\nCOPY <<"EOF" /b\nhello $NAME\nEOF\nCOPY <<-EOF /c\n\t\tx\n\tEOF\n';
    const { estimates } = await run(root, text);
    assert.equal(estimates[0].bytes, 'hello world\n'.length);
    assert.equal(estimates[1].bytes, 'hello $NAME\n'.length);
    assert.equal(estimates[2].bytes, 2);
  });
});

describe('symlinks', () => {
  it('counts a symlink inside a directory as 0 B (BuildKit), follows a symlink source inside the root only', async () => {
    const root = context({ 'd/file': 50, 'd/link': { symlink: 'file' }, 'top': { symlink: 'd/file' }, 'out': { symlink: '/etc/passwd' }, 'up': { symlink: '../../../d/file' } });
    const { estimates } = await run(root, 'FROM scratch\nCOPY d /d\nCOPY top /t\nCOPY out /o\nCOPY up /u\n');
    assert.equal(estimates[0].bytes, 50);
    assert.match(estimates[0].note, /The legacy builder \(DOCKER_BUILDKIT=0\) shows 4 B more: it counts each symlink as the length of its target\./);
    assert.equal(estimates[1].bytes, 50);
    assert.equal(estimates[2].bytes, null); // /etc/passwd resolved inside the context: not there
    assert.match(estimates[2].note, /not found in build context/);
    assert.equal(estimates[3].bytes, 50); // `..` stops at the context root
  });

  it('copies a dangling symlink inside a directory as a link (0 B); as a named or matched source the build fails', async () => {
    // Docker 20.10.24, both builders: `COPY dir /d/` with dir/dang -> nowhere succeeds (BuildKit 800 B for
    // 800 B of files); `COPY dangling /d/`, `COPY dang* /d/`, `COPY dir/* /d/` fail with "not found"
    const root = context({ 'dir/f': 500, 'dir/sub/g': 300, 'dir/dang': { symlink: 'nowhere' }, 'dir/ln': { symlink: '../a' }, 'a': 7, 'dangling': { symlink: 'nowhere' } });
    const { estimates } = await run(root, 'FROM scratch\nCOPY dir /d/\nCOPY dangling /d/\nCOPY dang* /d/\nCOPY dir/* /d/\n');
    assert.equal(estimates[0].bytes, 800);
    assert.match(estimates[0].items![0].detail!, /^4 files$/);
    assert.match(estimates[0].note, /shows 11 B more/); // 'nowhere' + '../a'
    assert.equal(estimates[1].bytes, null);
    assert.match(estimates[1].note, /dangling: not found in build context; docker build would fail/);
    for (const e of estimates.slice(2)) {
      assert.equal(e.bytes, null);
      assert.match(e.note, /a symlink whose target is not in the build context; docker build would fail/);
    }
  });
});

describe('a source named twice', () => {
  it('counts each destination path once, the later write winning (as measured on Docker 20.10.24)', async () => {
    const root = context({ 'a': 1000, 'dir/f': 500, 'dir/sub/g': 300, 'link': { symlink: 'a' }, 'b/a': 20 });
    const { estimates } = await run(root, [
      'FROM scratch',
      'COPY a a /d/', // 1000
      'COPY a ./a /d/', // 1000
      'COPY dir dir /d/', // 800
      'COPY dir dir/f /d/', // 800: dir/f lands on /d/f again
      'COPY dir dir/sub /d/', // 1100: /d/sub/g and /d/g
      'COPY link a /d/', // 2000: /d/link and /d/a
      'COPY a *a /d/', // 1000
      'COPY a b/a /d/', // 20: b/a overwrites /d/a
      'COPY a a /x', // 1000 (BuildKit; the legacy builder wants a directory)
      '',
    ].join('\n'));
    assert.deepEqual(estimates.map((e) => e.bytes), [1000, 1000, 800, 800, 1100, 2000, 1000, 20, 1000]);
    assert.match(estimates[0].note, /1 path named by more than one source is copied once\./);
    assert.deepEqual(estimates[3].items!.map((i) => [i.label, i.bytes, i.detail]), [
      ['dir', 300, '1 file; 1 written again by a later source (counted there)'],
      ['dir/f', 500, '1 file'],
    ]);
    assert.deepEqual(estimates[7].items!.map((i) => [i.label, i.bytes]), [['a', 0], ['b/a', 20]]);
    assert.doesNotMatch(estimates[5].note, /copied once/);
  });

  it('an archive named twice is unpacked once; COPY --from a stage counts a path once', async () => {
    const root = context({ 'x.tar': tar([{ name: 'f', data: 100 }]), 'a': 10 });
    const { estimates } = await run(root, 'FROM scratch AS s\nCOPY a /out/a\nFROM scratch\nADD x.tar x.tar /d/\nCOPY --from=s /out /out/a /d/\n');
    assert.equal(estimates[1].bytes, 100);
    assert.equal(estimates[2].bytes, 10);
  });
});

describe('ADD archives', () => {
  const files = tar([
    { name: 'dir/', type: '5' },
    { name: 'dir/a', data: 1000 },
    { name: 'dir/b', data: 24 },
    { name: 'dir/l', type: '2', link: 'a' },
    { name: 'dir/a', data: 10 }, // a later entry overwrites
  ]);

  it('ADD unpacks tar, gzip tar and content-detected archives: the unpacked size', async () => {
    const root = context({ 'x.tar': files, 'x.tgz': gzipSync(files), 'blob.bin': gzipSync(files), 'plain.gz': gzipSync('not a tar at all'), 'text.tar': 'no tar' });
    const { estimates } = await run(root, 'FROM scratch\nADD x.tar /x\nADD x.tgz /y\nADD blob.bin /z\nADD plain.gz /p\nADD text.tar /t\nCOPY x.tar /c\n');
    for (const e of estimates.slice(0, 3)) {
      assert.equal(e.basis, 'archive');
      assert.equal(e.bytes, 10 + 24); // the symlink dir/l: 0 B
      assert.match(e.note, /legacy builder \(DOCKER_BUILDKIT=0\) shows 1 B more/);
      assert.match(e.items![0].detail!, /3 files unpacked/);
    }
    assert.equal(estimates[3].bytes, gzipSync('not a tar at all').length);
    assert.equal(estimates[3].basis, 'context');
    assert.equal(estimates[4].bytes, 6);
    assert.equal(estimates[5].bytes, files.length); // COPY never unpacks
  });

  it('reads a tar made by the tar CLI (long names)', async function () {
    const root = context({ 'in/': '' });
    const long = 'n'.repeat(120);
    mkdirSync(join(root, 'in', long), { recursive: true });
    writeFileSync(join(root, 'in', long, 'f'), Buffer.alloc(3000));
    writeFileSync(join(root, 'in', 'g'), Buffer.alloc(7));
    const r = spawnSync('tar', ['-czf', join(root, 'made.tar.gz'), '-C', join(root, 'in'), '.']);
    if (r.error) return this.skip();
    rmSync(join(root, 'in'), { recursive: true });
    const e = await one(root, 'FROM scratch\nADD made.tar.gz /m\n');
    assert.equal(e.bytes, 3007);
  });

  it('zstd, xz, bzip2: which engine unpacks what (zstd from Docker 23.0), the local engine\'s version when known', async () => {
    const zst = Buffer.concat([Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), Buffer.alloc(96)]);
    const xz = Buffer.concat([Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]), Buffer.alloc(194)]);
    const bz = Buffer.concat([Buffer.from('BZh91AY&SY'), Buffer.alloc(290)]);
    const root = context({ 't.tar.zst': zst, 't.tar.xz': xz, 't.tar.bz2': bz });
    const text = 'FROM scratch\nADD t.tar.zst /d/\nADD t.tar.xz /d/\nADD t.tar.bz2 /d/\n';
    // Docker 20.10.24 (the engine here): `ADD t.tar.zst /d/` stores the file as is
    const old = (await run(root, text, { engineVersion: '20.10.24+dfsg1' })).estimates;
    assert.deepEqual([old[0].bytes, old[0].basis, old[0].low], [100, 'context', undefined]);
    assert.match(old[0].note, /Docker Engine 20\.10\.24\+dfsg1 \(here\) copies a zstd-compressed file as is: zstd is unpacked from Docker Engine 23\.0 \(standalone BuildKit v0\.10\) on\./);
    assert.match(old[0].items![0].detail!, /copied as is \(zstd/);
    const recent = (await run(root, text, { engineVersion: '27.3.1' })).estimates;
    assert.deepEqual([recent[0].bytes, recent[0].basis, recent[0].low], [null, 'archive', 100]);
    assert.match(recent[0].note, /Docker Engine 27\.3\.1 \(here\) unpacks a zstd-compressed tar \(23\.0 and later do\)\./);
    const unknownEngine = (await run(root, text)).estimates;
    assert.deepEqual([unknownEngine[0].bytes, unknownEngine[0].low], [null, 100]);
    assert.match(unknownEngine[0].note, /Docker Engine 23\.0 and later \(standalone BuildKit v0\.10 and later\) unpack a zstd-compressed tar; Docker 20\.10 and earlier copy the file as is\./);
    assert.match(unknownEngine[0].note, /whether ADD unpacks it depends on the engine version/);
    for (const e of [old, recent, unknownEngine]) {
      // xz and bzip2: unpacked by every version (xz through the `xz` program on the daemon's host)
      assert.deepEqual([e[1].bytes, e[1].basis, e[1].low, e[2].bytes, e[2].basis, e[2].low], [null, 'archive', 200, null, 'archive', 300]);
      assert.match(e[1].note, /runs the `xz` program on the daemon's host/);
    }
    // COPY --from a stage that ADDed it: the file itself only where the engine does not unpack it
    const staged = 'FROM scratch AS s\nADD t.tar.zst /a/\nFROM scratch\nCOPY --from=s /a/t.tar.zst /b/\n';
    assert.equal((await one(root, staged, { engineVersion: '20.10.24' })).bytes, 100);
    assert.equal((await one(root, staged, { engineVersion: '23.0.0' })).bytes, null);
    assert.deepEqual(['none', 'gzip', 'bzip2', 'xz'].map((c) => unpacksCompression(c as 'gzip', '20.10.24').unpacks), [true, true, true, true]);
    assert.deepEqual(['22.06.0', '23.0.0', 'v24.0.7', 'podman'].map((v) => unpacksCompression('zstd', v).unpacks), [false, true, true, undefined]);
  });

  it('gives the archive size as the low end when the compression cannot be read here', async () => {
    const bz = Buffer.concat([Buffer.from('BZh91AY&SY'), Buffer.alloc(90)]);
    const root = context({ 'x.tar.bz2': bz });
    const e = await one(root, 'FROM scratch\nADD x.tar.bz2 /x\n');
    assert.equal(e.bytes, null);
    assert.equal(e.low, 100);
    assert.equal(e.basis, 'archive');
    assert.match(e.note, /bzip2/);
  });

  it('ADD of a URL is unknown; remoteSources lists it with variables filled in', async () => {
    const root = context({ 'a': 5 });
    const text = 'FROM scratch\nARG V=1.2\nADD https://example.com/app-${V}.tar.gz a /x/\n';
    const e = await one(root, text);
    assert.equal(e.bytes, null);
    assert.equal(e.basis, 'unknown');
    assert.equal(e.low, 5);
    const doc = analyze('file:///x/Dockerfile', 1, text);
    const add = doc.ast.instructions.find((i) => i.name === 'ADD')!;
    assert.deepEqual(remoteSources(add, doc), ['https://example.com/app-1.2.tar.gz']);
  });
});

describe('the index', () => {
  it('stops at maxEntries and marks the figure as a lower bound', async () => {
    const spec: Record<string, Spec> = {};
    for (let i = 0; i < 40; i++) spec[`f${String(i).padStart(2, '0')}`] = 10;
    const root = context(spec);
    const { estimates, ctx } = await run(root, 'FROM scratch\nCOPY . /app\nCOPY f39 /f\n', { maxEntries: 10 });
    assert.equal(ctx.partial, true);
    assert.equal(estimates[0].partial, true);
    assert.equal(estimates[0].bytes, 100);
    assert.match(estimates[0].note, /lower bound/);
    // a file the walk did not reach is not reported as missing
    assert.equal(estimates[1].bytes, null);
    assert.match(estimates[1].note, /not reached/);
    assert.doesNotMatch(estimates[1].note, /would fail/);
  });

  it('picks up a new file after invalidateContext', async () => {
    const root = context({ 'd/a': 10 });
    const text = 'FROM scratch\nCOPY d /d\n';
    assert.equal((await one(root, text)).bytes, 10);
    writeFileSync(join(root, 'd/b'), Buffer.alloc(5));
    const ctx = contextIndex(root, join(root, 'Dockerfile'));
    assert.equal(ctx.isReady(), true);
    invalidateContext(join(root, 'd/b'));
    assert.equal(ctx.isReady(), false);
    assert.equal((await one(root, text)).bytes, 15);
  });
});

describe('COPY --from', () => {
  it('sizes what the source stage wrote with its own COPY (WORKDIR, trailing slash)', async () => {
    const root = context({ 'app/main.js': 100, 'app/lib/u.js': 20, 'conf.json': 7 });
    const text = [
      'FROM scratch AS build',
      'WORKDIR /src',
      'COPY app/ ./',
      'COPY conf.json /etc/app.json',
      'FROM scratch',
      'COPY --from=build /src /app',
      'COPY --from=build /etc/app.json /etc/',
      'COPY --from=0 /src/lib/*.js /lib/',
    ].join('\n');
    const { estimates } = await run(root, text);
    assert.equal(estimates[2].bytes, 120);
    assert.equal(estimates[2].basis, 'stage');
    assert.equal(estimates[2].partial, undefined);
    assert.equal(estimates[3].bytes, 7);
    assert.equal(estimates[4].bytes, 20);
  });

  it('says when the stage produced the path otherwise, and gives a lower bound when a RUN follows', async () => {
    const root = context({ 'src/a.go': 50 });
    const text = [
      'FROM golang:1.22 AS build',
      'WORKDIR /src',
      'COPY src .',
      'RUN go build -o /out/app',
      'FROM scratch',
      'COPY --from=build /out/app /app',
      'COPY --from=build /src/a.go /a.go',
      'COPY --from=alpine:3.20 /bin/sh /sh',
    ].join('\n');
    const { estimates } = await run(root, text);
    assert.equal(estimates[1].bytes, null);
    assert.equal(estimates[1].basis, 'stage');
    assert.match(estimates[1].note, /What stage build produced at \/out\/app is not known before a build/);
    assert.equal(estimates[2].bytes, 50);
    assert.equal(estimates[2].partial, true);
    assert.match(estimates[2].note, /RUN/);
    assert.equal(estimates[3].bytes, null);
    assert.match(estimates[3].note, /alpine:3\.20/);
  });
});
