/**
 * The language server: wires features to the LSP connection, nothing else.
 * Runs over stdio (`--stdio`), IPC (`--node-ipc`) or a socket (`--socket=N`),
 * as vscode-languageserver reads them from the command line.
 */
import './heap'; // first: before anything allocates
import {
  CodeLensRefreshRequest, createConnection, MessageType, ShowMessageNotification, DidChangeWatchedFilesNotification, ErrorCodes, ProposedFeatures, ResponseError, TextDocuments, TextDocumentSyncKind,
  type InitializeParams, type InitializeResult, type SemanticTokens, type SemanticTokensDelta, type TextEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CONFIG_NAMES, isConfigFile } from './config/config';
import { buildArgsWithoutDefault } from './model/buildArgs';
import { codeActions } from './features/codeActions';
import { breakdownItems, codeLenses, resolvedLenses, resolveLens, unresolvedLenses, ResolvableLenses } from './features/codeLens';
import { breakdownArgsOf, breakdownMarkdown, breakdownText, buildCommandMessage, SERVER_COMMANDS, withServerCommands, writeBreakdown } from './features/executeCommand';
import { completion } from './features/completion';
import { toLspDiagnostic } from './features/diagnostics';
import { foldingRanges } from './features/folding';
import { formatDocumentAsync, formatOnType, formatRangeAsync } from './features/formatting';
import { hover } from './features/hover';
import { ConfigReporter } from './features/configReport';
import { wasteHoverText, wasteLenses, withWasteHover } from './features/imageWaste';
import { analyzeImage } from './images/imageAnalysis';
import { ImageReportService } from './images/imageReports';
import { inlayHints } from './features/inlayHints';
import { documentLinks } from './features/links';
import { definition, documentHighlights, prepareRename, references, rename, RenameError } from './features/navigation';
import { selectionRanges } from './features/selectionRanges';
import { SEMANTIC_LEGEND, semanticTokens, semanticTokensDelta } from './features/semanticTokens';
import { documentSymbols, workspaceSymbols } from './features/symbols';
import { tagCompletion } from './features/tagCompletion';
import { toReport } from './layers/report';
import { LayerService, type LayerSettings } from './layers/service';
import { TimelineStore, timingHover } from './layers/timeline';
import { analyze, type DockerfileDocument } from './model/document';
import { outline } from './model/outline';
import { workspaceDockerfiles } from './model/workspace';
import * as requests from './protocol/requests';
import type { ImageReport } from './protocol/image';
import { formatBytes } from './protocol/layers';
import { SECTION, type Settings } from './protocol/settings';
import { lintAsync, type LintDiagnostic } from './rules/engine';
import { Session, type DocumentState } from './session';
import type { Lang } from './docs/locale';

/**
 * Diagnostics follow an edit at once while the document's lint is cheap (under CHEAP_LINT_MS: every
 * ordinary file, and a 10,000-line one thanks to the incremental lint). A slower lint waits as long
 * as it last took (at most MAX_WAIT_MS), so fast typing does not start a lint per keystroke; a lint
 * already running is abandoned by the next edit anyway.
 */
const CHEAP_LINT_MS = 20;
const MAX_WAIT_MS = 150;
const validationDelay = (st: DocumentState) => {
  const last = st.lastLintMs;
  return last === undefined || last < CHEAP_LINT_MS ? 0 : Math.min(MAX_WAIT_MS, last);
};
/** The code lenses last computed per document, which codeLens/resolve completes. */
const resolvableLenses = new ResolvableLenses();

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const session = new Session();

/** The model of the document's current version, built once per version. */
function model(uri: string): DockerfileDocument | undefined {
  const doc = documents.get(uri);
  if (!doc) return undefined;
  return session.doc(uri).model(doc.version, () => doc.getText());
}

/**
 * A document's settings: asked with `workspace/configuration` when the client can answer it; else (and
 * when it answers null for the section) what the client pushed in `initializationOptions.dockerfileLens`
 * or `workspace/didChangeConfiguration`'s `settings.dockerfileLens`.
 */
function settings(uri: string): Promise<Settings> {
  return session.doc(uri).settings(() => {
    if (!session.client.configuration) return Promise.resolve(session.pushedSettings());
    return connection.workspace
      .getConfiguration({ scopeUri: uri, section: SECTION })
      .then((v: unknown) => (v == null ? session.pushedSettings() : Session.settingsFrom(v)), () => session.pushedSettings());
  });
}

