/**
 * The mocha suite that runs inside a real VS Code extension host. VS Code loads this file (bundled to
 * out/vscode/suite/index.js) as `extensionTestsPath` and calls `run()`; the extension under test is
 * the repository itself (`extensionDevelopmentPath`) and the window has a copy of examples/ open.
 *
 * Launched by test/vscode/runElectron.ts (desktop VS Code, `npm run test:electron`) and by
 * test/e2e/vscode.e2e.test.ts (code-server's web workbench). Besides mocha's spec output, every
 * result is printed as one `[vscode-suite] {json}` line, which the e2e test reads back.
 */
import Mocha from 'mocha';
import { defineBuildTests } from './build';
import { defineTests } from './features';

export const RESULT_PREFIX = '[vscode-suite] ';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30_000, reporter: 'spec' });
  // The test file is bundled into this one: give it mocha's `describe`/`it` globals, then define.
  mocha.suite.emit('pre-require', globalThis, 'features.ts', mocha);
  defineTests();
  defineBuildTests();
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} extension host test(s) failed`)) : resolve()));
    const report = (test: Mocha.Test, state: string, err?: Error) =>
      console.log(RESULT_PREFIX + JSON.stringify({ title: test.fullTitle(), state, duration: test.duration, error: err ? String(err.stack ?? err) : undefined }));
    runner.on('pass', (t) => report(t, 'passed'));
    runner.on('fail', (t, err) => report(t as Mocha.Test, 'failed', err));
    runner.on('pending', (t) => report(t, 'pending'));
  });
}
