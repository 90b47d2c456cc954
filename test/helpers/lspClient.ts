/**
 * A minimal LSP client over stdio for protocol tests: spawns the real server
 * (`node dist/server.js --stdio`, with the Node flags the extension uses) and
 * speaks JSON-RPC with Content-Length
 * framing, as any editor does. `command` (optional) spawns another server
 * instead, e.g. the incumbent for scripts/bench-compare.ts.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { SERVER_NODE_FLAGS } from '../../server/src/protocol/nodeOptions';
import { repoRoot } from './corpus';

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };

export class LspClient {
  readonly proc: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  readonly notifications: Array<{ method: string; params: unknown }> = [];
  /** Answers to server→client requests (workspace/configuration …). */
  onRequest: (method: string, params: unknown) => unknown = () => null;
  /** Called for every server→client notification, after it is recorded. */
  onNotification: (method: string, params: unknown) => void = () => undefined;
  stderr = '';

  constructor(args: string[] = ['--stdio'], command?: { command: string; args: string[] }) {
    this.proc = command
      ? spawn(command.command, command.args, { stdio: 'pipe' })
      : spawn(process.execPath, [...SERVER_NODE_FLAGS, join(repoRoot, 'dist/server.js'), ...args], { stdio: 'pipe' });
    this.proc.stdout.on('data', (d: Buffer) => this.receive(d));
    this.proc.stderr.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.proc.on('exit', (code) => {
      for (const p of this.pending.values()) p.reject(new Error(`server exited (${code}): ${this.stderr}`));
      this.pending.clear();
    });
  }

  private receive(d: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, d]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const m = /Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString());
      if (!m) throw new Error('bad header');
      const len = Number(m[1]);
      if (this.buffer.length < headerEnd + 4 + len) return;
      const msg = JSON.parse(this.buffer.subarray(headerEnd + 4, headerEnd + 4 + len).toString('utf8'));
      this.buffer = this.buffer.subarray(headerEnd + 4 + len);
      if (msg.id !== undefined && msg.method) {
        Promise.resolve(this.onRequest(msg.method, msg.params)).then((result) => this.send({ jsonrpc: '2.0', id: msg.id, result }));
      } else if (msg.id !== undefined) {
        const p = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        if (msg.error) p?.reject(Object.assign(new Error(msg.error.message), { code: msg.error.code }));
        else p?.resolve(msg.result);
      } else {
        this.notifications.push({ method: msg.method, params: msg.params });
        this.onNotification(msg.method, msg.params);
      }
    }
  }

  sendRaw(data: string | Buffer): void {
    this.proc.stdin.write(data);
  }

  private send(msg: object): void {
    const body = Buffer.from(JSON.stringify(msg), 'utf8');
    this.proc.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.proc.stdin.write(body);
  }

  request<T = unknown>(method: string, params: unknown): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  async initialize(locale = 'en', capabilities: object = {}, initializationOptions?: object): Promise<{ capabilities: Record<string, unknown> }> {
    const r = await this.request<{ capabilities: Record<string, unknown> }>('initialize', { processId: process.pid, rootUri: null, locale, capabilities, initializationOptions });
    this.notify('initialized', {});
    return r;
  }

  open(uri: string, text: string, version = 1): void {
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version, text } });
  }

  async shutdown(): Promise<number | null> {
    await this.request('shutdown', null);
    this.notify('exit', null);
    return new Promise((resolve) => {
      if (this.proc.exitCode !== null) resolve(this.proc.exitCode);
      else this.proc.on('exit', (code) => resolve(code));
    });
  }
}

type LspPos = { line: number; character: number };
type LspRange = { start: LspPos; end: LspPos };

/** The diagnostics the server published for `uri` at `version` (waits up to 6 s). */
export async function publishedDiagnostics<D>(client: LspClient, uri: string, version: number): Promise<D[]> {
  for (let i = 0; i < 300; i++) {
    const n = [...client.notifications].reverse().find((x) => x.method === 'textDocument/publishDiagnostics' && (x.params as { uri: string }).uri === uri && (x.params as { version?: number }).version === version);
    if (n) return (n.params as { diagnostics: D[] }).diagnostics;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no diagnostics for ${uri} v${version}`);
}

/** A publishDiagnostics notification's params, its diagnostics typed as the test reads them. */
export interface Published<D> {
  uri: string;
  version?: number;
  diagnostics: D[];
}

/** Every publishDiagnostics the server sent for `uri`, oldest first. */
export function publishes<D>(client: LspClient, uri: string): Array<Published<D>> {
  return client.notifications
    .filter((n) => n.method === 'textDocument/publishDiagnostics' && (n.params as Published<D>).uri === uri)
    .map((n) => n.params as Published<D>);
}

/**
 * The first publishDiagnostics for `uri` after the `since`-th one, or a later one if more follow within
 * 150 ms (the state the editor is left showing). Fails, naming `what` and the server's stderr, when none
 * comes within `timeoutMs`.
 */
export async function publishedAfter<D>(client: LspClient, uri: string, since: number, what: string, timeoutMs = 5000): Promise<Published<D>> {
  const t0 = Date.now();
  while (publishes(client, uri).length <= since) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`no new publishDiagnostics for ${uri} within ${timeoutMs} ms after ${what} (server stderr: ${client.stderr.slice(-2000)})`);
    await new Promise((r) => setTimeout(r, 10));
  }
  for (let n = publishes(client, uri).length; ; ) {
    await new Promise((r) => setTimeout(r, 150));
    const m = publishes(client, uri).length;
    if (m === n) break;
    n = m;
  }
  const all = publishes<D>(client, uri);
  return all[all.length - 1];
}

/** LSP edits applied to a text (UTF-16 line/character positions, as the protocol counts them). */
export function applyLspEdits(text: string, edits: ReadonlyArray<{ range: LspRange; newText: string }>): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const off = (p: LspPos) => starts[p.line] + p.character;
  let out = text;
  for (const e of [...edits].sort((a, b) => off(b.range.start) - off(a.range.start))) out = out.slice(0, off(e.range.start)) + e.newText + out.slice(off(e.range.end));
  return out;
}
