/**
 * End to end, in a real VS Code: code-server 4.100.3 (VS Code 1.100.3) driven by Chromium.
 *
 * 1. UI: the extension packaged with `vsce` and installed from the .vsix, a copy of examples/ open;
 *    Quick Open the Dockerfile, check the TextMate grammar colours FROM as our keyword scope, hover
 *    FROM, Ctrl+Space on an empty line; open entrypoint.dockerfile, wait for the warning squiggle,
 *    apply the "exec form" quick fix from the Ctrl+. menu and check the saved file; the inlay hint on
 *    FROM and the code lenses (text, length, place). Screenshots go to out/e2e/.
 * 2. The mocha suite test/vscode/suite inside the real extension host (`vscode` API), through VS
 *    Code's web integration (server-main.js --enable-smoke-test-driver): one test here per test there.
 *
 * Needs `bash scripts/e2e-setup.sh` (code-server, playwright-core, Chromium). Without it the tests
 * are skipped, or fail when `CI` is set. See /work/shared/notes/real-vscode.md for the mechanics.
 */
import * as assert from 'node:assert/strict';
import Mocha from 'mocha';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { instructionDoc } from '../../server/src/docs/instructions';
import {
  CHROMIUM_ARGS, QUIET_SETTINGS, Sandbox, ServerProcess, chromiumPath, clearScreenshots, codeServerCli, codeServerEntry, freePort,
  loadChromium, packageVsix, quickOpen as openFile, runCommand, repoRoot, requirePrerequisites, screenshot, vscodeServerMain,
} from './harness';
import type { Browser, Locator, Page } from './playwright';
import { dockerAvailable, startDockerd, type Dockerd } from '../helpers/docker';

