/**
 * The local engine's view of an image: `docker image inspect -- REF` (also
 * understood by podman and nerdctl), run with `execFile` — arguments as an
 * array, never through a shell — with the caller's environment (DOCKER_HOST,
 * DOCKER_CONTEXT…) and a timeout. `Size` is the image's **uncompressed** size
 * on disk (all layers), `RootFS.Layers` its layers' diff IDs, `Config.Env` the
 * environment its containers and the builds FROM it start with (the Engine
 * API's `GET /images/{name}/json`, which `docker image inspect` prints:
 * https://docs.docker.com/reference/cli/docker/image/inspect/). A missing CLI,
 * a stopped engine or an image that is not present all give undefined.
 */
import { execFile } from 'node:child_process';
import { isValidImageReference } from '../protocol/imageName';
import type { Platform } from './registry';

export interface EngineImage {
  id: string;
  /** Uncompressed bytes of all layers. */
  size: number;
  /** Diff IDs of the layers, base first. */
  layers: string[];
  platform: Platform;
  /** `Config.Env` (`KEY=VALUE`), [] when the config has none. */
  env: string[];
}

export interface EngineOptions {
  docker?: string;
  env?: NodeJS.ProcessEnv;
  /** Default 5000 ms. */
  timeoutMs?: number;
  /** Kills the CLI when aborted (undefined is returned). */
  signal?: AbortSignal;
}

export function inspectImage(ref: string, opts: EngineOptions = {}): Promise<EngineImage | undefined> {
  if (!isValidImageReference(ref)) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    execFile(
      opts.docker ?? 'docker',
      ['image', 'inspect', '--', ref],
      { env: opts.env ?? process.env, timeout: opts.timeoutMs ?? 5000, maxBuffer: 16 << 20, windowsHide: true, signal: opts.signal },
      (err, stdout) => {
        if (err) return resolve(undefined);
        try {
          const [img] = JSON.parse(stdout) as Array<{ Id?: unknown; Size?: unknown; RootFS?: { Layers?: unknown }; Os?: unknown; Architecture?: unknown; Variant?: unknown; Config?: { Env?: unknown } }>;
          if (typeof img?.Size !== 'number' || img.Size < 0) return resolve(undefined);
          const layers = Array.isArray(img.RootFS?.Layers) ? img.RootFS.Layers.filter((l): l is string => typeof l === 'string') : [];
          resolve({
            id: String(img.Id ?? ''),
            size: img.Size,
            layers,
            platform: { os: String(img.Os ?? ''), architecture: String(img.Architecture ?? ''), variant: String(img.Variant ?? '') },
            env: Array.isArray(img.Config?.Env) ? img.Config.Env.filter((e): e is string => typeof e === 'string') : [],
          });
        } catch {
          resolve(undefined);
        }
      },
    );
  });
}

/**
 * The Docker Engine's version (`docker version --format '{{json .Server}}'`,
 * the "Engine" component, e.g. `20.10.24+dfsg1`): which archives ADD unpacks
 * depends on it (layers/copy.ts). Undefined when the engine does not answer or
 * is not a Docker Engine (podman and nerdctl report no "Engine" component).
 */
export function engineVersion(opts: EngineOptions = {}): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(
      opts.docker ?? 'docker',
      ['version', '--format', '{{json .Server}}'],
      { env: opts.env ?? process.env, timeout: opts.timeoutMs ?? 5000, maxBuffer: 1 << 20, windowsHide: true },
      (err, stdout) => {
        if (err) return resolve(undefined);
        try {
          const server = JSON.parse(stdout) as { Components?: Array<{ Name?: unknown; Version?: unknown }> } | null;
          const engine = server?.Components?.find((c) => c.Name === 'Engine');
          resolve(typeof engine?.Version === 'string' && /^\d+\.\d+/.test(engine.Version) ? engine.Version : undefined);
        } catch {
          resolve(undefined);
        }
      },
    );
  });
}
