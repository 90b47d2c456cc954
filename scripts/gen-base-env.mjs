// Generates server/src/images/baseEnvData.ts: the bundled table of the ENV that
// common official images declare (their image config's `Env`), the last resort
// of UndefinedVar when neither the local engine nor the registry can tell
// (server/src/images/baseEnv.ts). BuildKit starts every stage FROM an image
// with that image's `Config.Env` (dockerfile2llb convert.go: "initialize base
// metadata from image conf"), then adds PATH when the config has none.
//
// Two sources, one output format:
//
//   node scripts/gen-base-env.mjs [--out FILE] [--registry HOST] [--namespace NS] [--only a,b]
//     (needs internet) for each row below, pulls the manifest of the row's
//     sample tag from Docker Hub (anonymous token, image index resolved to
//     linux/amd64), then its config blob, and records `config.Env` verbatim,
//     with the manifest digest and the date. `--registry` reads copies from
//     another registry (http for loopback), e.g. a mirror.
//
//   node scripts/gen-base-env.mjs --dockerfiles DIR [--out FILE]
//     (offline) reads the row's official Dockerfile from a clone of its GitHub
//     repository under DIR (named `owner+name`, e.g. DIR/docker-library+python,
//     a bare or normal clone: the file is read at HEAD with `git show`),
//     replays the ENV (and ARG) lines of its last stage on top of the ENV of
//     the image it is built FROM (another row of the table, or PATH alone for
//     images built FROM scratch or from a base that declares no ENV) and
//     records the resulting Env, with the commit read. This is how the
//     committed table was seeded (no internet where it was made); the registry
//     mode gives the same names, with the values of the day.
//
// A row whose repository declares ENV by variant (python 3.12 sets LANG, 3.13
// does not) is split by tag pattern; the first pattern of a repository that
// matches a tag decides; `env: null` rows keep tags out of the table (Windows
// images). Aliases (`latest`, `3`, `slim`…) follow the newest stable version in
// the repository at the commit read; a repository whose newest version is not
// known here (redis moved to redis/docker-library-redis) gets no alias row.
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
/**
 * Bases whose images declare no ENV but PATH: built FROM scratch with a root filesystem (alpine,
 * busybox, debian, ubuntu, oraclelinux), or from such an image without ENV lines (buildpack-deps).
 */
const PATH_ONLY = new Set(['scratch', 'alpine', 'busybox', 'debian', 'ubuntu', 'buildpack-deps', 'oraclelinux']);

const WIN = { tags: '^(?:.*-)?(?:windows|nanoserver|servercore)', env: null };
const v = (s) => s.replace(/\./g, '\\.');
/** Tags of one version: `3.12`, `3.12.4`, `3.12-slim`, `3.12.4-alpine3.20`. */
const version = (s) => `^${v(s)}(?:[.-]|$)`;
/** Tags of the newest version: `latest`, a bare major, or a variant alone (`slim`, `alpine3.20`, `bookworm`). */
const newest = (...majors) => `^(?:(?:latest|${majors.map(v).join('|')})(?:-|$)|[a-z])`;

/**
 * [repository on Docker Hub, rows]: each row's tag pattern, what it covers, a sample tag (registry
 * mode) and its official Dockerfile (`owner/name:path`; null: built FROM scratch, PATH only).
 */
