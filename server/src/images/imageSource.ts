/**
 * Where an image to analyse comes from, read as streams: its config and its layers, base first.
 *
 * - An OCI image layout folder (has `oci-layout`; opencontainers/image-spec image-layout.md):
 *   `index.json` → the image manifest (a nested index is followed; among several entries the
 *   linux/amd64 one, or the only one) → `blobs/<alg>/<hex>` for the config and each layer.
 * - A `docker save` archive file, in either layout Docker writes (moby image/tarexport):
 *   the classic one (≤ 24: `manifest.json` → `Config: "<id>.json"`, `Layers: ["<id>/layer.tar"]`,
 *   a repeated layer written once and linked with a symlink) and the OCI one (25+: `index.json`,
 *   `blobs/sha256/…`, and a `manifest.json` whose paths point into `blobs/`). An OCI archive without
 *   `manifest.json` (`skopeo copy … oci-archive:…`) is resolved through its `index.json`.
 * - An image in the local engine: `docker save -- IMAGE` (spawned with an argument array, never a
 *   shell), whose stdout is read as the archive above while it is written.
 * - A registry, only when asked: the manifest and config through ./registry.ts, then each layer
 *   blob streamed.
 *
 * An archive's members come in the order Docker writes them, with `manifest.json` last, so the
 * layers are read as they stream by (each into its compact entry index, ./layerTar.ts) and put in
 * order once the manifest is known. Blobs the manifest does not name are read too (an OCI archive
 * does not say which blob is what until its manifest is read) and dropped at the end.
 */
import { spawn } from 'node:child_process';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { extract } from 'tar-stream';
import { isValidImageReference } from '../protocol/imageName';
import { emptyLayer, normalizePath, readLayer, type LayerEntries } from './layerTar';
import { parsePlatform, platformRank, selectManifest, openRegistryImage, parseReference, type Descriptor } from './registry';

/** The parts of an image config the analysis reads (image-spec config.md). */
export interface ImageConfigJson {
  rootfs?: { diff_ids?: unknown };
  history?: Array<{ created_by?: unknown; comment?: unknown; empty_layer?: unknown }>;
}

export interface ImageContent {
  config: ImageConfigJson;
  /** The layers, base first. */
  layers: LayerEntries[];
  /** Which kind of source was read: `oci-layout`, `docker-archive` (classic), `oci-archive`, `engine`, `registry`. */
  kind: 'oci-layout' | 'docker-archive' | 'oci-archive' | 'engine' | 'registry';
}

export interface ReadContext {
  docker: string;
  env?: NodeJS.ProcessEnv;
  registry: boolean;
  signal?: AbortSignal;
  /** Called as each layer starts (layer is 1-based) and as its bytes stream (bytes: uncompressed tar bytes so far, all layers). */
  progress(layer: number, layers: number, bytes: number): void;
}

export class ImageSourceError extends Error {}

const JSON_MAX = 8 << 20;

function parseJson<T>(text: string, what: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ImageSourceError(`${what} is not JSON`);
  }
}

/** Reads the image `source` names (see the header for how it is told apart). */
export async function readImage(source: string, ctx: ReadContext): Promise<ImageContent> {
  let st: ReturnType<typeof statSync> | undefined;
  try {
    st = statSync(source);
  } catch {
    st = undefined;
  }
  if (st?.isDirectory()) {
    if (!existsSync(join(source, 'oci-layout'))) throw new ImageSourceError(`${source} is a folder without an oci-layout file: not an OCI image layout`);
    return readOciLayout(source, ctx);
  }
  if (st?.isFile()) return readArchive(createReadStream(source, { highWaterMark: 1 << 20 }), ctx, 0);
  if (!isValidImageReference(source)) throw new ImageSourceError(`${source}: no such file or folder, and not an image reference`);
  try {
    return await readEngine(source, ctx);
  } catch (e) {
    if (!ctx.registry || ctx.signal?.aborted) throw e;
    try {
      return await readRegistry(source, ctx);
    } catch (e2) {
      throw new ImageSourceError(`${(e as Error).message}; registry: ${(e2 as Error).message}`);
    }
  }
}

