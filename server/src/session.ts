/**
 * What the language server keeps between requests: the client's
 * capabilities, the workspace folders, and one `DocumentState` per open
 * document. Disposing a document's state frees everything kept for it.
 * No LSP connection here: server.ts wires this to the protocol.
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigCache, effectiveSeverities, isIgnored, NO_CONFIG, type LensConfig } from './config/config';
import { BaseEnvService, type BaseEnvOptions } from './images/baseEnv';
import { buildContextForUri, affectsContext, type BuildContext } from './model/buildContext';
import { analyze, type DockerfileDocument } from './model/document';
import { builderFor, buildTargetOf, type Builder } from './model/builder';
import { DEFAULT_SETTINGS, readSettings, SECTION, type Settings } from './protocol/settings';
import { langOf, type Lang } from './docs/locale';
import { LintMemo, type LintDiagnostic } from './rules/engine';

export interface ClientInfo {
  lang: Lang;
  snippets: boolean;
  configuration: boolean;
  codeLensRefresh: boolean;
  inlayHintRefresh: boolean;
  /** Sends workspace/didChangeWorkspaceFolders. */
  workspaceFolders: boolean;
  /** Shows a document the server asks for (`window/showDocument`). */
  showDocument: boolean;
  /** Resolves code lenses (`textDocument.codeLens.resolveSupport`, LSP 3.18; VS Code always does). */
  codeLensResolve: boolean;
  /**
   * The extension's own VS Code client (`initializationOptions.client === 'vscode-extension'`): it runs the
   * `dockerfileLens.*` commands the lenses name itself, so the server announces no executeCommand ids
   * (vscode-languageclient registers every announced id as a VS Code command: they would collide).
   */
  ours: boolean;
  /** Untrusted workspaces (the client says so) never run docker nor reach the network. */
  trusted: boolean;
  /** Shows server-initiated progress (`window.workDoneProgress`): the image analysis after a build. */
  workDoneProgress?: boolean;
}

/** Everything the server keeps for one open document. */
export class DocumentState {
  private current: DockerfileDocument | undefined;
  /** The lint run of a model version (concurrent callers share it). */
  private lintRun: { doc: DockerfileDocument; run: Promise<LintDiagnostic[] | undefined> } | undefined;
  /** How long the last complete lint took (ms): decides how soon diagnostics follow an edit. */
  lastLintMs: number | undefined;
  /** Cancels the validation scheduled for the document, if any. */
  cancelValidation: (() => void) | undefined;
  /** The last semantic tokens sent, for delta requests. */
  sentTokens: { id: string; data: number[] } | undefined;
  private settingsRun: Promise<Settings> | undefined;
  private context: { key: string; value: BuildContext | undefined } | undefined;
  /** The findings of earlier versions, reused for unchanged instructions and stages. */
  lintMemo = new LintMemo();
  /** Results computed once per model version (symbols, folding, tokens, lenses...). */
  private memo: { doc: DockerfileDocument; values: Map<string, unknown> } | undefined;

  constructor(readonly uri: string) {}

  /** The model of `version`, built once per version (incrementally from the previous one). */
  model(version: number, text: () => string): DockerfileDocument {
    const m = this.current;
    if (m && m.version === version) return m;
    return (this.current = analyze(this.uri, version, text(), m));
  }

  get latest(): DockerfileDocument | undefined {
    return this.current;
  }

  settings(load: () => Promise<Settings>): Promise<Settings> {
    return (this.settingsRun ??= load());
  }

  /** Forget the settings and everything computed from them. */
  settingsChanged(): void {
    this.settingsRun = undefined;
    this.context = undefined;
    this.lintRun = undefined;
    this.lintMemo = new LintMemo();
  }

  /** The build context for the document, following the `build.context` setting. */
  buildContext(setting: string, folder: string | undefined): BuildContext | undefined {
    const key = `${setting}\0${folder ?? ''}`;
    if (this.context?.key !== key) this.context = { key, value: buildContextForUri(this.uri, setting, folder) };
    return this.context.value;
  }

