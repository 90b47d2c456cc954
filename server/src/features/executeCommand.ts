/**
 * `workspace/executeCommand` for clients other than the extension's own (Neovim, Helix, Emacs eglot…):
 * the commands behind the lenses, run by the server.
 *
 * The VS Code client runs `dockerfileLens.showLayerBreakdown` / `dockerfileLens.buildImage` itself
 * (client/src/commands.ts) and says so (`initializationOptions.client: 'vscode-extension'`). For every
 * other client the lenses name `dockerfileLens.server.*` instead, which the server announces in
 * `executeCommandProvider` and runs here. The distinct prefix matters: vscode-languageclient registers every
 * announced id as a VS Code command, so an id the extension registers too would fail to register.
 *
 * - the breakdown is written as a markdown file and shown with `window/showDocument` when the client
 *   supports it (a file URI: every client can open one), else sent as `window/showMessage` text;
 * - Build Image… cannot run a build in an editor the server knows nothing of: it tells the exact
 *   `docker build` command line to run (the same arguments the VS Code command uses).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeLens } from 'vscode-languageserver';
import { l, t, type Lang } from '../docs/locale';
import { formatBytes, type SizeItem } from '../protocol/layers';
import type { BreakdownArgs } from '../protocol/requests';

/** The prefix of the server-run command ids (never the ids the VS Code extension registers). */
export const SERVER_COMMAND_PREFIX = 'dockerfileLens.server.';
export const SERVER_COMMANDS = {
  showLayerBreakdown: `${SERVER_COMMAND_PREFIX}showLayerBreakdown`,
  buildImage: `${SERVER_COMMAND_PREFIX}buildImage`,
  /** `{ uri, image, target? }`: analyse a built image's wasted space for the document (features/imageWaste.ts). */
  analyzeImage: `${SERVER_COMMAND_PREFIX}analyzeImage`,
  /** `{ uri, line }`: a waste lens's click: the line's hidden files, as the breakdown is shown. */
  showImageWaste: `${SERVER_COMMAND_PREFIX}showImageWaste`,
} as const;
/** The lens command ids the server can run (`dockerfileLens.X` → `dockerfileLens.server.X`). */
const RUNNABLE = new Map<string, string>(Object.entries(SERVER_COMMANDS).map(([k, v]) => [`dockerfileLens.${k}`, v]));

/** The lenses as a client that does not run our commands needs them: the server-run ids. */
export function withServerCommands(lenses: CodeLens[]): CodeLens[] {
  return lenses.map((lens) => {
    const id = lens.command && RUNNABLE.get(lens.command.command);
    return id ? { ...lens, command: { ...lens.command!, command: id } } : lens;
  });
}

/** At most this many items are listed (a COPY of a big folder counts thousands of files). */
const MAX_ITEMS = 500;

const escapeMd = (s: string) => s.replace(/([\\`*_[\]|<>])/g, '\\$1').replace(/\r?\n/g, ' ');

/** The breakdown of a lens as a markdown document: its title, the note, one table row per counted item. */
export function breakdownMarkdown(args: BreakdownArgs, items: SizeItem[], lang: Lang): string {
  const out = [`# ${escapeMd(args.title)}`, '', `${basename(uriPath(args.uri))}:${args.line + 1}`, ''];
  if (args.note) out.push(escapeMd(args.note), '');
  if (items.length === 0) {
    out.push(t(l('Nothing counted.', '집계된 항목이 없습니다.'), lang));
  } else {
    out.push(t(l('| Item | Size | Detail |', '| 항목 | 크기 | 설명 |'), lang), '|---|---:|---|');
    for (const i of items.slice(0, MAX_ITEMS)) out.push(`| ${escapeMd(i.label)} | ${i.bytes === null ? '?' : formatBytes(i.bytes)} | ${escapeMd(i.detail ?? '')} |`);
    if (items.length > MAX_ITEMS) out.push('', t(l(`…and ${items.length - MAX_ITEMS} more.`, `…외 ${items.length - MAX_ITEMS}개 더 있습니다.`), lang));
  }
  return out.join('\n') + '\n';
}

/** The breakdown as plain text for `window/showMessage` (clients that cannot show a document). */
export function breakdownText(args: BreakdownArgs, items: SizeItem[], lang: Lang): string {
  const lines = [args.title];
  if (args.note) lines.push(args.note);
  if (items.length === 0) lines.push(t(l('Nothing counted.', '집계된 항목이 없습니다.'), lang));
  for (const i of items.slice(0, 50)) lines.push(`  ${i.label}: ${i.bytes === null ? '?' : formatBytes(i.bytes)}${i.detail ? ` (${i.detail})` : ''}`);
  if (items.length > 50) lines.push(t(l(`  …and ${items.length - 50} more.`, `  …외 ${items.length - 50}개 더 있습니다.`), lang));
  return lines.join('\n');
}

let folder: string | undefined;
/** Writes the breakdown into this server's temporary folder (removed when the server exits) and returns its file URI. */
export function writeBreakdown(args: BreakdownArgs, markdown: string): string {
  if (!folder) {
    folder = mkdtempSync(join(tmpdir(), 'dockerfile-lens-'));
    const dir = folder;
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  const name = `${basename(uriPath(args.uri)).replace(/[^\w.-]/g, '_')}-line${args.line + 1}-${args.kind}.md`;
  const file = join(folder, name);
  writeFileSync(file, markdown);
  return pathToFileURL(file).toString();
}

function uriPath(uri: string): string {
  try {
    return decodeURIComponent(new URL(uri).pathname);
  } catch {
    return uri;
  }
}

const shellQuote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** What Build Image… says in another editor: the command line that builds the Dockerfile. */
export function buildCommandMessage(o: { docker: string; dockerfile: string | undefined; context: string | undefined; extraArgs: string[] }, lang: Lang): string {
  if (!o.dockerfile) return t(l('Build Image… needs a Dockerfile saved on disk.', '이미지 빌드…는 디스크에 저장된 Dockerfile에서만 할 수 있습니다.'), lang);
  const argv = [o.docker, 'build', '-f', o.dockerfile, ...o.extraArgs, o.context ?? '.'];
  return t(l('Build the image in a terminal with:', '터미널에서 이렇게 빌드하세요:'), lang) + `\n${argv.map(shellQuote).join(' ')}`;
}

/** The first argument of a command as breakdown arguments, if it is one. */
export function breakdownArgsOf(arg: unknown): BreakdownArgs | undefined {
  if (!arg || typeof arg !== 'object') return undefined;
  const a = arg as Partial<BreakdownArgs>;
  if (typeof a.uri !== 'string' || typeof a.line !== 'number' || !['stage', 'command', 'layer'].includes(a.kind as string)) return undefined;
  return { uri: a.uri, line: a.line, kind: a.kind!, title: typeof a.title === 'string' ? a.title : '', note: typeof a.note === 'string' ? a.note : '' };
}
