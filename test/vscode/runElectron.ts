/**
 * `npm run test:electron`: runs the extension-host suite (test/vscode/suite) in desktop VS Code,
 * downloaded by @vscode/test-electron (or the one at $VSCODE_EXECUTABLE), with a copy of examples/
 * open. Without internet (and without $VSCODE_EXECUTABLE) it cannot get VS Code: it says so and
 * exits 0 (skipped). The same suite runs offline in code-server from test/e2e/vscode.e2e.test.ts.
 */
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');

async function main(): Promise<number> {
  let vscodeExecutablePath = process.env.VSCODE_EXECUTABLE;
  if (!vscodeExecutablePath) {
    try {
      vscodeExecutablePath = await downloadAndUnzipVSCode({ version: process.env.VSCODE_VERSION ?? 'stable', timeout: 15_000 });
    } catch (error) {
      console.log(`SKIPPED: test:electron could not download VS Code (${(error as Error).message ?? error}).`);
      console.log('Run it where update.code.visualstudio.com is reachable, or set VSCODE_EXECUTABLE to a VS Code binary.');
      console.log('The same suite runs in code-server (offline) as part of `npm test`: test/e2e/vscode.e2e.test.ts.');
      return 0;
    }
  }
  const workspace = mkdtempSync(join(tmpdir(), 'dockerfile-lens-electron-'));
  cpSync(join(root, 'examples'), workspace, { recursive: true });
  try {
    return await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: root,
      extensionTestsPath: join(root, 'out/vscode/suite/index.js'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    });
  } catch (error) {
    console.error(`extension host tests failed: ${(error as Error).message ?? error}`);
    return 1;
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

main().then((code) => process.exit(code));