/** How many lint runs started, and how many a newer edit cut short (`dockerfileLens/stats`). */
const stats = { lintRuns: 0, lintAbandoned: 0, reusedInstructions: 0, reusedStages: 0 };

/**
 * The lint results of the model's version, computed once (concurrent callers share the run). The run
 * yields to requests every few milliseconds and is abandoned (undefined) when a newer version arrives.
 */
function findings(m: DockerfileDocument): Promise<LintDiagnostic[] | undefined> {
  const st = session.doc(m.uri);
  return st.lint(m, async () => {
    const s = await settings(m.uri);
    stats.lintRuns++;
    const t0 = performance.now();
    // the project's config file (config/config.ts): its docker.path only decides the builder, it never runs
    const cfg = session.lintConfig(m.uri, s);
    reportConfigs();
    if (cfg.ignored) return [];
    const context = st.buildContext(s.build.context, session.folderOf(m.uri));
    const env = session.baseEnv.lookupFor(m.uri, session.baseEnvOptions(s));
    let result: LintDiagnostic[] | undefined;
    try {
      const build = st.build(cfg.dockerPath ? { ...s, docker: { ...s.docker, path: cfg.dockerPath } } : s);
      result = await lintAsync(m, { severities: cfg.severities, hadolint: cfg.hadolint, ruleOptions: cfg.ruleOptions, context, memo: st.lintMemo, baseEnv: env.lookup, ...build, lang: s.language === 'auto' ? session.client.lang : s.language }, () => documents.get(m.uri)?.version !== m.version);
    } finally {
      env.done(!result);
    }
    if (result) st.lastLintMs = performance.now() - t0;
    else stats.lintAbandoned++;
    stats.reusedInstructions = st.lintMemo.reused.instructions;
    stats.reusedStages = st.lintMemo.reused.stages;
    return result;
  });
}

/** The config files' problems as their diagnostics, and the hadolint settings without an equivalent, once (features/configReport.ts). */
const configReporter = new ConfigReporter();
let configsReported = -1;
function reportConfigs(): void {
  if (configsReported === session.configs.version) return;
  configsReported = session.configs.version;
  const { publish, message } = configReporter.update(session.configs.files(), session.client.lang);
  for (const p of publish) connection.sendDiagnostics(p);
  if (message) {
    showMessage(message);
    connection.console.log(message);
  }
}

/** A config file changed (or may have): read the config files again and lint every open document. */
function configsChanged(): void {
  session.configs.forget();
  configReporter.forget();
  for (const st of session.all()) st.configChanged();
  for (const d of documents.all()) scheduleValidation(d.uri, 0);
}

async function validate(uri: string): Promise<void> {
  const m = model(uri);
  if (!m) return;
  const version = m.version;
  const result = await findings(m);
  // a newer version arrived meanwhile: its own validation will publish
  if (!result || documents.get(uri)?.version !== version) return;
  connection.sendDiagnostics({ uri, version, diagnostics: result.map((d) => toLspDiagnostic(m, d)) });
}

function scheduleValidation(uri: string, delay?: number): void {
  const st = session.doc(uri);
  st.cancelValidation?.();
  const run = () => {
    st.cancelValidation = undefined;
    validate(uri).catch((e) => connection.console.error(`validation failed: ${(e as Error).stack}`));
  };
  const wait = delay ?? validationDelay(st);
  if (wait === 0) {
    // at once, but after the messages already received (a burst of edits lints once)
    const t = setImmediate(run);
    st.cancelValidation = () => clearImmediate(t);
  } else {
    const t = setTimeout(run, wait);
    st.cancelValidation = () => clearTimeout(t);
  }
}

async function lang(uri: string): Promise<Lang> {
  const s = await settings(uri);
  return s.language === 'auto' ? session.client.lang : s.language;
}