export const ROWS = [
  ['alpine', [{ tags: '.', row: 'alpine', sample: 'alpine:latest', file: 'alpinelinux/docker-alpine@v3.20:x86_64/Dockerfile' }]],
  ['busybox', [{ tags: '.', row: 'busybox', sample: 'busybox:latest', file: 'docker-library/busybox:latest/musl/Dockerfile' }]],
  ['debian', [{ tags: '.', row: 'debian', sample: 'debian:bookworm', file: null }]],
  ['ubuntu', [{ tags: '.', row: 'ubuntu', sample: 'ubuntu:24.04', file: null }]],
  ['buildpack-deps', [{ tags: '.', row: 'buildpack-deps', sample: 'buildpack-deps:bookworm', file: 'docker-library/buildpack-deps:debian/bookworm/Dockerfile' }]],
  ['python', [
    WIN,
    ...['3.10', '3.11', '3.12', '3.13', '3.14', '3.15'].map((x) => ({ tags: version(x), row: `python:${x}`, sample: `python:${x === '3.15' ? '3.15-rc' : x}`, file: `docker-library/python:${x === '3.15' ? '3.15-rc' : x}/bookworm/Dockerfile` })),
    { tags: newest('3'), row: 'python:latest (3.14)', sample: 'python:latest', file: 'docker-library/python:3.14/bookworm/Dockerfile' },
  ]],
  ['node', [
    WIN,
    ...['22', '24', '26'].map((x) => ({ tags: version(x), row: `node:${x}`, sample: `node:${x}`, file: `nodejs/docker-node:${x}/bookworm/Dockerfile` })),
    { tags: '^(?:latest|current)(?:-|$)|^(?:alpine|bookworm|bullseye|trixie|slim)', row: 'node:latest (26)', sample: 'node:latest', file: 'nodejs/docker-node:26/bookworm/Dockerfile' },
  ]],
  ['golang', [
    WIN,
    ...['1.26', '1.27'].map((x) => ({ tags: version(x), row: `golang:${x}`, sample: `golang:${x}`, file: `docker-library/golang:${x}/bookworm/Dockerfile` })),
    { tags: '^tip(?:-|$)', row: 'golang:tip', sample: 'golang:tip', file: 'docker-library/golang:tip/bookworm/Dockerfile' },
    { tags: newest('1'), row: 'golang:latest (1.27)', sample: 'golang:latest', file: 'docker-library/golang:1.27/bookworm/Dockerfile' },
  ]],
  ['ruby', [
    WIN,
    ...['3.3', '3.4', '4.0'].map((x) => ({ tags: version(x), row: `ruby:${x}`, sample: `ruby:${x}`, file: `docker-library/ruby:${x}/bookworm/Dockerfile` })),
    { tags: newest('4'), row: 'ruby:latest (4.0)', sample: 'ruby:latest', file: 'docker-library/ruby:4.0/bookworm/Dockerfile' },
  ]],
  ['php', [
    WIN,
    { tags: '^(?:8(?:[.-]|$)|[a-z])(?:.*-)?apache(?:-|$)|^apache', row: 'php:8-apache', sample: 'php:apache', file: 'docker-library/php:8.4/bookworm/apache/Dockerfile' },
    { tags: '^(?:8(?:[.-]|$)|[a-z])', row: 'php:8 (cli, fpm, zts)', sample: 'php:cli', file: 'docker-library/php:8.4/bookworm/cli/Dockerfile' },
  ]],
  ['eclipse-temurin', [
    WIN,
    { tags: '.', row: 'eclipse-temurin', sample: 'eclipse-temurin:21', file: 'adoptium/containers:21/jdk/ubuntu/noble/Dockerfile' },
  ]],
  ['openjdk', [
    WIN,
    ...['27', '28'].map((x) => ({ tags: version(x), row: `openjdk:${x}`, sample: `openjdk:${x}`, file: `docker-library/openjdk:${x}/bookworm/Dockerfile` })),
  ]],
  ['maven', [
    WIN,
    { tags: '^(?:latest|3(?:\\.\\d+)*|(?:3(?:\\.\\d+)*-)?eclipse-temurin(?:-\\d+)?(?:-noble|-alpine)?)$', row: 'maven:*-eclipse-temurin', sample: 'maven:3-eclipse-temurin-21', file: 'carlossg/docker-maven:eclipse-temurin-21-noble/Dockerfile' },
  ]],
  ['gradle', [
    WIN,
    { tags: '^(?:latest|(?:\\d+(?:\\.\\d+)*-)?jdk\\d+(?:-(?:noble|jammy|resolute|alpine))?)$', row: 'gradle:*-jdkN (eclipse-temurin)', sample: 'gradle:jdk21', file: 'gradle/docker-gradle:jdk21-noble/Dockerfile' },
  ]],
  ['rust', [
    WIN,
    { tags: '^(?:latest|1(?:\\.\\d+)*|slim|alpine|bookworm|bullseye|trixie)(?:-|$)|^(?:alpine|slim)', row: 'rust', sample: 'rust:1', file: 'rust-lang/docker-rust:stable/bookworm/Dockerfile' },
  ]],
  ['nginx', [
    { tags: '(?:^|-)alpine-slim$', row: 'nginx:*-alpine-slim', sample: 'nginx:alpine-slim', file: 'nginxinc/docker-nginx:mainline/alpine-slim/Dockerfile' },
    { tags: '(?:^|-)alpine-otel$', row: 'nginx:*-alpine-otel', sample: 'nginx:alpine-otel', file: 'nginxinc/docker-nginx:mainline/alpine-otel/Dockerfile' },
    { tags: '(?:^|-)alpine(?:-perl)?$', row: 'nginx:*-alpine', sample: 'nginx:alpine', file: 'nginxinc/docker-nginx:mainline/alpine/Dockerfile' },
    { tags: '(?:^|-)otel$', row: 'nginx:*-otel', sample: 'nginx:otel', file: 'nginxinc/docker-nginx:mainline/debian-otel/Dockerfile' },
    { tags: '.', row: 'nginx', sample: 'nginx:latest', file: 'nginxinc/docker-nginx:mainline/debian/Dockerfile' },
  ]],
  ['httpd', [{ tags: '.', row: 'httpd', sample: 'httpd:2.4', file: 'docker-library/httpd:2.4/Dockerfile' }]],
  ['postgres', [
    { tags: 'alpine', row: 'postgres:*-alpine', sample: 'postgres:alpine', file: 'docker-library/postgres:17/alpine3.23/Dockerfile' },
    { tags: '.', row: 'postgres', sample: 'postgres:17', file: 'docker-library/postgres:17/bookworm/Dockerfile' },
  ]],
  ['redis', [
    ...['6.2', '7.0', '7.2'].map((x) => ({ tags: version(x), row: `redis:${x}`, sample: `redis:${x}`, file: `docker-library/redis:${x}/debian/Dockerfile` })),
  ]],
  ['mysql', [
    ...['8.4', '9.7'].map((x) => ({ tags: version(x), row: `mysql:${x}`, sample: `mysql:${x}`, file: `docker-library/mysql:${x}/Dockerfile.oracle` })),
    { tags: '^(?:latest|oracle|9)(?:-|$)', row: 'mysql:latest', sample: 'mysql:latest', file: 'docker-library/mysql:9.7/Dockerfile.oracle' },
  ]],
];

