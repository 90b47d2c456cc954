import { lintText } from '../../helpers/rules';
import { buildkitRules } from '../../../server/src/rules/groups/buildkit';
describe('tmp perf', () => {
  const cases: Array<[string, (n: number) => string]> = [
    ['env lines', (n) => 'FROM alpine\n' + Array.from({ length: n / 20 }, (_, i) => `ENV A${i}=$A${i - 1}x\nCOPY $B${i} /x\n`).join('')],
    ['stages', (n) => Array.from({ length: n / 40 }, (_, i) => `FROM s${i - 1} AS s${i}\nENV X${i}=1\nWORKDIR w\n`).join('')],
    ['args', (n) => 'ARG ' + Array.from({ length: n / 10 }, (_, i) => `a${i}=$a${i - 1}`).join(' ') + '\nFROM x:$a1\nARG ' + Array.from({ length: n / 10 }, (_, i) => `b${i}=$b${i - 1}`).join(' ') + '\n'],
    ['expose', (n) => 'FROM a\nEXPOSE ' + '80/TCP '.repeat(n / 7) + '\n'],
  ];
  for (const [name, make] of cases) {
    it(name, function () {
      this.timeout(120000);
      const t = (s: string) => { const t0 = performance.now(); lintText(s, { rules: buildkitRules }); return performance.now() - t0; };
      const a = t(make(64 * 1024)); const b = t(make(1024 * 1024));
      console.log(`${name}: 64KB ${a.toFixed(0)}ms, 1MB ${b.toFixed(0)}ms, ratio ${(b / a).toFixed(1)}`);
    });
  }
});
