/** ADD from a URL without `--checksum`: unverified download. */
import type { Rule } from './types';
import { addSourceKind, addSources } from '../model/sources';
import { l } from '../docs/locale';

export const AddFromUrl: Rule = {
  id: 'AddFromUrl',
  severity: 'information',
  scope: 'instruction',
  docs: {
    summary: 'Flags ADD of a remote URL without `--checksum`.',
    why:
      'ADD downloads the URL at build time and trusts whatever the server returns: nothing checks that the file is the one you ' +
      'expect. `ADD --checksum=sha256:<hash> <url>` makes BuildKit verify it (Dockerfile 1.6+), or download it in a RUN with curl/wget ' +
      'and check its hash. Files ADD downloads also get mode 600 unless `--chmod` is given.',
    example: 'FROM alpine:3.20\nADD https://example.com/tool.tar.gz /tmp/\n',
    fixed: 'FROM alpine:3.20\nADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool.tar.gz /tmp/\n',
    references: ['https://docs.docker.com/reference/dockerfile/#add---checksum', 'https://docs.docker.com/build/building/best-practices/#add-or-copy'],
  },
  check(ctx) {
    for (const ins of ctx.instructions) {
      if (ins.name !== 'ADD' || ins.flags.some((f) => f.name === 'checksum')) continue;
      const chmod = ins.flags.some((f) => f.name === 'chmod');
      for (const s of addSources(ins)) {
        if (addSourceKind(s, undefined) !== 'url') continue;
        ctx.report({
          range: { start: s.start, end: s.end },
          message: l(
            `ADD downloads \`${s.value}\` without verifying it: add \`--checksum=sha256:<hash>\` or download it in a RUN and check its hash${chmod ? '' : ' (the file also gets mode 600)'}.`,
            `ADD는 \`${s.value}\`을(를) 검증하지 않고 내려받습니다. \`--checksum=sha256:<hash>\`를 붙이거나, RUN에서 내려받고 해시를 확인하세요${chmod ? '' : ' (게다가 파일 권한이 600이 됩니다)'}.`,
          ),
        });
      }
    }
  },
};