// ------------------------------------------------------------------ Dockerfile mode

/** The ENV and ARG instructions of the last stage, and its FROM, with continuation lines joined. */
function lastStage(text) {
  const lines = text.replace(/\\[ \t]*\r?\n/g, ' ').split(/\r?\n/);
  let stage;
  for (const line of lines) {
    const m = /^\s*([A-Za-z]+)\s+(.*)$/.exec(line);
    if (!m || line.trimStart().startsWith('#')) continue;
    const kw = m[1].toUpperCase();
    if (kw === 'FROM') stage = { from: m[2].trim().split(/\s+/).filter((w) => !w.startsWith('--'))[0], steps: [] };
    else if (stage && (kw === 'ENV' || kw === 'ARG')) stage.steps.push({ kw, rest: m[2].trim() });
  }
  return stage;
}

/** Shell-like words of `K=V K2="v 2"`, expanding $X/${X}/${X:-d} with `env` (not in single quotes). */
function words(s, env) {
  const out = [];
  let i = 0;
  while (i < s.length) {
    while (i < s.length && /\s/.test(s[i])) i++;
    if (i >= s.length) break;
    let w = '';
    while (i < s.length && !/\s/.test(s[i])) {
      const c = s[i];
      if (c === "'") {
        const j = s.indexOf("'", i + 1);
        w += s.slice(i + 1, j < 0 ? s.length : j);
        i = j < 0 ? s.length : j + 1;
      } else if (c === '"') {
        i++;
        while (i < s.length && s[i] !== '"') {
          if (s[i] === '\\' && i + 1 < s.length) { w += s[i + 1]; i += 2; } else if (s[i] === '$') { const [t, n] = dollar(s, i, env); w += t; i = n; } else w += s[i++];
        }
        i++;
      } else if (c === '\\' && i + 1 < s.length) { w += s[i + 1]; i += 2; } else if (c === '$') { const [t, n] = dollar(s, i, env); w += t; i = n; } else { w += c; i++; }
    }
    out.push(w);
  }
  return out;
}

function dollar(s, i, env) {
  const braced = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}/.exec(s.slice(i));
  if (braced) return [env.get(braced[1]) || braced[2] || '', i + braced[0].length];
  const plain = /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(s.slice(i));
  if (plain) return [env.get(plain[1]) ?? '', i + plain[0].length];
  return ['$', i + 1];
}

