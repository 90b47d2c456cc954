/**
 * Tag completion in FROM: with the cursor after `name:` (or inside the tag) of
 * a FROM line's image, the repository's tags from its registry, newest first
 * (Docker Hub's own "last updated" order; elsewhere a version-aware sort), via
 * the same client, cache, timeouts and trust rules as the base-image sizes.
 * The whole tag is replaced on accept. null when the cursor is elsewhere, the
 * name has variables or a digest, lookups are off, nothing was found or the
 * registry has not answered within WAIT_MS — the static completion (common
 * images' well-known tags) then applies, and the lookup goes on in the
 * background to fill the cache for the next request.
 */
import { CompletionItemKind, type CompletionItem, type Position } from 'vscode-languageserver';
import { listTags, type BaseSizeOptions } from '../images/baseSize';
import { familiarName, parseReference } from '../images/registry';
import type { DockerfileDocument } from '../model/document';

/** How long completion waits for a registry. */
const WAIT_MS = 1500;

function within<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

export async function tagCompletion(doc: DockerfileDocument, position: Position, opts: BaseSizeOptions): Promise<CompletionItem[] | null> {
  if (!opts.registry) return null;
  const offset = doc.lines.offsetAt(position);
  const ins = doc.instructionAt(offset);
  if (ins?.details.kind !== 'from') return null;
  const image = ins.details.image;
  if (!image || offset < image.start || offset > image.end) return null;
  const raw = doc.text.slice(image.start, image.end);
  if (/[\s$@"'`\\]/.test(raw)) return null;
  const colon = raw.lastIndexOf(':');
  if (colon <= raw.lastIndexOf('/') || image.start + colon >= offset) return null;
  const ref = parseReference(raw.slice(0, colon));
  if (!ref) return null;
  const tags = await within(listTags(raw.slice(0, colon), opts), WAIT_MS);
  if (!tags?.length) return null;
  const range = doc.lines.rangeOf({ start: image.start + colon + 1, end: image.end });
  const repo = familiarName(ref).replace(/:latest$/, '');
  const width = String(tags.length).length;
  return tags.map((tag, i) => ({
    label: tag,
    kind: CompletionItemKind.Value,
    detail: `tag of ${repo}`,
    sortText: String(i).padStart(width, '0'),
    filterText: tag,
    textEdit: { range, newText: tag },
  }));
}
