/**
 * The I/O behind the layer analysis, for the language server: build-context
 * indexes (walked in the background, invalidated by file events), base-image
 * sizes (looked up once per image and platform, shown as "looking up…" until
 * then), HEAD requests for downloads (only when allowed) and the sizes
 * measured after a build (kept while the text is the one that was built),
 * and the local Docker Engine's version (`docker version`, once per CLI and
 * environment, trusted workspaces only), which decides whether ADD unpacks a
 * `.tar.zst` (layers/copy.ts).
 * Whenever a lookup completes, `onChange` fires so the server can ask the
 * editor to refresh its lenses. No LSP types here.
 */
import { buildContextForUri } from '../model/buildContext';
import type { DockerfileDocument } from '../model/document';
import { resolveBaseSize, type BaseSizeOptions } from '../images/baseSize';
import { engineVersion } from '../images/engine';
import { measuredLayers } from '../images/history';
import { httpRequest } from '../images/http';
import { contextIndex, invalidateContext, type ContextIndex } from './context';
import { analyzeLayers, baseImages, type LayerAnalysis, type LayerInputs, type MeasuredSizes } from './report';
import { downloadUrls } from './run';
import type { SizeEstimate } from '../protocol/layers';

export interface LayerSettings {
  /** The docker CLI (docker, podman, nerdctl…) and its environment. */
  docker: string;
  dockerEnv: Record<string, string>;
  /** Look base-image sizes and tags up in registries. */
  registry: boolean;
  /** HEAD requests for the size of `curl`/`wget` downloads. */
  headRequests: boolean;
  /** The build context, relative to the Dockerfile's workspace folder; '' = the Dockerfile's folder. */
  context: string;
  /** Whether the workspace is trusted: untrusted ones never run docker nor reach the network. */
  trusted: boolean;
}

const LOOKING_UP: SizeEstimate = { bytes: null, basis: 'unknown', note: 'Looking the base image up…' };

export class LayerService {
  private readonly baseSizes = new Map<string, SizeEstimate>();
  private readonly downloads = new Map<string, number>();
  private readonly headsAsked = new Set<string>();
  private readonly measured = new Map<string, { text: string; sizes: MeasuredSizes }>();
  /** The local engine's version per docker CLI and environment: undefined while asked or when it did not answer. */
  private readonly engines = new Map<string, string | undefined | Promise<string | undefined>>();

  /** Bumped whenever a lookup completes or a file changes: analyses of an older generation are stale. */
  generation = 0;
  /** Bumped only when what instruction estimates read changes (build context, download sizes). */
  private estimateGeneration = 0;
  /** Something the analysis reads changed (a base-image size, a measurement). */
  private readonly onChange: () => void;
  /** Something instruction estimates read changed (a build-context file, a download's size). */
  private readonly onEstimatesChange: () => void;

  constructor(onChange: () => void, private readonly cacheDir?: string) {
    this.onChange = () => {
      this.generation++;
      onChange();
    };
    this.onEstimatesChange = () => {
      this.estimateGeneration++;
      this.onChange();
    };
  }

  /** Lookup options: no docker and no network in an untrusted workspace. */
  baseOptions(s: LayerSettings): BaseSizeOptions {
    return {
      docker: s.trusted ? s.docker : undefined,
      dockerEnv: { ...process.env, ...s.dockerEnv },
      registry: s.trusted && s.registry,
      cacheDir: this.cacheDir,
    };
  }

  private contextOf(doc: DockerfileDocument, s: LayerSettings, folder?: string): ContextIndex | undefined {
    const ctx = buildContextForUri(doc.uri, s.context, folder);
    return ctx ? contextIndex(ctx.root, ctx.dockerfilePath) : undefined;
  }

  private baseSize(s: LayerSettings) {
    return (image: string, platform: string | undefined): SizeEstimate => {
      const key = `${image}|${platform ?? ''}|${s.registry && s.trusted}`;
      const known = this.baseSizes.get(key);
      if (known) return known;
      this.baseSizes.set(key, LOOKING_UP);
      resolveBaseSize(image, { ...this.baseOptions(s), platform })
        .catch((e: Error): SizeEstimate => ({ bytes: null, basis: 'unknown', note: `Lookup failed: ${e.message}` }))
        .then((e) => {
          this.baseSizes.set(key, e);
          this.onChange();
        });
      return LOOKING_UP;
    };
  }

  /** The engine's version, asked once per CLI and environment (never in an untrusted workspace); estimates are redone when it answers. */
  private engineVersionNow(s: LayerSettings): string | undefined {
    if (!s.trusted) return undefined;
    const key = JSON.stringify([s.docker, s.dockerEnv]);
    const known = this.engines.get(key);
    if (known === undefined && this.engines.has(key)) return undefined;
    if (known !== undefined && !(known instanceof Promise)) return known;
    if (!known) {
      const asked = engineVersion({ docker: s.docker, env: { ...process.env, ...s.dockerEnv } }).catch(() => undefined);
      this.engines.set(key, asked);
      asked.then((v) => {
        this.engines.set(key, v);
        if (v) this.onEstimatesChange();
      });
    }
    return undefined;
  }

