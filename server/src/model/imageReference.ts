/**
 * Splits an image reference the way Docker does (distribution/reference):
 * `[registry/][namespace/]repository[:tag][@digest]`, with Docker's defaults
 * filled in: registry `docker.io`, namespace `library` for official images
 * on Docker Hub, tag `latest` when neither tag nor digest is given.
 */

export interface ImageReference {
  registry: string;
  /** The path without the registry, e.g. `library/alpine`, `bitnami/redis`. */
  path: string;
  namespace: string | undefined;
  repository: string;
  tag: string | undefined;
  digest: string | undefined;
  /** `latest` was filled in. */
  implicitTag: boolean;
  registryImplicit: boolean;
  /** The page of the image on its registry's website, when known. */
  url: string | undefined;
}

export function parseImageReference(ref: string): ImageReference | undefined {
  if (!ref || /\s/.test(ref) || ref.includes('$')) return undefined;
  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > slash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const parts = rest.split('/');
  let registry = 'docker.io';
  let registryImplicit = true;
  if (parts.length > 1 && (parts[0].includes('.') || parts[0].includes(':') || parts[0] === 'localhost')) {
    registry = parts.shift()!;
    registryImplicit = false;
  }
  if (registry === 'index.docker.io' || registry === 'registry-1.docker.io') registry = 'docker.io';
  if (registry === 'docker.io' && parts.length === 1) parts.unshift('library');
  if (parts.some((p) => p === '')) return undefined;
  const repository = parts[parts.length - 1];
  const namespace = parts.length > 1 ? parts.slice(0, -1).join('/') : undefined;
  const path = parts.join('/');
  const implicitTag = tag === undefined && digest === undefined;
  return { registry, path, namespace, repository, tag: implicitTag ? 'latest' : tag, digest, implicitTag, registryImplicit, url: registryUrl(registry, path) };
}

function registryUrl(registry: string, path: string): string | undefined {
  switch (registry) {
    case 'docker.io':
      return path.startsWith('library/') ? `https://hub.docker.com/_/${path.slice(8)}` : `https://hub.docker.com/r/${path}`;
    case 'ghcr.io': // the registry redirects a browser to the package's page on GitHub
      return `https://ghcr.io/${path}`;
    case 'quay.io':
      return `https://quay.io/repository/${path}`;
    case 'mcr.microsoft.com':
      return `https://mcr.microsoft.com/artifact/mar/${path}`;
    case 'gcr.io':
      return `https://gcr.io/${path}`;
    default:
      return undefined;
  }
}
