/** The instruction table (server/src/docs/instructions.ts): completeness and shape. */
import * as assert from 'node:assert/strict';
import {
  COMMON_IMAGES,
  DIRECTIVE_DOCS,
  INSTRUCTION_DOCS,
  PREDEFINED_ARGS,
  SIGNALS,
  flagDoc,
  instructionDoc,
} from '../../server/src/docs/instructions';
import type { Localized } from '../../server/src/docs/types';

const ALL_INSTRUCTIONS = [
  'FROM', 'RUN', 'CMD', 'LABEL', 'MAINTAINER', 'EXPOSE', 'ENV', 'ADD', 'COPY',
  'ENTRYPOINT', 'VOLUME', 'USER', 'WORKDIR', 'ARG', 'ONBUILD', 'STOPSIGNAL', 'HEALTHCHECK', 'SHELL',
];
const HANGUL = /[\uAC00-\uD7A3]/;

function isLocalized(v: unknown): v is Localized {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const keys = Object.keys(v).sort();
  return keys.length === 2 && keys[0] === 'en' && keys[1] === 'ko';
}

/** Every Localized reachable from `root`, with a path for the failure message. */
function collectLocalized(root: unknown, path: string, out: Array<{ path: string; text: Localized }> = []) {
  if (isLocalized(root)) {
    out.push({ path, text: root });
  } else if (Array.isArray(root)) {
    root.forEach((v, i) => collectLocalized(v, `${path}[${i}]`, out));
  } else if (typeof root === 'object' && root !== null) {
    for (const [k, v] of Object.entries(root)) collectLocalized(v, `${path}.${k}`, out);
  }
  return out;
}

const allLocalized = [
  ...collectLocalized(INSTRUCTION_DOCS, 'INSTRUCTION_DOCS'),
  ...collectLocalized(DIRECTIVE_DOCS, 'DIRECTIVE_DOCS'),
  ...collectLocalized(PREDEFINED_ARGS, 'PREDEFINED_ARGS'),
  ...collectLocalized(COMMON_IMAGES, 'COMMON_IMAGES'),
];

