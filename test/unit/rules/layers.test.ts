/** The "layers" rules: image size, caching, package managers, ADD and FROM tags. */
import * as assert from 'node:assert/strict';
import { splitShell, programs, removes, globMatch } from '../../../server/src/model/shellWords';
import { applyFix, findings, memoryContext, rangeText } from '../../helpers/rules';

/** [range text, message] of a rule's findings. */
const found = (text: string, id: string, opts = {}) => findings(text, id, opts).map((d) => [rangeText(text, d), d.message]);
const texts = (text: string, id: string) => findings(text, id).map((d) => rangeText(text, d));
const none = (text: string, id: string) => assert.deepEqual(texts(text, id), [], `${id} on:\n${text}`);

describe('layers: shellWords', () => {
  const words = (s: string, dockerfile = true) => splitShell(s, 0, s.length, { dockerfile }).commands.map((c) => [c.words.map((w) => w.value).join(' '), c.op]);
  it('splits at operators, removes quotes, drops redirections', () => {
    assert.deepEqual(words(`a 'b c' "d\\"e" && f|g; h || i 2>&1 >/dev/null & j`), [['a b c d"e', '&&'], ['f', '|'], ['g', ';'], ['h', '||'], ['i', '&'], ['j', '']]);
  });
  it('joins Dockerfile continuations and skips comment lines, keeping document ranges', () => {
    const s = 'apt-get \\\n# note\n  install -y x';
    const sc = splitShell(s, 0, s.length, { dockerfile: true });
    assert.deepEqual(sc.commands[0].words.map((w) => [w.value, s.slice(w.start, w.end)]), [['apt-get', 'apt-get'], ['install', 'install'], ['-y', '-y'], ['x', 'x']]);
  });
  it('keeps substitutions in one word and marks them dynamic', () => {
    const s = 'rm -rf "$(dirname $x)/y" `z` /a';
    const w = splitShell(s, 0, s.length).commands[0].words;
    assert.deepEqual(w.map((x) => [x.value, x.dynamic]), [['rm', false], ['-rf', false], ['$(dirname $x)/y', true], ['`z`', true], ['/a', false]]);
  });
  it('skips heredoc bodies in scripts', () => {
    assert.deepEqual(words('cat <<X > /f\napt-get install\nX\nls\n', false).map((c) => c[0]).filter(Boolean), ['cat', 'ls']);
  });
  it('finds the program behind env assignments, sudo, env and xargs', () => {
    const s = 'DEBIAN_FRONTEND=noninteractive sudo -E -u root env A=1 apt-get install -y x | xargs -r -n 1 rm -f';
    assert.deepEqual(programs(splitShell(s, 0, s.length)).map((p) => [p.name, p.args.map((a) => a.value).join(' ')]), [['apt-get', 'install -y x'], ['rm', '-f']]);
  });
  it('is linear on pathological input', () => {
    const s = '"'.repeat(20000) + '$('.repeat(20000) + '\\\n'.repeat(20000);
    const t = Date.now();
    splitShell(s, 0, s.length, { dockerfile: true });
    splitShell(s, 0, s.length);
    assert.ok(Date.now() - t < 1000);
    assert.ok(!globMatch('/' + '*a'.repeat(200) + 'b', '/' + 'a'.repeat(5000)));
  });
  it('removal matching: globs, parents, folder contents', () => {
    assert.ok(removes('/var/lib/apt/lists/*', '/var/lib/apt/lists/\u0000'));
    assert.ok(removes('/var/lib/apt', '/var/lib/apt/lists/\u0000'));
    assert.ok(removes('/tmp/*.tar.gz', '/tmp/app.tar.gz'));
    assert.ok(!removes('/tmp/*.zip', '/tmp/app.tar.gz'));
    assert.ok(!removes('/', '/tmp/x'));
  });
});

