/** Expand selection: token → argument → instruction → stage. */
import type { Position, SelectionRange } from 'vscode-languageserver';
import type { DockerfileDocument } from '../model/document';

export function selectionRanges(_doc: DockerfileDocument, _positions: Position[]): SelectionRange[] {
  return [];
}
