/**
 * The language server: wires features to the LSP connection, nothing else.
 * Runs over stdio (`--stdio`), IPC (`--node-ipc`) or a socket (`--socket=N`),
 * as vscode-languageserver reads them from the command line.
 */
import {
  CodeLensRefreshRequest, createConnection, ErrorCodes, ProposedFeatures, ResponseError, TextDocuments, TextDocumentSyncKind,
  type InitializeParams, type InitializeResult, type SemanticTokens, type SemanticTokensDelta,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildArgsWithoutDefault } from './model/buildArgs';
import { codeActions } from './features/codeActions';
import { breakdownItems, codeLenses, resolveLens, unresolvedLenses, type BreakdownArgs, type CodeLensSettings, ResolvableLenses } from './features/codeLens';
import { completion } from './features/completion';
import { toLspDiagnostic } from './features/diagnostics';
import { foldingRanges } from './features/folding';
import { DEFAULT_FORMAT_SETTINGS, formatDocument, formatOnType, formatRange, type FormatSettings } from './features/formatting';
import { hover } from './features/hover';
import { inlayHints, type InlayHintSettings } from './features/inlayHints';
import { documentLinks } from './features/links';
import { langOf, type Lang } from './docs/locale';
import { definition, documentHighlights, prepareRename, references, rename, RenameError } from './features/navigation';
import { selectionRanges } from './features/selectionRanges';
import { SEMANTIC_LEGEND, semanticTokens, semanticTokensDelta } from './features/semanticTokens';
import { documentSymbols, workspaceSymbols } from './features/symbols';
import { tagCompletion } from './features/tagCompletion';
import { toReport } from './layers/report';
import { LayerService, type LayerSettings } from './layers/service';
import { workspaceDockerfiles } from './model/workspace';
import { contextForUri } from './model/buildContext';
import { analyze, type DockerfileDocument } from './model/document';
import { lintAsync, type LintDiagnostic } from './rules/engine';
import type { RuleSeverity } from './rules/types';

interface Settings {
  /** `auto` follows the editor's display language. */
  language: 'auto' | 'en' | 'ko';
  /** Severity per rule id: off | hint | information | warning | error. */
  rules: Record<string, RuleSeverity | 'off'>;
  format: FormatSettings;
  inlayHints: InlayHintSettings;
  codeLens: CodeLensSettings;
  docker: { path: string; env: Record<string, string> };
  registry: { enabled: boolean };
  downloads: { headRequests: boolean };
  build: { context: string };
}
const DEFAULT_SETTINGS: Settings = {
  language: 'auto',
  rules: {},
  format: DEFAULT_FORMAT_SETTINGS,
  inlayHints: { variableValues: true, implicitLatest: true },
  codeLens: { layerSizes: true, effectiveCommand: true },
  docker: { path: 'docker', env: {} },
  registry: { enabled: true },
  downloads: { headRequests: false },
  build: { context: '' },
};
/**
 * Validation waits after the last keystroke: twice as long as the document's last lint took, at least
 * MIN and at most MAX milliseconds. A small file (lint under a millisecond) shows its diagnostics 50 ms
 * after typing stops; a 10,000-line one (lint ~40 ms) waits ~80 ms, so fast typing does not start a
 * lint per keystroke (a lint already running is abandoned by the next edit anyway).
 */
const DEBOUNCE_MIN_MS = 50;
const DEBOUNCE_MAX_MS = 150;
const lastLintMs = new Map<string, number>();
const debounceMs = (uri: string) => Math.min(DEBOUNCE_MAX_MS, Math.max(DEBOUNCE_MIN_MS, 2 * (lastLintMs.get(uri) ?? DEBOUNCE_MAX_MS)));
/** The code lenses last computed per document, which codeLens/resolve completes. */
const resolvableLenses = new ResolvableLenses();

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const models = new Map<string, DockerfileDocument>();
const settingsCache = new Map<string, Promise<Settings>>();
const lintCache = new WeakMap<DockerfileDocument, Promise<LintDiagnostic[] | undefined>>();
const pendingValidation = new Map<string, NodeJS.Timeout>();
let clientLang: Lang = 'en';
let snippetSupport = false;
let configurationSupport = false;
let workspaceFolders: string[] = [];
/** Untrusted workspaces (the client says so) never run docker nor reach the network. */
let trusted = true;
let codeLensRefreshSupport = false;
/** The last semantic tokens sent per document, for delta requests. */
const sentTokens = new Map<string, { id: string; data: number[] }>();
let tokenIds = 0;

