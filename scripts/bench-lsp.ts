/**
 * What the side-by-side benchmarks (scripts/bench-compare.ts, scripts/bench-alloc.ts)
 * share: how each server is started (plain `node <script> --stdio`, no Node flags
 * unless a measurement asks for one), the initialize capabilities an editor sends,
 * a Server wrapper that waits for the diagnostics of a given version, memory
 * readings from /proc, and the positions worth asking about in a document.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LspClient } from '../test/helpers/lspClient';
import { repoRoot } from '../test/helpers/corpus';

export type Pos = { line: number; character: number };
export type Diag = { range: { start: Pos; end: Pos } };

export const INCUMBENT = 'dockerfile-language-server-nodejs';

/**
 * The command line of each server: `node dist/server.js --stdio` and
 * `node node_modules/dockerfile-language-server-nodejs/bin/docker-langserver --stdio`.
 * Spelled out here rather than left to LspClient's default, which adds the Node
 * flags the extension starts our server with (SERVER_NODE_FLAGS): the comparison
 * runs both servers as another editor would, with no flags. `nodeFlags` are put
 * before the script (bench-alloc's measurement preload).
 */
export function serverCommand(which: 'ours' | 'theirs', nodeFlags: string[] = []): { command: string; args: string[] } {
  const script = which === 'ours' ? join(repoRoot, 'dist/server.js') : join(repoRoot, 'node_modules', INCUMBENT, 'bin/docker-langserver');
  return { command: process.execPath, args: [...nodeFlags, script, '--stdio'] };
}

export function incumbentVersion(): string {
  return (JSON.parse(readFileSync(join(repoRoot, 'node_modules', INCUMBENT, 'package.json'), 'utf8')) as { version: string }).version;
}

/** What VS Code sends (the parts these servers look at). */
export const CAPABILITIES = {
  workspace: { applyEdit: true, workspaceEdit: { documentChanges: true }, configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
  textDocument: {
    synchronization: { dynamicRegistration: true, didSave: true },
    publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
    completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'], deprecatedSupport: true, labelDetailsSupport: true, resolveSupport: { properties: ['documentation', 'detail'] } }, contextSupport: true },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    signatureHelp: { signatureInformation: { documentationFormat: ['markdown', 'plaintext'] } },
    definition: { linkSupport: true },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true, labelSupport: true },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'source'] } }, isPreferredSupport: true, dataSupport: true },
    codeLens: {},
    formatting: {},
    rangeFormatting: {},
    rename: { prepareSupport: true },
    foldingRange: { lineFoldingOnly: true, rangeLimit: 5000 },
    semanticTokens: {
      requests: { full: { delta: true }, range: true },
      tokenTypes: ['keyword', 'comment', 'parameter', 'property', 'namespace', 'class', 'macro', 'string', 'variable', 'operator', 'function', 'number', 'type', 'enumMember'],
      tokenModifiers: ['declaration', 'definition', 'deprecated', 'readonly', 'defaultLibrary'],
      formats: ['relative'],
    },
    inlayHint: {},
  },
};

/** One server under test: its client, advertised capabilities and the diagnostics it last published per uri. */
export class Server {
  client: LspClient;
  caps: Record<string, unknown> = {};
  diags = new Map<string, Diag[]>();
  private waiters: Array<{ uri: string; version?: number; resolve: () => void }> = [];
  constructor(readonly name: string, readonly versioned: boolean, command: { command: string; args: string[] }) {
    this.client = new LspClient(['--stdio'], command);
    this.client.onRequest = (method, params) =>
      method === 'workspace/configuration' ? ((params as { items: unknown[] }).items ?? []).map(() => null) : null;
    this.client.onNotification = (method, params) => {
      this.client.notifications.length = 0; // keep memory flat: we only need the callback
      if (method !== 'textDocument/publishDiagnostics') return;
      const p = params as { uri: string; version?: number; diagnostics: Diag[] };
      this.diags.set(p.uri, p.diagnostics);
      this.waiters = this.waiters.filter((w) => {
        // the incumbent publishes no version: its next publication for the uri is the one
        const hit = w.uri === p.uri && (!this.versioned || w.version === undefined || w.version === p.version);
        if (hit) w.resolve();
        return !hit;
      });
    };
  }
  get pid(): number {
    return this.client.proc.pid!;
  }
  async init(): Promise<void> {
    this.caps = (await this.client.initialize('en', CAPABILITIES)).capabilities;
  }
  supports(key: string): boolean {
    return !!this.caps[key];
  }
  /** Resolves at the next publishDiagnostics for uri (for `version`, when the server says which). */
  nextDiagnostics(uri: string, version?: number): Promise<void> {
    return new Promise((resolve) => this.waiters.push({ uri, version, resolve }));
  }
  private versions = new Map<string, number>();
  private spaced = new Map<string, number>();
  /**
   * A one-character edit (a space inserted at the start of `line`, or the
   * previous one taken out again, so the text stays close to the original);
   * resolves when the diagnostics of the new version are published.
   */
  edit(uri: string, line: number): Promise<void> {
    const v = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, v);
    const prev = this.spaced.get(uri);
    let change;
    if (prev === undefined) {
      this.spaced.set(uri, line);
      change = { range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: ' ' };
    } else {
      this.spaced.delete(uri);
      change = { range: { start: { line: prev, character: 0 }, end: { line: prev, character: 1 } }, text: '' };
    }
    const done = this.nextDiagnostics(uri, v);
    this.client.notify('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [change] });
    return done;
  }
  /** VmHWM (the kernel's peak resident set since start) and VmRSS now, in MB. */
  rss(): { hwm: number; rss: number } {
    const s = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(s)?.[1] ?? NaN);
    return { hwm: kb('VmHWM') / 1024, rss: kb('VmRSS') / 1024 };
  }
}

/** Positions worth asking about in a document: instruction keywords and variable references. */
export function spots(text: string) {
  const lines = text.split(/\r?\n/);
  const keywords: Pos[] = [];
  const afterKeyword: Pos[] = [];
  const vars: Pos[] = [];
  lines.forEach((l, line) => {
    const m = /^(\s*)([A-Za-z]+)(\s+)/.exec(l);
    if (m) {
      keywords.push({ line, character: m[1].length + 1 });
      afterKeyword.push({ line, character: m[0].length });
    }
    for (const v of l.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)) vars.push({ line, character: v.index + v[0].length - 1 });
  });
  if (!keywords.length) keywords.push({ line: 0, character: 0 }), afterKeyword.push({ line: 0, character: 0 });
  return { lines, keywords, afterKeyword, vars: vars.length ? vars : keywords };
}

export function rng(seed: number) {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
}