  /** A base image's Env became known: lint this version again (the memo keeps every stage whose base did not change). */
  baseEnvChanged(): void {
    this.lintRun = undefined;
  }

  /** A config file (`.dockerfile-lens.json`, `.hadolint.yaml`) changed: lint this version again. */
  configChanged(): void {
    this.lintRun = undefined;
  }

  /** Who builds the document and which stage (model/builder.ts): from its URI, `docker.path` and `--target` in `build.extraArgs`. */
  build(settings: Settings): { builder: Builder; target: string | undefined } {
    return { builder: builderFor(this.uri, settings.docker.path), target: buildTargetOf(settings.build.extraArgs) };
  }

  /** A file changed on disk: forget the lint results when it can change what the build context holds. */
  fileChanged(path: string): boolean {
    const ctx = this.context?.value;
    if (!ctx || !affectsContext(ctx, path)) return false;
    // a new context object: findings that read the context are not reused
    this.context = undefined;
    this.lintRun = undefined;
    return true;
  }

  lint(doc: DockerfileDocument, start: () => Promise<LintDiagnostic[] | undefined>): Promise<LintDiagnostic[] | undefined> {
    if (this.lintRun?.doc === doc) return this.lintRun.run;
    const run = start().then((r) => {
      // abandoned for a newer version: a later caller starts again
      if (!r && this.lintRun?.run === run) this.lintRun = undefined;
      return r;
    });
    this.lintRun = { doc, run };
    return run;
  }

  once<T>(doc: DockerfileDocument, key: string, f: () => T): T {
    if (this.memo?.doc !== doc) this.memo = { doc, values: new Map() };
    const values = this.memo.values;
    if (!values.has(key)) values.set(key, f());
    return values.get(key) as T;
  }

  dispose(): void {
    this.cancelValidation?.();
    this.cancelValidation = undefined;
    this.current = undefined;
    this.lintRun = undefined;
    this.memo = undefined;
    this.sentTokens = undefined;
    this.settingsRun = undefined;
    this.context = undefined;
    this.lintMemo = new LintMemo();
  }
}

export class Session {
  client: ClientInfo = {
    lang: 'en', snippets: false, configuration: false, codeLensRefresh: false, inlayHintRefresh: false, workspaceFolders: false,
    showDocument: false, codeLensResolve: false, ours: false, trusted: true,
  };
  /**
   * The `dockerfileLens` section the client pushed: `initializationOptions.dockerfileLens`, then the
   * `settings.dockerfileLens` of every `workspace/didChangeConfiguration`. Used when the client cannot be
   * asked (no `workspace.configuration` capability) or answers null for the section.
   */
  private pushed: unknown = undefined;
  private folders: string[] = [];
  /** The config files (config/config.ts) found for the documents, read once until `configs.forget()`. */
  readonly configs = new ConfigCache();
  private readonly docs = new Map<string, DocumentState>();
  /**
   * The Env of base images (UndefinedVar): answered synchronously to the linter, looked up in the
   * background; when one arrives, every open document's lint is dropped and `onBaseEnv` runs (the
   * server lints them again).
   */
  readonly baseEnv = new BaseEnvService(() => {
    for (const d of this.docs.values()) d.baseEnvChanged();
    this.onBaseEnv();
  });
  onBaseEnv: () => void = () => undefined;

  /** What base-image lookups may do: no docker and no network in an untrusted workspace. */
  baseEnvOptions(s: Settings): BaseEnvOptions {
    const trusted = this.client.trusted;
    return { docker: trusted ? s.docker.path || 'docker' : undefined, dockerEnv: { ...process.env, ...s.docker.env }, registry: trusted && s.registry.enabled };
  }

  /** The state of an open document (made on first use). */
  doc(uri: string): DocumentState {
    let s = this.docs.get(uri);
    if (!s) this.docs.set(uri, (s = new DocumentState(uri)));
    return s;
  }

  all(): DocumentState[] {
    return [...this.docs.values()];
  }

  close(uri: string): void {
    this.docs.get(uri)?.dispose();
    this.docs.delete(uri);
    this.baseEnv.release(uri);
  }