/** The model of the document's current version, built once per version. */
function model(uri: string): DockerfileDocument | undefined {
  const doc = documents.get(uri);
  if (!doc) return undefined;
  const cached = models.get(uri);
  if (cached && cached.version === doc.version) return cached;
  const next = analyze(uri, doc.version, doc.getText(), cached);
  models.set(uri, next);
  return next;
}

function settings(uri: string): Promise<Settings> {
  if (!configurationSupport) return Promise.resolve(DEFAULT_SETTINGS);
  let s = settingsCache.get(uri);
  if (!s) {
    s = connection.workspace
      .getConfiguration({ scopeUri: uri, section: 'dockerfileLens' })
      .then((v: Partial<Settings> | null) => ({
        ...DEFAULT_SETTINGS,
        ...(v ?? {}),
        format: { ...DEFAULT_SETTINGS.format, ...(v?.format ?? {}) },
        inlayHints: { ...DEFAULT_SETTINGS.inlayHints, ...(v?.inlayHints ?? {}) },
        codeLens: { ...DEFAULT_SETTINGS.codeLens, ...(v?.codeLens ?? {}) },
        docker: { ...DEFAULT_SETTINGS.docker, ...(v?.docker ?? {}) },
        registry: { ...DEFAULT_SETTINGS.registry, ...(v?.registry ?? {}) },
        downloads: { ...DEFAULT_SETTINGS.downloads, ...(v?.downloads ?? {}) },
        build: { ...DEFAULT_SETTINGS.build, ...(v?.build ?? {}) },
      }), () => DEFAULT_SETTINGS);
    settingsCache.set(uri, s);
  }
  return s;
}

/** How many lint runs started, and how many a newer edit cut short (`dockerfileLens/stats`). */
const stats = { lintRuns: 0, lintAbandoned: 0 };

/**
 * The lint results of the model's version, computed once (concurrent callers share the run). The run
 * yields to requests every few milliseconds and is abandoned (undefined) when a newer version arrives.
 */
function findings(m: DockerfileDocument): Promise<LintDiagnostic[] | undefined> {
  let run = lintCache.get(m);
  if (!run) {
    run = (async () => {
      const s = await settings(m.uri);
      stats.lintRuns++;
      const t0 = performance.now();
      const result = await lintAsync(m, { severities: s.rules, context: contextForUri(m.uri) }, () => documents.get(m.uri)?.version !== m.version);
      if (result) lastLintMs.set(m.uri, performance.now() - t0);
      else {
        stats.lintAbandoned++;
        lintCache.delete(m);
      }
      return result;
    })();
    lintCache.set(m, run);
  }
  return run;
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

function scheduleValidation(uri: string, delay = debounceMs(uri)): void {
  clearTimeout(pendingValidation.get(uri));
  pendingValidation.set(uri, setTimeout(() => {
    pendingValidation.delete(uri);
    validate(uri).catch((e) => connection.console.error(`validation failed: ${(e as Error).stack}`));
  }, delay));
}

async function lang(uri: string): Promise<Lang> {
  const s = await settings(uri);
  return s.language === 'auto' ? clientLang : s.language;
}

connection.onInitialize((params: InitializeParams): InitializeResult => {
  const options = params.initializationOptions as { locale?: string; trusted?: boolean } | undefined;
  trusted = options?.trusted !== false;
  codeLensRefreshSupport = !!params.capabilities.workspace?.codeLens?.refreshSupport;
  clientLang = langOf(options?.locale ?? params.locale);
  snippetSupport = !!params.capabilities.textDocument?.completion?.completionItem?.snippetSupport;
  configurationSupport = !!params.capabilities.workspace?.configuration;
  workspaceFolders = (params.workspaceFolders ?? []).map((f) => f.uri);
  if (!workspaceFolders.length && params.rootUri) workspaceFolders = [params.rootUri];
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
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
    },
    serverInfo: { name: 'dockerfile-lens' },
  };
});

