/**
 * The two configured rules against the real engine (Debian's Docker 20.10, BuildKit, one private
 * dockerd, FROM scratch only):
 * - LabelSchema judges the label values Docker stores: quotes removed, variables expanded, labels of
 *   the stage an image is built FROM kept (`docker image inspect` .Config.Labels);
 * - UntrustedRegistry names the registry Docker contacts for an image name (`docker pull` with no
 *   network fails naming the host it tried: registry-1.docker.io for Docker Hub).
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { docker, dockerBuild, needDocker, startDockerd, type Dockerd } from '../helpers/docker';
import { findings } from '../helpers/rules';

describe('integration: UntrustedRegistry and LabelSchema on the real engine', function () {
  this.timeout(120000);
  let d: Dockerd | undefined;
  let dir: string;
  before(async function () {
    needDocker(this);
    d = await startDockerd();
    dir = mkdtempSync(join(tmpdir(), 'lens-configrules-'));
  });
  after(async () => {
    await d?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('LabelSchema reads the labels as the built image has them', async () => {
    const text = [
      'FROM scratch AS base',
      'LABEL author="Kim Minji"',
      'FROM base',
      'ARG V=1.2.3',
      'LABEL version="${V}" empty="" created=$UNSET_VAR',
      '',
    ].join('\n');
    writeFileSync(join(dir, 'Dockerfile'), text);
    const b = await dockerBuild(d!, { dockerfile: join(dir, 'Dockerfile'), context: dir, tag: 'lens-config/labels', builder: 'buildkit' });
    assert.equal(b.code, 0, b.output);
    const inspect = await docker(d!, ['image', 'inspect', '--format', '{{json .Config.Labels}}', 'lens-config/labels']);
    const labels = JSON.parse(inspect.output) as Record<string, string>;
    assert.deepEqual(labels, { author: 'Kim Minji', version: '1.2.3', empty: '', created: '' });
    const schema = { author: 'text', version: 'semver', empty: 'text', created: 'rfc3339' } as const;
    const fs = findings(text, 'LabelSchema', { ruleOptions: { labelSchema: schema } });
    // author inherited from base, version expanded to valid SemVer: only `empty` is reported; `created`
    // uses a variable with no value here (Docker stores ''), which the rule does not judge
    assert.deepEqual(fs.map((x) => x.hadolint), [['DL3051']]);
    assert.match(fs[0].message, /Label `empty` is empty/);
  });

  it('UntrustedRegistry names the registry docker pull contacts', async () => {
    // image name → the registry the rule names → the host docker pull contacts
    const cases: Array<[string, string, RegExp]> = [
      ['company/app:1', 'docker.io', /registry-1\.docker\.io/],
      ['docker.io/company/app:1', 'docker.io', /registry-1\.docker\.io/],
      ['index.docker.io/company/app:1', 'docker.io', /registry-1\.docker\.io/],
      ['my.registry.invalid/company/app:1', 'my.registry.invalid', /my\.registry\.invalid/],
      ['localhost:5999/app:1', 'localhost:5999', /(localhost|127\.0\.0\.1):5999/],
    ];
    for (const [ref, domain, host] of cases) {
      const pull = await docker(d!, ['pull', ref]);
      assert.notEqual(pull.code, 0);
      assert.match(pull.output, host, `docker pull ${ref}: ${pull.output}`);
      console.log(`      docker pull ${ref}: ${pull.output.trim().split('\n').pop()}`);
      const fs = findings(`FROM ${ref}\n`, 'UntrustedRegistry', { ruleOptions: { trustedRegistries: ['trusted.example'] } });
      assert.equal(fs.length, 1);
      assert.ok(fs[0].message.includes(domain === 'docker.io' ? 'Docker Hub (docker.io)' : `the registry ${domain},`), fs[0].message);
      // trusting that registry silences it
      assert.deepEqual(findings(`FROM ${ref}\n`, 'UntrustedRegistry', { ruleOptions: { trustedRegistries: [domain] } }), []);
    }
  });
});
