/**
 * The one object that holds the extension's state: the output channel and the language client.
 * The client is created anew on every (re)start; the output channel lives as long as the extension.
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

/** The settings section the server reads (`dockerfileLens.*`); also the client id, so `dockerfileLens.trace.server` works. */
export const SECTION = 'dockerfileLens';

export class Ctx implements vscode.Disposable {
  readonly output: vscode.OutputChannel;
  private client: LanguageClient | undefined;

  constructor(private readonly context: vscode.ExtensionContext) {
    this.output = vscode.window.createOutputChannel('Dockerfile Lens');
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
  }

  private createClient(): LanguageClient {
    // The server is bundled next to the client (dist/server.js) and speaks LSP over Node IPC.
    const module = this.context.asAbsolutePath('dist/server.js');
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
    };
    const clientOptions: LanguageClientOptions = {
      // Every scheme (file, untitled, virtual file systems): the server only needs the text.
      documentSelector: [{ language: 'dockerfile' }],
      synchronize: { configurationSection: SECTION },
      outputChannel: this.output,
    };
    return new LanguageClient(SECTION, 'Dockerfile Lens', serverOptions, clientOptions);
  }
}
