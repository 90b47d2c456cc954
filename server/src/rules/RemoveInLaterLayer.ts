/**
 * A RUN deletes files an earlier RUN/COPY/ADD of the same stage created: the
 * bytes stay in the earlier layer, the image is not smaller.
 */
import type { Instruction, TextRange } from '../parser';
import type { Fix, Rule } from './types';
import { addSourceKind, addSources, beforeGlob, withoutQuery } from '../model/sources';
import {
  CONTENTS, appendPoint, aptSubcommand, aptUpdates, normalizePath, programs, removedPaths, removes, resolveOperand, runScripts, shippedStages, underMount,
} from '../model/shellWords';
import { reportIn } from './util/shipping';
import type { ProgramCall, RunScript, ShellWord } from '../model/shellWords';
import { josa, l, type Text } from '../docs/locale';

interface Created {
  /** Absolute path; ends with `/` + CONTENTS for "what is inside this folder". */
  path: string;
  /** How to name it in messages. */
  display: string;
  ins: Instruction;
  related: TextRange;
  relatedMessage: Text;
  /** The creating RUN's command line, when it is a plain shell-form RUN. */
  run?: RunScript;
}

const LISTS = '/var/lib/apt/lists/' + CONTENTS;

const basename = (p: string) => {
  let end = p.length; // without trailing slashes (a loop: `/\/+$/` is quadratic on many slashes)
  while (end > 0 && p[end - 1] === '/') end--;
  const t = p.slice(0, end);
  return t.slice(t.lastIndexOf('/') + 1);
};

/** Short options of curl and wget that take an argument; `o` / `O` is the output file. */
const CURL_ARG = new Set('HdubXAecFKmrTwxECyYzUQtPo'.split(''));
const WGET_ARG = new Set('OoaPtTwQUeiBlARDIX'.split(''));

/** The files a curl/wget call writes (`-o FILE`, `-O FILE`, `--output FILE`, `--output-document=FILE`). */
function downloads(call: ProgramCall): ShellWord[] {
  const curl = call.name === 'curl';
  if (!curl && call.name !== 'wget') return [];
  const outChar = curl ? 'o' : 'O';
  const argChars = curl ? CURL_ARG : WGET_ARG;
  const out: ShellWord[] = [];
  const a = call.args;
  for (let i = 0; i < a.length; i++) {
    const v = a[i].value;
    if (v === '--output' || v === '--output-document') {
      if (a[i + 1]) out.push(a[++i]);
      continue;
    }
    if (v.startsWith('--output-document=') || v.startsWith('--output=')) {
      const val = v.slice(v.indexOf('=') + 1);
      out.push({ ...a[i], value: val, start: a[i].end - val.length });
      continue;
    }
    if (v.startsWith('-') && !v.startsWith('--') && v.length > 1) {
      for (let k = 1; k < v.length; k++) {
        if (!argChars.has(v[k])) continue;
        if (v[k] === outChar) {
          if (k + 1 < v.length) out.push({ ...a[i], value: v.slice(k + 1), start: a[i].end - (v.length - k - 1) });
          else if (a[i + 1]) out.push(a[i + 1]);
        }
        if (k + 1 === v.length) i++;
        break;
      }
    }
  }
  return out.filter((w) => w.value !== '-' && !w.dynamic);
}