/*
 * Every request the server sends the client, and what it waits for (test/protocol/anyClient.test.ts
 * records them as a client with `capabilities: {}`):
 *   workspace/configuration     workspace.configuration (else the pushed settings)
 *   client/registerCapability   workspace.didChangeWatchedFiles.dynamicRegistration: ignore and config files (workspace folder
 *                               changes are registered by the initialize result, not by a request)
 *   workspace/codeLens/refresh  workspace.codeLens.refreshSupport (else lens requests wait for the lookups)
 *   workspace/inlayHint/refresh workspace.inlayHint.refreshSupport
 *   window/showDocument         window.showDocument.support (else a window/showMessage notification)
 *   window/workDoneProgress/create  window.workDoneProgress (the image analysis after a build; else no progress)
 * Never sent: window/showMessageRequest (connection.window.show*Message sends it: use showMessage below),
 * workspace/semanticTokens/refresh, workspace/applyEdit.
 */
let watchedFilesDynamic = false;
connection.onInitialize((params: InitializeParams): InitializeResult => {
  const caps = params.capabilities;
  session.setClient(params.initializationOptions as { locale?: string; trusted?: boolean; client?: string } | undefined, params.locale, {
    snippets: !!caps.textDocument?.completion?.completionItem?.snippetSupport,
    configuration: !!caps.workspace?.configuration,
    codeLensRefresh: !!caps.workspace?.codeLens?.refreshSupport,
    inlayHintRefresh: !!caps.workspace?.inlayHint?.refreshSupport,
    workspaceFolders: !!caps.workspace?.workspaceFolders,
    showDocument: !!caps.window?.showDocument?.support,
    // LSP 3.18's `textDocument.codeLens.resolveSupport` (not yet in this library's types)
    codeLensResolve: !!(caps.textDocument?.codeLens as { resolveSupport?: unknown } | undefined)?.resolveSupport,
    workDoneProgress: !!caps.window?.workDoneProgress,
  });
  watchedFilesDynamic = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
  const folders = (params.workspaceFolders ?? []).map((f) => f.uri);
  session.setFolders(folders.length || !params.rootUri ? folders : [params.rootUri]);
  return {
    capabilities: {
      // didSave too: clients that do not watch files for the server re-read the config files on save
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
      hoverProvider: true,
      completionProvider: { triggerCharacters: [' ', '-', '=', '$', '{', ':', ',', '/', '#'] },
      codeActionProvider: { codeActionKinds: ['quickfix'] },
      documentSymbolProvider: { label: 'Dockerfile' },
      workspaceSymbolProvider: true,
      foldingRangeProvider: true,
      selectionRangeProvider: true,
      documentLinkProvider: { resolveProvider: false },
      definitionProvider: true,
      referencesProvider: true,
      documentHighlightProvider: true,
      renameProvider: { prepareProvider: true },
      documentFormattingProvider: true,
      documentRangeFormattingProvider: true,
      documentOnTypeFormattingProvider: { firstTriggerCharacter: '\n' },
      semanticTokensProvider: { legend: SEMANTIC_LEGEND, full: { delta: true }, range: true },
      inlayHintProvider: true,
      codeLensProvider: { resolveProvider: true },
      // the extension's own client runs the lens commands itself (see features/executeCommand.ts)
      ...(session.client.ours ? {} : { executeCommandProvider: { commands: Object.values(SERVER_COMMANDS) } }),
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'dockerfile-lens' },
  };
});

connection.onInitialized(() => {
  // clients without file events of their own (most editors but VS Code) are asked for the ignore files;
  // VS Code's client sends every file event of the workspace (the build context's files for the lenses)
  if (watchedFilesDynamic) {
    connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: [{ globPattern: '**/.dockerignore' }, { globPattern: '**/*.dockerignore' }, ...CONFIG_NAMES.map((n) => ({ globPattern: `**/${n}` }))],
    }).catch(() => undefined);
  }
  // no client/registerCapability here: the initialize result's changeNotifications: true registers it
  if (session.client.workspaceFolders) {
    connection.workspace.onDidChangeWorkspaceFolders((e) => {
      session.changeFolders(e.added.map((f) => f.uri), e.removed.map((f) => f.uri));
      revalidateAll();
    });
  }
});

/** Asks the editor to re-request inlay hints, when it said it can. */
function refreshInlayHints(): void {
  if (session.client.inlayHintRefresh) connection.languages.inlayHint.refresh().catch(() => undefined);
}

/** Settings, folders or the build context changed: every open document is linted again at once. */
function revalidateAll(): void {
  for (const d of documents.all()) scheduleValidation(d.uri, 0);
  refreshInlayHints();
  refreshLenses();
}