// ---------------------------------------------------------------- archives

interface ArchiveManifest {
  Config?: unknown;
  Layers?: unknown;
  RepoTags?: unknown;
}

interface OciManifest {
  mediaType?: unknown;
  manifests?: unknown;
  config?: { digest?: unknown };
  layers?: unknown;
}

const blobPath = (digest: string) => {
  const m = /^([a-z0-9]+(?:[+._-][a-z0-9]+)*):([a-zA-Z0-9=_-]+)$/.exec(digest);
  if (!m) throw new ImageSourceError(`bad digest ${JSON.stringify(digest)}`);
  return `blobs/${m[1]}/${m[2]}`;
};

/** The image manifest an OCI index leads to: the linux/amd64 entry or the only one, nested indexes followed. */
function resolveIndex(index: OciManifest, read: (path: string) => OciManifest, what: string): OciManifest {
  let m = index;
  for (let depth = 0; depth < 4; depth++) {
    if (!Array.isArray(m.manifests)) return m;
    const entries = (m.manifests as Descriptor[]).filter((d) => typeof d?.digest === 'string');
    const want = parsePlatform(undefined);
    // entries that are not images (attestations: platform unknown/unknown) are left out when others exist
    const images = entries.filter((d) => !d.platform || platformRank(d.platform, { os: 'unknown', architecture: 'unknown', variant: '' }) < 0);
    const pick = images.length === 1 ? images[0] : selectManifest(images, want);
    if (!pick) throw new ImageSourceError(`${what}: ${images.length ? `${images.length} images and none for linux/amd64` : 'no image'} in the index`);
    m = read(blobPath(pick.digest));
  }
  throw new ImageSourceError(`${what}: image indexes nested too deeply`);
}

/**
 * Reads a `docker save` archive (classic or OCI) or an OCI archive from a stream. `layersHint`
 * (0 while unknown) is the number of layers, for progress.
 */
