/**
 * Inlay hints (each kind switchable in settings):
 * - the value a `$VAR` / `${VAR}` expands to where BuildKit expands it and the
 *   value is known from an ARG default or an ENV in scope (`ENV DIR=/opt/${APP}`
 *   → `= web`). Variables only a shell expands at run time get no hint: the
 *   script may change them. An ARG's value is its default: `--build-arg` can
 *   override it, and the tooltip says so;
 * - on a FROM whose image names variables, one hint at the end of the line with
 *   the whole reference they make (`FROM node:${V}-alpine${A} AS deps` →
 *   `→ node:20-alpine3.20`) instead of one per variable inside the name: BuildKit
 *   expands the image word with the global ARGs' defaults
 *   (https://docs.docker.com/reference/dockerfile/#understand-how-arg-and-from-interact);
 * - the implicit `:latest` of an image named without tag or digest, which is
 *   what Docker pulls (https://docs.docker.com/reference/dockerfile/#from).
 */
import { InlayHintKind, type InlayHint, type Range } from 'vscode-languageserver';
import type { DockerfileDocument } from '../model/document';
import { lastStartingBefore, type Instruction, type TextRange } from '../parser';
import { parseImageReference } from '../model/imageReference';
import { fromImage, globalArgValues } from '../model/fromImage';

export interface InlayHintSettings {
  variableValues: boolean;
  implicitLatest: boolean;
}

const MAX_SHOWN = 40;
const shorten = (s: string) => (s.length > MAX_SHOWN ? s.slice(0, MAX_SHOWN - 1) + '…' : s);

/** The image named by `value` needs `:latest` added when it has neither tag nor digest and no variables. */
function untagged(value: string): boolean {
  if (!value || value.includes('$') || value.toLowerCase() === 'scratch') return false;
  const ref = parseImageReference(value);
  return !!ref && ref.implicitTag && !ref.digest;
}

export function inlayHints(doc: DockerfileDocument, range: Range, settings: InlayHintSettings): InlayHint[] {
  const start = doc.lines.offsetAt(range.start);
  const end = doc.lines.offsetAt(range.end);
  const hints: InlayHint[] = [];
  const inRange = (r: TextRange) => r.end >= start && r.start <= end;

  if (settings.variableValues) {
    // FROM lines whose image word has variables: one hint with the whole reference
    const images: TextRange[] = [];
    let globals: Map<string, string> | undefined;
    for (const stage of doc.stages.stages) {
      const ins = stage.from;
      if (ins.end < start || ins.start > end || ins.details.kind !== 'from' || !ins.details.image?.value.includes('$')) continue;
      const f = fromImage(doc, stage, (globals ??= globalArgValues(doc)));
      if (!f?.ref) continue;
      images.push(f.token);
      let at = ins.end;
      while (at > ins.start && /\s/.test(doc.text[at - 1])) at--;
      const latest = settings.implicitLatest && untagged(f.ref) ? ':latest' : '';
      hints.push({
        position: doc.lines.positionAt(at),
        label: `→ ${shorten(f.ref + latest)}`,
        kind: InlayHintKind.Type,
        paddingLeft: true,
        tooltip: `The image this FROM pulls, with the global ARGs' defaults filled in (\`docker build --build-arg\` can change them): \`${f.ref}${latest}\`.`,
      });
    }
    const occ = doc.symbols.occurrences;
    for (let i = Math.max(0, lastStartingBefore(occ, start)); i < occ.length && occ[i].start <= end; i++) {
      const o = occ[i];
      if (!o.use || o.use.expandedBy !== 'buildkit' || o.value === undefined || !inRange(o.use)) continue;
      if (images.some((r) => o.use!.start >= r.start && o.use!.end <= r.end)) continue;
      const fromArg = o.target && o.target.instruction.name === 'ARG';
      hints.push({
        position: doc.lines.positionAt(o.use.end),
        label: `= ${shorten(JSON.stringify(o.value).slice(1, -1))}`,
        kind: InlayHintKind.Parameter,
        paddingLeft: true,
        tooltip: fromArg
          ? `The default of ARG ${o.symbol.name}; \`docker build --build-arg ${o.symbol.name}=…\` overrides it.`
          : `The value of ENV ${o.symbol.name} here.`,
      });
    }
  }

  if (settings.implicitLatest) {
    const list = doc.ast.instructions;
    for (let i = Math.max(0, lastStartingBefore(list, start)); i < list.length && list[i].start <= end; i++) {
      const ins = list[i];
      latestHint(doc, ins, hints, inRange);
      if (ins.details.kind === 'onbuild' && ins.details.instruction) latestHint(doc, ins.details.instruction, hints, inRange);
    }
  }
  return hints.sort((a, b) => a.position.line - b.position.line || a.position.character - b.position.character);
}

function latestHint(doc: DockerfileDocument, ins: Instruction, hints: InlayHint[], inRange: (r: TextRange) => boolean): void {
  const push = (r: TextRange) => {
    if (!inRange(r)) return;
    hints.push({
      position: doc.lines.positionAt(r.end),
      label: ':latest',
      kind: InlayHintKind.Type,
      tooltip: 'No tag given: Docker pulls the `latest` tag, which changes over time. Pin a tag or digest for repeatable builds.',
    });
  };
  if (ins.name === 'FROM' && ins.details.kind === 'from') {
    const image = ins.details.image;
    const stage = doc.stageAt(ins.start);
    if (image && !stage?.baseStage && untagged(image.value) && doc.text.slice(image.start, image.end) === image.value) push(image);
    return;
  }
  for (const f of ins.flags) {
    if (f.name !== 'from' || !f.value || !f.valueRange || /^\d+$/.test(f.value)) continue;
    if (doc.stages.stages.some((s) => s.name === f.value!.toLowerCase())) continue;
    if (untagged(f.value) && doc.text.slice(f.valueRange.start, f.valueRange.end) === f.value) push(f.valueRange);
  }
}
