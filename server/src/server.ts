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
import { completion } from './features/completion';
import { hover } from './features/hover';
import { langOf, type Lang } from './features/locale';
import { analyze, type DockerfileDocument } from './model/document';

interface Settings {
  /** `auto` follows the editor's display language. */
  language: 'auto' | 'en' | 'ko';
}
const DEFAULT_SETTINGS: Settings = { language: 'auto' };

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const models = new Map<string, DockerfileDocument>();
const settingsCache = new Map<string, Promise<Settings>>();
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
    },
    serverInfo: { name: 'dockerfile-lens' },
  };
});

connection.onDidChangeConfiguration(() => settingsCache.clear());
documents.onDidClose((e) => {
  models.delete(e.document.uri);
  settingsCache.delete(e.document.uri);
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

documents.listen(connection);
connection.listen();
