#!/usr/bin/env node
// Generates a realistic, deterministic Dockerfile of about N lines, for
// benchmarks and stress tests.
//
//   import { generateDockerfile } from './gen-dockerfile.mjs';
//   const text = generateDockerfile(10_000, 42);
//
//   node scripts/gen-dockerfile.mjs 10000 [seed] > big.Dockerfile
//
// The output mixes what real Dockerfiles contain: a syntax directive, global
// ARGs, many stages that refer to each other (FROM <stage>, COPY --from=),
// ENV/LABEL with quotes (and the legacy `ENV key value` form), long RUN
// continuations with comment and blank lines inside, heredocs, JSON and shell
// forms of CMD/ENTRYPOINT, HEALTHCHECK, EXPOSE, USER, WORKDIR, VOLUME, ONBUILD,
// Korean and emoji text, plus a few mistakes (an invalid JSON CMD, an unknown
// instruction) so that error paths are exercised too. Same (lines, seed), same
// text: the generator uses its own PRNG and no clock.


/** mulberry32: small, fast, good enough, and the same on every platform. */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PACKAGES = [
  'build-essential', 'ca-certificates', 'curl', 'wget', 'git', 'gnupg', 'dirmngr', 'openssh-client',
  'libssl-dev', 'libffi-dev', 'zlib1g-dev', 'libbz2-dev', 'libreadline-dev', 'libsqlite3-dev',
  'libncursesw5-dev', 'xz-utils', 'tk-dev', 'libxml2-dev', 'libxmlsec1-dev', 'liblzma-dev',
  'pkg-config', 'autoconf', 'automake', 'libtool', 'make', 'cmake', 'ninja-build', 'g++', 'gcc',
  'unzip', 'zip', 'tar', 'bzip2', 'file', 'jq', 'less', 'procps', 'tzdata', 'locales', 'netbase',
  'iproute2', 'iputils-ping', 'dnsutils', 'net-tools', 'tini', 'gosu', 'sudo', 'vim-tiny', 'nano',
  'python3', 'python3-pip', 'python3-venv', 'python3-dev', 'nodejs', 'npm', 'openjdk-17-jre-headless',
  'postgresql-client', 'default-mysql-client', 'redis-tools', 'libpq-dev', 'libjpeg62-turbo-dev',
  'libpng-dev', 'libwebp-dev', 'libfreetype6-dev', 'fontconfig', 'fonts-noto-cjk', 'imagemagick',
  'ffmpeg', 'graphviz', 'rsync', 'patch', 'bash-completion', 'dumb-init', 'libcap2-bin', 'acl',
  'libyaml-dev', 'libgdbm-dev', 'libdb-dev', 'uuid-dev', 'libexpat1-dev', 'libgmp-dev', 'libmpfr-dev',
];

const APK_PACKAGES = ['bash', 'curl', 'git', 'ca-certificates', 'tzdata', 'openssl', 'su-exec', 'tini', 'jq', 'make', 'gcc', 'musl-dev', 'linux-headers', 'libc6-compat', 'icu-libs', 'zstd'];

const COMMENTS = [
  '# Install build dependencies',
  '# Keep the image small: no recommends, clean apt lists',
  '# See https://docs.docker.com/build/building/best-practices/',
  '# 의존성 설치 (캐시 사용)',
  '# 빌드 단계: 바이너리만 복사합니다',
  '# 🚀 release stage',
  '# 🐳 runtime image — keep it minimal ✨',
  '# TODO: pin the digest once upstream publishes one',
  '# NOTE: the order matters for layer caching',
  '# 한국어 주석: 테스트 실행 🧪',
];

const BASES = [
  'golang:${GO_VERSION}', 'golang:${GO_VERSION}-alpine${ALPINE_VERSION}', 'debian:bookworm-slim',
  'ubuntu:24.04', 'alpine:${ALPINE_VERSION}', 'node:${NODE_VERSION}-bookworm', 'python:3.12-slim',
  'gcr.io/distroless/static-debian12:nonroot', 'rust:1.80', 'eclipse-temurin:21-jre',
  'docker.io/library/nginx:1.27-alpine@sha256:0c57fe90551cfd8b7d4d05763c5018607b296cb01f7e0ff44b7d047353ed8cc0',
];

const DEBIAN_LIKE = /golang:\$\{GO_VERSION\}$|debian|ubuntu|node:|python:|rust:|temurin/;

