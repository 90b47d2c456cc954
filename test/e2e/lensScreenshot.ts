/**
 * Takes the README's screenshot of examples/Dockerfile with its code lenses and inlay hints, in a
 * real VS Code (code-server + Chromium, see harness.ts). Not a test: a tool for the docs. Run, after
 * `node scripts/build.mjs`: `npx esbuild test/e2e/lensScreenshot.ts --bundle --platform=node
 * --outfile=out/test/e2e/lens.js && node out/test/e2e/lens.js OUT.png`.
 * The extension runs from the repository (a symlink in the extensions folder), the workspace is a
 * copy of examples/, the window is small so that the PNG stays small.
 */
import { resolve } from 'node:path';
import { QUIET_SETTINGS, Sandbox, missingPrerequisites, openWorkbench, quickOpen, sleep } from './harness';

async function main(out: string): Promise<void> {
  const missing = missingPrerequisites().filter((m) => !m.includes('extension-host suite'));
  if (missing.length > 0) throw new Error(`missing: ${missing.join('; ')}`);
  const sandbox = new Sandbox({ ...QUIET_SETTINGS, 'editor.fontSize': 13, 'workbench.activityBar.location': 'hidden', 'workbench.statusBar.visible': false, 'window.menuBarVisibility': 'hidden', 'breadcrumbs.enabled': false });
  const { page, close } = await openWorkbench(sandbox, { width: 900, height: 1000 });
  try {
    await quickOpen(page, 'Dockerfile');
    // scroll past the comments at the top: the first FROM near the top of the window
    await page.locator('.monaco-editor .codelens-decoration a').first().waitFor({ state: 'attached', timeout: 20_000 });
    await sleep(6_000); // the background lookups (context, base image) and their refresh
    await page.keyboard.press('Control+g');
    await page.keyboard.type('60');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+g');
    await page.keyboard.type('9');
    await page.keyboard.press('Enter');
    await sleep(2_000);
    await page.screenshot({ path: out });
  } finally {
    await close();
    sandbox.remove();
  }
}

main(resolve(process.argv[2] ?? 'lens.png')).then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
