/**
 * The extension's settings (`dockerfileLens.*`): one schema with the defaults,
 * read by the server and the client alike. `package.json`'s
 * `contributes.configuration` must declare exactly these (a test checks the
 * keys, types, enums and defaults).
 */

/** A rule's severity, or `off`. */
export type RuleSetting = 'off' | 'hint' | 'information' | 'warning' | 'error';

export interface Settings {
  /** `auto` follows the editor's display language. */
  language: 'auto' | 'en' | 'ko';
  /** Severity per rule id. */
  rules: Record<string, RuleSetting>;
  format: {
    keywordCase: 'upper' | 'preserve';
    continuationIndent: number | 'keep';
    normalizeSpacing: boolean;
    trimTrailingWhitespace: boolean;
    insertFinalNewline: boolean;
    /** Format the shell of RUN (shell form) and of RUN heredoc scripts with mvdan/sh. */
    shell: boolean;
  };
  inlayHints: { variableValues: boolean; implicitLatest: boolean };
  codeLens: { layerSizes: boolean; effectiveCommand: boolean; metadata: boolean };
  docker: { path: string; env: Record<string, string> };
  registry: { enabled: boolean };
  downloads: { headRequests: boolean };
  /** After Build Image, read the built image's layers for wasted space (images/imageReports.ts). */
  image: { analyzeAfterBuild: boolean };
  build: { context: string; extraArgs: string[] };
  trace: { server: 'off' | 'messages' | 'verbose' };
}

type Leaf = { type: 'string' | 'boolean' | 'object' | 'array' | 'integer-or-keep'; default: unknown; enum?: readonly string[] };

/** Every setting by its dotted name under `dockerfileLens.`, with its type and default. */
export const SETTINGS_SCHEMA = {
  language: { type: 'string', enum: ['auto', 'en', 'ko'], default: 'auto' },
  'trace.server': { type: 'string', enum: ['off', 'messages', 'verbose'], default: 'off' },
  rules: { type: 'object', default: {} },
  'inlayHints.variableValues': { type: 'boolean', default: true },
  'inlayHints.implicitLatest': { type: 'boolean', default: true },
  'format.keywordCase': { type: 'string', enum: ['upper', 'preserve'], default: 'upper' },
  'format.continuationIndent': { type: 'integer-or-keep', default: 4 },
  'format.normalizeSpacing': { type: 'boolean', default: true },
  'format.trimTrailingWhitespace': { type: 'boolean', default: true },
  'format.insertFinalNewline': { type: 'boolean', default: true },
  'format.shell': { type: 'boolean', default: false },
  'docker.path': { type: 'string', default: 'docker' },
  'docker.env': { type: 'object', default: {} },
  'build.context': { type: 'string', default: '' },
  'build.extraArgs': { type: 'array', default: [] },
  'registry.enabled': { type: 'boolean', default: true },
  'codeLens.layerSizes': { type: 'boolean', default: true },
  'codeLens.effectiveCommand': { type: 'boolean', default: true },
  'codeLens.metadata': { type: 'boolean', default: false },
  'downloads.headRequests': { type: 'boolean', default: false },
  'image.analyzeAfterBuild': { type: 'boolean', default: true },
} as const satisfies Record<string, Leaf>;

const RULE_SEVERITIES = new Set(['off', 'hint', 'information', 'warning', 'error']);

/** One setting's value, or its default when missing or of the wrong type. */
function leaf(key: string, spec: Leaf, v: unknown): unknown {
  switch (spec.type) {
    case 'string':
      if (typeof v !== 'string' || (spec.enum && !spec.enum.includes(v))) return spec.default;
      return key === 'docker.path' ? v.trim() || spec.default : v;
    case 'boolean':
      return typeof v === 'boolean' ? v : spec.default;
    case 'array':
      return Array.isArray(v) ? v.filter((x) => typeof x === 'string') : spec.default;
    case 'integer-or-keep':
      if (v === 'keep') return v;
      return typeof v === 'number' && Number.isFinite(v) ? Math.max(0, Math.min(32, Math.floor(v))) : spec.default;
    case 'object': {
      if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
      const out: Record<string, string> = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        if (typeof x !== 'string') continue;
        if (key === 'rules' && !RULE_SEVERITIES.has(x)) continue;
        out[k] = x;
      }
      return out;
    }
  }
}

/**
 * The settings from what a client sends for the `dockerfileLens` section
 * (nested objects, as `workspace/configuration` returns them; null or partial
 * from clients that know none): every value checked, defaults filled in.
 */
export function readSettings(raw: unknown): Settings {
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(SETTINGS_SCHEMA) as Array<[string, Leaf]>) {
    const path = key.split('.');
    let v: unknown = raw;
    for (const p of path) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[p] : undefined;
    let target = out;
    for (const p of path.slice(0, -1)) target = (target[p] ??= {}) as Record<string, unknown>;
    target[path[path.length - 1]] = leaf(key, spec, v);
  }
  return out as unknown as Settings;
}

export const DEFAULT_SETTINGS: Settings = readSettings(undefined);

/** The section name: settings are `dockerfileLens.<key>`, and the client id (so `dockerfileLens.trace.server` works). */
export const SECTION = 'dockerfileLens';