const RESULT_PREFIX = '[vscode-suite] '; // test/vscode/suite/index.ts prints one such line per test
const fromSummary = instructionDoc('FROM')!.summary.en;
/** Markdown as the hover renders it: no backticks, single spaces. */
const asRendered = (markdown: string) => markdown.replace(/`/g, '').replace(/\s+/g, ' ').trim();

describe('VS Code end to end (code-server + Chromium)', function () {
  this.timeout(90_000);

  describe('UI: the packaged .vsix in the workbench', function () {
    let sandbox: Sandbox | undefined;
    let server: ServerProcess | undefined;
    let browser: Browser | undefined;
    let page: Page;
    let vsix: string;

    before(async function () {
      requirePrerequisites(this);
      clearScreenshots();
      // Workspace trust on, never asked: the folder opens in Restricted Mode, where only extensions
      // that declare `capabilities.untrustedWorkspaces` run (ours: "limited").
      sandbox = new Sandbox({ ...QUIET_SETTINGS, 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' });
      vsix = packageVsix(sandbox.dir);
      codeServerCli(['--install-extension', vsix], sandbox);

      const port = await freePort();
      server = new ServerProcess('code-server', [
        codeServerEntry, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry',
        '--disable-update-check', '--user-data-dir', sandbox.userData, '--extensions-dir', sandbox.extensions, sandbox.workspace,
      ], sandbox.env);
      await server.waitForHttp(`http://127.0.0.1:${port}/healthz`);

      browser = await loadChromium().launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS, env: sandbox.env });
      page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      try {
        await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(sandbox.workspace)}`);
        await page.locator('.monaco-workbench').waitFor({ timeout: 30_000 });
        await quickOpen(page, 'Dockerfile');
      } catch (error) {
        const path = await screenshot(page, 'failed-setup').catch(() => undefined);
        throw new Error(`${(error as Error).message}${path ? `\nscreenshot: ${path}` : ''}`);
      }
    });

    afterEach(async function () {
      if (this.currentTest?.state === 'failed' && browser) {
        const path = await screenshot(page, `failed-${this.currentTest.title.replace(/\W+/g, '-')}`).catch(() => undefined);
        if (path) console.log(`      screenshot: ${path}`);
      }
    });

    after(async function () {
      this.timeout(20_000);
      await browser?.close().catch(() => undefined);
      await server?.stop();
      sandbox?.remove();
    });

    it('installs from the .vsix: the bundles and contributions, no node_modules', () => {
      const { publisher, name, version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
      const installed = join(sandbox!.extensions, `${publisher}.${name}-${version}`);
      for (const file of ['package.json', 'package.nls.json', 'package.nls.ko.json', 'l10n/bundle.l10n.ko.json', 'dist/client.js', 'dist/server.js', 'syntaxes/dockerfile.tmLanguage.json', 'snippets/dockerfile.json', 'LICENSE.txt']) {
        assert.ok(existsSync(join(installed, file)), `${file} is not in the .vsix`);
      }
      for (const unwanted of ['node_modules', 'examples', 'test', 'client', 'server']) assert.ok(!existsSync(join(installed, unwanted)), `${unwanted}/ is in the .vsix`);
      console.log(`      (.vsix: ${(statSync(vsix).size / 1024).toFixed(0)} KB)`);
    });

    it('runs in Restricted Mode (untrusted workspace)', async () => {
      const status = page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first();
      await status.waitFor({ timeout: 10_000 });
    });

    it('opens Dockerfile with Quick Open, in language mode Dockerfile', async () => {
      const mode = page.locator('.statusbar-item#status\\.editor\\.mode');
      await mode.waitFor({ timeout: 10_000 });
      assert.equal((await mode.innerText()).trim(), 'Dockerfile');
    });

    it("colours FROM with the extension's TextMate grammar", async () => {
      const from = keyword(page, 'FROM');
      const colours = await from.evaluate((span) => {
        const plain = span.ownerDocument.querySelector('.monaco-editor .view-lines span.mtk1');
        const css = (el: any) => el.ownerDocument.defaultView.getComputedStyle(el).color as string;
        return { token: span.className as string, colour: css(span), plain: plain ? css(plain) : undefined };
      });
      assert.match(colours.token, /\bmtk\d+\b/);
      assert.notEqual(colours.token.match(/mtk\d+/)![0], 'mtk1', 'FROM is plain text');
      assert.ok(colours.plain, 'no plain-text token to compare with');
      assert.notEqual(colours.colour, colours.plain, 'FROM has the colour of plain text');

      // Which grammar: ours scopes FROM as keyword.control.dockerfile (VS Code's built-in docker
      // grammar says keyword.other.special-method.dockerfile) and the image as entity.name.type.image.
      await from.click();
      await runCommand(page, 'Developer: Inspect Editor Tokens and Scopes');
      const widget = page.locator('.token-inspect-widget');
      await widget.waitFor({ timeout: 10_000 });
      // with semantic tokens the widget says "Loading..." until they arrive
      const inspected = await eventually(() => widget.innerText(), (t) => !/Loading/.test(t) && /source\.dockerfile/.test(t), 15_000);
      await screenshot(page, 'grammar');
      await page.keyboard.press('Escape');
      assert.match(inspected, /keyword\.control\.dockerfile/, inspected);
      assert.match(inspected, /source\.dockerfile/, inspected);
    });

    it('hover on FROM shows its summary', async () => {
      await page.keyboard.press('Escape');
      const hover = page.locator('.monaco-editor .monaco-hover:not(.hidden)').first();
      // lenses arriving above the line move it under a still pointer (no hover then): point at it again until it shows
      for (let i = 0; ; i++) {
        await hoverOver(page, keyword(page, 'FROM'));
        try {
          await hover.waitFor({ timeout: 3_000 });
          break;
        } catch (e) {
          if (i >= 4) throw e;
          await page.mouse.move(0, 0);
        }
      }
      const expected = asRendered(fromSummary);
      const text = await eventually(async () => asRendered(await hover.innerText()), (t) => t.includes(expected));
      await page.waitForTimeout(300); // let the fade-in end, for the screenshot
      await screenshot(page, 'hover');
      assert.ok(text.includes('FROM'), text);
      assert.ok(text.includes(expected), `hover shows:\n${text}\nexpected the FROM summary:\n${expected}`);
    });

    it('Ctrl+Space on an empty line after FROM suggests the instructions', async () => {
      await page.keyboard.press('Escape');
      await keyword(page, 'FROM').click();
      await page.keyboard.press('End');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Control+Space');
      const widget = page.locator('.editor-widget.suggest-widget.visible');
      await widget.waitFor({ timeout: 15_000 });
      await screenshot(page, 'suggest');
      const items = await suggestItems(page);
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+z');
      // Keywords, from the server (the document's words would be suggested as text, with the 'abc' icon).
      const keywords = items.filter((i) => i.kind === 'keyword').map((i) => i.label);
      for (const expected of ['RUN', 'COPY']) {
        assert.ok(keywords.includes(expected), `${expected} not suggested as a keyword; got ${items.map((i) => `${i.label} (${i.kind})`).join(', ')}`);
      }
    });

    it('quick fix (Ctrl+.) turns a shell-form ENTRYPOINT into exec form', async () => {
      const file = 'entrypoint.dockerfile';
      await page.keyboard.press('Escape');
      await quickOpen(page, file);
      // The ShellEntrypointIgnoresCmd warning on line 2, drawn by the editor.
      await page.locator('.monaco-editor .view-overlays .squiggly-warning').first().waitFor({ state: 'attached', timeout: 15_000 });
      // The cursor inside ENTRYPOINT's argument (in `--serve`), then the quick-fix menu.
      await keyword(page, 'ENTRYPOINT').click();
      await page.keyboard.press('End');
      for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowLeft');
      await page.keyboard.press('Control+.');
      const rows = page.locator('.action-widget .monaco-list-row.action');
      await rows.first().waitFor({ state: 'attached', timeout: 15_000 });
      const titles = await rows.evaluateAll((els) => els.map((el) => (el.getAttribute('aria-label') || el.textContent || '').trim()));
      await page.waitForTimeout(300); // let the menu settle, for the screenshot
      await screenshot(page, 'quickfix');
      // JSONArgsRecommended (same line) offers the same conversion as ShellEntrypointIgnoresCmd: listed once, its title showing the result.
      const conversions = titles.filter((t) => /exec form/i.test(t));
      assert.deepEqual(conversions, ['Use exec form: ["/usr/bin/app", "--serve"]'], `quick-fix menu: ${JSON.stringify(titles)}`);
      const index = titles.indexOf(conversions[0]);
      // Clicks land on the menu's pointer block: walk to the item with the arrow keys, apply with Enter.
      const wanted = titles[index];
      let focused = '';
      for (let i = 0; i <= titles.length && focused !== wanted; i++) {
        if (i > 0) await page.keyboard.press('ArrowDown');
        focused = (await page.locator('.action-widget .monaco-list-row.action.focused').first().getAttribute('aria-label', { timeout: 2_000 }).catch(() => null)) ?? '';
      }
      assert.equal(focused, wanted, `could not focus "${wanted}" in the quick-fix menu`);
      await page.keyboard.press('Enter');
      await page.locator('.action-widget').waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
      // Save, and read what VS Code wrote.
      await page.keyboard.press('Control+s');
      const onDisk = join(sandbox!.workspace, file);
      const text = await eventually(async () => readFileSync(onDisk, 'utf8'), (t) => t.split('\n')[1] !== 'ENTRYPOINT /usr/bin/app --serve');
      await screenshot(page, 'quickfix-applied');
      assert.equal(text.split('\n')[1], 'ENTRYPOINT ["/usr/bin/app", "--serve"]', `after the fix "${titles[index]}":\n${text}`);
      assert.equal(text.split('\n')[2], 'CMD ["--port", "80"]');
    });

    it('Outline shows the stages as a tree, instructions inside', async () => {
      await page.keyboard.press('Escape');
      await quickOpen(page, 'Dockerfile');
      await runCommand(page, 'Explorer: Focus on Outline View');
      // the pane is short and its list virtualised: check the first rows
      const row = (text: RegExp) => page.locator('.monaco-list-row', { hasText: text }).first();
      await row(/^NODE_VERSION/).waitFor({ state: 'attached', timeout: 15_000 });
      await row(/^deps \(node:\$\{NODE_VERSION\}-alpine\$\{ALPINE_VERSION\}\)/).waitFor({ state: 'attached', timeout: 5_000 });
      // an instruction of the first stage, one level deeper than the stage
      const child = row(/^WORKDIR \/app/);
      await child.waitFor({ state: 'attached', timeout: 5_000 });
      const level = async (r: Locator) => Number(await r.getAttribute('aria-level'));
      assert.equal(await level(child), (await level(row(/^deps \(/))) + 1, 'WORKDIR /app is not a child of the deps stage');
      await screenshot(page, 'outline');
    });

    it('inlay hints: one hint at the end of the FROM line with the resolved image, none inside the name', async () => {
      await keyword(page, 'FROM').click();
      const line = page.locator('.monaco-editor .view-lines .view-line', { hasText: 'AS deps' }).first();
      const text = await eventually(async () => (await line.innerText()).replace(/\u00a0/g, ' '), (t) => t.includes('→'), 15_000);
      await screenshot(page, 'inlay-hints');
      assert.match(text, /^FROM node:\$\{NODE_VERSION\}-alpine\$\{ALPINE_VERSION\} AS deps\s*→ node:20-alpine3\.20\s*$/, text);
    });

    it('code lenses: the base and stage sizes on FROM, what each layer adds, the command once; none on metadata, none longer than 60 characters', async () => {
      await quickOpen(page, 'Dockerfile');
      // to the top: VS Code resolves the lenses on screen only (codeLens/resolve), and earlier tests
      // left the cursor on the first FROM, with its lens just above the viewport
      await page.keyboard.press('Control+Home');
      // each lens is a link inside the line's `.codelens-decoration`
      const lenses = page.locator('.monaco-editor .codelens-decoration a');
      const read = () => lenses.evaluateAll((as) => as.map((a) => String(a.textContent).replace(/\u00a0/g, ' ')));
      const top = await eventually(
        read,
        // the context is read and the base image looked up (both in the background)
        (ts) => ts.some((t) => t.includes('build context')) && ts.some((t) => /^node:20-alpine3\.20 · ≈ \d/.test(t)),
        20_000,
      );
      await screenshot(page, 'code-lenses');
      // the end of the file, where the command is
      await page.keyboard.press('Control+End');
      const bottom = await eventually(read, (ts) => ts.some((t) => t.startsWith('▶')), 15_000);
      await screenshot(page, 'code-lenses-end');
      const texts = [...top, ...bottom];
      const all = texts.join(' | ');
      assert.ok(texts.some((t) => /^\+422 B · build context$/.test(t)), all);
      // Restricted Mode: no registry, no engine: the bundled table's figure (a range: ≈), a compressed
      // size, so the stage total is a lower bound of the uncompressed size (≥)
      assert.ok(texts.some((t) => /^node:20-alpine3\.20 · ≈ \d+ MB · stage ≥ \d+ MB$/.test(t)), all);
      assert.ok(texts.some((t) => /^node:20-alpine3\.20 · ≈ \d+ MB · image ≥ \d+ MB$/.test(t)), all);
      assert.ok(texts.some((t) => t === 'size after build'), all);
      assert.deepEqual(texts.filter((t) => t.startsWith('▶')), ['▶ /sbin/tini -- node dist/server.js'], all);
      assert.ok(!texts.some((t) => /metadata|Unknown|bundled table/.test(t)), all);
      for (const t of texts) assert.ok([...t].length <= 60, `${[...t].length} characters: ${t}`);
      // the command lens sits on ENTRYPOINT, the last stage's command in effect
      const entrypointLine = page.locator('.monaco-editor .view-lines .view-line', { hasText: 'ENTRYPOINT ["/sbin/tini"' }).first();
      const lens = page.locator('.monaco-editor .codelens-decoration', { hasText: '▶ /sbin/tini' }).first();
      const [l, e] = await Promise.all([lens.boundingBox(), entrypointLine.boundingBox()]);
      assert.ok(l && e && e.y - l.y > 0 && e.y - l.y < 2.5 * e.height, `the command lens is not just above ENTRYPOINT: ${JSON.stringify({ l, e })}`);
      await page.keyboard.press('Control+Home'); // back to the top, as the next tests expect
    });

    it('Format Document upper-cases keywords and keeps the hand-aligned continuation', async () => {
      const file = 'format.dockerfile';
      await page.keyboard.press('Escape');
      await quickOpen(page, file);
      await runCommand(page, 'Format Document');
      await page.keyboard.press('Control+s');
      const onDisk = join(sandbox!.workspace, file);
      const text = await eventually(async () => readFileSync(onDisk, 'utf8'), (t) => t.includes('RUN apk'));
      await screenshot(page, 'formatted');
      assert.equal(text.split('\n').slice(2).join('\n'), [
        'FROM alpine:3.20',
        'RUN apk add --no-cache \\',
        '    curl \\',
        '        git',
        'COPY --chown=app:app app.txt /srv/app.txt',
        'ENV A=1 B=2',
        '',
      ].join('\n'));
    });

    it('rename (F2) a stage renames its declaration and references', async () => {
      const file = 'Dockerfile';
      await page.keyboard.press('Escape');
      await quickOpen(page, file);
      await page.locator('.monaco-editor .view-lines .view-line span span', { hasText: /^deps$/ }).first().click();
      await page.keyboard.press('F2');
      const input = page.locator('.monaco-editor .rename-box input, .monaco-editor .rename-box textarea').first();
      await input.waitFor({ timeout: 10_000 });
      assert.equal(await input.inputValue(), 'deps', 'the rename box does not offer the stage name');
      await input.fill('dependencies');
      await input.press('Enter');
      await input.waitFor({ state: 'hidden', timeout: 10_000 });
      await page.keyboard.press('Control+s');
      const onDisk = join(sandbox!.workspace, file);
      const text = await eventually(async () => readFileSync(onDisk, 'utf8'), (t) => t.includes('AS dependencies'));
      await screenshot(page, 'renamed');
      assert.match(text, /-alpine\$\{ALPINE_VERSION\} AS dependencies\n/);
      assert.match(text, /\nFROM dependencies AS build\n/);
      assert.match(text, /COPY --from=dependencies \/app\/node_modules/);
      assert.doesNotMatch(text, /\bdeps\b/);
    });

    it('the Problems panel in Korean with "dockerfileLens.language": "ko" (rule ids unchanged)', async () => {
      const hangul = /[\uAC00-\uD7A3]/;
      await page.keyboard.press('Escape');
      // a workspace setting, as a user writes it; removed afterwards
      const settingsDir = join(sandbox!.workspace, '.vscode');
      mkdirSync(settingsDir, { recursive: true });
      const settingsFile = join(settingsDir, 'settings.json');
      writeFileSync(settingsFile, JSON.stringify({ 'dockerfileLens.language': 'ko' }));
      try {
        await quickOpen(page, 'mistakes.dockerfile');
        await page.keyboard.press('Control+Shift+M');
        const rows = page.locator('.markers-panel .monaco-list-row');
        const texts = await eventually(
          async () => (await rows.count()) ? rows.evaluateAll((els) => els.map((el) => (el.textContent || '').trim())) : [],
          (ts) => ts.some((x) => x.includes('UnknownInstruction') && hangul.test(x)),
          30_000,
        );
        await page.waitForTimeout(300);
        await screenshot(page, 'problems-ko');
        const unknown = texts.find((x) => x.includes('UnknownInstruction'));
        assert.ok(unknown && unknown.includes('알 수 없는 명령어입니다: RUNN'), `Problems panel rows:\n${texts.join('\n')}`);
        // every marker row on screen (those end with their position, `[Ln 5, Col 1]`; the file's row does not)
        const markers = texts.filter((x) => /\d+,\s*\S*\s*\d+\]$/.test(x));
        assert.ok(markers.length >= 5, `Problems panel rows:\n${texts.join('\n')}`);
        for (const x of markers) assert.match(x, hangul, `not Korean in the Problems panel: ${x}`);
      } finally {
        writeFileSync(settingsFile, '{}');
        await page.keyboard.press('Control+Shift+M').catch(() => undefined);
      }
    });
  });

  describe('mocha suite in the extension host (test/vscode/suite)', function () {
    // the suite builds images on a real engine (Build Image twice for the build timeline): on this shared
    // 2-core machine (load average 15–17 while other builds ran) it took over 60 s
    this.timeout(180_000);
    let sandbox: Sandbox | undefined;
    let server: ServerProcess | undefined;
    let browser: Browser | undefined;
    let exitCode: number | undefined;
    const log: string[] = [];

    let dockerd: Dockerd | undefined;

    before(async function () {
      requirePrerequisites(this);
      // A real engine for the Build / Tag / Push / Pull tests of test/vscode/suite/build.ts (they fail
      // rather than skip when DOCKERFILE_LENS_TEST_DOCKER=1, which CI sets when the engine is installed).
      if (dockerAvailable()) dockerd = await startDockerd();
      const dockerSettings = dockerd ? { 'dockerfileLens.docker.path': dockerd.docker, 'dockerfileLens.docker.env': { DOCKER_HOST: dockerd.host } } : {};
      sandbox = new Sandbox({ ...QUIET_SETTINGS, ...dockerSettings });
      // docker.path / docker.env are machine-overridable: a remote (server) window reads them from the machine settings
      mkdirSync(join(sandbox.serverData, 'data/Machine'), { recursive: true });
      writeFileSync(join(sandbox.serverData, 'data/Machine/settings.json'), JSON.stringify(dockerSettings, null, 2));
      const env = { ...sandbox.env, ...(dockerd ? { DOCKER_HOST: dockerd.host } : {}), ...(dockerd && process.env.CI ? { DOCKERFILE_LENS_TEST_DOCKER: '1' } : {}) };
      const port = await freePort();
      // The bare VS Code server inside code-server: unlike code-server's CLI it runs an extension
      // under development and its tests (the web workbench's smoke-test driver reports their end).
      server = new ServerProcess('vscode-server', [
        vscodeServerMain, '--host', '127.0.0.1', '--port', String(port), '--without-connection-token',
        '--accept-server-license-terms', '--enable-smoke-test-driver', '--disable-telemetry',
        '--user-data-dir', sandbox.userData, '--server-data-dir', sandbox.serverData, '--extensions-dir', sandbox.extensions,
      ], env);
      await server.waitForHttp(`http://127.0.0.1:${port}/`);

      browser = await loadChromium().launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS, env: sandbox.env });
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const exited = new Promise<number>((resolve) => void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code)));
      // The extension host's console, call by call (args as given to console.log: format first).
      await page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => {
        log.push(format(...(Array.isArray(args) ? args : [args])));
      });
      const remote = (path: string) => `vscode-remote://127.0.0.1:${port}${path}`;
      const payload = [
        ['extensionDevelopmentPath', remote(repoRoot)],
        ['extensionTestsPath', remote(`${repoRoot}/out/vscode/suite`)],
        ['skipWelcome', 'true'],
      ];
      await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(sandbox.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
      let timer: NodeJS.Timeout | undefined;
      exitCode = await Promise.race([exited, new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), 120_000)))]);
      clearTimeout(timer);

      // One test here per test in the extension host, added while this hook runs (mocha runs them after it).
      const suite = this.test!.parent!;
      for (const result of suiteResults(log)) {
        suite.addTest(new Mocha.Test(`[extension host] ${result.title}`, function (this: Mocha.Context) {
          if (result.state === 'pending') this.skip();
          if (result.state !== 'passed') throw new Error(result.error ?? 'failed');
        }));
      }
    });

    after(async function () {
      this.timeout(20_000);
      await browser?.close().catch(() => undefined);
      await server?.stop();
      await dockerd?.stop();
      sandbox?.remove();
    });

    it('runs to the end with exit code 0', () => {
      const output = log.join('\n');
      const results = suiteResults(log);
      // the extension's own figure (activate() does not wait for the language server)
      const activation = log.find((l) => l.includes('(activation took'));
      if (activation) console.log(`      ${activation.trim()}`);
      assert.notEqual(exitCode, undefined, `the suite did not finish within 120 s. Its output:\n${output}\n--- server:\n${server?.log}`);
      assert.ok(results.length > 0, `the suite ran no tests (exit code ${exitCode}). Its output:\n${output}`);
      const failed = results.filter((r) => r.state === 'failed').length;
      assert.equal(exitCode, 0, failed > 0 ? `${failed} of ${results.length} tests failed (below)` : `exit code ${exitCode}. The suite's output:\n${output}`);
    });
  });
});

