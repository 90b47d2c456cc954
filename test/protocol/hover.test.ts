/**
 * Hover values through the real server process: a variable's value is
 * expanded as BuildKit expands it, with the escape character of the file's
 * `# escape=` directive (moby/buildkit frontend/dockerfile/shell/lex.go: the
 * directive sets the lexer's escape token for word processing too).
 */
import * as assert from 'node:assert/strict';
import { LspClient } from '../helpers/lspClient';

type HoverResult = { contents: { kind: string; value: string } } | null;

/** The "Value here:" line of a variable hover. */
const valueLine = (h: HoverResult) => h?.contents.value.split('\n').find((l) => l.startsWith('Value here:'));

describe('protocol: hover values follow the escape directive', function () {
  this.timeout(30000);
  let client: LspClient;
  const hoverAt = (uri: string, line: number, character: number) => client.request<HoverResult>('textDocument/hover', { textDocument: { uri }, position: { line, character } });

  before(async () => {
    client = new LspClient();
    await client.initialize('en', {});
  });
  after(async () => assert.equal(await client.shutdown(), 0));

  it('hover: with # escape=` the value of ARG A=x`$y is x$y (`$ is an escaped dollar)', async () => {
    const uri = 'file:///work/hover-escape/Dockerfile';
    client.open(uri, ['# escape=`', 'FROM alpine', 'ARG A=x`$y', 'RUN echo $A', ''].join('\n'));
    const h = await hoverAt(uri, 3, 10); // on `$A`
    assert.ok(h, 'a hover on $A');
    assert.match(h.contents.value, /build argument \(ARG\)/);
    assert.equal(valueLine(h), 'Value here: `x$y`');
    assert.ok(!valueLine(h)!.includes('x`') && !valueLine(h)!.includes('x\\`'), valueLine(h));
  });

  it('hover: a later ENV built from that ARG sees x$y too', async () => {
    const uri = 'file:///work/hover-escape/env.Dockerfile';
    client.open(uri, ['# escape=`', 'FROM alpine', 'ARG A=x`$y', 'ENV B=${A}-z', 'RUN echo $B', ''].join('\n'));
    assert.equal(valueLine(await hoverAt(uri, 4, 10)), 'Value here: `x$y-z`');
  });

  it('hover: with the default escape, x\\$y is x$y and the backtick of x`$y is literal', async () => {
    const uri = 'file:///work/hover-escape/default.Dockerfile';
    client.open(uri, ['FROM alpine', 'ARG y=Y', 'ARG A=x\\$y', 'ARG B=x`$y', 'RUN echo $A $B', ''].join('\n'));
    assert.equal(valueLine(await hoverAt(uri, 4, 10)), 'Value here: `x$y`');
    // `code()` escapes the backtick of the value in the markdown
    assert.equal(valueLine(await hoverAt(uri, 4, 13)), 'Value here: `x\\`Y`');
  });
});