describe('layers: AptListsNotCleaned', () => {
  const id = 'AptListsNotCleaned';
  it('flags update + install without cleanup, fix appends the rm', () => {
    const t = 'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n';
    assert.deepEqual(found(t, id), [['apt-get update', '`apt-get update` leaves the package lists in this layer: delete them at the end of the same RUN (`rm -rf /var/lib/apt/lists/*`); a later RUN cannot make the image smaller.']]);
    assert.equal(applyFix(t, id), 'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n');
  });
  it('across continuations; no fix after a trailing `;`', () => {
    const t = 'FROM debian:12\nRUN set -eux; \\\n\tapt-get update; \\\n\tapt-get install -y --no-install-recommends curl;\n';
    assert.deepEqual(texts(t, id), ['apt-get update']);
    assert.equal(findings(t, id)[0].fixes, undefined);
  });
  it('in a heredoc script (no fix)', () => {
    const t = 'FROM debian:12\nRUN <<EOF\nset -e\napt-get update\napt-get install -y --no-install-recommends curl\nEOF\n';
    assert.deepEqual(texts(t, id), ['apt-get update']);
    assert.equal(findings(t, id)[0].fixes, undefined);
  });
  it('apt 3 `install --update`', () => {
    assert.deepEqual(texts('FROM debian:13\nRUN apt-get install --update -y --no-install-recommends curl\n', id), ['apt-get install']);
  });
  it('not when cleaned, cached, in a builder stage or suppressed', () => {
    none('FROM debian:12\nRUN set -eux; apt-get update; apt-get install -y --no-install-recommends curl; rm -rf /var/lib/apt/lists/*\n', id);
    none('FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl && apt-get dist-clean\n', id);
    none('FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt,sharing=locked --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y --no-install-recommends curl\n', id);
    // a builder stage only copied from: a hint that says why (test/unit/builders.test.ts)
    assert.deepEqual(findings('FROM debian:12 AS build\nRUN apt-get update && apt-get install -y --no-install-recommends gcc\nFROM scratch\nCOPY --from=build /x /x\n', id).map((d) => [d.severity, /this stage is not in the final image/.test(d.message)]), [['hint', true]]);
    none('FROM debian:12\n# hadolint ignore=DL3009\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n', id);
    none('FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL ["powershell", "-Command"]\nRUN apt-get update; apt-get install -y x\n', id);
  });
});

describe('layers: AptGetMissingYes', () => {
  const id = 'AptGetMissingYes';
  it('flags install without -y and inserts it', () => {
    const t = 'FROM debian:12\nRUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n';
    assert.deepEqual(found(t, id), [['apt-get install', '`apt-get install` without `-y` waits for a confirmation the build cannot give: it fails with "Abort." Add `-y`.']]);
    assert.equal(applyFix(t, id), 'FROM debian:12\nRUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n');
  });
  it('accepts -y, --yes, --assume-yes, -qq, -qy, -q -q, -s, yes |, sudo', () => {
    for (const opt of ['-y', '--yes', '--assume-yes', '-qq', '-qy', '-q -q', '-s', '-o APT::Get::Assume-Yes=true']) none(`FROM debian:12\nRUN apt-get install ${opt} curl\n`, id);
    none('FROM debian:12\nRUN yes | apt-get install curl\n', id);
    assert.deepEqual(texts('FROM debian:12\nRUN sudo apt-get -q install curl\n', id), ['apt-get -q install']);
    none('FROM debian:12\nRUN echo \'APT::Get::Assume-Yes "true";\' > /etc/apt/apt.conf.d/90yes\nRUN apt-get install curl\n', id);
    none('FROM debian:12\n# hadolint ignore=DL3014\nRUN apt-get install curl\n', id);
  });
});

describe('layers: AptNoInstallRecommends', () => {
  const id = 'AptNoInstallRecommends';
  it('information finding with a fix', () => {
    const t = 'FROM debian:12\nRUN apt-get install -y curl\n';
    const f = findings(t, id);
    assert.deepEqual([rangeText(t, f[0]), f[0].severity, f[0].message], ['apt-get install', 'information', '`apt-get install` also installs recommended packages: add `--no-install-recommends` to keep the image small.']);
    assert.equal(applyFix(t, id), 'FROM debian:12\nRUN apt-get install --no-install-recommends -y curl\n');
  });
  it('not with the option, apt configuration, or suppressed', () => {
    none('FROM debian:12\nRUN apt-get install -y --no-install-recommends curl\n', id);
    none('FROM debian:12\nRUN apt-get install -y -o APT::Install-Recommends=false curl\n', id);
    none('FROM debian:12\nRUN echo \'APT::Install-Recommends "0";\' > /etc/apt/apt.conf.d/norec\nRUN apt-get install -y curl\n', id);
    none('FROM debian:12\n# hadolint ignore=DL3015\nRUN apt-get install -y curl\n', id);
  });
});

