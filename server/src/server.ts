/**
 * The language server: wires features to the LSP connection, nothing else.
 * Runs over stdio (`--stdio`), IPC (`--node-ipc`) or a socket (`--socket=N`),
 * as vscode-languageserver reads them from the command line.
 */
import {
  createConnection, ErrorCodes, ProposedFeatures, ResponseError, TextDocuments, TextDocumentSyncKind,
  type InitializeParams, type InitializeResult, type SemanticTokens, type SemanticTokensDelta,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { codeActions } from './features/codeActions';
import { completion } from './features/completion';
import { toLspDiagnostic } from './features/diagnostics';
import { foldingRanges } from './features/folding';
import { DEFAULT_FORMAT_SETTINGS, formatDocument, formatOnType, formatRange, type FormatSettings } from './features/formatting';
import { hover } from './features/hover';
import { inlayHints, type InlayHintSettings } from './features/inlayHints';
import { documentLinks } from './features/links';
import { langOf, type Lang } from './features/locale';
import { definition, documentHighlights, prepareRename, references, rename, RenameError } from './features/navigation';
import { selectionRanges } from './features/selectionRanges';
import { SEMANTIC_LEGEND, semanticTokens, semanticTokensDelta } from './features/semanticTokens';
import { documentSymbols, workspaceSymbols } from './features/symbols';
import { workspaceDockerfiles } from './model/workspace';
import { contextForUri } from './model/buildContext';
import { analyze, type DockerfileDocument } from './model/document';
import { lint, type LintDiagnostic } from './rules/engine';
import type { RuleSeverity } from './rules/types';

interface Settings {
  /** `auto` follows the editor's display language. */
  language: 'auto' | 'en' | 'ko';
  /** Severity per rule id: off | hint | information | warning | error. */
  rules: Record<string, RuleSeverity | 'off'>;
  format: FormatSettings;
  inlayHints: InlayHintSettings;
}
const DEFAULT_SETTINGS: Settings = {
  language: 'auto',
  rules: {},
  format: DEFAULT_FORMAT_SETTINGS,
  inlayHints: { variableValues: true, implicitLatest: true },
};
/** Validation waits this long after the last keystroke. */
const DEBOUNCE_MS = 150;

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const models = new Map<string, DockerfileDocument>();
const settingsCache = new Map<string, Promise<Settings>>();
const lintCache = new WeakMap<DockerfileDocument, LintDiagnostic[]>();
const pendingValidation = new Map<string, NodeJS.Timeout>();
let clientLang: Lang = 'en';
let snippetSupport = false;
let configurationSupport = false;
let workspaceFolders: string[] = [];
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
      }), () => DEFAULT_SETTINGS);
    settingsCache.set(uri, s);
  }
  return s;
}

/** The lint results of the model's version, computed once. */
async function findings(m: DockerfileDocument): Promise<LintDiagnostic[]> {
  const cached = lintCache.get(m);
  if (cached) return cached;
  const s = await settings(m.uri);
  const again = lintCache.get(m);
  if (again) return again;
  const result = lint(m, { severities: s.rules, context: contextForUri(m.uri) });
  lintCache.set(m, result);
  return result;
}

async function validate(uri: string): Promise<void> {
  const m = model(uri);
  if (!m) return;
  const version = m.version;
  const result = await findings(m);
  // a newer version arrived meanwhile: its own validation will publish
  if (documents.get(uri)?.version !== version) return;
  connection.sendDiagnostics({ uri, version, diagnostics: result.map((d) => toLspDiagnostic(m, d)) });
}

function scheduleValidation(uri: string, delay = DEBOUNCE_MS): void {
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
  const options = params.initializationOptions as { locale?: string } | undefined;
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
});
// fires on open too: validate a newly opened document at once, edits after a pause
documents.onDidChangeContent((e) => scheduleValidation(e.document.uri, models.has(e.document.uri) ? DEBOUNCE_MS : 0));
documents.onDidClose((e) => {
  clearTimeout(pendingValidation.get(e.document.uri));
  pendingValidation.delete(e.document.uri);
  models.delete(e.document.uri);
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
  return completion(m, params.position, { lang: l, snippets: snippetSupport });
});

connection.onCodeAction(async (params, token) => {
  const l = await lang(params.textDocument.uri);
  const m = model(params.textDocument.uri);
  if (!m || token.isCancellationRequested) return [];
  const f = await findings(m);
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

documents.listen(connection);
connection.listen();
