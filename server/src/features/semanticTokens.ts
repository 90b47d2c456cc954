/** Semantic tokens: full, range and delta. */
import type { Range, SemanticTokensEdit, SemanticTokensLegend } from 'vscode-languageserver';
import type { DockerfileDocument } from '../model/document';

export const SEMANTIC_LEGEND: SemanticTokensLegend = { tokenTypes: [], tokenModifiers: [] };

/** LSP's relative-encoded token data for the whole document (or only tokens within `range`). */
export function semanticTokens(_doc: DockerfileDocument, _range?: Range): number[] {
  return [];
}

/** The edits turning `previous` data into `next`. */
export function semanticTokensDelta(_previous: number[], _next: number[]): SemanticTokensEdit[] {
  return [];
}