describe('layers: AptUpdateAlone', () => {
  const id = 'AptUpdateAlone';
  it('flags a RUN with only apt-get update, related to the later install', () => {
    const t = 'FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\n';
    const f = findings(t, id);
    assert.deepEqual(found(t, id), [['apt-get update', '`apt-get update` alone in a RUN is cached: later installs use package lists as old as this layer. Run it in the same RUN as `apt-get install`.']]);
    assert.equal(rangeText(t, f[0].related![0]), 'apt-get install');
    assert.deepEqual(texts('FROM debian:12\nRUN set -x && apt-get -q update\n', id), ['apt-get -q update']);
  });
  it('not with an install or other work in the same RUN', () => {
    none('FROM debian:12\nRUN apt-get update && apt-get install -y curl\n', id);
    none('FROM debian:12\nRUN apt-get update && ./install-deps.sh\n', id);
  });
});

describe('layers: ApkAddNoCache', () => {
  const id = 'ApkAddNoCache';
  it('flags apk add without --no-cache and inserts it', () => {
    const t = 'FROM alpine:3.20\nRUN apk update && apk add --virtual .deps curl\n';
    assert.deepEqual(found(t, id), [['apk add', '`apk add` without `--no-cache` leaves the package indexes in /var/cache/apk in this layer: use `apk add --no-cache`.']]);
    assert.equal(applyFix(t, id), 'FROM alpine:3.20\nRUN apk update && apk add --no-cache --virtual .deps curl\n');
  });
  it('not with --no-cache, --no-network, a cleanup, a cache mount, or suppressed', () => {
    none('FROM alpine:3.20\nRUN apk add --no-cache curl\n', id);
    none('FROM alpine:3.20\nRUN apk --no-cache add curl\n', id);
    none('FROM alpine:3.20\nRUN apk add --no-network --virtual .rundeps $deps\n', id);
    none('FROM alpine:3.20\nRUN apk add --update curl && rm -rf /var/cache/apk/*\n', id);
    none('FROM alpine:3.20\nRUN --mount=type=cache,target=/var/cache/apk apk add curl\n', id);
    none('FROM alpine:3.20\n# hadolint ignore=DL3019\nRUN apk add curl\n', id);
  });
});

describe('layers: PipNoCacheDir', () => {
  const id = 'PipNoCacheDir';
  it('flags pip install, python -m pip install; inserts --no-cache-dir', () => {
    const t = 'FROM python:3.13\nRUN pip install -r requirements.txt\n';
    assert.deepEqual(found(t, id), [['pip install', '`pip install` without `--no-cache-dir` keeps its download cache in this layer: add `--no-cache-dir` (or use a cache mount on /root/.cache/pip).']]);
    assert.equal(applyFix(t, id), 'FROM python:3.13\nRUN pip install --no-cache-dir -r requirements.txt\n');
    assert.deepEqual(texts('FROM python:3.13\nRUN python3 -m pip install --upgrade pip\n', id), ['python3 -m pip install']);
    assert.equal(findings(t, id)[0].severity, 'information');
  });
  it('not when PIP_NO_CACHE_DIR is set, with a cache mount, a cleanup, or suppressed', () => {
    none('FROM python:3.13\nENV PIP_NO_CACHE_DIR=1\nRUN pip install flask\n', id);
    none('FROM python:3.13\nRUN PIP_NO_CACHE_DIR=1 pip install flask\n', id);
    none('FROM python:3.13\nRUN --mount=type=cache,target=/root/.cache/pip pip install flask\n', id);
    none('FROM python:3.13\nRUN pip install flask && rm -rf ~/.cache/pip\n', id);
    none('FROM python:3.13\nRUN pip3 install --no-cache-dir flask\n', id);
    none('FROM python:3.13\n# hadolint ignore=DL3042\nRUN pip install flask\n', id);
    none('FROM python:3.13\nRUN uv pip install flask\n', id);
  });
});

describe('layers: DnfYumCleanAll', () => {
  const id = 'DnfYumCleanAll';
  it('flags installs without clean all; fix appends it', () => {
    const t = 'FROM fedora:41\nRUN dnf install -y httpd\n';
    assert.deepEqual(found(t, id), [['dnf install', '`dnf install` leaves its metadata and package cache in this layer: end the RUN with `dnf clean all`.']]);
    assert.equal(applyFix(t, id), 'FROM fedora:41\nRUN dnf install -y httpd && dnf clean all\n');
    assert.deepEqual(texts('FROM centos:7\nRUN yum -y install httpd\n', id), ['yum -y install']);
  });
  it('not with clean all, rm of the cache, or suppressed with DL3032/DL3040', () => {
    none('FROM redhat/ubi9-minimal:9.5\nRUN microdnf install -y tar && microdnf clean all\n', id);
    none('FROM fedora:41\nRUN dnf install -y httpd && rm -rf /var/cache/dnf\n', id);
    none('FROM centos:7\n# hadolint ignore=DL3032\nRUN yum install -y httpd\n', id);
    none('FROM fedora:41\n# hadolint ignore=DL3040\nRUN dnf install -y httpd\n', id);
  });
});