connection.onDidChangeConfiguration((p) => {
  // clients that cannot answer workspace/configuration send the settings themselves
  session.configurationPushed(p?.settings);
  for (const st of session.all()) st.settingsChanged();
  revalidateAll();
});
// clients that do not watch files for the server: the config files are read again when one changed and a Dockerfile is opened, and on every save
documents.onDidOpen(() => {
  // a stat of each config file read so far, not a re-read and re-lint of every open document per open
  if (!watchedFilesDynamic && session.configs.stale()) configsChanged();
});
documents.onDidSave(() => {
  if (!watchedFilesDynamic) configsChanged();
});
// fires on open too: a newly opened document is validated at once
documents.onDidChangeContent((e) => scheduleValidation(e.document.uri, session.doc(e.document.uri).latest ? undefined : 0));
// a base image's Env arrived: lint the open documents again (their unchanged stages are reused)
session.onBaseEnv = () => {
  for (const st of session.all()) if (documents.get(st.uri)) scheduleValidation(st.uri, 0);
};
documents.onDidClose((e) => {
  session.close(e.document.uri);
  resolvableLenses.forget(e.document.uri);
  connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

connection.onHover(async (params, token) => {
  const l = await lang(params.textDocument.uri);
  const s = await settings(params.textDocument.uri);
  const m = model(params.textDocument.uri);
  if (!m || token.isCancellationRequested) return null;
  const view = timelines.view(m);
  const base = hover(m, params.position, l, session.baseEnv.peek(session.baseEnvOptions(s)), view && ((line) => timingHover(view, line, l)));
  return withWasteHover(m, params.position, base, imageReports.summary(m), l);
});

connection.onCompletion(async (params, token) => {
  const l = await lang(params.textDocument.uri);
  const m = model(params.textDocument.uri);
  if (!m || token.isCancellationRequested) return [];
  const tags = await tagCompletion(m, params.position, layers.baseOptions(layerSettings(await settings(m.uri))));
  if (tags) return tags;
  return completion(m, params.position, { lang: l, snippets: session.client.snippets });
});

connection.onCodeAction(async (params, token) => {
  const l = await lang(params.textDocument.uri);
  const m = model(params.textDocument.uri);
  if (!m || token.isCancellationRequested) return [];
  const f = await findings(m);
  if (!f || token.isCancellationRequested) return [];
  return codeActions(m, params.context.diagnostics, f, (d) => toLspDiagnostic(m, d), l);
});

/** Results computed once per document version (the editor asks for symbols, folding, tokens repeatedly). */
const once = <T,>(m: DockerfileDocument, key: string, f: () => T): T => session.doc(m.uri).once(m, key, f);

/** Runs `f` on the current model unless the request was cancelled or the document is not open. */
function onModel<T>(uri: string, token: { isCancellationRequested: boolean }, empty: T, f: (m: DockerfileDocument) => T): T {
  const m = model(uri);
  if (!m || token.isCancellationRequested) return empty;
  return f(m);
}

let tokenIds = 0;
connection.onDocumentSymbol((p, token) => onModel(p.textDocument.uri, token, [], (m) => once(m, 'symbols', () => documentSymbols(m))));
connection.onWorkspaceSymbol((p) => {
  const open = documents.all().map((d) => model(d.uri)!).filter(Boolean);
  return workspaceSymbols(workspaceDockerfiles([...session.workspaceFolders], open), p.query);
});
connection.onFoldingRanges((p, token) => onModel(p.textDocument.uri, token, [], (m) => once(m, 'folding', () => foldingRanges(m))));
connection.onSelectionRanges((p, token) => onModel(p.textDocument.uri, token, [], (m) => selectionRanges(m, p.positions)));
connection.onDocumentLinks((p, token) => onModel(p.textDocument.uri, token, [], (m) => once(m, 'links', () => documentLinks(m))));
connection.onDefinition((p, token) => onModel(p.textDocument.uri, token, [], (m) => definition(m, p.position)));
connection.onReferences((p, token) => onModel(p.textDocument.uri, token, [], (m) => references(m, p.position, p.context.includeDeclaration)));
connection.onDocumentHighlight((p, token) => onModel(p.textDocument.uri, token, [], (m) => documentHighlights(m, p.position)));
/** Rename refusals reach the user as the request's error message, in the session's language. */
async function renameRequest<T>(uri: string, f: () => T): Promise<T | ResponseError<void>> {
  const language = await lang(uri);
  try {
    return f();
  } catch (e) {
    if (e instanceof RenameError) return new ResponseError(ErrorCodes.InvalidRequest, e.text[language]);
    throw e;
  }
}
connection.onPrepareRename((p, token) => onModel(p.textDocument.uri, token, null, (m) => renameRequest(m.uri, () => prepareRename(m, p.position))));
connection.onRenameRequest((p, token) => onModel(p.textDocument.uri, token, null, (m) => renameRequest(m.uri, () => rename(m, p.position, p.newName))));

connection.onDocumentFormatting(async (p, token) => {
  const s = await settings(p.textDocument.uri);
  return onModel<TextEdit[] | Promise<TextEdit[]>>(p.textDocument.uri, token, [], (m) => once(m, `format ${JSON.stringify([p.options, s.format])}`, () => formatDocumentAsync(m, p.options, s.format)));
});
connection.onDocumentRangeFormatting(async (p, token) => {
  const s = await settings(p.textDocument.uri);
  return onModel<TextEdit[] | Promise<TextEdit[]>>(p.textDocument.uri, token, [], (m) => formatRangeAsync(m, p.range, p.options, s.format));
});
connection.onDocumentOnTypeFormatting(async (p) => {
  const s = await settings(p.textDocument.uri);
  const m = model(p.textDocument.uri);
  return m ? formatOnType(m, p.position, p.ch, p.options, s.format) : [];
});

connection.languages.semanticTokens.on((p, token) => onModel<SemanticTokens>(p.textDocument.uri, token, { data: [] }, (m) => {
  const data = once(m, 'tokens', () => semanticTokens(m));
  const resultId = String(++tokenIds);
  session.doc(m.uri).sentTokens = { id: resultId, data };
  return { resultId, data };
}));
connection.languages.semanticTokens.onDelta((p, token) => onModel<SemanticTokens | SemanticTokensDelta>(p.textDocument.uri, token, { edits: [] }, (m) => {
  const data = once(m, 'tokens', () => semanticTokens(m));
  const st = session.doc(m.uri);
  const previous = st.sentTokens;
  const resultId = String(++tokenIds);
  st.sentTokens = { id: resultId, data };
  if (!previous || previous.id !== p.previousResultId) return { resultId, data };
  return { resultId, edits: semanticTokensDelta(previous.data, data) };
}));
connection.languages.semanticTokens.onRange((p, token) => onModel(p.textDocument.uri, token, { data: [] }, (m) => ({ data: semanticTokens(m, p.range) })));

connection.languages.inlayHint.on(async (p, token) => {
  const s = await settings(p.textDocument.uri);
  return onModel(p.textDocument.uri, token, [], (m) => inlayHints(m, p.range, s.inlayHints));
});

// ---------------------------------------------------------------------------
// Layer sizes, the effective command, measured sizes after a build

let refreshTimer: NodeJS.Timeout | undefined;
/** Asks the editor to re-request the lenses (a lookup completed, a file or a setting changed), at most every 200 ms. */
function refreshLenses(): void {
  if (!session.client.codeLensRefresh || refreshTimer) return;
  refreshTimer = setTimeout(() => {
    refreshTimer = undefined;
    connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  }, 200);
}
const layers = new LayerService(refreshLenses);
/** Bumped when an image report arrives or is dropped (the waste lenses change). */
let wasteGeneration = 0;
const imageReports = new ImageReportService(
  (image, o) => analyzeImage(image, {
    docker: o.docker, env: o.env, dockerfile: { doc: o.doc, target: o.target }, largestPerLayer: o.largestPerLayer, signal: o.signal,
    onProgress: (p) => o.progress(`${p.layer}/${p.layers || '?'} · ${formatBytes(p.bytes)}`, p.layers ? Math.round((100 * (p.layer - 1)) / p.layers) : undefined),
  }),
  () => {
    wasteGeneration++;
    refreshLenses();
  },
);
/** The last build's timeline of each document (`dockerfileLens/timeline`). */
const timelines = new TimelineStore();

function layerSettings(s: Settings): LayerSettings {
  return {
    docker: s.docker.path || 'docker',
    dockerEnv: s.docker.env ?? {},
    registry: s.registry.enabled,
    headRequests: s.downloads.headRequests,
    context: s.build.context,
    trusted: session.client.trusted,
  };
}
function fromDisk(uri: string): DockerfileDocument | undefined {
  try {
    return analyze(uri, 0, readFileSync(fileURLToPath(uri), 'utf8'));
  } catch {
    return undefined;
  }
}
const folderOf = (uri: string) => session.folderOf(uri);

/**
 * How long a lens request of a client that cannot be asked to refresh (no `workspace/codeLens/refresh`)
 * waits for the lookups its lenses show (base image sizes, the build context): it would otherwise keep
 * `?` until the user asks again. A lookup slower than this shows on the client's next lens request.
 */
const LOOKUP_WAIT_MS = 2000;
/** Up to this many lenses go out resolved to every client: fewer round trips, and nothing to run before its resolve returns. */
const RESOLVED_LENSES_MAX = 200;

connection.onCodeLens(async (p, token) => {
  const s = await settings(p.textDocument.uri);
  if (!s.codeLens.layerSizes && !s.codeLens.effectiveCommand) return [];
  const opened = model(p.textDocument.uri);
  const canRefresh = session.client.codeLensRefresh;
  if (opened && canRefresh) await layers.settle(opened, layerSettings(s), folderOf(opened.uri));
  else if (opened) await settleAll(opened, s, token);
  const lg = await lang(p.textDocument.uri);
  // computed once per document version, lookup generation and language (a client that cannot refresh: on
  // every request, since the lookups awaited above fill in figures without a new generation)
  const key = `lens ${layers.generation} ${wasteGeneration} ${timelines.generation} ${lg} ${JSON.stringify([s.codeLens, layerSettings(s)])}`;
  return onModel(p.textDocument.uri, token, [], (m) => {
    const compute = () => {
      const lenses = codeLenses(m, layers.analysisNow(m, layerSettings(s), folderOf(m.uri)), s.codeLens, lg, timelines.view(m));
      const summary = s.codeLens.layerSizes ? imageReports.summary(m) : undefined;
      // a waste lens opens the layer's file view (the extension), or the hidden files as a document (others)
      if (summary) lenses.push(...wasteLenses(m, summary, lg, session.client.ours
        ? { id: 'dockerfileLens.showImageLayers', args: (line) => [{ uri: m.uri, line }] }
        : { id: SERVER_COMMANDS.showImageWaste, args: (line) => [{ uri: m.uri, line }] }));
      return session.client.ours ? lenses : withServerCommands(lenses);
    };
    const lenses = canRefresh ? once(m, key, compute) : compute();
    const list = resolvableLenses.remember(m.uri, lenses);
    // a client that advertises resolveSupport gets the places only of a long list: it resolves the lenses it
    // shows (a 10,000-line file has thousands); every other client, and every short list, gets the lenses
    // complete (Neovim 0.7 runs an unresolved lens and fails)
    // the extension's own client always gets the places only: VS Code resolves what is on screen, and a
    // refresh after a lookup re-resolves them (complete lenses were left stale there: the e2e lens test)
    const resolves = session.client.ours || session.client.codeLensResolve;
    if (!session.client.ours && (!resolves || lenses.length <= RESOLVED_LENSES_MAX)) return once(m, `${key} ${list} resolved`, () => resolvedLenses(lenses, list));
    return once(m, `${key} ${list} unresolved`, () => unresolvedLenses(lenses, list));
  });
});
/** Waits (at most LOOKUP_WAIT_MS, or until the request is cancelled) for every lookup the document's lenses show. */
async function settleAll(m: DockerfileDocument, s: Settings, token: { isCancellationRequested: boolean; onCancellationRequested: (f: () => void) => unknown }): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    layers.analysis(m, layerSettings(s), folderOf(m.uri)).catch(() => undefined),
    new Promise((r) => {
      timer = setTimeout(r, LOOKUP_WAIT_MS);
      token.onCancellationRequested(() => r(undefined));
    }),
  ]);
  clearTimeout(timer);
}
connection.onCodeLensResolve((lens) => resolveLens(lens, resolvableLenses));
/** A `window/showMessage` notification (vscode-languageserver's showInformationMessage is a showMessageRequest: a request). */
const showMessage = (message: string) => connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message });
/** The lens commands, run by the server for clients other than the extension's own (features/executeCommand.ts). */
connection.onExecuteCommand(async (p) => {
  const arg = p.arguments?.[0];
  if (p.command === SERVER_COMMANDS.showLayerBreakdown) {
    const args = breakdownArgsOf(arg);
    const m = args && model(args.uri);
    if (!args || !m) return null;
    const s = await settings(args.uri);
    const l = await lang(args.uri);
    const items = breakdownItems(layers.analysisNow(m, layerSettings(s), folderOf(m.uri)), args.line, args.kind);
    if (session.client.showDocument) {
      const uri = writeBreakdown(args, breakdownMarkdown(args, items, l));
      const shown = await connection.window.showDocument({ uri, takeFocus: true }).catch(() => ({ success: false }));
      if (shown.success) return null;
    }
    showMessage(breakdownText(args, items, l));
    return null;
  }
  if (p.command === SERVER_COMMANDS.showImageWaste) {
    const a = arg as { uri?: unknown; line?: unknown } | undefined;
    const m = a && typeof a.uri === 'string' && typeof a.line === 'number' ? model(a.uri) : undefined;
    const summary = m && imageReports.summary(m);
    if (!m || !summary) return null;
    const l = await lang(m.uri);
    const text = wasteHoverText(summary, (a!.line as number) + 1, l);
    if (!text) return null;
    if (session.client.showDocument) {
      const uri = writeBreakdown({ uri: m.uri, line: a!.line as number, kind: 'layer', title: '', note: '' }, text + '\n');
      const shown = await connection.window.showDocument({ uri, takeFocus: true }).catch(() => ({ success: false }));
      if (shown.success) return null;
    }
    showMessage(text);
    return null;
  }
  if (p.command === SERVER_COMMANDS.analyzeImage) {
    const a = arg as { uri?: unknown; image?: unknown; target?: unknown } | undefined;
    if (!a || typeof a.uri !== 'string' || typeof a.image !== 'string' || !a.image) return new ResponseError(ErrorCodes.InvalidParams, 'Expected { uri, image, target? }.');
    const m = model(a.uri) ?? fromDisk(a.uri);
    if (!m) return new ResponseError(ErrorCodes.InvalidParams, 'The Dockerfile cannot be read.');
    const r = await analyzeBuilt(m, a.image, typeof a.target === 'string' ? a.target : undefined, await settings(a.uri));
    showMessage(r.state === 'done' ? imageSummaryText(r.report!, await lang(m.uri)) : `${a.image}: ${r.message}`);
    return r.state === 'done' ? { image: r.image, state: r.state, totalBytes: r.report!.totalBytes, wastedBytes: r.report!.wastedBytes, efficiency: r.report!.efficiency } : r;
  }
  if (p.command === SERVER_COMMANDS.buildImage) {
    const uri = arg && typeof arg === 'object' && typeof (arg as { uri?: unknown }).uri === 'string' ? (arg as { uri: string }).uri : undefined;
    if (!uri) return null;
    const s = await settings(uri);
    const ctx = session.doc(uri).buildContext(s.build.context, folderOf(uri));
    let dockerfile: string | undefined;
    try {
      dockerfile = uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
    } catch {
      dockerfile = undefined;
    }
    showMessage(buildCommandMessage({ docker: s.docker.path || 'docker', dockerfile, context: ctx?.root, extraArgs: s.build.extraArgs }, await lang(uri)));
    return null;
  }
  return new ResponseError(ErrorCodes.InvalidParams, `Unknown command: ${p.command}`);
});
connection.onRequest(requests.layers, async (p) => {
  const m = model(p.uri);
  if (!m) return { stages: [] };
  return toReport(await layers.analysis(m, layerSettings(await settings(p.uri)), folderOf(p.uri)));
});
connection.onRequest(requests.measured, async (p) => {
  // a Dockerfile built from the explorer need not be open: its text on disk is what was built
  const m = model(p.uri) ?? fromDisk(p.uri);
  if (!m) return { ok: false, message: 'The Dockerfile cannot be read.' };
  const s = await settings(p.uri);
  const measured = await layers.measure(m, p.image, layerSettings(s), p.target);
  // then the wasted space, in the background (the answer does not wait for it)
  if (s.image.analyzeAfterBuild && session.client.trusted) void analyzeBuilt(m, p.image, p.target, s);
  return measured;
});
connection.onRequest(requests.imageReport, (p) => {
  const m = model(p.uri) ?? fromDisk(p.uri);
  return m ? imageReports.result(m) : null;
});
/**
 * Analyses an image built from the document (images/imageReports.ts), with progress when the client shows
 * server-initiated progress, cancellable from there; a new analysis of the document cancels the previous one.
 */