connection.onDidChangeConfiguration(() => {
  settingsCache.clear();
  for (const d of documents.all()) {
    const m = models.get(d.uri);
    if (m) lintCache.delete(m);
    scheduleValidation(d.uri, 0);
  }
  connection.languages.inlayHint.refresh().catch(() => undefined);
  refreshLenses();
});
// fires on open too: validate a newly opened document at once, edits after a pause
documents.onDidChangeContent((e) => scheduleValidation(e.document.uri, models.has(e.document.uri) ? debounceMs(e.document.uri) : 0));
documents.onDidClose((e) => {
  clearTimeout(pendingValidation.get(e.document.uri));
  pendingValidation.delete(e.document.uri);
  models.delete(e.document.uri);
  lastLintMs.delete(e.document.uri);
  resolvableLenses.forget(e.document.uri);
  sentTokens.delete(e.document.uri);
  settingsCache.delete(e.document.uri);
  connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

connection.onHover(async (params, token) => {
  const l = await lang(params.textDocument.uri);
  const m = model(params.textDocument.uri);
  if (!m || token.isCancellationRequested) return null;
  return hover(m, params.position, l);
});

connection.onCompletion(async (params, token) => {
  const l = await lang(params.textDocument.uri);
  const m = model(params.textDocument.uri);
  if (!m || token.isCancellationRequested) return [];
  const tags = await tagCompletion(m, params.position, layers.baseOptions(layerSettings(await settings(m.uri))));
  if (tags) return tags;
  return completion(m, params.position, { lang: l, snippets: snippetSupport });
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
const memo = new WeakMap<DockerfileDocument, Map<string, unknown>>();
function once<T>(m: DockerfileDocument, key: string, f: () => T): T {
  let cache = memo.get(m);
  if (!cache) memo.set(m, (cache = new Map()));
  if (!cache.has(key)) cache.set(key, f());
  return cache.get(key) as T;
}

/** Runs `f` on the current model unless the request was cancelled or the document is not open. */
function onModel<T>(uri: string, token: { isCancellationRequested: boolean }, empty: T, f: (m: DockerfileDocument) => T): T {
  const m = model(uri);
  if (!m || token.isCancellationRequested) return empty;
  return f(m);
}

connection.onDocumentSymbol((p, token) => onModel(p.textDocument.uri, token, [], (m) => once(m, 'symbols', () => documentSymbols(m))));
connection.onWorkspaceSymbol((p) => {
  const open = documents.all().map((d) => model(d.uri)!).filter(Boolean);
  return workspaceSymbols(workspaceDockerfiles(workspaceFolders, open), p.query);
});
connection.onFoldingRanges((p, token) => onModel(p.textDocument.uri, token, [], (m) => once(m, 'folding', () => foldingRanges(m))));
connection.onSelectionRanges((p, token) => onModel(p.textDocument.uri, token, [], (m) => selectionRanges(m, p.positions)));
connection.onDocumentLinks((p, token) => onModel(p.textDocument.uri, token, [], (m) => once(m, 'links', () => documentLinks(m))));
connection.onDefinition((p, token) => onModel(p.textDocument.uri, token, [], (m) => definition(m, p.position)));
connection.onReferences((p, token) => onModel(p.textDocument.uri, token, [], (m) => references(m, p.position, p.context.includeDeclaration)));
connection.onDocumentHighlight((p, token) => onModel(p.textDocument.uri, token, [], (m) => documentHighlights(m, p.position)));
/** Rename refusals reach the user as the request's error message. */
function renameRequest<T>(f: () => T): T | ResponseError<void> {
  try {
    return f();
  } catch (e) {
    if (e instanceof RenameError) return new ResponseError(ErrorCodes.InvalidRequest, e.message);
    throw e;
  }
}
connection.onPrepareRename((p, token) => onModel(p.textDocument.uri, token, null, (m) => renameRequest(() => prepareRename(m, p.position))));
connection.onRenameRequest((p, token) => onModel(p.textDocument.uri, token, null, (m) => renameRequest(() => rename(m, p.position, p.newName))));

connection.onDocumentFormatting(async (p, token) => {
  const s = await settings(p.textDocument.uri);
  return onModel(p.textDocument.uri, token, [], (m) => once(m, `format ${JSON.stringify([p.options, s.format])}`, () => formatDocument(m, p.options, s.format)));
});
connection.onDocumentRangeFormatting(async (p, token) => {
  const s = await settings(p.textDocument.uri);
  return onModel(p.textDocument.uri, token, [], (m) => formatRange(m, p.range, p.options, s.format));
});
connection.onDocumentOnTypeFormatting(async (p) => {
  const s = await settings(p.textDocument.uri);
  const m = model(p.textDocument.uri);
  return m ? formatOnType(m, p.position, p.ch, p.options, s.format) : [];
});

connection.languages.semanticTokens.on((p, token) => onModel<SemanticTokens>(p.textDocument.uri, token, { data: [] }, (m) => {
  const data = once(m, 'tokens', () => semanticTokens(m));
  const resultId = String(++tokenIds);
  sentTokens.set(m.uri, { id: resultId, data });
  return { resultId, data };
}));
connection.languages.semanticTokens.onDelta((p, token) => onModel<SemanticTokens | SemanticTokensDelta>(p.textDocument.uri, token, { edits: [] }, (m) => {
  const data = once(m, 'tokens', () => semanticTokens(m));
  const previous = sentTokens.get(m.uri);
  const resultId = String(++tokenIds);
  sentTokens.set(m.uri, { id: resultId, data });
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
  if (!codeLensRefreshSupport || refreshTimer) return;
  refreshTimer = setTimeout(() => {
    refreshTimer = undefined;
    connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  }, 200);
}
const layers = new LayerService(refreshLenses);

function layerSettings(s: Settings): LayerSettings {
  return {
    docker: s.docker.path || 'docker',
    dockerEnv: s.docker.env ?? {},
    registry: s.registry.enabled,
    headRequests: s.downloads.headRequests,
    context: s.build.context,
    trusted,
  };
}
function fromDisk(uri: string): DockerfileDocument | undefined {
  try {
    return analyze(uri, 0, readFileSync(fileURLToPath(uri), 'utf8'));
  } catch {
    return undefined;
  }
}
/** The workspace folder containing a document. */
function folderOf(uri: string): string | undefined {
  return workspaceFolders.filter((f) => uri.startsWith(f.endsWith('/') ? f : f + '/')).sort((a, b) => b.length - a.length)[0];
}

connection.onCodeLens(async (p, token) => {
  const s = await settings(p.textDocument.uri);
  if (!s.codeLens.layerSizes && !s.codeLens.effectiveCommand) return [];
  const opened = model(p.textDocument.uri);
  if (opened) await layers.settle(opened, layerSettings(s), folderOf(opened.uri));
  // computed once per document version and lookup generation
  const key = `lens ${layers.generation} ${JSON.stringify([s.codeLens, layerSettings(s)])}`;
  return onModel(p.textDocument.uri, token, [], (m) => {
    const lenses = once(m, key, () => codeLenses(m, layers.analysisNow(m, layerSettings(s), folderOf(m.uri)), s.codeLens));
    const list = resolvableLenses.remember(m.uri, lenses);
    // the places only: the editor resolves the lenses it shows (a 10,000-line file has thousands)
    return once(m, `${key} unresolved`, () => unresolvedLenses(lenses, list));
  });
});
connection.onCodeLensResolve((lens) => resolveLens(lens, resolvableLenses));
connection.onRequest('dockerfileLens/layers', async (p: { uri: string }) => {
  const m = model(p.uri);
  if (!m) return { stages: [] };
  return toReport(await layers.analysis(m, layerSettings(await settings(p.uri)), folderOf(p.uri)));
});
connection.onRequest('dockerfileLens/measured', async (p: { uri: string; image: string; target?: string }) => {
  // a Dockerfile built from the explorer need not be open: its text on disk is what was built
  const m = model(p.uri) ?? fromDisk(p.uri);
  if (!m) return { ok: false, message: 'The Dockerfile cannot be read.' };
  return layers.measure(m, p.image, layerSettings(await settings(p.uri)), p.target);
});
connection.onRequest('dockerfileLens/breakdown', async (p: BreakdownArgs) => {
  const m = model(p.uri);
  if (!m) return null;
  const s = await settings(p.uri);
  return { ...p, items: breakdownItems(layers.analysisNow(m, layerSettings(s), folderOf(m.uri)), p.line, p.kind) };
});
connection.onRequest('dockerfileLens/buildArgs', (p: { uri: string }) => {
  const m = model(p.uri);
  return m ? buildArgsWithoutDefault(m) : [];
});
connection.onRequest('dockerfileLens/stats', () => ({ ...stats, lensGeneration: layers.generation, rssBytes: process.memoryUsage().rss }));
connection.onRequest('dockerfileLens/refreshBaseImages', () => layers.forgetBaseSizes());
connection.onDidChangeWatchedFiles((p) => {
  for (const c of p.changes) {
    if (!c.uri.startsWith('file:')) continue;
    try {
      layers.fileChanged(fileURLToPath(c.uri));
    } catch {
      // not a local path
    }
  }
});

documents.listen(connection);
connection.listen();