describe('layers: ImplicitLatestTag', () => {
  const id = 'ImplicitLatestTag';
  it('FROM without tag: warning', () => {
    const t = 'FROM ubuntu\n';
    const f = findings(t, id);
    assert.deepEqual(found(t, id), [['ubuntu', '`ubuntu` has no tag: Docker pulls `ubuntu:latest`, which changes whenever a new version is pushed. Pin a version tag (`ubuntu:<version>`) or a digest.']]);
    assert.equal(f[0].severity, 'warning');
    assert.equal(f[0].fixes, undefined);
    assert.deepEqual(texts('FROM --platform=$BUILDPLATFORM localhost:5000/app AS x\n', id), ['localhost:5000/app']);
  });
  it(':latest: information', () => {
    const f = findings('FROM ubuntu:latest\n', id);
    assert.deepEqual(f.map((d) => [d.severity, d.message]), [['information', '`ubuntu:latest` follows whatever is pushed last: pin a version tag or a digest for repeatable builds.']]);
  });
  it('resolves global ARG defaults', () => {
    const t = 'ARG BASE=debian\nFROM ${BASE}\n';
    const f = findings(t, id);
    assert.deepEqual(found(t, id), [['${BASE}', '`debian` (from the ARG default BASE=debian) has no tag: Docker pulls `debian:latest`, which changes whenever a new version is pushed. Pin a version tag (`debian:<version>`) or a digest.']]);
    assert.equal(rangeText(t, f[0].related![0]), 'BASE=debian');
    none('ARG BASE=debian:12\nFROM $BASE\n', id);
    none('ARG BASE\nFROM $BASE\n', id);
    none('ARG TAG\nFROM debian:${TAG}\n', id);
  });
  it('not for stages, scratch, digests, tags, or suppressed', () => {
    none('FROM debian:12 AS base\nFROM base\nFROM Base AS other\nFROM scratch\n', id);
    none('FROM debian@sha256:0000000000000000000000000000000000000000000000000000000000000000\n', id);
    none('# hadolint ignore=DL3006\nFROM ubuntu\n', id);
  });
});

describe('layers: AddInsteadOfCopy', () => {
  const id = 'AddInsteadOfCopy';
  it('flags local non-archives; fix keeps the keyword case', () => {
    const t = 'FROM alpine:3.20\nADD app.py /app/\n';
    assert.deepEqual(found(t, id), [['ADD', 'ADD of local `app.py`, which is not an archive or a URL: use COPY, which only copies.']]);
    assert.equal(applyFix(t, id), 'FROM alpine:3.20\nCOPY app.py /app/\n');
    assert.equal(applyFix('from alpine:3.20\nadd --chown=1:1 . /app\n', id), 'from alpine:3.20\ncopy --chown=1:1 . /app\n');
    assert.equal(applyFix('FROM alpine:3.20\nAdd a.sh b.sh /bin/\n', id), 'FROM alpine:3.20\nCopy a.sh b.sh /bin/\n');
    assert.deepEqual(texts('FROM alpine:3.20\nADD *.sh /bin/\n', id), ['ADD']);
  });
  it('not for archives, URLs, git, variables, unknown globs, --unpack, or suppressed', () => {
    none('FROM scratch\nADD busybox.tar.gz /\n', id);
    none('FROM alpine:3.20\nADD https://example.com/a.txt /a.txt\n', id);
    none('FROM alpine:3.20\nADD git@github.com:moby/buildkit.git /src\n', id);
    none('FROM alpine:3.20\nADD $FILE /x\n', id);
    none('FROM alpine:3.20\nADD * /x/\n', id);
    none('FROM alpine:3.20\nADD --unpack=true rootfs /\n', id);
    none('FROM alpine:3.20\n# hadolint ignore=DL3020\nADD app.py /app/\n', id);
  });
  it('reads the build context: an archive without an archive name is not flagged', () => {
    const opts = { context: memoryContext({ rootfs: '\u001f\ufffd\b\0' }) };
    assert.deepEqual(findings('FROM scratch\nADD rootfs /\n', id, opts), []);
  });
});