export async function readArchive(stream: Readable, ctx: ReadContext, layersHint: number | (() => number), kindHint?: 'engine'): Promise<ImageContent> {
  const texts = new Map<string, string>();
  const layers = new Map<string, LayerEntries>();
  const broken = new Map<string, string>();
  const aliases = new Map<string, string>();
  let bytes = 0;
  let seen = 0;
  const ex = extract();
  const readText = async (entry: AsyncIterable<Buffer>, first?: Buffer) => {
    const chunks: Buffer[] = first ? [first] : [];
    for await (const c of entry) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  };
  const hint = typeof layersHint === 'number' ? () => layersHint : layersHint;
  /** Reads a layer from `source` (the entry itself, or its first chunk then the rest); `rest` is drained on failure. */
  const readLayerFrom = async (name: string, source: Readable, rest: AsyncIterator<unknown> | Readable) => {
    seen++;
    ctx.progress(seen, hint(), bytes);
    try {
      layers.set(name, await readLayer(source, (n) => {
        bytes += n;
        ctx.progress(seen, hint(), bytes);
      }));
    } catch (e) {
      broken.set(name, (e as Error).message);
      // drain what is left of the entry so the archive goes on
      if (rest instanceof Readable) rest.resume();
      else for (let r = await rest.next(); !r.done; r = await rest.next());
    }
  };
  ex.on('entry', (h, entry, next) => {
    const name = normalizePath(h.name);
    const done = (e?: unknown) => (e ? ex.destroy(e as Error) : next());
    if (h.type === 'symlink' || h.type === 'link') {
      // a repeated layer: `<id>/layer.tar -> ../<other>/layer.tar` (symlink, relative) or a hard link (archive path)
      aliases.set(name, h.type === 'symlink' ? posix.normalize(posix.join(posix.dirname(name), h.linkname ?? '')) : normalizePath(h.linkname ?? ''));
      entry.resume();
      entry.on('end', () => next());
      return;
    }
    if (h.type !== 'file' && h.type !== 'contiguous-file') {
      entry.resume();
      entry.on('end', () => next());
      return;
    }
    const size = h.size ?? 0;
    const isLayerName = name.endsWith('/layer.tar') || name.startsWith('blobs/');
    (async () => {
      if (name.endsWith('/layer.tar')) {
        // the classic layout: a layer for sure, piped as it is
        await readLayerFrom(name, entry as unknown as Readable, entry as unknown as Readable);
        return;
      }
      if (!isLayerName) {
        if (size <= JSON_MAX) texts.set(name, await readText(entry as unknown as AsyncIterable<Buffer>));
        else for await (const _ of entry); // eslint-disable-line @typescript-eslint/no-unused-vars
        return;
      }
      const it = (entry as unknown as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
      const first = await it.next();
      if (first.done) {
        // an empty blob: no JSON, and an empty layer at most
        layers.set(name, emptyLayer());
        return;
      }
      const head = first.value;
      if (head[0] === 0x7b /* { */ && size <= JSON_MAX) {
        const chunks = [head];
        for (let r = await it.next(); !r.done; r = await it.next()) chunks.push(r.value);
        texts.set(name, Buffer.concat(chunks).toString('utf8'));
        return;
      }
      async function* all() {
        yield head;
        for (let r = await it.next(); !r.done; r = await it.next()) yield r.value as Buffer;
      }
      await readLayerFrom(name, Readable.from(all(), { objectMode: false }), it);
    })().then(() => done(), done);
  });
  await pipeline(stream, ex, ctx.signal ? { signal: ctx.signal } : {});
  // the last word: every layer read, their count known now
  if (seen) ctx.progress(seen, hint() || seen, bytes);

  const resolveAlias = (p: string) => {
    for (let i = 0; i < 8 && aliases.has(p); i++) p = aliases.get(p)!;
    return p;
  };
  const text = (p: string, what: string) => {
    const t = texts.get(resolveAlias(p));
    if (t === undefined) throw new ImageSourceError(`the archive has no ${what} (${p})`);
    return t;
  };
  const layer = (p: string) => {
    const q = resolveAlias(normalizePath(p));
    const l = layers.get(q);
    if (l) return l;
    throw new ImageSourceError(broken.has(q) ? `layer ${p}: ${broken.get(q)}` : `the archive has no layer ${p}`);
  };

  if (texts.has('manifest.json')) {
    const manifests = parseJson<ArchiveManifest[]>(texts.get('manifest.json')!, 'manifest.json');
    if (!Array.isArray(manifests) || !manifests.length) throw new ImageSourceError('manifest.json lists no image');
    const m = manifests[0];
    if (typeof m.Config !== 'string' || !Array.isArray(m.Layers)) throw new ImageSourceError('manifest.json: no Config or Layers');
    const config = parseJson<ImageConfigJson>(text(m.Config, 'image config'), m.Config);
    const kind = kindHint ?? (m.Config.startsWith('blobs/') ? 'oci-archive' : 'docker-archive');
    return { config, layers: m.Layers.map((p) => layer(String(p))), kind };
  }
  if (texts.has('index.json')) {
    const read = (p: string) => parseJson<OciManifest>(text(p, 'manifest blob'), p);
    const manifest = resolveIndex(read('index.json'), read, 'index.json');
    return ociImage(manifest, (p) => parseJson<ImageConfigJson>(text(p, 'image config'), p), (d) => layer(blobPath(d)), kindHint ?? 'oci-archive');
  }
  throw new ImageSourceError('not a docker save archive or OCI archive: no manifest.json or index.json');
}

function ociImage<L>(manifest: OciManifest, config: (path: string) => ImageConfigJson, layer: (digest: string) => L, kind: ImageContent['kind']): { config: ImageConfigJson; layers: L[]; kind: ImageContent['kind'] } {
  const configDigest = manifest.config?.digest;
  if (typeof configDigest !== 'string' || !Array.isArray(manifest.layers)) throw new ImageSourceError('the image manifest has no config or layers');
  return {
    config: config(blobPath(configDigest)),
    layers: (manifest.layers as Array<{ digest?: unknown }>).map((l) => layer(String(l?.digest))),
    kind,
  };
}

// ---------------------------------------------------------------- OCI layout folder

async function readOciLayout(dir: string, ctx: ReadContext): Promise<ImageContent> {
  const read = <T>(p: string): T => {
    let t: string;
    try {
      t = readFileSync(join(dir, p), 'utf8');
    } catch (e) {
      throw new ImageSourceError(`${p}: ${(e as Error).message}`);
    }
    return parseJson<T>(t, p);
  };
  const manifest = resolveIndex(read<OciManifest>('index.json'), (p) => read<OciManifest>(p), 'index.json');
  const img = ociImage(manifest, (p) => read<ImageConfigJson>(p), (d) => blobPath(d), 'oci-layout');
  const layers: LayerEntries[] = [];
  let bytes = 0;
  for (let i = 0; i < img.layers.length; i++) {
    ctx.progress(i + 1, img.layers.length, bytes);
    const p = join(dir, img.layers[i]);
    try {
      layers.push(await readLayer(createReadStream(p, { highWaterMark: 1 << 20 }), (n) => {
        bytes += n;
        ctx.progress(i + 1, img.layers.length, bytes);
      }, ctx.signal));
    } catch (e) {
      if (ctx.signal?.aborted) throw e;
      throw new ImageSourceError(`layer ${img.layers[i]}: ${(e as Error).message}`);
    }
  }
  return { config: img.config, layers, kind: 'oci-layout' };
}

// ---------------------------------------------------------------- engine

/** The number of layers the engine lists for `image` (for progress); 0 when unknown. */
function layerCount(ctx: ReadContext, image: string): Promise<number> {
  return new Promise((resolve) => {
    const p = spawn(ctx.docker, ['image', 'inspect', '--format', '{{len .RootFS.Layers}}', '--', image], { env: ctx.env ?? process.env, stdio: ['ignore', 'pipe', 'ignore'], windowsHide: true });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.on('error', () => resolve(0));
    p.on('close', () => resolve(Number(out.trim()) || 0));
  });
}

async function readEngine(image: string, ctx: ReadContext): Promise<ImageContent> {
  // the layer count (for progress) is asked beside the save, not before it
  let count = 0;
  void layerCount(ctx, image).then((n) => (count = n));
  const proc = spawn(ctx.docker, ['save', '--', image], { env: ctx.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
  let stderr = '';
  proc.stderr.on('data', (d: Buffer) => {
    if (stderr.length < 8192) stderr += d.toString();
  });
  const exited = new Promise<number | string>((resolve) => {
    proc.on('error', (e) => resolve(e.message));
    proc.on('close', (code, sig) => resolve(code ?? String(sig)));
  });
  const onAbort = () => proc.kill('SIGTERM');
  ctx.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    let content: ImageContent | undefined;
    let failure: unknown;
    try {
      content = await readArchive(proc.stdout, ctx, () => count, 'engine');
    } catch (e) {
      failure = e;
      proc.kill('SIGTERM');
    }
    const code = await exited;
    if (code !== 0) throw new ImageSourceError(`docker save ${image} failed: ${typeof code === 'string' ? code : stderr.trim() || `exit ${code}`}`);
    if (failure) throw failure;
    return content!;
  } finally {
    ctx.signal?.removeEventListener('abort', onAbort);
  }
}

// ---------------------------------------------------------------- registry

async function readRegistry(image: string, ctx: ReadContext): Promise<ImageContent> {
  const ref = parseReference(image);
  if (!ref) throw new ImageSourceError(`${image} is not an image reference`);
  const opened = await openRegistryImage(ref, { signal: ctx.signal });
  if (!opened.ok) throw new ImageSourceError(opened.error);
  const { config, layers: descriptors, blob } = opened.value;
  const layers: LayerEntries[] = [];
  let bytes = 0;
  for (let i = 0; i < descriptors.length; i++) {
    ctx.progress(i + 1, descriptors.length, bytes);
    const body = await blob(descriptors[i].digest);
    if (!body.ok) throw new ImageSourceError(`layer ${descriptors[i].digest}: ${body.error}`);
    layers.push(await readLayer(body.value, (n) => {
      bytes += n;
      ctx.progress(i + 1, descriptors.length, bytes);
    }, ctx.signal));
  }
  return { config: parseJson<ImageConfigJson>(config, 'the image config'), layers, kind: 'registry' };
}
