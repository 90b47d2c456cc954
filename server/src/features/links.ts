/**
 * Document links:
 * - the image of a FROM (https://docs.docker.com/reference/dockerfile/#from) and
 *   of `COPY --from=<image>` (https://docs.docker.com/reference/dockerfile/#copy---from)
 *   → its page on the registry's website: Docker Hub (`alpine` →
 *   https://hub.docker.com/_/alpine, `user/repo` → https://hub.docker.com/r/user/repo),
 *   ghcr.io (https://ghcr.io/owner/name, which sends a browser on to the package's
 *   page on GitHub: the github.com page's address needs the repository the
 *   package is linked to, which the reference does not tell), quay.io,
 *   mcr.microsoft.com and gcr.io. Images on other registries get no link (their
 *   websites have no known layout). A FROM naming an earlier stage, `scratch`,
 *   a `--from` naming a stage (by name or index) and invalid references get
 *   none either. Variables in a FROM image are resolved with the defaults of the
 *   global ARGs (https://docs.docker.com/reference/dockerfile/#understand-how-arg-and-from-interact);
 *   one without a default (a `--build-arg` only, or a platform ARG) means no link.
 *   The link covers `[registry/]repository` (not the tag or digest) when the
 *   reference is written plainly, else the whole word;
 * - the image of the `# syntax=` parser directive
 *   (https://docs.docker.com/reference/dockerfile/#syntax) → its Docker Hub page;
 * - http(s) sources of ADD (https://docs.docker.com/reference/dockerfile/#add),
 *   including Git repositories over https (`https://github.com/org/repo.git#ref`),
 *   and http(s) LABEL values (quotes left out of the link) → the URL itself.
 * Only well-formed http(s) addresses are ever returned as targets.
 */
import type { DocumentLink } from 'vscode-languageserver';
import type { DockerfileDocument } from '../model/document';
import { type Instruction, type TextRange, type Token } from '../parser';
import { parseImageReference } from '../model/imageReference';
import { fromImage, globalArgValues } from '../model/fromImage';

const REGISTRY_NAMES: Record<string, string> = {
  'docker.io': 'Docker Hub',
  'ghcr.io': 'GitHub Container Registry',
  'quay.io': 'Quay.io',
  'mcr.microsoft.com': 'Microsoft Artifact Registry',
  'gcr.io': 'Google Container Registry',
};

/** Docker's reference grammar (distribution/reference): path components, tags, digests. */
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;

/** A well-formed http(s) URL, or undefined. */
export function httpUrl(s: string): string | undefined {
  if (s.length > 8192 || !/^https?:\/\/[^\s"'<>\\`{}|^]+$/i.test(s)) return undefined;
  try {
    const u = new URL(s);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname ? s : undefined;
  } catch {
    return undefined;
  }
}

/** The registry page of an image reference, with a tooltip; undefined when there is none. */
export function imagePage(ref: string): { target: string; tooltip: string } | undefined {
  const r = parseImageReference(ref);
  if (!r?.url || !REGISTRY_NAMES[r.registry]) return undefined;
  const parts = r.path.split('/');
  if (!parts.every((p) => PATH_COMPONENT.test(p))) return undefined;
  if (r.tag !== undefined && !TAG.test(r.tag)) return undefined;
  if (r.digest !== undefined && !DIGEST.test(r.digest)) return undefined;
  // Docker Hub has pages for `name` and `namespace/name` only
  if (r.registry === 'docker.io' && parts.length > 2) return undefined;
  const target = httpUrl(r.url);
  if (!target) return undefined;
  const shown = r.registry === 'docker.io' && r.namespace === 'library' ? r.repository : r.path;
  return { target, tooltip: `Open ${shown} on ${REGISTRY_NAMES[r.registry]}` };
}

/** The `[registry/]repository` part of a reference written as `ref` (tag and digest left out). */
function repositoryLength(ref: string): number {
  const at = ref.indexOf('@');
  const base = at >= 0 ? ref.slice(0, at) : ref;
  const colon = base.lastIndexOf(':');
  return colon > base.lastIndexOf('/') ? colon : base.length;
}

/** Where `value` is written inside `token` (quotes excluded), or the whole token. */
function rangeOfValue(text: string, token: TextRange, value: string): TextRange {
  const at = text.slice(token.start, token.end).indexOf(value);
  return at >= 0 && value ? { start: token.start + at, end: token.start + at + value.length } : token;
}

const unquote = (s: string) => (s.length >= 2 && (s[0] === '"' || s[0] === "'") && s[s.length - 1] === s[0] ? s.slice(1, -1) : s);

export function documentLinks(doc: DockerfileDocument): DocumentLink[] {
  const text = doc.text;
  const links: DocumentLink[] = [];
  const link = (range: TextRange, target: string, tooltip: string) => links.push({ range: doc.lines.rangeOf(range), target, tooltip });

  /** An image reference `ref` (after expansion: `resolved` when variables were filled in) written at `token`. */
  const imageLink = (token: TextRange, ref: string, resolved: boolean) => {
    const page = imagePage(ref);
    if (!page) return;
    // written plainly (or in quotes): link `[registry/]repository`; else (variables, escapes) the whole word
    const at = resolved ? -1 : text.slice(token.start, token.end).indexOf(ref);
    const range = at >= 0 ? { start: token.start + at, end: token.start + at + repositoryLength(ref) } : token;
    link(range, page.target, resolved ? `${page.tooltip} (${ref}: the ARG defaults filled in)` : page.tooltip);
  };

  for (const d of doc.ast.directives) {
    if (d.name === 'syntax' && d.value) imageLink(d.valueRange, d.value, false);
  }

  const globals = globalArgValues(doc);
  const stageNames = new Set(doc.stages.stages.map((s) => s.name).filter((n): n is string => !!n));
  for (const s of doc.stages.stages) {
    const image = fromImage(doc, s, globals);
    if (!image?.ref || image.ref.toLowerCase() === 'scratch') continue;
    imageLink(image.token, image.ref, image.expanded);
  }

  const urlLink = (token: Token, value: string) => {
    const target = value.includes('$') ? undefined : httpUrl(value);
    if (target) link(rangeOfValue(text, token, value), target, `Open ${target}`);
  };
  const visit = (ins: Instruction) => {
    if (ins.name === 'COPY') {
      for (const f of ins.flags) {
        if (f.name !== 'from' || !f.value || !f.valueRange || f.value.includes('$')) continue;
        if (/^\d+$/.test(f.value) || stageNames.has(f.value.toLowerCase())) continue;
        imageLink(f.valueRange, f.value, false);
      }
    }
    const d = ins.details;
    if (ins.name === 'ADD' && d.kind === 'copy') {
      for (const src of d.sources) urlLink(src, src.value);
    }
    if (ins.name === 'LABEL' && d.kind === 'keyValues') {
      for (const p of d.pairs) urlLink(p.value, unquote(p.value.value));
    }
  };

  for (const ins of doc.ast.instructions) {
    visit(ins);
    if (ins.details.kind === 'onbuild' && ins.details.instruction) visit(ins.details.instruction);
  }
  return links.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}
