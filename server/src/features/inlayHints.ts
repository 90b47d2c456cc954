/** Inlay hints: resolved variable values and the implicit `:latest`. */
import type { InlayHint, Range } from 'vscode-languageserver';
import type { DockerfileDocument } from '../model/document';

export interface InlayHintSettings {
  variableValues: boolean;
  implicitLatest: boolean;
}

export function inlayHints(_doc: DockerfileDocument, _range: Range, _settings: InlayHintSettings): InlayHint[] {
  return [];
}