/** The `[vscode-suite] {json}` lines printed by test/vscode/suite/index.ts. */
function suiteResults(log: string[]): Array<{ title: string; state: string; error?: string }> {
  return log
    .flatMap((entry) => entry.split('\n'))
    .filter((line) => line.startsWith(RESULT_PREFIX))
    .map((line) => JSON.parse(line.slice(RESULT_PREFIX.length)));
}

/** The first token in the editor whose text is exactly `text`. */
function keyword(page: Page, text: string): Locator {
  return page.locator('.monaco-editor .view-lines .view-line span span', { hasText: new RegExp(`^${text}$`) }).first();
}

/** Moves the mouse onto the element in small steps, as a hand would (Monaco wants mouse moves). */
async function hoverOver(page: Page, target: Locator): Promise<void> {
  const box = await target.boundingBox();
  assert.ok(box, 'nothing to hover over');
  await page.mouse.move(box.x + 2, box.y + box.height / 2, { steps: 4 });
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 4 });
}

/** Opens a Dockerfile with Quick Open and waits for its first FROM. */
async function quickOpen(page: Page, file: string): Promise<void> {
  await openFile(page, file);
  await keyword(page, 'FROM').waitFor({ timeout: 10_000 });
}

/**
 * The items in the suggest widget, with their kind as its icon shows it (`keyword`, `text`,
 * `snippet`, ...). The list is virtualised: walk it with the arrow keys to see every row.
 */
async function suggestItems(page: Page): Promise<Array<{ label: string; kind: string }>> {
  const rows = page.locator('.editor-widget.suggest-widget .monaco-list-row');
  await rows.first().waitFor({ timeout: 15_000 });
  const seen = new Map<string, string>();
  const collect = async () => {
    const visible = await rows.evaluateAll((els) => els.map((el) => ({
      label: el.querySelector('.label-name')?.textContent ?? '',
      kind: /codicon-symbol-(\w+)/.exec(el.querySelector('.suggest-icon')?.className ?? '')?.[1] ?? '?',
    })));
    for (const item of visible) seen.set(item.label, item.kind);
  };
  await collect();
  const size = Number(await rows.first().getAttribute('aria-setsize')) || seen.size;
  for (let i = 0; i < size && seen.size < size; i++) {
    await page.keyboard.press('ArrowDown');
    await collect();
  }
  return [...seen].map(([label, kind]) => ({ label, kind }));
}

async function eventually<T>(get: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await get();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
}
