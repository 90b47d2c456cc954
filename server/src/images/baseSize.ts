/**
 * The size of a FROM line's base image, from the best source available, in
 * the order the issue asks for:
 * 1. the local engine (`docker image inspect`): exact, **uncompressed**; used
 *    when the image is present (and, with `--platform`, of that platform —
 *    BuildKit uses a local image only for the platform it was built for);
 * 2. the image's registry (manifest, image index resolved for the platform):
 *    exact, **compressed** (what a pull downloads); cached on disk for a day,
 *    failures for a minute; skipped when registry lookups are off (untrusted
 *    workspace, setting);
 * 3. the bundled table of common official images: approximate, compressed;
 * 4. unknown, with the reasons.
 * `FROM scratch` is an empty filesystem (BuildKit's `emptyImageName`): exactly 0.
 * Also the repository's tags (newest first) for tag completion, cached for an hour.
 */
import type { SizeEstimate, SizeItem } from '../protocol/layers';
import { TABLE_DATE, tableSize } from './baseTable';
import { TTL, cacheFor } from './cache';
import { inspectImage } from './engine';
import { familiarName, formatPlatform, imageSize, listRegistryTags, parsePlatform, parseReference, platformRank, type ImageSize, type Lookup } from './registry';

export interface BaseSizeOptions {
  /** `--platform` of the FROM line (expanded); default linux/amd64. */
  platform?: string;
  /** The docker CLI; no engine lookup without it (untrusted workspaces). */
  docker?: string;
  dockerEnv?: NodeJS.ProcessEnv;
  /** Registry lookups allowed: off in untrusted workspaces or by setting. */
  registry: boolean;
  cacheDir?: string;
  /** Per lookup (engine, registry); default 5000 ms. */
  timeoutMs?: number;
}

const unknown = (note: string): SizeEstimate => ({ bytes: null, basis: 'unknown', note });
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const shortDigest = (d: string) => d.replace(/^(sha256:)?([0-9a-f]{12})[0-9a-f]*$/, '$1$2');

export async function resolveBaseSize(image: string, opts: BaseSizeOptions): Promise<SizeEstimate> {
  if (image === 'scratch') return { bytes: 0, basis: 'metadata', compressed: false, note: 'FROM scratch: an empty filesystem, nothing to download.' };
  if (image.includes('$')) return unknown(`The image name ${image} has a variable without a value; its size cannot be looked up.`);
  const ref = parseReference(image);
  if (!ref) return unknown(`${image} is not a valid image reference.`);
  const name = familiarName(ref);
  const want = parsePlatform(opts.platform);
  const reasons: string[] = [];

  if (opts.docker) {
    const local = await inspectImage(image, { docker: opts.docker, env: opts.dockerEnv, timeoutMs: opts.timeoutMs });
    if (local && (opts.platform === undefined || platformRank(local.platform, want) >= 0)) {
      return { bytes: local.size, basis: 'engine', compressed: false, note: `Uncompressed size of the local image ${name} (docker image inspect, ${plural(local.layers.length, 'layer')}).` };
    }
    reasons.push(local ? `the local image is ${formatPlatform(local.platform)}, not ${formatPlatform(want)}` : 'not in the local engine');
  }

  if (opts.registry) {
    const key = `size|${ref.domain}/${ref.path}|${ref.digest ?? ref.tag}|${formatPlatform(want)}`;
    const r = await cacheFor(opts.cacheDir).getOrCompute<Lookup<ImageSize>>(key, (v) => (v.ok ? TTL.size : TTL.failure), () =>
      imageSize(ref, { platform: opts.platform, timeoutMs: opts.timeoutMs }),
    );
    if (r.ok) {
      const s = r.value;
      const items: SizeItem[] = s.layers.map((l, i) => ({ label: `layer ${i + 1}`, bytes: l.size, detail: shortDigest(l.digest) }));
      const platform = s.platform ? ` for ${s.platform}` : '';
      return {
        bytes: s.bytes,
        basis: 'registry',
        compressed: true,
        note: `Compressed size of the ${plural(s.layers.length, 'layer')} of ${name}${platform}, from its registry manifest (the ${s.configBytes} B config blob not counted).`,
        items,
      };
    }
    reasons.push(`registry: ${r.error}`);
  } else {
    reasons.push('registry lookups are off');
  }

  const t = want.os === 'linux' ? tableSize(ref) : undefined;
  if (t) {
    return {
      bytes: t.bytes,
      low: Math.round(t.bytes * 0.7),
      high: Math.round(t.bytes * 1.3),
      basis: 'table',
      compressed: true,
      note: `Approximate compressed size of ${t.row} for linux/amd64, bundled table (as of ${TABLE_DATE}); ${reasons.join('; ')}.`,
    };
  }
  return unknown(`Size of ${name} unknown: ${reasons.join('; ')}; not in the bundled table.`);
}

/** The repository's tags, newest first; [] when lookups are off or fail. The tag or digest of `image` is ignored. */
export async function listTags(image: string, opts: BaseSizeOptions): Promise<string[]> {
  if (!opts.registry) return [];
  const ref = parseReference(image);
  if (!ref) return [];
  const r = await cacheFor(opts.cacheDir).getOrCompute<Lookup<string[]>>(`tags|${ref.domain}/${ref.path}`, (v) => (v.ok ? TTL.tags : TTL.failure), () =>
    listRegistryTags(ref, { timeoutMs: opts.timeoutMs }),
  );
  return r.ok ? r.value : [];
}
