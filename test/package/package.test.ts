/**
 * The two packages as they are released, made from a copy of the tree (its node_modules linked):
 * - the npm package (`npm pack`, whose prepack script writes the production bundles; shaped by
 *   .npmignore): only the CLI and its data, no dependencies, so `npm install --offline <tarball>` into
 *   an empty folder (with an empty npm cache) works, and `npx dockerfile-lens check` there gives what
 *   the tree's CLI gives;
 * - the .vsix (`vsce package` with the flags of `npm run package`, shaped by .vscodeignore): what
 *   ships, the marketplace page, and its size budget;
 * - the GitHub Action's lint step (scripts/ci/action-check.sh) and the pre-commit hook (the real
 *   `pre-commit`, when installed) run with that tarball.
 */
import * as assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative, sep } from 'node:path';
import { corpus, repoRoot } from '../helpers/corpus';
import { vsceBin, vscePackageArgs } from '../helpers/packaging';
import * as YAML from 'yaml';

/**
 * The .vsix budget. ≤ 1 MB is not reachable with the two data files the server reads (compressed
 * sizes in the .vsix, 2026-12-07): dist/debian-packages.bin 677,518 B (the RUN apt-get estimator's
 * package table) and dist/sh-syntax.wasm 266,051 B (mvdan/sh for dockerfileLens.format.shell). The
 * rest (bundles, manifest, grammar, translations, schema, icon, pages) has its own budget: 342,595 B
 * on this branch, 424,014 B with main's issue 16/17 work merged in (measured on a merged tree).
 */
const VSIX_BUDGET = 1_500_000;
const VSIX_DATA_FILES = ['extension/dist/debian-packages.bin', 'extension/dist/sh-syntax.wasm'];
const VSIX_CODE_BUDGET = 550_000;
/** The npm tarball (gzip): the Debian table ≈ 610 KB, dist/cli.js ≈ 140 KB (≈ 200 KB with main's issue 17 work), README. */
const NPM_BUDGET = 1_000_000;

/** What the npm package holds: the CLI, the table `layers` reads, and what npm always adds. */
const NPM_FILES = ['CHANGELOG.md', 'LICENSE', 'README.md', 'dist/cli.js', 'dist/debian-packages.bin', 'package.json'];

/** What the .vsix must hold (vsce renames the README and CHANGELOG, and adds its manifest). */
const VSIX_REQUIRED = [
  'extension.vsixmanifest', '[Content_Types].xml', 'extension/package.json', 'extension/package.nls.json', 'extension/package.nls.ko.json',
  'extension/readme.md', 'extension/changelog.md', 'extension/LICENSE.txt', 'extension/docs/images/icon.png',
  'extension/dist/client.js', 'extension/dist/server.js', 'extension/dist/debian-packages.bin', 'extension/dist/sh-syntax.wasm',
  'extension/syntaxes/dockerfile.tmLanguage.json', 'extension/snippets/dockerfile.json', 'extension/l10n/bundle.l10n.ko.json',
];
/** Anything else in the .vsix must look like this (more translations, grammars or snippets are fine). */
const VSIX_ALLOWED = /^(extension\/(package\.nls\.[a-z-]+\.json|l10n\/bundle\.l10n\.[a-z-]+\.json|syntaxes\/[^/]+\.json|snippets\/[^/]+\.json))$/;

interface ZipEntry { fileName: string; compressedSize: number; uncompressedSize: number }
interface ZipFile {
  on(event: 'entry', cb: (e: ZipEntry) => void): void;
  on(event: 'end' | 'error', cb: (e?: Error) => void): void;
  readEntry(): void;
  openReadStream(e: ZipEntry, cb: (err: Error | null, s: NodeJS.ReadableStream) => void): void;
}
// yauzl: the zip reader vsce itself uses (its dependency), no typings shipped
// eslint-disable-next-line @typescript-eslint/no-require-imports
const yauzl = require('yauzl') as { open(path: string, opts: { lazyEntries: boolean }, cb: (err: Error | null, zip: ZipFile) => void): void };