describe('docs: instruction table', () => {
  it('has every instruction exactly once, upper-case', () => {
    const names = INSTRUCTION_DOCS.map((d) => d.name);
    assert.deepEqual([...names].sort(), [...ALL_INSTRUCTIONS].sort());
    assert.equal(new Set(names).size, names.length);
  });

  it('every instruction has a summary, forms, pitfalls, an example and a reference', () => {
    for (const d of INSTRUCTION_DOCS) {
      assert.ok(d.forms.length > 0, `${d.name}: forms`);
      for (const f of d.forms) assert.ok(f.syntax.toUpperCase().includes(d.name), `${d.name}: form syntax ${f.syntax}`);
      assert.ok(d.pitfalls.length > 0, `${d.name}: pitfalls`);
      assert.ok(d.example.trim().length > 0, `${d.name}: example`);
      assert.match(d.reference, /^https:\/\/docs\.docker\.com\/reference\/dockerfile\/#[a-z-]+$/, `${d.name}: reference`);
    }
  });

  it('RUN, CMD, ENTRYPOINT and HEALTHCHECK have shell and exec forms', () => {
    for (const name of ['RUN', 'CMD', 'ENTRYPOINT', 'HEALTHCHECK']) {
      const forms = instructionDoc(name)!.forms;
      assert.ok(forms.some((f) => /\[\s*"/.test(f.syntax)), `${name}: exec form`);
      assert.ok(forms.some((f) => !/\[\s*"/.test(f.syntax)), `${name}: shell form`);
    }
  });

  it('collects a reasonable number of Localized texts', () => {
    assert.ok(allLocalized.length > 300, `${allLocalized.length}`);
  });

  it('every Localized has non-empty en and ko', () => {
    for (const { path, text } of allLocalized) {
      assert.ok(text.en.trim().length > 0, `${path}.en is empty`);
      assert.ok(text.ko.trim().length > 0, `${path}.ko is empty`);
    }
  });

  it('every ko text contains Hangul and every en text does not', () => {
    for (const { path, text } of allLocalized) {
      assert.match(text.ko, HANGUL, `${path}.ko has no Hangul: ${text.ko}`);
      assert.doesNotMatch(text.en, HANGUL, `${path}.en has Hangul: ${text.en}`);
    }
  });

  it('every reference URL points to docs.docker.com', () => {
    const refs = [
      ...INSTRUCTION_DOCS.map((d) => d.reference),
      ...INSTRUCTION_DOCS.flatMap((d) => d.flags.map((f) => f.reference)),
      ...DIRECTIVE_DOCS.map((d) => d.reference),
    ];
    for (const r of refs) assert.ok(r.startsWith('https://docs.docker.com/'), r);
  });

  it('flags are unique per instruction, lower-case without dashes, with a matching syntax', () => {
    for (const d of INSTRUCTION_DOCS) {
      const names = d.flags.map((f) => f.name);
      assert.equal(new Set(names).size, names.length, `${d.name}: duplicate flags ${names.join(',')}`);
      for (const f of d.flags) {
        assert.match(f.name, /^[a-z][a-z-]*$/, `${d.name} ${f.name}`);
        assert.ok(f.syntax.startsWith(`--${f.name}`), `${d.name} --${f.name}: syntax ${f.syntax}`);
        const values = (f.values ?? []).map((v) => v.value);
        assert.equal(new Set(values).size, values.length, `${d.name} --${f.name}: duplicate values`);
      }
    }
  });

  it('instructions have the flags Docker documents', () => {
    const flags = (name: string) => instructionDoc(name)!.flags.map((f) => f.name).sort();
    assert.deepEqual(flags('FROM'), ['platform']);
    assert.deepEqual(flags('RUN'), ['device', 'mount', 'network', 'security']);
    assert.deepEqual(flags('COPY'), ['chmod', 'chown', 'exclude', 'from', 'link', 'parents']);
    assert.deepEqual(flags('ADD'), ['checksum', 'chmod', 'chown', 'exclude', 'keep-git-dir', 'link', 'unpack']);
    assert.deepEqual(flags('HEALTHCHECK'), ['interval', 'retries', 'start-interval', 'start-period', 'timeout']);
    for (const name of ['CMD', 'LABEL', 'MAINTAINER', 'EXPOSE', 'ENV', 'ENTRYPOINT', 'VOLUME', 'USER', 'WORKDIR', 'ARG', 'ONBUILD', 'STOPSIGNAL', 'SHELL']) {
      assert.deepEqual(flags(name), [], name);
    }
  });

  it('RUN --mount documents all five mount types and their options', () => {
    const mount = flagDoc('RUN', 'mount')!;
    assert.ok(mount.repeatable);
    const types = mount.mountTypes!;
    assert.deepEqual(types.map((t) => t.type).sort(), ['bind', 'cache', 'secret', 'ssh', 'tmpfs']);
    const keys = (type: string) => types.find((t) => t.type === type)!.options.map((o) => o.key);
    for (const t of types) {
      const k = t.options.map((o) => o.key);
      assert.equal(new Set(k).size, k.length, `${t.type}: duplicate option keys`);
      for (const target of ['target', 'dst', 'destination']) assert.ok(k.includes(target), `${t.type}: ${target}`);
    }
    for (const k of ['source', 'src', 'from', 'rw', 'readwrite']) assert.ok(keys('bind').includes(k), `bind ${k}`);
    for (const k of ['id', 'ro', 'readonly', 'sharing', 'from', 'source', 'mode', 'uid', 'gid']) assert.ok(keys('cache').includes(k), `cache ${k}`);
    assert.ok(keys('tmpfs').includes('size'));
    for (const k of ['id', 'env', 'required', 'mode', 'uid', 'gid']) assert.ok(keys('secret').includes(k), `secret ${k}`);
    for (const k of ['id', 'required', 'mode', 'uid', 'gid']) assert.ok(keys('ssh').includes(k), `ssh ${k}`);
    const sharing = types.find((t) => t.type === 'cache')!.options.find((o) => o.key === 'sharing')!;
    for (const v of ['shared', 'private', 'locked']) assert.ok(sharing.syntax.includes(v), v);
  });

  it('RUN --network and --security list their values', () => {
    assert.deepEqual(flagDoc('RUN', 'network')!.values!.map((v) => v.value), ['default', 'none', 'host']);
    assert.deepEqual(flagDoc('RUN', 'security')!.values!.map((v) => v.value).sort(), ['insecure', 'sandbox']);
  });

  it('HEALTHCHECK flags mention their defaults', () => {
    const defaults: Record<string, string> = { interval: '30s', timeout: '30s', 'start-period': '0s', 'start-interval': '5s', retries: '3' };
    for (const [name, def] of Object.entries(defaults)) {
      const f = flagDoc('HEALTHCHECK', name)!;
      assert.ok(f, name);
      assert.match(f.summary.en, new RegExp(`[Dd]efault: \`${def}\``), `${name} en: ${f.summary.en}`);
      assert.ok(f.summary.ko.includes('기본값') && f.summary.ko.includes(`\`${def}\``), `${name} ko: ${f.summary.ko}`);
    }
  });

  it('instructionDoc and flagDoc are case-insensitive', () => {
    for (const name of ALL_INSTRUCTIONS) {
      assert.equal(instructionDoc(name.toLowerCase()), instructionDoc(name));
      assert.equal(instructionDoc(name[0] + name.slice(1).toLowerCase())?.name, name);
    }
    assert.equal(instructionDoc('NOPE'), undefined);
    assert.equal(flagDoc('run', 'MOUNT')?.name, 'mount');
    assert.equal(flagDoc('Copy', 'From'), flagDoc('COPY', 'from'));
    assert.equal(flagDoc('healthcheck', '--Start-Period=10s')?.name, 'start-period');
    assert.equal(flagDoc('COPY', 'checksum'), undefined);
    assert.equal(flagDoc('NOPE', 'from'), undefined);
  });

  it('MAINTAINER is marked deprecated and points to the authors label', () => {
    const m = instructionDoc('MAINTAINER')!;
    assert.ok(m.deprecated);
    assert.ok(m.deprecated.en.includes('org.opencontainers.image.authors'));
  });
});

describe('docs: directives, predefined ARGs, completion data', () => {
  it('documents the syntax, escape and check directives', () => {
    assert.deepEqual(DIRECTIVE_DOCS.map((d) => d.name), ['syntax', 'escape', 'check']);
    for (const d of DIRECTIVE_DOCS) {
      assert.ok(d.syntax.startsWith(`# ${d.name}=`), d.syntax);
      assert.ok(d.example.includes(`# ${d.name}=`), d.name);
      assert.equal(d.reference, `https://docs.docker.com/reference/dockerfile/#${d.name}`);
    }
    const check = DIRECTIVE_DOCS.find((d) => d.name === 'check')!;
    for (const k of ['skip=', 'error=', 'experimental=']) assert.ok(check.syntax.includes(k), k);
  });

  it('lists the predefined ARGs once each, platform ones flagged', () => {
    const names = PREDEFINED_ARGS.map((a) => a.name);
    assert.equal(new Set(names).size, names.length);
    const platform = ['TARGETPLATFORM', 'TARGETOS', 'TARGETARCH', 'TARGETVARIANT', 'BUILDPLATFORM', 'BUILDOS', 'BUILDARCH', 'BUILDVARIANT'];
    const others = [
      'HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'FTP_PROXY', 'ftp_proxy', 'NO_PROXY', 'no_proxy', 'ALL_PROXY', 'all_proxy',
      'BUILDKIT_CACHE_MOUNT_NS', 'BUILDKIT_CONTEXT_KEEP_GIT_DIR', 'BUILDKIT_INLINE_CACHE', 'BUILDKIT_MULTI_PLATFORM',
      'BUILDKIT_SANDBOX_HOSTNAME', 'BUILDKIT_SYNTAX', 'BUILDKIT_DOCKERFILE_CHECK', 'SOURCE_DATE_EPOCH',
    ];
    for (const n of platform) assert.equal(PREDEFINED_ARGS.find((a) => a.name === n)?.platform, true, n);
    for (const n of others) assert.equal(PREDEFINED_ARGS.find((a) => a.name === n)?.platform, false, n);
    for (const a of PREDEFINED_ARGS) assert.ok(a.example.length > 0, a.name);
  });

  it('has the STOPSIGNAL signal names', () => {
    assert.equal(new Set(SIGNALS).size, SIGNALS.length);
    assert.equal(SIGNALS[0], 'SIGTERM');
    for (const s of ['SIGTERM', 'SIGINT', 'SIGQUIT', 'SIGKILL', 'SIGHUP', 'SIGUSR1', 'SIGUSR2', 'SIGWINCH']) assert.ok(SIGNALS.includes(s), s);
    for (const s of SIGNALS) assert.match(s, /^SIG[A-Z0-9]+(\+\d+)?$/);
  });

  it('has about 30 common images, unique, with tags', () => {
    const names = COMMON_IMAGES.map((i) => i.name);
    assert.equal(new Set(names).size, names.length);
    assert.ok(COMMON_IMAGES.length >= 25, `${COMMON_IMAGES.length}`);
    for (const n of ['alpine', 'debian', 'ubuntu', 'node', 'python', 'golang', 'eclipse-temurin', 'nginx', 'postgres', 'mcr.microsoft.com/dotnet/sdk', 'gcr.io/distroless/static-debian12', 'scratch']) {
      assert.ok(names.includes(n), n);
    }
    for (const i of COMMON_IMAGES) {
      if (i.name !== 'scratch') assert.ok(i.tags.length > 0, i.name);
      assert.equal(new Set(i.tags).size, i.tags.length, i.name);
      for (const t of i.tags) assert.match(t, /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, `${i.name}:${t}`);
    }
  });
});
