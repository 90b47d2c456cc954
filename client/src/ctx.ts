/**
 * The one object that holds the extension's state: the output channel, the language client, the
 * diagnostics of the last builds, and typed wrappers of the server's custom requests.
 * The client is created anew on every (re)start (also when the workspace becomes trusted, since the
 * server is told at start whether it may run docker and reach the network); the rest lives as long as
 * the extension.
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type RequestType, type ServerOptions } from 'vscode-languageclient/node';
import {
  requests,
  SECTION,
  SERVER_NODE_FLAGS,
  type BreakdownArgs,
  type BuildArg,
  type LayersReport,
  type MeasuredResult,
  type Outline,
  type TimelineParams,
  type TimelineResult,
} from '../../server/src/protocol';

export class Ctx implements vscode.Disposable {
  readonly output: vscode.OutputChannel;
  /** Errors of the last `docker build` of each Dockerfile, on the instruction that failed. */
  readonly buildDiagnostics: vscode.DiagnosticCollection;
  private client: LanguageClient | undefined;
  private readonly lensRequested = new vscode.EventEmitter<vscode.Uri>();
  /** Fires when VS Code asks for a document's code lenses again: after edits, and when the server refreshes them (a size lookup finished, measured sizes arrived). */
  readonly onDidRequestLenses = this.lensRequested.event;
  private readonly disposables: vscode.Disposable[] = [];
  /**
   * Every file event of the workspace, for the server's build-context indexes (file sizes for COPY/ADD
   * estimates): it drops what changed. It rides on VS Code's own recursive workspace watcher
   * (`files.watcherExclude` applies), and the client batches the events; one watcher serves every restart.
   */
  private readonly watcher = vscode.workspace.createFileSystemWatcher('**/*');

  constructor(readonly context: vscode.ExtensionContext) {
    this.output = vscode.window.createOutputChannel('Dockerfile Lens');
    this.buildDiagnostics = vscode.languages.createDiagnosticCollection('docker build');
    this.disposables.push(
      this.lensRequested,
      this.watcher,
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.restart()),
      // a build's errors describe the file as it was built: gone at the first edit
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length && this.buildDiagnostics.has(e.document.uri)) this.buildDiagnostics.delete(e.document.uri);
      }),
    );
  }

  async start(): Promise<void> {
    if (this.client) return;
    this.client = this.createClient();
    try {
      await this.client.start();
    } catch (error) {
      this.output.appendLine(String(error));
      void vscode.window.showErrorMessage(vscode.l10n.t('Dockerfile Lens: the language server failed to start. See the "Dockerfile Lens" output for details.'));
    }
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client?.needsStop()) await client.stop();
    await client?.dispose();
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  dispose(): void {
    void this.stop();
    this.output.dispose();
    this.buildDiagnostics.dispose();
    for (const d of this.disposables) d.dispose();
  }

  /** The layer sizes, stages and effective commands of an open Dockerfile (lines 1-based). */
  layers(uri: vscode.Uri): Promise<LayersReport> {
    return this.request(requests.layers, { uri: uri.toString() });
  }

  /** The wasted-space analysis of the image last built from the Dockerfile (null: none, or the text changed since). */
  imageReport(uri: vscode.Uri): Promise<requests.ImageReportResult | null> {
    return this.request(requests.imageReport, { uri: uri.toString() });
  }

  /** Asks the server to read `docker history` of a freshly built image, so the lenses show measured sizes. */
  measured(uri: vscode.Uri, image: string, target: string | undefined): Promise<MeasuredResult> {
    return this.request(requests.measured, { uri: uri.toString(), image, ...(target ? { target } : {}) });
  }

  /** Sends a build's timeline (time and cache per step), which the lenses and the hover then show. */
  timeline(params: TimelineParams): Promise<TimelineResult> {
    return this.request(requests.timeline, params);
  }

  /** The ARGs without a default value, which `docker build --build-arg` would fill. */
  buildArgs(uri: vscode.Uri): Promise<BuildArg[]> {
    return this.request(requests.buildArgs, { uri: uri.toString() });
  }

  /** What a size lens counted (its items), asked when the lens is clicked: lenses carry no item lists. */
  breakdown(args: BreakdownArgs): Promise<BreakdownArgs | null> {
    return this.request(requests.breakdown, args);
  }

  /** Makes the server forget the base image sizes it looked up (after a pull, the engine has exact ones). */
  refreshBaseImages(): Promise<void> {
    return this.request(requests.refreshBaseImages, {});
  }

  /**
   * The stages of a Dockerfile (build targets, base images, each stage's instructions with BuildKit's
   * lines), from the open document, or read from disk by the server when it is not open.
   */
  outline(uri: vscode.Uri): Promise<Outline> {
    return this.request(requests.outline, { uri: uri.toString() });
  }

  private async request<P, R>(type: RequestType<P, R, void>, params: P): Promise<R> {
    if (!this.client?.isRunning()) throw new Error(vscode.l10n.t('The Dockerfile Lens language server is not running.'));
    return this.client.sendRequest(type, params);
  }

  private createClient(): LanguageClient {
    // The server is bundled next to the client (dist/server.js) and speaks LSP over Node IPC.
    const module = this.context.asAbsolutePath('dist/server.js');
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc, options: { execArgv: SERVER_NODE_FLAGS } },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_FLAGS, '--nolazy', '--inspect=6009'] } },
    };
    const clientOptions: LanguageClientOptions = {
      // Every scheme (file, untitled, virtual file systems): the server only needs the text.
      documentSelector: [{ language: 'dockerfile' }],
      synchronize: { configurationSection: SECTION, fileEvents: this.watcher },
      outputChannel: this.output,
      // Untrusted workspaces: the server runs no docker command and makes no network request.
      // `client`: this extension runs the lenses' dockerfileLens.* commands itself, so the server announces
      // none (vscode-languageclient would register them as VS Code commands too: a duplicate id fails).
      initializationOptions: { trusted: vscode.workspace.isTrusted, client: 'vscode-extension' },
      middleware: {
        provideCodeLenses: (document, token, next) => {
          this.lensRequested.fire(document.uri);
          return next(document, token);
        },
      },
    };
    return new LanguageClient(SECTION, 'Dockerfile Lens', serverOptions, clientOptions);
  }
}
