/**
 * Image references as Docker validates them (client/src/imageName.ts). The valid and invalid names are the
 * cases of github.com/distribution/reference's normalize_test.go (TestValidateReferenceName,
 * TestValidateRemoteName, TestNormalizedSplitHostname), which `docker build -t`, `docker tag` and
 * `docker push` go through.
 */
import { strict as assert } from 'node:assert';
import { defaultImageName, formatImageName, needsAccount, parseImageName, repositoryFromFolder, withAccount } from '../../client/src/imageName';

const DIGEST = 'sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa';

function problemOf(s: string, allowDigest = false): string | undefined {
  const r = parseImageName(s, { allowDigest });
  return r.ok ? undefined : r.problem;
}

describe('image names (distribution/reference grammar)', () => {
  it('accepts the names distribution/reference accepts', () => {
    const valid = [
      'docker/docker', 'library/debian', 'debian', 'docker.io/docker/docker', 'docker.io/library/debian', 'docker.io/debian',
      'index.docker.io/docker/docker', 'index.docker.io/library/debian', 'index.docker.io/debian',
      '127.0.0.1:5000/docker/docker', '127.0.0.1:5000/library/debian', '127.0.0.1:5000/debian',
      '192.168.0.1', '192.168.0.1:80', '192.168.0.1:8/debian', '192.168.0.2:25000/debian',
      'thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev',
      '[fc00::1]:5000/docker', '[fc00::1]:5000/docker/docker', '[fc00:1:2:3:4:5:6:7]:5000/library/debian',
      'docker.io/1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a', 'Docker/docker', 'DOCKER/docker',
      'docker-rules/docker', 'docker---rules/docker', 'doc/docker', 'd/docker', 'jess/t', 'dock__er/docker',
      'xn--n3h.com:18080/foo', 'localhost/app:dev', 'localhost:5000/team/app:1.2.3-rc_1',
    ];
    for (const name of valid) assert.equal(problemOf(name), undefined, name);
  });

  it('refuses the names distribution/reference refuses, saying why', () => {
    const invalid: Array<[string, string]> = [
      ['https://github.com/docker/docker', 'registry'],
      ['docker/Docker', 'uppercase'],
      ['-docker', 'repository'],
      ['-docker/docker', 'repository'],
      ['-docker.io/docker/docker', 'registry'],
      ['docker///docker', 'repository'],
      ['docker.io/docker/Docker', 'uppercase'],
      ['docker.io/docker///docker', 'repository'],
      ['[fc00::1]', 'repository'],
      ['[fc00::1]:5000', 'repository'],
      ['fc00::1:5000/debian', 'registry'],
      ['[fe80::1%eth0]:5000/debian', 'registry'],
      ['[2001:db8:3:4::192.0.2.33]:5000/debian', 'registry'],
      ['1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a', 'imageId'],
      ['docker-/docker', 'repository'],
      ['-docker-/docker', 'repository'],
      ['____/____', 'repository'],
      ['_docker/_docker', 'repository'],
      ['dock..er/docker', 'registry'],
      ['dock_.er/docker', 'registry'],
      ['dock-.er/docker', 'registry'],
      ['docker/', 'repository'],
      [`${Array(4).fill('this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255').join('_')}/docker`, 'tooLong'],
      ['', 'empty'],
      ['MyApp:latest', 'uppercase'],
      ['app:-dev', 'tag'],
      [`app:${'t'.repeat(129)}`, 'tag'],
      ['app:', 'tag'],
      ['my app', 'whitespace'],
    ];
    for (const [name, problem] of invalid) assert.equal(problemOf(name), problem, name);
  });

  it('cannot be made to carry a shell command: metacharacters are outside the grammar', () => {
    for (const hostile of ['app;rm -rf /', 'app:$(reboot)', 'app`id`', 'app|sh', 'app&&x', "app'x", 'app\nx', 'app:1>out']) {
      assert.notEqual(problemOf(hostile), undefined, JSON.stringify(hostile));
    }
  });

  it('splits the registry as splitDockerDomain does', () => {
    const split = (s: string) => {
      const r = parseImageName(s, { allowDigest: true });
      assert.ok(r.ok, s);
      return [r.ref.registry, r.ref.path, r.ref.tag, r.ref.digest];
    };
    assert.deepEqual(split('test.com/foo'), ['test.com', 'foo', undefined, undefined]);
    assert.deepEqual(split('test_com/foo'), [undefined, 'test_com/foo', undefined, undefined]);
    assert.deepEqual(split('test-com:8080/foo'), ['test-com:8080', 'foo', undefined, undefined]);
    assert.deepEqual(split('localhost/foo:1'), ['localhost', 'foo', '1', undefined]);
    assert.deepEqual(split('Foo/bar'), ['Foo', 'bar', undefined, undefined]);
    assert.deepEqual(split('192.168.0.1:80'), [undefined, '192.168.0.1', '80', undefined]);
    assert.deepEqual(split(`busybox:latest@${DIGEST}`), [undefined, 'busybox', 'latest', DIGEST]);
  });

  it('takes a digest only for existing images (build -t and tag refuse one)', () => {
    assert.equal(problemOf(`busybox@${DIGEST}`), 'digestNotAllowed');
    assert.equal(problemOf(`busybox@${DIGEST}`, true), undefined);
    assert.equal(problemOf('busybox@sha256:abc', true), 'digest');
    // go-digest: a known algorithm, its exact length, lower-case hex
    assert.equal(problemOf(`busybox@sha256:${'a'.repeat(63)}`, true), 'digest');
    assert.equal(problemOf(`busybox@sha256:${'A'.repeat(64)}`, true), 'digest');
    assert.equal(problemOf(`busybox@md5:${'a'.repeat(32)}`, true), 'digest');
    assert.equal(problemOf(`busybox@sha512:${'a'.repeat(128)}`, true), undefined);
  });

  it('counts the 255-character limit on the normalized name (docker.io/library/ added)', () => {
    const longest = 'a'.repeat(255 - 'docker.io/library/'.length);
    assert.equal(problemOf(longest), undefined);
    assert.equal(problemOf(longest + 'a'), 'tooLong');
    assert.equal(problemOf(`me/${'a'.repeat(255 - 'docker.io/me/'.length)}`), undefined);
    assert.equal(problemOf(`me/${'a'.repeat(256 - 'docker.io/me/'.length)}`), 'tooLong');
    assert.equal(problemOf(`localhost:5000/${'a'.repeat(255 - 'localhost:5000/'.length)}:tag`), undefined);
  });

  it('writes a parsed name back unchanged', () => {
    for (const s of ['app', 'me/app:1', 'localhost:5000/a/b:c', `x.io/y@${DIGEST}`]) {
      const r = parseImageName(s, { allowDigest: true });
      assert.ok(r.ok);
      assert.equal(formatImageName(r.ref), s);
    }
  });

  it('makes a valid default name from any folder name', () => {
    assert.equal(defaultImageName('examples'), 'examples:latest');
    assert.equal(repositoryFromFolder('My App_v2!'), 'my-app_v2');
    assert.equal(repositoryFromFolder('__init__'), 'init');
    assert.equal(repositoryFromFolder('a..b--c__d._e'), 'a-b--c__d-e');
    assert.equal(repositoryFromFolder('프로젝트'), 'image');
    assert.equal(repositoryFromFolder(''), 'image');
    assert.equal(problemOf(defaultImageName('x'.repeat(300))), undefined);
    for (const folder of ['My App', '-x-', '..', 'Ünïcode dir', 'a;b', '  ']) {
      assert.equal(problemOf(defaultImageName(folder)), undefined, folder);
    }
  });

  it('asks for an account only where Docker Hub would read an official image', () => {
    const ref = (s: string) => {
      const r = parseImageName(s);
      assert.ok(r.ok, s);
      return r.ref;
    };
    assert.equal(needsAccount(ref('app:1')), true);
    assert.equal(needsAccount(ref('me/app:1')), false);
    assert.equal(needsAccount(ref('localhost:5000/app')), false);
    assert.equal(withAccount(ref('app:1'), 'me'), 'me/app:1');
    assert.equal(withAccount(ref('app'), 'me'), 'me/app:latest');
  });
});