  get workspaceFolders(): readonly string[] {
    return this.folders;
  }

  setFolders(folders: string[]): void {
    this.folders = [...new Set(folders)];
  }

  changeFolders(added: string[], removed: string[]): void {
    this.setFolders([...this.folders.filter((f) => !removed.includes(f)), ...added]);
    for (const d of this.docs.values()) d.settingsChanged(); // the build context is relative to the folder
  }

  /** The workspace folder containing a document (the innermost). */
  folderOf(uri: string): string | undefined {
    return this.folders.filter((f) => uri.startsWith(f.endsWith('/') ? f : f + '/')).sort((a, b) => b.length - a.length)[0];
  }

  /**
   * The config file of a document: found upward from its folder; a document without a path on disk
   * (untitled, virtual) takes the config of its workspace folder (else the first folder's).
   */
  configOf(uri: string): { config: LensConfig; path: string | undefined } {
    const path = localPath(uri);
    const folder = localPath(this.folderOf(uri) ?? this.folders[0] ?? '');
    const dir = path ? dirname(path) : folder;
    return { config: dir ? this.configs.configFor(dir) : NO_CONFIG, path };
  }

  /**
   * What the config file adds to the lint options: the severities (the file wins over the
   * `dockerfileLens.rules` setting for the rules it names), hadolint ids, rule options; `ignored` when
   * its `ignorePaths` exclude the document. A config with an error applies nothing (its file shows the error).
   */
  lintConfig(uri: string, s: Settings): { ignored: boolean; severities: Settings['rules']; hadolint: LensConfig['hadolint']; ruleOptions: LensConfig['ruleOptions']; dockerPath: string | undefined } {
    const { config: found, path } = this.configOf(uri);
    const config = found.problems.some((p) => p.severity === 'error') ? NO_CONFIG : found;
    return {
      ignored: !!path && isIgnored(config, path),
      severities: effectiveSeverities(s.rules, config),
      hadolint: config.hadolint,
      ruleOptions: config.ruleOptions,
      dockerPath: config.dockerPath,
    };
  }

  /** Settings from the raw `dockerfileLens` section a client returned (null from clients that know none). */
  static settingsFrom(raw: unknown): Settings {
    return raw == null ? DEFAULT_SETTINGS : readSettings(raw);
  }

  /** Settings from what the client pushed (see `pushed`); the defaults when it pushed none. */
  pushedSettings(): Settings {
    return Session.settingsFrom(this.pushed);
  }

  /**
   * A `workspace/didChangeConfiguration` payload: `settings.dockerfileLens` when the client sent it
   * (VS Code, Neovim, Helix and eglot send the whole settings object); a payload without it (a client
   * that only signals a change) keeps what was pushed before. Returns whether anything was taken.
   */
  configurationPushed(settings: unknown): boolean {
    const section = sectionOf(settings);
    if (section === undefined) return false;
    this.pushed = section;
    return true;
  }

  setClient(options: { locale?: string; trusted?: boolean; client?: string; dockerfileLens?: unknown } | undefined, locale: string | undefined, caps: {
    snippets: boolean; configuration: boolean; codeLensRefresh: boolean; inlayHintRefresh: boolean; workspaceFolders: boolean;
    showDocument: boolean; codeLensResolve: boolean; workDoneProgress?: boolean;
  }): void {
    const o = options && typeof options === 'object' ? options : undefined;
    this.client = { lang: langOf(o?.locale ?? locale), trusted: o?.trusted !== false, ours: o?.client === 'vscode-extension', ...caps };
    this.pushed = sectionOf(o);
  }
}

/** The local path of a `file:` URI; undefined for other schemes. */
function localPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/** The `dockerfileLens` object inside a settings payload, if it has one. */
function sectionOf(settings: unknown): unknown {
  if (!settings || typeof settings !== 'object') return undefined;
  const section = (settings as Record<string, unknown>)[SECTION];
  return section && typeof section === 'object' && !Array.isArray(section) ? section : undefined;
}