/** The Env of an image built by `file` on top of `baseEnv` ([k, v] pairs, in the config's order). */
function replay(stage, baseEnv) {
  const env = new Map(baseEnv);
  const args = new Map();
  const scope = { get: (k) => (env.has(k) ? env.get(k) : args.get(k)) };
  for (const { kw, rest } of stage.steps) {
    const legacy = /^([A-Za-z_][A-Za-z0-9_]*)\s+(.*)$/.exec(rest);
    if (kw === 'ENV' && legacy && !/^[A-Za-z_][A-Za-z0-9_]*=/.test(rest)) {
      env.set(legacy[1], words(legacy[2], scope).join(' '));
      continue;
    }
    for (const w of words(rest, scope)) {
      const eq = w.indexOf('=');
      if (kw === 'ENV' && eq > 0) env.set(w.slice(0, eq), w.slice(eq + 1));
      if (kw === 'ARG') args.set(eq > 0 ? w.slice(0, eq) : w, eq > 0 ? w.slice(eq + 1) : '');
    }
  }
  return [...env];
}

function readGit(dir, spec) {
  // owner/name[@rev]:path
  const m = /^([^/]+)\/([^@:]+)(?:@([^:]+))?:(.+)$/.exec(spec);
  let repo = join(dir, `${m[1]}+${m[2]}`);
  if (existsSync(join(repo, 'repo'))) repo = join(repo, 'repo'); // a mirror kept as owner+name/repo
  const rev = m[3] ?? 'HEAD';
  const commit = execFileSync('git', ['-C', repo, 'log', '-1', '--format=%h %cs', rev], { encoding: 'utf8' }).trim();
  const text = execFileSync('git', ['-C', repo, 'show', `${rev}:${m[4]}`], { encoding: 'utf8', maxBuffer: 1 << 24 });
  return { text, source: `${m[1]}/${m[2]}@${commit.replace(' ', ' (')}) ${m[4]}` };
}

function fromDockerfiles(dir) {
  const out = ROWS.map(([repo, rows]) => ({ repo, rows: rows.map(() => undefined) }));
  const find = (image) => {
    const [name, tag = 'latest'] = image.split(':');
    const t = out.find((r) => r.repo === name);
    const i = ROWS.find(([repo]) => repo === name)?.[1].findIndex((r) => new RegExp(r.tags).test(tag)) ?? -1;
    return i < 0 ? null : t.rows[i]; // undefined: not made yet
  };
  // rows built FROM another row wait for it (nginx:*-otel is FROM nginx, listed after it)
  for (let pass = 0, left = Infinity; left > 0; pass++) {
    let now = 0;
    ROWS.forEach(([, rows], k) => rows.forEach((r, j) => {
      if (out[k].rows[j]) return;
      if (r.env === null) return void (out[k].rows[j] = { tags: r.tags, row: '', env: null, source: 'not in the table' });
      if (r.file === null) return void (out[k].rows[j] = { tags: r.tags, row: r.row, env: [`PATH=${DEFAULT_PATH}`], source: `${r.row} is built FROM scratch with a root filesystem and no ENV line (its Dockerfile is not read: assumed); PATH as BuildKit sets it` });
      const { text, source } = readGit(dir, r.file);
      const stage = lastStage(text);
      let baseEnv = [['PATH', DEFAULT_PATH]];
      let via = '';
      if (!PATH_ONLY.has(stage.from.split(':')[0])) {
        const b = find(stage.from);
        if (b === null || b?.env === null) throw new Error(`${r.file}: FROM ${stage.from} is not in the table`);
        if (!b) return void now++;
        baseEnv = b.env.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]);
        via = ` on top of ${b.row}`;
      }
      out[k].rows[j] = { tags: r.tags, row: r.row, env: replay(stage, baseEnv).map(([x, y]) => `${x}=${y}`), source: `${source}${via}` };
    }));
    if (now >= left || pass > 5) throw new Error('rows built FROM one another in a cycle');
    left = now;
  }
  return out;
}

// ------------------------------------------------------------------ registry mode