/** Every entry of a zip with its sizes, and the text of the entries named in `read`. */
function readZip(file: string, read: string[]): Promise<{ entries: ZipEntry[]; text: Map<string, string> }> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      const entries: ZipEntry[] = [];
      const text = new Map<string, string>();
      zip.on('error', reject);
      zip.on('end', () => resolve({ entries, text }));
      zip.on('entry', (e) => {
        entries.push({ fileName: e.fileName, compressedSize: e.compressedSize, uncompressedSize: e.uncompressedSize });
        if (!read.includes(e.fileName)) return zip.readEntry();
        zip.openReadStream(e, (err2, s) => {
          if (err2) return reject(err2);
          const chunks: Buffer[] = [];
          s.on('data', (c: Buffer) => chunks.push(c));
          s.on('end', () => { text.set(e.fileName, Buffer.concat(chunks).toString('utf8')); zip.readEntry(); });
        });
      });
      zip.readEntry();
    });
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

describe('Packages: the npm tarball and the .vsix as released', function () {
  this.timeout(300_000);
  let tmp: string;
  let stage: string;
  let tarball: string;
  let packed: { filename: string; size: number; unpackedSize: number; files: Array<{ path: string }> };
  let project: string;
  // npm as a user without our environment runs it: no npm_* from a surrounding `npm test`, an empty cache
  let npmEnv: NodeJS.ProcessEnv;
  const run = (cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = npmEnv): SpawnSyncReturns<string> =>
    spawnSync(cmd, args, { cwd, env, encoding: 'utf8', timeout: 180_000 });
  const ok = (r: SpawnSyncReturns<string>, what: string) => assert.equal(r.status, 0, `${what} failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);

  before(function () {
    tmp = mkdtempSync(join(tmpdir(), 'lens-pkg-'));
    stage = join(tmp, 'stage');
    npmEnv = {
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k))),
      npm_config_cache: join(tmp, 'npm-cache'), npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false',
    };
    const skip = new Set(['node_modules', '.git', 'out', 'dist']);
    cpSync(repoRoot, stage, {
      recursive: true,
      filter: (src) => {
        const rel = relative(repoRoot, src);
        return !rel.split(sep).some((part) => skip.has(part)) && !/\.(vsix|tgz)$/.test(rel);
      },
    });
    symlinkSync(join(repoRoot, 'node_modules'), join(stage, 'node_modules'));
    // as at the repository's root: prepack bundles for production, then npm packs
    const r = run('npm', ['pack', '--json', '--pack-destination', tmp], stage);
    ok(r, 'npm pack');
    [packed] = JSON.parse(r.stdout.slice(r.stdout.indexOf('['))) as Array<typeof packed>;
    tarball = join(tmp, packed.filename);
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('npm pack: the CLI and its Debian table only, no dependencies, a shebang; under 1 MB', () => {
    const info = packed;
    assert.deepEqual(info.files.map((f) => f.path).sort(), NPM_FILES);
    const pkg = JSON.parse(readFileSync(join(stage, 'package.json'), 'utf8'));
    assert.deepEqual(pkg.dependencies ?? {}, {}, 'everything is bundled into dist/: no runtime dependencies');
    assert.equal(pkg.bundleDependencies ?? pkg.bundledDependencies, undefined);
    assert.equal(pkg.bin['dockerfile-lens'], './dist/cli.js');
    const cli = readFileSync(join(stage, 'dist/cli.js'), 'utf8');
    assert.equal(cli.split('\n', 1)[0], '#!/usr/bin/env node');
    assert.doesNotMatch(cli, /sourceMappingURL/, 'prepack bundles for production');
    assert.equal(statSync(tarball).size, info.size);
    console.log(`      (npm package: ${info.size.toLocaleString('en')} B, unpacked ${info.unpackedSize.toLocaleString('en')} B, ${info.files.length} files)`);
    assert.ok(info.size <= NPM_BUDGET, `npm package ${info.size} B > ${NPM_BUDGET} B`);
  });

  it('npm install --offline of the tarball alone, then npx dockerfile-lens check . and check FILE', function () {
    if (!tarball) this.skip();
    project = join(tmp, 'project');
    mkdirSync(project);
    ok(run('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], project), 'npm install --offline');
    const work = join(project, 'work');
    mkdirSync(join(work, 'bad'), { recursive: true });
    copyFileSync(corpus('real/docker-library__golang/1.27__alpine3.23__Dockerfile.Dockerfile'), join(work, 'Dockerfile'));
    copyFileSync(join(repoRoot, 'examples/mistakes.dockerfile'), join(work, 'bad/mistakes.dockerfile'));

    // one corpus file: exit 0, its five warnings, exactly what the tree's CLI prints
    const file = run('npx', ['--offline', 'dockerfile-lens', 'check', 'Dockerfile'], work);
    const tree = run(process.execPath, [join(repoRoot, 'dist/cli.js'), 'check', 'Dockerfile'], work, process.env);
    assert.equal(file.status, 0, file.stderr);
    assert.match(file.stdout, /^1 file\(s\) checked, 5 finding\(s\)$/m);
    assert.equal(file.stdout, tree.stdout);

    // the folder: both files found, mistakes.dockerfile's error → exit 1
    const all = run('npx', ['--offline', 'dockerfile-lens', 'check', '.'], work);
    assert.equal(all.status, 1, all.stderr);
    assert.match(all.stdout, /^bad\/mistakes\.dockerfile:\d+:\d+: error InvalidPort: /m);
    assert.match(all.stdout, /^2 file\(s\) checked, /m);
  });

  it('the installed `layers` reads the Debian table shipped beside the bundle', function () {
    if (!project) this.skip();
    writeFileSync(join(project, 'apt.Dockerfile'), 'FROM debian:bookworm\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n');
    const r = run('npx', ['--offline', 'dockerfile-lens', 'layers', '--no-registry', 'apt.Dockerfile'], project);
    ok(r, 'layers');
    assert.match(r.stdout, /RUN +≈ [\d.]+ MB .*Debian 12 \(bookworm, amd64\) installed sizes/);
  });

  it('cold start: `dockerfile-lens check` on one file, fresh processes (median of 5; npx: of 3)', function () {
    if (!project) this.skip();
    const bin = join(project, 'node_modules/.bin/dockerfile-lens');
    const times = (cmd: string, args: string[], n: number) => Array.from({ length: n }, () => {
      const t0 = process.hrtime.bigint();
      const r = run(cmd, args, join(project, 'work'));
      assert.equal(r.status, 0, r.stderr);
      return Number(process.hrtime.bigint() - t0) / 1e6;
    });
    const direct = times(bin, ['check', 'Dockerfile'], 5);
    const npx = times('npx', ['--offline', 'dockerfile-lens', 'check', 'Dockerfile'], 3);
    console.log(`      (check, one file, cold: ${median(direct).toFixed(0)} ms median via node_modules/.bin [${direct.map((t) => t.toFixed(0)).join(', ')}], ${median(npx).toFixed(0)} ms via npx)`);
    assert.ok(median(direct) < 5000, 'a cold check of one file takes seconds');
  });

  it("the GitHub Action's lint step (scripts/ci/action-check.sh) with the tarball: SARIF, outputs, fail levels", function () {
    if (!project) this.skip();
    const work = join(project, 'work');
    let n = 0;
    const step = (inputs: Record<string, string>) => {
      const output = join(tmp, `github-output-${n++}`);
      writeFileSync(output, '');
      const r = run('bash', [join(repoRoot, 'scripts/ci/action-check.sh')], work, {
        ...npmEnv, npm_config_offline: 'true', GITHUB_OUTPUT: output, RUNNER_TEMP: tmp, INPUT_VERSION: tarball, ...inputs,
      });
      const outputs = Object.fromEntries(readFileSync(output, 'utf8').split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
      return { r, outputs };
    };
    // the defaults: SARIF of the folder; mistakes.dockerfile's error fails the action (exit-code 1), after the upload (the step exits 0)
    const all = step({});
    assert.equal(all.r.status, 0, all.r.stdout + all.r.stderr);
    assert.equal(all.outputs['exit-code'], '1');
    const sarif = JSON.parse(readFileSync(all.outputs['sarif-file'], 'utf8'));
    assert.equal(sarif.version, '2.1.0');
    assert.ok(sarif.runs[0].results.some((x: { ruleId: string; level: string }) => x.ruleId === 'InvalidPort' && x.level === 'error'));
    // the corpus file has warnings only: passes by default, fails at fail-level warning; none never fails
    assert.equal(step({ INPUT_PATHS: 'Dockerfile' }).outputs['exit-code'], '0');
    assert.equal(step({ INPUT_PATHS: 'Dockerfile', INPUT_FAIL_LEVEL: 'warning' }).outputs['exit-code'], '1');
    assert.equal(step({ INPUT_FAIL_LEVEL: 'none' }).outputs['exit-code'], '0');
    // several paths on lines, another format printed to the log
    const json = step({ INPUT_PATHS: 'Dockerfile\nbad/mistakes.dockerfile', INPUT_FORMAT: 'json' });
    assert.deepEqual([...new Set((JSON.parse(json.r.stdout) as Array<{ file: string }>).map((x) => x.file))].sort(), ['Dockerfile', 'bad/mistakes.dockerfile']);
    assert.equal(json.outputs['sarif-file'], undefined);
    const bad = step({ INPUT_FORMAT: 'xml' });
    assert.equal(bad.r.status, 2);
    assert.match(bad.r.stdout, /^::error title=dockerfile-lens::format must be/m);

    // action.yml passes every input the script reads, and declares every input it uses
    const action = YAML.parse(readFileSync(join(repoRoot, 'action.yml'), 'utf8'));
    const declared = new Set(Object.keys(action.inputs));
    const used = [...readFileSync(join(repoRoot, 'action.yml'), 'utf8').matchAll(/\binputs\.([\w-]+)/g)].map((m) => m[1]);
    assert.deepEqual(used.filter((u) => !declared.has(u)), []);
    const checkStep = action.runs.steps.find((st: { id?: string }) => st.id === 'check');
    const script = readFileSync(join(repoRoot, 'scripts/ci/action-check.sh'), 'utf8');
    for (const v of new Set([...script.matchAll(/\b(INPUT_[A-Z_]+)/g)].map((m) => m[1]))) {
      assert.match(String(checkStep.env[v]), /^\$\{\{ inputs\.[\w-]+ \}\}$/, `${v} is not passed by action.yml`);
    }
  });

  it('pre-commit (the real one) runs both hooks of .pre-commit-hooks.yaml on the Dockerfiles of a repository (README.md and Dockerfile.dockerignore left alone)', function () {
    if (!tarball) this.skip();
    if (spawnSync('pre-commit', ['--version']).status !== 0) {
      if (process.env.CI) throw new Error('pre-commit is missing: apt-get install pre-commit');
      this.skip();
    }
    const hooks = YAML.parse(readFileSync(join(repoRoot, '.pre-commit-hooks.yaml'), 'utf8')) as Array<{ id: string; entry: string }>;
    const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
    assert.equal(hooks.find((h) => h.id === 'dockerfile-lens')!.entry, `npx --yes dockerfile-lens@${version} check`, 'the hook runs this release');

    const repo = join(tmp, 'hooked');
    mkdirSync(join(repo, 'bad'), { recursive: true });
    copyFileSync(corpus('real/docker-library__golang/1.27__alpine3.23__Dockerfile.Dockerfile'), join(repo, 'Dockerfile'));
    copyFileSync(join(repoRoot, 'examples/mistakes.dockerfile'), join(repo, 'bad/mistakes.dockerfile'));
    writeFileSync(join(repo, 'Dockerfile.dockerignore'), 'node_modules\n');
    writeFileSync(join(repo, 'README.md'), 'not a Dockerfile\n');
    writeFileSync(join(repo, '.gitignore'), 'node_modules/\n');
    // offline: npx finds dockerfile-lens@<version> installed in the project (the tarball), as a user's
    // machine finds it in npm's cache after the first run
    const env = {
      ...npmEnv, npm_config_offline: 'true', PRE_COMMIT_HOME: join(tmp, 'pre-commit-home'),
      GIT_CONFIG_GLOBAL: '/dev/null', GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com',
    };
    ok(run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--no-save', tarball], repo, env), 'npm install --offline');
    ok(run('git', ['init', '-q'], repo, env), 'git init');
    ok(run('git', ['add', '-A'], repo, env), 'git add');
    for (const [id, name, path] of [
      ['dockerfile-lens', 'dockerfile-lens', process.env.PATH],
      ['dockerfile-lens-installed', 'dockerfile-lens \\(installed\\)', `${join(repo, 'node_modules/.bin')}:${process.env.PATH}`],
    ]) {
      // the hooks as this tree has them (try-repo takes uncommitted changes too), on every file
      const all = run('pre-commit', ['try-repo', repoRoot, id!, '--all-files', '--verbose'], repo, { ...env, PATH: path });
      assert.equal(all.status, 1, all.stdout + all.stderr);
      assert.match(all.stdout, new RegExp(`^${name}\\.+Failed$`, 'm'));
      assert.match(all.stdout, /^bad\/mistakes\.dockerfile:\d+:\d+: error InvalidPort: /m);
      assert.match(all.stdout, /^2 file\(s\) checked, /m, 'Dockerfile and mistakes.dockerfile; not README.md nor Dockerfile.dockerignore');
      if (id === 'dockerfile-lens') console.log(all.stdout.replace(/^/gm, '        '));
    }
  });

  it('vsce package (the flags of `npm run package`): what ships, the marketplace page, ≤ 1.5 MB', async () => {
    const vsix = join(tmp, 'dockerfile-lens.vsix');
    ok(run(process.execPath, [vsceBin, ...vscePackageArgs(vsix)], stage), 'vsce package');
    const { entries, text } = await readZip(vsix, ['extension/readme.md', 'extension/changelog.md', 'extension/package.json']);
    const names = entries.map((e) => e.fileName);
    for (const f of VSIX_REQUIRED) assert.ok(names.includes(f), `${f} is not in the .vsix`);
    // every file the manifest points at is shipped (a contribution added later, e.g. a jsonValidation
    // schema, needs its line in .vscodeignore too)
    const manifestPkg = JSON.parse(readFileSync(join(stage, 'package.json'), 'utf8'));
    const c = manifestPkg.contributes ?? {};
    const referenced = [
      manifestPkg.main, manifestPkg.icon,
      ...(c.grammars ?? []).map((g: { path: string }) => g.path),
      ...(c.snippets ?? []).map((g: { path: string }) => g.path),
      ...(c.languages ?? []).map((g: { configuration?: string }) => g.configuration),
      ...(c.jsonValidation ?? []).map((g: { url: string }) => g.url).filter((u: string) => !/^[a-z]+:/.test(u)),
    ].filter((f): f is string => typeof f === 'string').map((f) => `extension/${f.replace(/^\.\//, '')}`);
    for (const f of referenced) assert.ok(names.includes(f), `package.json points at ${f}, which is not in the .vsix (.vscodeignore)`);
    const extra = names.filter((n) => !VSIX_REQUIRED.includes(n) && !referenced.includes(n) && !VSIX_ALLOWED.test(n));
    assert.deepEqual(extra, [], 'files the .vsix should not ship (.vscodeignore)');

    // the page is MARKETPLACE.md (not the developers' README), its images absolute https links
    const readme = text.get('extension/readme.md')!;
    assert.equal(readme.split('\n', 1)[0], readFileSync(join(repoRoot, 'MARKETPLACE.md'), 'utf8').split('\n', 1)[0]);
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)/g)].map((m) => m[1]);
    assert.ok(images.length >= 4, 'screenshots of the hover, lens, chart and build');
    for (const src of images) assert.match(src, /^https:\/\/github\.com\/dockerfile-lens\/dockerfile-lens\/raw\/HEAD\/docs\/images\/[\w-]+\.png$/);
    for (const src of images) assert.ok(statSync(join(repoRoot, src.replace(/^.*\/raw\/HEAD\//, ''))).isFile(), `${src} is not in the repository`);
    const manifest = JSON.parse(text.get('extension/package.json')!);
    assert.match(text.get('extension/changelog.md')!, new RegExp(`^## ${manifest.version.replace(/\./g, '\\.')}\\b`, 'm'), 'the CHANGELOG has the version being packaged');

    const size = statSync(vsix).size;
    const data = entries.filter((e) => VSIX_DATA_FILES.includes(e.fileName)).reduce((s, e) => s + e.compressedSize, 0);
    console.log(`      (.vsix: ${size.toLocaleString('en')} B, ${entries.length} entries; data files ${data.toLocaleString('en')} B; the rest ${(size - data).toLocaleString('en')} B)`);
    for (const e of entries) console.log(`        ${String(e.compressedSize).padStart(9)} ${String(e.uncompressedSize).padStart(9)}  ${basename(e.fileName) === e.fileName ? e.fileName : e.fileName.replace(/^extension\//, '')}`);
    assert.ok(size <= VSIX_BUDGET, `.vsix ${size} B > ${VSIX_BUDGET} B`);
    assert.ok(size - data <= VSIX_CODE_BUDGET, `.vsix without its data files ${size - data} B > ${VSIX_CODE_BUDGET} B`);
  });
});