function copyCreations(ins: Instruction, cwd: string | undefined, context: Parameters<Rule['check']>[0]['context']): Created[] {
  if (ins.details.kind !== 'copy' || ins.heredocs.length) return [];
  const dest = ins.details.destination;
  if (!dest || dest.value.includes('$')) return [];
  const destPath = dest.value.startsWith('/') ? dest.value : cwd ? cwd + '/' + dest.value : undefined;
  if (!destPath) return [];
  const sources = addSources(ins);
  const dirDest = /\/\.?$/.test(dest.value) || sources.length > 1;
  const out: Created[] = [];
  const related = { start: ins.start, end: ins.end };
  const verb = ins.name === 'ADD' ? 'added' : 'copied';
  const push = (path: string, display: string) => out.push({ path, display, ins, related, relatedMessage: l(`${verb} here`, ins.name === 'ADD' ? '여기서 추가함' : '여기서 복사함') });
  for (const s of sources) {
    if (s.value.includes('$')) continue;
    const kind = ins.name === 'ADD' ? addSourceKind(s, context) : 'local';
    if (kind === 'unknown') continue;
    if (kind === 'archive' || kind === 'git' || !dirDest) {
      // extracted archive, cloned repository, or a file/folder written at dest itself
      push(normalizePath(destPath) + (kind === 'archive' || kind === 'git' ? '/' + CONTENTS : ''), normalizePath(destPath));
      if (kind !== 'archive' && kind !== 'git') push(normalizePath(destPath) + '/' + CONTENTS, normalizePath(destPath));
      continue;
    }
    const name = kind === 'url' ? basename(withoutQuery(s.value)) : basename(s.value);
    if (/[*?[]/.test(name) || name === '' || name === '.' || name === '..') {
      push(normalizePath(destPath) + '/' + CONTENTS, normalizePath(destPath));
      continue;
    }
    const file = normalizePath(destPath + '/' + name);
    push(file, file);
    // a folder source copies its content, not itself
    if (kind === 'local' && !name.includes('.')) push(normalizePath(destPath) + '/' + CONTENTS, normalizePath(destPath));
  }
  return out;
}

export const RemoveInLaterLayer: Rule = {
  id: 'RemoveInLaterLayer',
  severity: 'warning',
  scope: 'stage',
  docs: {
    summary: 'Flags a RUN that deletes files an earlier RUN, COPY or ADD of the same stage created.',
    why:
      'Every RUN, COPY and ADD adds a layer, and a layer records only changes: deleting a file in a later layer hides it, but its bytes ' +
      'are still in the layer that created it, downloaded and stored with the image. Delete temporary files in the same RUN that ' +
      'creates them, or use a bind mount, a cache mount or a multi-stage build for files only the build needs. Only a hint in a stage ' +
      'that is not in the final image (neither the build target nor a stage it is built FROM: `COPY --from` takes files, not layers).',
    example: 'FROM debian:bookworm-slim\nCOPY app.tar.gz /tmp/\nRUN tar -xzf /tmp/app.tar.gz -C /opt && rm /tmp/app.tar.gz\n',
    fixed: 'FROM debian:bookworm-slim\nRUN --mount=type=bind,source=app.tar.gz,target=/tmp/app.tar.gz tar -xzf /tmp/app.tar.gz -C /opt\n',
    fix:
      'When a RUN only deletes what the plain shell-form RUN before it downloaded (`apt-get update` lists, `curl -o`/`wget -O` files), ' +
      'with nothing in between, moves the `rm` to the end of that RUN (`&& rm …`) and removes the later RUN. No fix otherwise.',
    fixSafety: 'Unsafe: the layers change (the files are never written, the point of the fix), and the instructions in between no longer see them.',
    references: ['https://docs.docker.com/build/building/best-practices/#minimize-the-number-of-layers', 'https://docs.docker.com/build/cache/', 'https://docs.docker.com/build/building/multi-stage/'],
  },
  check(ctx) {
    const { doc } = ctx;
    const shipped = shippedStages(doc, ctx.target);
    for (const stage of ctx.stages) {
      const report = reportIn(shipped.has(stage), ctx.report);
      let cwd: string | undefined;
      const created: Created[] = [];
      const list = stage.instructions;
      for (let n = 0; n < list.length; n++) {
        const ins = list[n];
        if (ins.name === 'WORKDIR') {
          const v = ins.args[0]?.value;
          cwd = !v || v.includes('$') ? undefined : v.startsWith('/') ? normalizePath(v) : cwd ? normalizePath(cwd + '/' + v) : undefined;
          continue;
        }
        if (ins.name === 'COPY' || ins.name === 'ADD') {
          if (ins.name === 'ADD' || !ins.flags.some((f) => f.name === 'parents')) created.push(...copyCreations(ins, cwd, ctx.context));
          continue;
        }
        if (ins.name !== 'RUN') continue;
        for (const rs of runScripts(doc, ins)) {
          const calls = programs(rs.script);
          const removed = removedPaths(calls, cwd);
          // what this RUN downloads itself, before each removal
          const own: Array<{ path: string; at: number; word?: ShellWord; display: string; call: ProgramCall }> = [];
          let changedDir = false;
          for (const c of calls) {
            if (c.name === 'cd' || c.name === 'pushd' || c.name === 'popd') changedDir = true;
            if (aptUpdates(c)) own.push({ path: LISTS, at: c.index, display: '/var/lib/apt/lists', call: c });
            for (const w of downloads(c)) {
              const p = resolveOperand(w, changedDir ? undefined : cwd);
              if (p) own.push({ path: p, at: c.index, word: w, display: p, call: c });
            }
          }
          for (const r of removed) {
            if (underMount(ins, beforeGlob(r.path) || '/')) continue;
            if (own.some((o) => o.at < r.call.index && removes(r.path, o.path))) continue;
            let source: Created | undefined;
            for (let k = created.length - 1; k >= 0 && !source; k--) if (removes(r.path, created[k].path)) source = created[k];
            if (!source) continue;
            const line = doc.lines.positionAt(source.ins.start).line + 1;
            report({
              range: { start: r.word.start, end: r.word.end },
              message: l(
                `\`${r.word.value}\` removes ${source.display === r.path ? 'what' : `${source.display}, which`} ${source.ins.name} on line ${line} created: its bytes stay in that layer and the image is not smaller. Delete it in the RUN that creates it, or use a mount or a multi-stage build.`,
                (source.display === r.path
                  ? `여기서 지우는 \`${r.word.value}\`은(는) ${line}번 줄의 ${josa(source.ins.name, '이')} 만든 것입니다.`
                  : `여기서 지우는 \`${r.word.value}\`에는 ${line}번 줄의 ${josa(source.ins.name, '이')} 만든 ${josa(source.display, '이')} 들어 있습니다.`) +
                  ' 그 바이트는 그 레이어에 그대로 남아 이미지가 작아지지 않습니다. 만드는 RUN에서 지우거나, 마운트나 멀티 스테이지 빌드를 쓰세요.',
              ),
              related: [{ range: source.related, message: source.relatedMessage }],
              fixes: mergeFix(doc.text, list, n, rs, calls, removed, source, created),
            });
          }
          // this RUN's downloads it does not delete itself stay in its layer
          const distclean = calls.filter((c) => /^dist-?clean$/.test(aptSubcommand(c)?.word.value ?? '')).map((c) => c.index);
          for (const o of own) {
            if (o.path === LISTS && distclean.some((i) => i > o.at)) continue;
            if (removed.some((r) => r.call.index > o.at && removes(r.path, o.path))) continue;
            if (underMount(ins, o.path.replace('/' + CONTENTS, ''))) continue;
            if (o.path === LISTS && underMount(ins, '/var/cache/apt')) continue;
            const related = o.word ?? { start: o.call.word.start, end: (aptSubcommand(o.call)?.word ?? o.call.word).end };
            created.push({ path: o.path, display: o.display, ins, related, relatedMessage: l('downloaded here', '여기서 내려받음'), run: rs.commandLine ? rs : undefined });
          }
        }
      }
    }
  },
};

const BETWEEN_OK = new Set(['ARG', 'ENV', 'LABEL', 'EXPOSE', 'CMD', 'ENTRYPOINT', 'HEALTHCHECK', 'STOPSIGNAL', 'MAINTAINER']);

/** Moves a RUN made only of `rm` calls into the end of the plain RUN that created what it removes. */
function mergeFix(text: string, list: Instruction[], n: number, rs: RunScript, calls: ProgramCall[], removed: Array<{ path: string; word: ShellWord }>, source: Created, created: Created[]): Fix[] | undefined {
  const ins = list[n];
  const e = source.ins;
  if (!source.run || e.flags.length || ins.flags.length || !rs.commandLine || ins.heredocs.length || rs.script.hasComment || rs.script.incomplete) return undefined;
  const at = appendPoint(e, source.run);
  if (at === undefined) return undefined;
  const cmds = rs.script.commands;
  if (!cmds.length || calls.length !== cmds.length || calls.some((c) => c.name !== 'rm' || c.assignments.length || c.word.value !== 'rm' || c.command.heredocs.length)) return undefined;
  if (cmds.some((c, i) => (i < cmds.length - 1 ? c.op !== '&&' && c.op !== ';' : c.op !== ''))) return undefined;
  // every operand is a known path that this very RUN created
  const ops = calls.reduce((k, c) => k + c.args.filter((a) => !a.value.startsWith('-')).length, 0);
  if (ops !== removed.length) return undefined;
  if (!removed.every((r) => created.some((c) => c.ins === e && removes(r.path, c.path)) && !created.some((c) => c.ins !== e && removes(r.path, c.path)))) return undefined;
  const k = list.indexOf(e);
  if (k < 0) return undefined;
  for (let j = k + 1; j < n; j++) if (!BETWEEN_OK.has(list[j].name)) return undefined;
  const moved = calls.map((c) => c.command.words.map((w) => text.slice(w.start, w.end)).join(' ')).join(' && ');
  if (/\n/.test(moved)) return undefined;
  // delete the whole RUN line(s)
  let from = ins.start;
  while (from > 0 && (text[from - 1] === ' ' || text[from - 1] === '\t')) from--;
  if (from > 0 && text[from - 1] !== '\n') return undefined;
  let to = ins.end;
  const nl = text.indexOf('\n', to);
  if (nl >= 0 && /^[ \t\r]*$/.test(text.slice(to, nl))) to = nl + 1;
  return [{ title: l('Move the rm into the RUN that creates the files', '파일을 만드는 RUN으로 rm 옮기기'), edits: [{ start: at, end: at, newText: ' && ' + moved }, { start: from, end: to, newText: '' }], preferred: true }];
}
