/** The previews in conversion titles (server/src/model/execForm.ts): exact when short, bounded and well-formed when cut. */
import * as assert from 'node:assert/strict';
import { conversionTitle, previewArgv, previewShell, toExecJson } from '../../server/src/model/execForm';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('conversion titles', () => {
  it('a short argv is shown exactly as the fix writes it', () => {
    assert.equal(previewArgv(['node', 'server.js']), toExecJson(['node', 'server.js']));
    assert.equal(previewArgv(['a"b', 'c\\d']), '["a\\"b", "c\\\\d"]');
    assert.deepEqual(conversionTitle.execForm(['node', 'server.js']), {
      title: 'Use exec form: ["node", "server.js"]',
      localizedTitle: { en: 'Use exec form: ["node", "server.js"]', ko: 'exec 형식으로 바꾸기: ["node", "server.js"]' },
    });
  });

  it('a long one is cut to 48 characters, arguments before the program, never inside a surrogate pair', () => {
    const p = previewArgv(['/bin/sh', '-c', 'npm ci && node server.js --port 8080 --verbose']);
    assert.equal(p, '["/bin/sh", "-c", "npm ci && node server.js -…"]');
    assert.equal(Array.from(p).length, 48);
    for (let n = 1; n < 400; n += 7) {
      const argv = Array.from({ length: 1 + (n % 30) }, (_, i) => '😀é'.repeat((n + i) % 50) + 'x'.repeat(n));
      const q = previewArgv(argv);
      assert.ok(Array.from(q).length <= 48, q);
      assert.ok(!LONE_SURROGATE.test(q), q);
      assert.ok(q.startsWith('["'), q);
    }
    assert.equal(previewShell('x'.repeat(100)), 'x'.repeat(47) + '…');
    assert.equal(previewShell('😀'.repeat(100)).length, 47 * 2 + 1);
  });
});
