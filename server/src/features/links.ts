/** Document links: FROM images and `# syntax=` images to their registry page, URLs in ADD/LABEL. */
import type { DocumentLink } from 'vscode-languageserver';
import type { DockerfileDocument } from '../model/document';

export function documentLinks(_doc: DockerfileDocument): DocumentLink[] {
  return [];
}
