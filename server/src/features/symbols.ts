/** Document symbols (stages with their instructions) and workspace symbols (stage names). */
import type { DocumentSymbol, SymbolInformation } from 'vscode-languageserver';
import type { DockerfileDocument } from '../model/document';

export function documentSymbols(_doc: DockerfileDocument): DocumentSymbol[] {
  return [];
}

export function workspaceSymbols(_docs: Iterable<DockerfileDocument>, _query: string): SymbolInformation[] {
  return [];
}
