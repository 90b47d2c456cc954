/**
 * Takes the marketplace page's screenshots (MARKETPLACE.md → docs/images/{hover,lens,chart,build}.png)
 * in a real VS Code (code-server + Chromium, see harness.ts), with a private Docker engine for the
 * build. Not a test: a tool for the docs, like lensScreenshot.ts. Run, after `node scripts/build.mjs`:
 *   npx esbuild test/e2e/marketplaceScreenshots.ts --bundle --platform=node --outfile=out/test/e2e/shots.js && node out/test/e2e/shots.js [OUTDIR]
 * The extension runs from the repository (a symlink in the extensions folder); the workspace is a copy
 * of examples/ plus app.Dockerfile, built FROM the busybox image imported into the private dockerd
 * (../shared/notes/containers.md), which the extension reaches through dockerfileLens.docker.env.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BUSYBOX_IMAGE, DOCKER, docker, importBusybox, startDockerd } from '../helpers/docker';
import { QUIET_SETTINGS, Sandbox, missingPrerequisites, openWorkbench, quickOpen, repoRoot, runCommand, sleep } from './harness';
import type { Page } from './playwright';

async function goToLine(page: Page, line: number): Promise<void> {
  await page.keyboard.press('Control+g');
  await page.keyboard.type(String(line));
  await page.keyboard.press('Enter');
}

async function main(outDir: string): Promise<void> {
  const missing = missingPrerequisites().filter((m) => !m.includes('extension-host suite'));
  if (missing.length > 0) throw new Error(`missing: ${missing.join('; ')}`);
  mkdirSync(outDir, { recursive: true });
  const dockerd = await startDockerd();
  const sandbox = new Sandbox({});
  try {
    await importBusybox(dockerd);
    writeFileSync(join(sandbox.userData, 'User/settings.json'), JSON.stringify({
      ...QUIET_SETTINGS, 'editor.fontSize': 13, 'workbench.activityBar.location': 'hidden', 'workbench.statusBar.visible': false,
      'window.menuBarVisibility': 'hidden', 'breadcrumbs.enabled': false, 'workbench.colorTheme': 'Default Dark Modern',
      'dockerfileLens.docker.path': DOCKER, 'dockerfileLens.docker.env': { DOCKER_HOST: dockerd.host, DOCKER_CONFIG: dockerd.env.DOCKER_CONFIG },
      'dockerfileLens.build.extraArgs': ['--network=none'], 'terminal.integrated.fontSize': 12,
    }, null, 2));
    writeFileSync(join(sandbox.workspace, 'app.Dockerfile'), [
      `FROM ${BUSYBOX_IMAGE}`,
      'WORKDIR /srv',
      'RUN dd if=/dev/zero of=/srv/data.bin bs=1024 count=2048',
      'COPY README.md /srv/',
      'RUN rm /srv/data.bin',
      'CMD ["ls", "-l", "/srv"]',
      '',
    ].join('\n'));
    const { page, close } = await openWorkbench(sandbox, { width: 960, height: 640 });
    try {
      // lens: the multi-stage example with its lenses and inlay hints
      await quickOpen(page, 'Dockerfile');
      await page.locator('.monaco-editor .codelens-decoration a').first().waitFor({ state: 'attached', timeout: 20_000 });
      await sleep(6_000); // the background lookups (context, base image) and their refresh
      await goToLine(page, 45);
      await goToLine(page, 9);
      await sleep(2_000);
      await page.screenshot({ path: join(outDir, 'lens.png') });

      // hover: on a variable inside FROM (where it is defined, its value there, who expands it)
      const token = page.locator('.monaco-editor .view-lines .view-line span span', { hasText: /^NODE_VERSION\}?/ }).nth(1);
      for (let i = 0; i < 5; i++) {
        const box = await token.boundingBox();
        if (!box) throw new Error('no NODE_VERSION on screen');
        await page.mouse.move(box.x + 2, box.y + box.height / 2, { steps: 4 });
        await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 4 });
        try {
          await page.locator('.monaco-editor .monaco-hover:not(.hidden)').first().waitFor({ timeout: 3_000 });
          break;
        } catch {
          await page.mouse.move(0, 0);
        }
      }
      await sleep(500);
      await page.screenshot({ path: join(outDir, 'hover.png') });
      await page.mouse.move(0, 0);
      await page.keyboard.press('Escape');

      // chart: Show Image Layers for the multi-stage example
      await runCommand(page, 'Dockerfile Lens: Show Image Layers');
      await sleep(5_000);
      await page.screenshot({ path: join(outDir, 'chart.png') });
      await runCommand(page, 'View: Close All Editor Groups');

      // build: app.Dockerfile built by the private engine; the task's terminal and the measured lenses
      await quickOpen(page, 'app.Dockerfile');
      await runCommand(page, 'Dockerfile Lens: Build Image');
      await page.locator('.quick-input-widget input').waitFor({ state: 'visible', timeout: 10_000 });
      await page.keyboard.press('Enter'); // the proposed image name
      await page.locator('.terminal-wrapper').first().waitFor({ state: 'attached', timeout: 20_000 });
      // the build, then the lenses measured from `docker history` ("Built …" says whether they could be)
      const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'Built' }).first();
      await toast.waitFor({ timeout: 90_000 });
      console.log(`build: ${(await toast.innerText()).replace(/\s+/g, ' ')}`);
      await sleep(3_000);
      await page.screenshot({ path: join(outDir, 'build.png') });
      const history = await docker(dockerd, ['history', '--no-trunc', '--human=false', '--format', '{{.Size}} {{.CreatedBy}}', 'examples:latest']);
      console.log(`docker history examples:latest (exit ${history.code}):\n${history.output}`);

    } finally {
      await close();
    }
  } finally {
    sandbox.remove();
    await dockerd.stop();
  }
}

main(resolve(process.argv[2] ?? join(repoRoot, 'docs/images'))).then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