  /** Waits for the engine's version (for requests that want the full figures). */
  private async engineVersionDone(s: LayerSettings): Promise<void> {
    this.engineVersionNow(s);
    const v = this.engines.get(JSON.stringify([s.docker, s.dockerEnv]));
    if (v instanceof Promise) await v;
  }

  private headDownloads(doc: DockerfileDocument, s: LayerSettings): void {
    if (!s.headRequests || !s.trusted) return;
    for (const ins of doc.ast.instructions) {
      if (ins.name !== 'RUN') continue;
      for (const url of downloadUrls(ins)) {
        if (this.headsAsked.has(url)) continue;
        this.headsAsked.add(url);
        httpRequest(url, { method: 'HEAD', timeoutMs: 5000 })
          .then((r) => {
            const n = Number(r.headers.get('content-length'));
            if (r.ok && Number.isFinite(n) && n > 0) {
              this.downloads.set(url, n);
              this.onEstimatesChange();
            }
          })
          .catch(() => undefined);
      }
    }
  }

  /** The analysis with what is known now; lookups still running show as such and fire `onChange` when done. */
  analysisNow(doc: DockerfileDocument, s: LayerSettings, folder?: string): LayerAnalysis {
    this.headDownloads(doc, s);
    const m = this.measured.get(doc.uri);
    if (m && m.text !== doc.text) this.measured.delete(doc.uri);
    const index = this.contextOf(doc, s, folder);
    // the walk (and archive reads the estimates start) complete in the background, then the lenses refresh
    const pending = index && !index.isReady();
    const inputs: LayerInputs = {
      context: pending ? 'pending' : index,
      baseSize: this.baseSize(s),
      downloads: this.downloads,
      measured: this.measured.get(doc.uri)?.sizes,
      engineVersion: this.engineVersionNow(s),
      generation: this.estimateGeneration,
    };
    const analysis = analyzeLayers(doc, inputs);
    if (index && !index.isReady()) index.ready().then(this.onEstimatesChange, this.onEstimatesChange);
    return analysis;
  }

  /** Waits up to `ms` for the build context to be read (a small one is read by then: no "Reading…" lens). */
  async settle(doc: DockerfileDocument, s: LayerSettings, folder?: string, ms = 300): Promise<void> {
    const index = this.contextOf(doc, s, folder);
    if (!index || index.isReady()) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([index.ready().catch(() => undefined), new Promise((r) => (timer = setTimeout(r, ms)))]);
    clearTimeout(timer);
  }

  /** The analysis once every lookup has completed (for requests that want the full figures). */
  async analysis(doc: DockerfileDocument, s: LayerSettings, folder?: string): Promise<LayerAnalysis> {
    const index = this.contextOf(doc, s, folder);
    await index?.ready();
    await this.engineVersionDone(s);
    await Promise.all(baseImages(doc).map(async ({ image, platform }) => {
      const key = `${image}|${platform ?? ''}|${s.registry && s.trusted}`;
      const known = this.baseSizes.get(key);
      if (known && known !== LOOKING_UP) return;
      this.baseSizes.set(key, await resolveBaseSize(image, { ...this.baseOptions(s), platform }).catch((e: Error): SizeEstimate => ({ bytes: null, basis: 'unknown', note: `Lookup failed: ${e.message}` })));
    }));
    let analysis = this.analysisNow(doc, s, folder);
    // estimates may start archive reads: wait for them, then estimate again
    for (let i = 0; i < 8 && index && !index.isReady(); i++) {
      await index.ready();
      analysis = this.analysisNow(doc, s, folder);
    }
    return analysis;
  }

  /** Reads `docker history` of a freshly built image and keeps its sizes while the text stays the same. */
  async measure(doc: DockerfileDocument, image: string, s: LayerSettings, target?: string): Promise<{ ok: boolean; message: string }> {
    if (!s.trusted) return { ok: false, message: 'The workspace is not trusted: docker is not run.' };
    const r = await measuredLayers(s.docker, image, doc, { target, env: { ...process.env, ...s.dockerEnv } });
    if (!r) return { ok: false, message: `Could not read the history of ${image}.` };
    this.measured.set(doc.uri, { text: doc.text, sizes: { image, layers: new Map(r.layers.map((l) => [l.line + 1, l.bytes])) } });
    this.onChange();
    return { ok: true, message: `${r.layers.length} layers measured from ${image}. ${r.note}`.trim() };
  }

  /** A file under some build context changed. */
  fileChanged(path: string): void {
    invalidateContext(path);
    this.onEstimatesChange();
  }

  /** Forget base-image sizes (e.g. after Pull Base Images). */
  forgetBaseSizes(): void {
    this.baseSizes.clear();
    this.onChange();
  }
}
