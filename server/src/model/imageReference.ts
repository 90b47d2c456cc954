/**
 * Splits an image reference the way Docker does (distribution/reference):
 * `[registry/][namespace/]repository[:tag][@digest]`, with Docker's defaults
 * filled in: registry `docker.io`, namespace `library` for official images
 * on Docker Hub, tag `latest` when neither tag nor digest is given. The splitting is the shared one
 * (protocol/imageName.ts); this adds the parts the features show (namespace, repository, the registry's
 * web page) and reads leniently (see `parseImageReference`).
 */
import { splitImageName } from '../protocol/imageName';

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
  // Lenient, for what a FROM line says (hover, links, hints, ImplicitLatestTag): not checked against the
  // grammar; only white space, an unexpanded `$` or an empty path component make it no reference.
  if (!ref || /\s/.test(ref) || ref.includes('$')) return undefined;
  const split = splitImageName(ref);
  let { domain: registry, path } = split;
  let registryImplicit = split.writtenDomain === undefined;
  const first = split.writtenDomain;
  if (first !== undefined && !first.includes('.') && !first.includes(':') && first !== 'localhost') {
    // kept from before the shared splitter (Docker reads it as a registry): a first component that is
    // one only for its capitals stays part of a Docker Hub path
    registry = 'docker.io';
    path = `${first}/${split.writtenPath}`;
    registryImplicit = true;
  } else if (registry === 'registry-1.docker.io') {
    // Docker Hub's API host, read as Docker Hub (Docker itself normalizes only index.docker.io)
    registry = 'docker.io';
    if (!path.includes('/')) path = `library/${path}`;
  }
  const parts = path.split('/');
  if (parts.some((p) => p === '')) return undefined;
  const repository = parts[parts.length - 1];
  const namespace = parts.length > 1 ? parts.slice(0, -1).join('/') : undefined;
  const { tag, digest, implicitTag } = split;
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