export function generateDockerfile(lines = 1000, seed = 1) {
  const rnd = prng(seed);
  const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = (arr) => arr[Math.floor(rnd() * arr.length)];
  const chance = (p) => rnd() < p;
  const target = Math.max(1, Math.floor(lines));

  const out = [];
  const push = (...ls) => { for (const l of ls) out.push(l); };
  const left = () => target - out.length;

  // --- header: directives and global ARGs -------------------------------
  push('# syntax=docker/dockerfile:1');
  if (target >= 40) push('# check=skip=JSONArgsRecommended');
  if (target >= 20) {
    push('', '# Global build arguments (전역 빌드 인자)',
      'ARG GO_VERSION=1.22.5', 'ARG ALPINE_VERSION=3.20', 'ARG NODE_VERSION=20',
      'ARG DEBIAN_FRONTEND=noninteractive', 'ARG VERSION=0.0.0-dev', 'ARG BUILDKIT_SBOM_SCAN_STAGE=true', '');
  }

  const stages = []; // { name, apk }
  let n = 0; // counter for unique names
  let mistakes = 0;

  // --- one-instruction blocks (also used to fill the last few lines exactly)
  const small = [
    () => [`WORKDIR /src/${pick(['app', 'cmd/server', 'web', '프로젝트', 'svc-' + n])}`],
    () => [`USER ${pick(['1000:1000', 'app', 'nonroot:nonroot', 'root', '${UID}:${GID}'])}`],
    () => [`EXPOSE ${pick(['8080', '8080/tcp 8443', '9090/udp', '${PORT}', '80 443 3000-3005'])}`],
    () => [pick(['VOLUME ["/data", "/var/log/app"]', 'VOLUME /cache', 'VOLUME [ "/var/lib/postgresql/data" ]'])],
    () => [`ENV ${pick(['APP_HOME /srv/app', 'GREETING 안녕하세요 세계 🌏', 'PATH /usr/local/go/bin:$PATH', 'TZ Asia/Seoul'])}`],
    () => [`ENV PATH="/usr/local/bin:\${PATH}" LANG=C.UTF-8 GOFLAGS="-mod=vendor -trimpath" CGO_ENABLED=0 MESSAGE='hello "world"' N${n++}=${int(1, 999)}`],
    () => [`LABEL org.opencontainers.image.title="Dockerfile Lens" org.opencontainers.image.description="설명: 작은 이미지 🐳" version="\${VERSION}"`],
    () => [`ARG ${pick(['TARGETOS', 'TARGETARCH', 'TARGETPLATFORM', 'BUILDPLATFORM', 'UID=1000', 'GID=1000', 'PORT=8080'])}`],
    () => [pick(COMMENTS)],
    () => [''],
    () => [`COPY --chown=app:app --chmod=0644 ${pick(['go.mod go.sum', 'package.json package-lock.json', 'requirements.txt', 'Cargo.toml Cargo.lock'])} ./`],
    () => [`COPY ["config/app config.yaml", "/etc/app/"]`],
    () => [`ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/releases/tool-v${int(1, 9)}.${int(0, 20)}.tar.gz /tmp/`],
    () => [`RUN ${pick(['go mod download', 'npm ci --omit=dev', 'pip install --no-cache-dir -r requirements.txt', 'make -j"$(nproc)" install', 'echo "빌드 완료 ✅"'])}`],
    () => [`RUN --mount=type=cache,target=/root/.cache/go-build --mount=type=bind,source=.,target=/src CGO_ENABLED=0 GOOS=\${TARGETOS} GOARCH=\${TARGETARCH} go build -ldflags "-s -w -X main.version=\${VERSION}" -o /out/app-${n++} ./cmd/app`],
    () => [`STOPSIGNAL ${pick(['SIGTERM', 'SIGQUIT', 'SIGINT'])}`],
    () => ['SHELL ["/bin/bash", "-o", "pipefail", "-c"]'],
    () => [pick(['ONBUILD COPY . /app/src', 'ONBUILD RUN make build', 'ONBUILD ARG APP_ENV=production'])],
  ];
  const smallLine = () => pick(small)();

  // --- multi-line blocks: each returns an array of lines --------------------
  const aptInstall = (max) => {
    const apk = stages.length && stages[stages.length - 1].apk;
    const pool = apk ? APK_PACKAGES : PACKAGES;
    const count = apk ? int(5, APK_PACKAGES.length) : int(20, 60);
    const pkgs = [];
    for (let i = 0; i < count; i++) pkgs.push(pick(pool));
    const body = [];
    if (apk) {
      body.push('RUN set -eux; \\', '    apk add --no-cache \\');
    } else {
      body.push('RUN set -eux; \\', '    apt-get update; \\', '    apt-get install -y --no-install-recommends \\');
    }
    const tail = apk ? 2 : 3; // lines after the package list
    let i = 0;
    while (i < pkgs.length && body.length + tail < max) {
      if (chance(0.08)) body.push(`        ${pick(COMMENTS)}`);
      else if (chance(0.02)) body.push('');
      else {
        const k = int(1, 3);
        body.push(`        ${pkgs.slice(i, i + k).join(' ')} \\`);
        i = Math.min(pkgs.length, i + k);
      }
    }
    body.push('    ; \\');
    if (!apk) body.push('    rm -rf /var/lib/apt/lists/*; \\');
    body.push(`    echo "installed ${i} packages (패키지 ${i}개 설치됨 📦)"`);
    return body.length <= max ? body : smallLine();
  };

  const heredocRun = () => {
    const ls = [];
    if (chance(0.5)) {
      ls.push('RUN <<EOF');
      ls.push('set -eux');
      for (let i = int(2, 8); i > 0; i--) ls.push(pick(['mkdir -p /var/lib/app /var/log/app', 'chown -R app:app /var/lib/app', 'echo "$HOME ${PATH}"', 'ln -sf /usr/share/zoneinfo/Asia/Seoul /etc/localtime', 'useradd --create-home --uid 1000 app || true', 'printf "%s\\n" "안녕 👋"']));
      ls.push('EOF');
    } else {
      ls.push('RUN <<-"EOT" bash');
      ls.push('\tset -euo pipefail');
      for (let i = int(2, 6); i > 0; i--) ls.push(`\techo "step ${i}: \${VERSION} — 단계 ${i}"`);
      ls.push('\tEOT');
    }
    return ls;
  };

  const heredocCopy = () => {
    const f = pick(['/etc/app/config.toml', '/etc/nginx/conf.d/default.conf', '/usr/local/bin/entrypoint.sh']);
    const ls = [`COPY <<-EOF ${f}`];
    for (let i = int(3, 10); i > 0; i--) ls.push(pick(['\t[server]', '\tlisten = ":8080"', '\t# 설정 파일 🛠', '\tlog_level = "info"', '\tname = "app-$HOSTNAME"', '\tworkers = 4']));
    ls.push('\tEOF');
    if (chance(0.3)) {
      ls.push('COPY <<FILE1 <<FILE2 /opt/app/', 'first file', 'FILE1', 'second file ✨', 'FILE2');
    }
    return ls;
  };

  const labels = () => {
    const ls = ['LABEL maintainer="Dockerfile Lens <lens@example.com>" \\'];
    const keys = ['org.opencontainers.image.source="https://github.com/example/app"', 'org.opencontainers.image.licenses="MIT"', 'org.opencontainers.image.vendor="예제 회사"', 'com.example.emoji="🐳🚀"', 'com.example.quoted="say \\"hi\\""', `com.example.build=${int(1, 9999)}`];
    for (let i = int(2, keys.length - 1); i > 0; i--) ls.push(`      ${pick(keys)} \\`);
    ls.push(`      org.opencontainers.image.version="\${VERSION}"`);
    return ls;
  };

  const envBlock = () => [
    'ENV GOPATH=/go \\',
    '    PATH="/go/bin:/usr/local/go/bin:${PATH}" \\',
    `    APP_NAME='app-${n++}' \\`,
    '    GREETING="안녕하세요 👋"',
  ];

  const healthcheck = () => [
    `HEALTHCHECK --interval=${int(5, 60)}s --timeout=3s --start-period=5s --retries=3 \\`,
    '  CMD curl -fsS http://localhost:8080/healthz || exit 1',
  ];

  const copyFrom = () => {
    if (stages.length < 2) return smallLine();
    const from = pick(stages.slice(0, -1)).name; // an earlier stage
    return [pick([
      `COPY --from=${from} /out/ /usr/local/bin/`,
      `COPY --from=${from} --chown=1000:1000 /src/dist /srv/www`,
      `COPY --link --from=${from} /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/`,
    ])];
  };

  const cmdEntrypoint = () => {
    const ls = [];
    if (chance(0.5)) ls.push(pick(['ENTRYPOINT ["/usr/bin/tini", "--", "/usr/local/bin/entrypoint.sh"]', 'ENTRYPOINT ["dumb-init", "--"]', 'ENTRYPOINT exec /usr/local/bin/app "$@"']));
    ls.push(pick(['CMD ["./app", "--config", "/etc/app/config.yaml"]', 'CMD ["app", "serve", "--message=안녕 🌏"]', 'CMD exec ./app --port "$PORT"', 'CMD ["sh", "-c", "echo \\"$HOME\\""]', 'CMD [ "npm", "start" ]']));
    return ls;
  };

  const mistake = () => {
    // in turn, so that even a small file gets the first kinds
    return [[
      "CMD ['./app', '--verbose']", // not JSON: single quotes -> shell form
      'RUNN echo "typo"', // unknown instruction
      'COPPY . /app',
      'ENTRYPOINT ["app", "--flag",]', // trailing comma -> not JSON
      'MAINTAINER someone@example.com', // deprecated
      'EXPOSE', // missing arguments
    ][mistakes++ % 6]];
  };

  const blocks = [
    [12, aptInstall], [6, heredocRun], [4, heredocCopy], [4, labels], [4, envBlock],
    [1, healthcheck], [6, copyFrom], [1, cmdEntrypoint], [30, smallLine],
  ];
  const totalW = blocks.reduce((s, [w]) => s + w, 0);
  const block = (max) => {
    let r = rnd() * totalW;
    for (const [w, f] of blocks) if ((r -= w) < 0) return f(max);
    return smallLine();
  };

  const fromLine = () => {
    const name = `${pick(['build', 'deps', 'test', 'web', 'runtime', 'tools'])}-${stages.length}`;
    let base;
    if (stages.length > 1 && chance(0.35)) base = pick(stages).name; // FROM another stage
    else base = pick(BASES);
    const apk = /alpine/.test(base) || (stages.find((s) => s.name === base)?.apk ?? false);
    const platform = chance(0.2) ? '--platform=$BUILDPLATFORM ' : '';
    const kw = chance(0.05) ? 'from' : 'FROM';
    const as = chance(0.05) ? 'as' : 'AS';
    stages.push({ name, apk, debian: DEBIAN_LIKE.test(base) });
    return `${kw} ${platform}${base} ${as} ${name}`;
  };

  // --- the stages ------------------------------------------------------------
  while (left() > 0) {
    if (left() >= 2) push(`# ── stage ${stages.length}: ${pick(['build', 'test', '런타임', 'assets 🎨', 'tooling'])} ──`);
    push(fromLine());
    const stageLen = int(25, 90);
    const stageEnd = Math.min(target, out.length + stageLen);
    // a mistake every ~300 lines, at least two in any file of 100+ lines
    const wantMistake = (target >= 100 && mistakes < 2) || chance(stageLen / 300);
    let mistakeAt = wantMistake ? int(out.length, stageEnd - 1) : -1;
    while (out.length < stageEnd) {
      const max = stageEnd - out.length;
      if (mistakeAt >= 0 && out.length >= mistakeAt) { push(...mistake()); mistakeAt = -1; continue; }
      const b = max < 8 ? smallLine() : block(max);
      push(...(b.length <= max ? b : smallLine()));
    }
    if (left() > 0 && chance(0.3)) push(pick(['HEALTHCHECK NONE', 'HEALTHCHECK --interval=30s --timeout=3s CMD wget -qO- http://localhost:8080/healthz || exit 1']));
    if (left() > 0 && chance(0.6)) push(...cmdEntrypoint().slice(0, left()));
  }
  out.length = target;
  return out.join('\n') + '\n';
}

// CLI: node scripts/gen-dockerfile.mjs [lines=1000] [seed=1]
// (matched by file name, so the module can also be bundled into the tests)
if (process.argv[1] && /gen-dockerfile\.mjs$/.test(process.argv[1])) {
  const lines = Number(process.argv[2] ?? 1000);
  const seed = Number(process.argv[3] ?? 1);
  if (!Number.isFinite(lines) || lines < 1 || !Number.isFinite(seed)) {
    process.stderr.write('usage: node scripts/gen-dockerfile.mjs [lines=1000] [seed=1] > out.Dockerfile\n');
    process.exit(2);
  }
  process.stdout.write(generateDockerfile(lines, seed));
}
