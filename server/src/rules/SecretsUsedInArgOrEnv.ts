/**
 * SecretsUsedInArgOrEnv: an ARG or ENV (inside a stage) whose name looks like a
 * secret. BuildKit: dockerfile2llb `validateNoSecretKey` (same word lists).
 */
import type { Rule } from './types';
import { buildCheckReferences } from './util/docs';
import { l } from '../docs/locale';

const DENY = /(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret|token)(?:_|$)/i;
const ALLOW = /(?:_|^)(?:public|file|version)(?:_|$)/i;

export const isSecretName = (name: string) => DENY.test(name) && !ALLOW.test(name);

export const SecretsUsedInArgOrEnv: Rule = {
  id: 'SecretsUsedInArgOrEnv',
  severity: 'warning',
  scope: 'stage',
  buildkit: true,
  docs: {
    summary: 'Sensitive data should not be passed with ARG or ENV.',
    why: 'Build arguments and environment variables are stored in the image: anyone who can pull it sees them with `docker history` or `docker inspect`. Pass secrets with `RUN --mount=type=secret` instead.',
    example: 'FROM scratch\nARG AWS_SECRET_ACCESS_KEY\n',
    fixed: 'FROM alpine\nRUN --mount=type=secret,id=aws,env=AWS_SECRET_ACCESS_KEY aws s3 ls\n',
    references: buildCheckReferences('SecretsUsedInArgOrEnv', 'https://docs.docker.com/build/building/secrets/'),
  },
  check({ doc, report, stages }) {
    for (const stage of stages) {
      for (const ins of stage.instructions) {
        const d = ins.details;
        if (ins.name === 'ENV' && d.kind === 'keyValues') {
          for (const p of d.pairs) if (isSecretName(p.key.value)) report({ range: { start: p.key.start, end: p.key.end }, message: l(`Do not use ARG or ENV instructions for sensitive data (ENV "${p.key.value}")`, `민감한 데이터에 ARG나 ENV를 쓰지 마세요(ENV "${p.key.value}")`) });
        } else if (ins.name === 'ARG' && d.kind === 'arg') {
          for (const a of d.declarations) if (isSecretName(a.name.value)) report({ range: { start: a.name.start, end: a.name.end }, message: l(`Do not use ARG or ENV instructions for sensitive data (ARG "${a.name.value}")`, `민감한 데이터에 ARG나 ENV를 쓰지 마세요(ARG "${a.name.value}")`) });
        }
      }
    }
  },
};
