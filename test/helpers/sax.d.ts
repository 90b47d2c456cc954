/**
 * The part of sax (isaacs/sax-js, a strict XML parser; in node_modules through @vscode/vsce → xml2js)
 * the checkstyle test uses: it ships no types.
 */
declare module 'sax' {
  export interface Tag {
    name: string;
    attributes: Record<string, string | { value: string }>;
  }
  export interface SAXParser {
    onerror: (e: Error) => void;
    onopentag: (tag: Tag) => void;
    write(s: string): SAXParser;
    close(): SAXParser;
  }
  export function parser(strict: boolean, options?: Record<string, unknown>): SAXParser;
}
