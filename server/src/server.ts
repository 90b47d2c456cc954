/**
 * The language server: wires features to the LSP connection, nothing else.
 * Runs over stdio (`--stdio`), IPC (`--node-ipc`) or a socket (`--socket=N`),
 * as vscode-languageserver reads them from the command line.
 */
import {
  createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind,
  type InitializeParams, type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { codeActions } from './features/codeActions';
import { completion } from './features/completion';
import { toLspDiagnostic } from './features/diagnostics';
import { hover } from './features/hover';
import { langOf, type Lang } from './features/locale';
import { contextForUri } from './model/buildContext';
import { analyze, type DockerfileDocument } from './model/document';
import { lint, type LintDiagnostic } from './rules/engine';
import type { RuleSeverity } from './rules/types';

interface Settings {
  /** `auto` follows the editor's display language. */
  language: 'auto' | 'en' | 'ko';
  /** Severity per rule id: off | hint | information | warning | error. */
  rules: Record<string, RuleSeverity | 'off'>;
}
const DEFAULT_SETTINGS: Settings = { language: 'auto', rules: {} };
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
      .then((v: Partial<Settings> | null) => ({ ...DEFAULT_SETTINGS, ...(v ?? {}) }), () => DEFAULT_SETTINGS);
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
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      completionProvider: { triggerCharacters: [' ', '-', '=', '$', '{', ':', ',', '/', '#'] },
      codeActionProvider: { codeActionKinds: ['quickfix'] },
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
});
// fires on open too: validate a newly opened document at once, edits after a pause
documents.onDidChangeContent((e) => scheduleValidation(e.document.uri, models.has(e.document.uri) ? DEBOUNCE_MS : 0));
documents.onDidClose((e) => {
  clearTimeout(pendingValidation.get(e.document.uri));
  pendingValidation.delete(e.document.uri);
  models.delete(e.document.uri);
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

documents.listen(connection);
connection.listen();