async function analyzeBuilt(m: DockerfileDocument, image: string, target: string | undefined, s: Settings): Promise<requests.ImageReportResult> {
  const reporter = session.client.workDoneProgress ? await connection.window.createWorkDoneProgress().catch(() => undefined) : undefined;
  const l = await lang(m.uri);
  reporter?.begin(l === 'ko' ? `이미지 분석: ${image}` : `Analysing ${image}`, 0, undefined, true);
  const run = imageReports.start(m, image, {
    docker: s.docker.path || 'docker', env: { ...process.env, ...s.docker.env }, target, trusted: session.client.trusted,
    progress: (message, percentage) => reporter?.report(percentage ?? 0, message),
  });
  reporter?.token.onCancellationRequested(run.cancel);
  const r = await run.result;
  reporter?.done();
  if (r.state === 'failed') connection.console.log(`image analysis of ${image}: ${r.message}`);
  return r;
}
const imageSummaryText = (r: ImageReport, l: Lang) => l === 'ko'
  ? `${r.image}: 레이어 ${r.layers.length}개에 ${formatBytes(r.totalBytes)}, 그중 ${formatBytes(r.wastedBytes)}는 나중 레이어에 가려짐 (효율 ${(r.efficiency * 100).toFixed(1)}%).`
  : `${r.image}: ${formatBytes(r.totalBytes)} in ${r.layers.length} layers, ${formatBytes(r.wastedBytes)} hidden by later layers (efficiency ${(r.efficiency * 100).toFixed(1)}%).`;
