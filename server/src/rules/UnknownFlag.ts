/**
 * UnknownFlag: a `--flag` the instruction does not take. BuildKit's BFlags
 * parser fails with `unknown flag: name` (flag names are case-sensitive).
 * The valid flags come from the instruction table (server/src/docs/instructions.ts).
 * A known flag that needs a newer `# syntax=docker/dockerfile:1.x` than the
 * file asks for is reported as information.
 */
import { instructionDoc } from '../docs/instructions';
import type { FlagDoc } from '../docs/types';
import type { DockerfileDocument } from '../model/document';
import { detectSyntax, type Instruction } from '../parser';
import type { Rule } from './types';
import { allInstructions, suggest } from './UnknownInstruction';

/** Instructions whose flags BuildKit never parses: anything given is silently ignored. */
const FLAGS_IGNORED = new Set(['ARG', 'STOPSIGNAL']);

export interface SyntaxVersion {
  major: number;
  /** Infinity for a floating tag such as `docker/dockerfile:1`. */
  minor: number;
  labs: boolean;
  /** The directive's value as written. */
  ref: string;
}

/** The docker/dockerfile frontend version the `# syntax=` directive asks for, if it names one. */
export function syntaxVersion(doc: DockerfileDocument): SyntaxVersion | undefined {
  const d = detectSyntax(doc.text);
  if (!d) return undefined;
  const m = /^(?:docker\.io\/)?docker\/dockerfile(?:-upstream)?:(\d+)(?:\.(\d+))?(?:\.\d+)?(-labs)?(?:@.*)?$/.exec(d.ref);
  if (!m) return undefined;
  return { major: Number(m[1]), minor: m[2] === undefined ? Infinity : Number(m[2]), labs: m[3] !== undefined, ref: d.ref };
}

/** The first docker/dockerfile version a flag's `since` names, and the labs channel that had it earlier. */
function parseSince(since: string): { major: number; minor: number; labsOnly: boolean; labs?: { major: number; minor: number } } | undefined {
  const m = /docker\/dockerfile:(\d+)\.(\d+)(-labs)?/.exec(since);
  if (!m) return undefined;
  const e = /earlier only in docker\/dockerfile:(\d+)(?:\.(\d+))?-labs/.exec(since);
  return {
    major: Number(m[1]),
    minor: Number(m[2]),
    labsOnly: m[3] !== undefined,
    labs: m[3] ? { major: Number(m[1]), minor: Number(m[2]) } : e ? { major: Number(e[1]), minor: e[2] === undefined ? 0 : Number(e[2]) } : undefined,
  };
}

const atLeast = (v: SyntaxVersion, major: number, minor: number) => v.major > major || (v.major === major && v.minor >= minor);

/** Whether the pinned syntax `v` is too old for `flag`; returns the version it needs. */
export function neededSyntax(flag: FlagDoc, v: SyntaxVersion | undefined): string | undefined {
  if (!v || !flag.since) return undefined;
  const s = parseSince(flag.since);
  if (!s) return undefined;
  if (v.labs && s.labs && atLeast(v, s.labs.major, s.labs.minor)) return undefined;
  if (!s.labsOnly && atLeast(v, s.major, s.minor)) return undefined;
  return `docker/dockerfile:${s.major}.${s.minor}${s.labsOnly ? '-labs' : ''}`;
}

/** HEALTHCHECK NONE: BuildKit does not parse the flags at all. */
export function flagsIgnored(ins: Instruction): boolean {
  if (FLAGS_IGNORED.has(ins.name)) return true;
  return ins.details.kind === 'healthcheck' && ins.details.type?.value.toUpperCase() === 'NONE';
}

export const UnknownFlag: Rule = {
  id: 'UnknownFlag',
  severity: 'error',
  docs: {
    summary: 'Reports a `--flag` that the instruction does not accept.',
    why: 'BuildKit checks the flags of every instruction before the build starts; a flag the instruction does not define (flag names are case-sensitive) fails the build with `unknown flag: name`. Flags added in later Dockerfile versions also fail when the `# syntax=` directive pins an older frontend.',
    example: 'FROM golang:1.23 AS build\nRUN go build -o /out/app .\n\nFROM alpine:3.21\nCOPY --form=build /out/app /usr/local/bin/app\n',
    fixed: 'FROM golang:1.23 AS build\nRUN go build -o /out/app .\n\nFROM alpine:3.21\nCOPY --from=build /out/app /usr/local/bin/app\n',
    fix: 'Renames the flag to the one BuildKit suggests, when exactly one valid flag lies within two edits (or differs only in case).',
    references: ['https://docs.docker.com/reference/dockerfile/'],
  },
  check(ctx) {
    let version: SyntaxVersion | undefined | null = null; // looked up on the first flag that has a `since`
    for (const ins of allInstructions(ctx.doc)) {
      const idoc = instructionDoc(ins.name);
      if (!idoc || ins.flags.length === 0) continue;
      const names = idoc.flags.map((f) => f.name);
      for (const f of ins.flags) {
        if (ins.details.kind === 'healthcheck' && ins.details.type?.value.toUpperCase() === 'NONE') break;
        const fd = idoc.flags.find((x) => x.name === f.name);
        if (fd && !FLAGS_IGNORED.has(ins.name)) {
          if (fd.since && version === null) version = syntaxVersion(ctx.doc);
          const need = neededSyntax(fd, version ?? undefined);
          if (need) {
            ctx.report({
              range: f.nameRange,
              message: `--${f.name} needs ${need} or later; the syntax directive asks for ${version!.ref}`,
              severity: 'information',
            });
          }
          continue;
        }
        if (FLAGS_IGNORED.has(ins.name)) {
          ctx.report({ range: f, message: `flag --${f.name} is ignored: ${ins.name} takes no flags`, severity: 'warning', tags: ['unnecessary'] });
          continue;
        }
        const caseMatch = names.find((n) => n.toLowerCase() === f.name.toLowerCase());
        const s = suggest(f.name, names, true);
        const hint = caseMatch ?? s?.match;
        const fixable = caseMatch ?? (s && s.unique && s.distance <= 2 ? s.match : undefined);
        ctx.report({
          range: f.name ? f.nameRange : f,
          message: `unknown flag: ${f.name}${hint ? ` (did you mean ${hint}?)` : ''}`,
          fixes: fixable ? [{ title: `Change to --${fixable}`, edits: [{ ...f.nameRange, newText: fixable }], preferred: true }] : undefined,
        });
      }
    }
  },
};