const ACCEPT = [
  'application/vnd.oci.image.index.v1+json', 'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json', 'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

/** GET with the anonymous token flow of a `401 Bearer` challenge (Docker Hub's, distribution's token spec). */
async function registryGet(url, accept, auth) {
  let res = await fetch(url, { headers: { Accept: accept, ...(auth.token ? { Authorization: `Bearer ${auth.token}` } : {}) } });
  const challenge = res.status === 401 && /^Bearer\s+(.*)$/i.exec(res.headers.get('www-authenticate') ?? '');
  if (challenge) {
    const params = Object.fromEntries([...challenge[1].matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    const tokenUrl = new URL(params.realm);
    if (params.service) tokenUrl.searchParams.set('service', params.service);
    tokenUrl.searchParams.set('scope', params.scope ?? auth.scope);
    const body = await (await fetch(tokenUrl)).json();
    auth.token = body.token ?? body.access_token;
    res = await fetch(url, { headers: { Accept: accept, Authorization: `Bearer ${auth.token}` } });
  }
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res;
}

/** The linux/amd64 config Env of `name:tag` in the registry (Docker Hub's official images by default). */
async function registryConfig(image) {
  const [name, tag] = image.split(':');
  const path = `${NAMESPACE}/${name}`;
  const base = `${/^(localhost|127\.[\d.]+|\[::1\])(:\d+)?$/.test(REGISTRY) ? 'http' : 'https'}://${REGISTRY}/v2/${path}`;
  const auth = { scope: `repository:${path}:pull` };
  let res = await registryGet(`${base}/manifests/${tag}`, ACCEPT, auth);
  let body = await res.json();
  let digest = res.headers.get('docker-content-digest');
  if (body.manifests) {
    const m = body.manifests.find((x) => x.platform?.os === 'linux' && x.platform?.architecture === 'amd64');
    if (!m) throw new Error(`${image}: no linux/amd64 image`);
    res = await registryGet(`${base}/manifests/${m.digest}`, ACCEPT, auth);
    body = await res.json();
    digest = m.digest;
  }
  const config = await (await registryGet(`${base}/blobs/${body.config.digest}`, '*/*', auth)).json();
  return { env: config.config?.Env ?? [], digest };
}

async function fromRegistry() {
  const out = [];
  const today = new Date().toISOString().slice(0, 10);
  for (const [repo, rows] of ROWS) {
    if (ONLY && !ONLY.includes(repo)) continue;
    const done = [];
    out.push({ repo, rows: done });
    for (const r of rows) {
      if (r.env === null) { done.push({ tags: r.tags, row: '', env: null, source: 'not in the table' }); continue; }
      const c = await registryConfig(r.sample);
      done.push({ tags: r.tags, row: r.row, env: c.env, source: `registry: ${r.sample} linux/amd64 ${c.digest} (${today})` });
    }
  }
  return out;
}

// ------------------------------------------------------------------ output

const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
/** `--registry HOST` (default Docker Hub's API host) and `--namespace` (default `library`): another registry holding copies, e.g. a mirror or a test. */
const REGISTRY = opt('--registry') ?? 'registry-1.docker.io';
const NAMESPACE = opt('--namespace') ?? 'library';
/** `--only python,node`: those repositories only (registry mode). */
const ONLY = opt('--only')?.split(',');
const outFile = opt('--out') ?? new URL('../server/src/images/baseEnvData.ts', import.meta.url).pathname;
const dir = opt('--dockerfiles');
const table = dir ? fromDockerfiles(dir) : await fromRegistry();
const mode = dir ? 'the official Dockerfiles (scripts/gen-base-env.mjs --dockerfiles)' : `the image configs in ${REGISTRY} (scripts/gen-base-env.mjs)`;
let ts = `// Generated by scripts/gen-base-env.mjs from ${mode}: do not edit.\n`;
ts += '// Each row names its source: the Dockerfile and commit its ENV lines were replayed from, or the registry\n';
ts += '// manifest its config was read from. Read by ./baseEnvTable.ts.\n';
ts += `export const BASE_ENV_SOURCE = ${JSON.stringify(dir ? 'dockerfiles' : 'registry')};\n\n`;
ts += 'export const BASE_ENV_ROWS: Array<[string, Array<{ tags: RegExp; row: string; env: string[] | null; source: string }>]> = [\n';
for (const { repo, rows } of table) {
  ts += `  [${JSON.stringify(`docker.io/library/${repo}`)}, [\n`;
  // regex literals: the ReDoS test (test/unit/redos.test.ts) checks every literal in server/src
  for (const r of rows) ts += `    { tags: /${r.tags.replace(/\//g, '\\/')}/, row: ${JSON.stringify(r.row)}, env: ${JSON.stringify(r.env)},\n      source: ${JSON.stringify(r.source)} },\n`;
  ts += '  ]],\n';
}
ts += '];\n';
writeFileSync(outFile, ts);
console.log(`wrote ${outFile}: ${table.reduce((n, t) => n + t.rows.length, 0)} rows`);