describe('layers: AddFromUrl', () => {
  const id = 'AddFromUrl';
  it('flags a URL without --checksum (information, no fix)', () => {
    const t = 'FROM alpine:3.20\nADD https://example.com/tool.tar.gz /tmp/\n';
    const f = findings(t, id);
    assert.deepEqual(found(t, id), [['https://example.com/tool.tar.gz', 'ADD downloads `https://example.com/tool.tar.gz` without verifying it: add `--checksum=sha256:<hash>` or download it in a RUN and check its hash (the file also gets mode 600).']]);
    assert.equal(f[0].severity, 'information');
    assert.equal(f[0].fixes, undefined);
  });
  it('not with --checksum, for git sources or local files', () => {
    none('FROM alpine:3.20\nADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/a /a\n', id);
    none('FROM alpine:3.20\nADD https://github.com/moby/buildkit.git#v0.10.1 /src\n', id);
    none('FROM alpine:3.20\nADD a.txt /a\n', id);
  });
});

describe('layers: RemoveInLaterLayer', () => {
  const id = 'RemoveInLaterLayer';
  it('rm of a copied archive: range, message, related, no fix', () => {
    const t = 'FROM debian:12\nCOPY app.tar.gz /tmp/\nRUN tar -xzf /tmp/app.tar.gz -C /opt && rm /tmp/app.tar.gz\n';
    const f = findings(t, id);
    assert.deepEqual(found(t, id), [['/tmp/app.tar.gz', '`/tmp/app.tar.gz` removes what COPY on line 2 created: its bytes stay in that layer and the image is not smaller. Delete it in the RUN that creates it, or use a mount or a multi-stage build.']]);
    assert.equal(rangeText(t, f[0].related![0]), 'COPY app.tar.gz /tmp/');
    assert.equal(f[0].fixes, undefined);
  });
  it('relative paths through WORKDIR, parents and globs', () => {
    assert.deepEqual(texts('FROM debian:12\nWORKDIR /src\nCOPY . .\nRUN make && cd / && rm -rf /src\n', id), ['/src']);
    assert.deepEqual(texts('FROM debian:12\nWORKDIR /w\nCOPY pkg.deb ./\nRUN dpkg -i pkg.deb && rm pkg.deb\n', id), ['pkg.deb']);
    assert.deepEqual(texts('FROM debian:12\nADD https://example.com/x.tgz /tmp/\nRUN rm -rf /tmp/*\n', id), ['/tmp/*']);
  });
  it('apt lists of an earlier RUN; fix moves a lone rm into that RUN', () => {
    const t = 'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nENV A=1\nRUN rm -rf /var/lib/apt/lists/*\nCMD ["curl"]\n';
    const f = findings(t, id);
    assert.deepEqual(f.map((d) => [rangeText(t, d), rangeText(t, d.related![0])]), [['/var/lib/apt/lists/*', 'apt-get update']]);
    assert.equal(applyFix(t, id), 'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\nENV A=1\nCMD ["curl"]\n');
  });
  it('curl -o downloads; no fix when the later RUN does more than rm', () => {
    const t = 'FROM debian:12\nRUN curl -fsSLo /tmp/x.tgz https://example.com/x.tgz\nRUN tar -xzf /tmp/x.tgz -C /opt && rm /tmp/x.tgz\n';
    assert.deepEqual(texts(t, id), ['/tmp/x.tgz']);
    assert.equal(findings(t, id)[0].fixes, undefined);
    const u = 'FROM debian:12\nRUN wget -qO /tmp/x.tgz https://example.com/x.tgz\nRUN rm /tmp/x.tgz\n';
    assert.equal(applyFix(u, id), 'FROM debian:12\nRUN wget -qO /tmp/x.tgz https://example.com/x.tgz && rm /tmp/x.tgz\n');
  });
  it('not when the same RUN creates and removes, under mounts, other stages, or unrelated paths', () => {
    none('FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nRUN apt-get update && apt-get install -y git && rm -rf /var/lib/apt/lists/*\n', id);
    none('FROM debian:12\nRUN curl -o /tmp/x https://e.com/x && rm /tmp/x\n', id);
    none('FROM debian:12\nCOPY a /tmp/a\nRUN --mount=type=tmpfs,target=/tmp rm -rf /tmp/*\n', id);
    none('FROM debian:12 AS a\nCOPY a /tmp/a\nFROM a\nRUN rm /tmp/a\n', id);
    none('FROM debian:12\nCOPY a /tmp/a\nRUN rm -rf /tmp/b "$DIR" ~/x\n', id);
    none('FROM debian:12\nCOPY a.tgz x/\nRUN rm x/a.tgz\n', id);
  });
});
