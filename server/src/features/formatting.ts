/** Formatting (document, range, on type). */
import type { FormattingOptions, Position, Range, TextEdit } from 'vscode-languageserver';
import type { DockerfileDocument } from '../model/document';

export interface FormatSettings {
  /** Upper-case instruction keywords. */
  keywordCase: 'upper' | 'preserve';
}
export const DEFAULT_FORMAT_SETTINGS: FormatSettings = { keywordCase: 'upper' };

export function formatDocument(_doc: DockerfileDocument, _options: FormattingOptions, _settings: FormatSettings): TextEdit[] {
  return [];
}

export function formatRange(_doc: DockerfileDocument, _range: Range, _options: FormattingOptions, _settings: FormatSettings): TextEdit[] {
  return [];
}

export function formatOnType(_doc: DockerfileDocument, _position: Position, _ch: string, _options: FormattingOptions, _settings: FormatSettings): TextEdit[] {
  return [];
}
