/** Go to definition, find references, document highlight and rename for stages, variables and heredoc delimiters. */
import type { DocumentHighlight, Location, Position, Range, WorkspaceEdit } from 'vscode-languageserver';
import type { DockerfileDocument } from '../model/document';

export function definition(_doc: DockerfileDocument, _position: Position): Location[] {
  return [];
}
export function references(_doc: DockerfileDocument, _position: Position, _includeDeclaration: boolean): Location[] {
  return [];
}
export function documentHighlights(_doc: DockerfileDocument, _position: Position): DocumentHighlight[] {
  return [];
}
export function prepareRename(_doc: DockerfileDocument, _position: Position): { range: Range; placeholder: string } | null {
  return null;
}
/** Throws an Error with a user-facing message when the new name is invalid or conflicts. */
export function rename(_doc: DockerfileDocument, _position: Position, _newName: string): WorkspaceEdit | null {
  return null;
}