connection.onRequest(requests.timeline, (p) => {
  // like measured sizes: a Dockerfile built from the explorer need not be open
  const m = (p && typeof p.uri === 'string' && (model(p.uri) ?? fromDisk(p.uri))) || undefined;
  if (!m) return { ok: false, message: 'The Dockerfile cannot be read.', steps: 0 };
  const r = timelines.set(m, p);
  if (r.ok) refreshLenses();
  return r;
});
connection.onRequest(requests.breakdown, async (p) => {
  const m = model(p.uri);
  if (!m) return null;
  const s = await settings(p.uri);
  return { ...p, items: breakdownItems(layers.analysisNow(m, layerSettings(s), folderOf(m.uri)), p.line, p.kind) };
});
connection.onRequest(requests.buildArgs, (p) => {
  const m = model(p.uri);
  return m ? buildArgsWithoutDefault(m) : [];
});
connection.onRequest(requests.outline, (p) => {
  const m = model(p.uri) ?? fromDisk(p.uri);
  return m ? outline(m) : { globals: [], stages: [] };
});
connection.onRequest(requests.stats, () => ({ ...stats, lensGeneration: layers.generation, rssBytes: process.memoryUsage().rss }));
connection.onRequest(requests.refreshBaseImages, () => {
  layers.forgetBaseSizes();
  session.baseEnv.forget();
});
connection.onDidChangeWatchedFiles((p) => {
  let lint = false;
  // a config file was created, changed or deleted: every document may have another config now
  if (p.changes.some((c) => c.uri.startsWith('file:') && isConfigFile(c.uri))) configsChanged();
  for (const c of p.changes) {
    if (!c.uri.startsWith('file:')) continue;
    let path: string;
    try {
      path = fileURLToPath(c.uri);
    } catch {
      continue; // not a local path
    }
    layers.fileChanged(path);
    for (const st of session.all()) {
      // a .dockerignore or a context file changed: CopyIgnoredFile and AddInsteadOfCopy read them
      if (st.fileChanged(path) && documents.get(st.uri)) {
        scheduleValidation(st.uri, 0);
        lint = true;
      }
    }
  }
  if (lint) refreshInlayHints();
});

documents.listen(connection);
connection.listen();
