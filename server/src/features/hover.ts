/**
 * Hover: what the thing under the cursor really does in Docker. Instruction
 * keywords and flags (from the instruction table), variable references (where
 * defined, the value they have there, who expands them), stage references,
 * the image in FROM split into registry/namespace/repository:tag, parser
 * directives and heredoc markers. On CMD and ENTRYPOINT: `▶ argv`, what
 * `docker run IMAGE` executes for the stage (model/command.ts).
 */
import type { Hover, Position } from 'vscode-languageserver';
import { DIRECTIVE_DOCS, PREDEFINED_ARGS, flagDoc, instructionDoc } from '../docs/instructions';
import { stageBase, stageBaseEnv, type BaseEnvLookup } from '../model/baseEnv';
import { effectiveCommand, formatArgv } from '../model/command';
import type { DockerfileDocument } from '../model/document';
import type { StageInfo } from '../model/stages';
import { definitionsInScope, type VariableDefinition } from '../model/variables';
import { expandWith } from '../model/expand';
import { lastStartingBefore, type Flag, type Heredoc, type Instruction, type TextRange, type VariableUse } from '../parser';
import { parseImageReference } from '../model/imageReference';
import { l, t, type Lang } from '../docs/locale';

const within = (r: TextRange | undefined, offset: number) => !!r && r.start <= offset && offset <= r.end;
const code = (s: string) => '`' + s.replace(/`/g, '\\`') + '`';
const fence = (s: string) => '```dockerfile\n' + s + '\n```';

function result(doc: DockerfileDocument, range: TextRange, parts: string[]): Hover {
  return { contents: { kind: 'markdown', value: parts.filter((p) => p !== '').join('\n\n') }, range: doc.lines.rangeOf(range) };
}

/**
 * `baseEnv`: what is known of base images' Env (the variable hover says where a name comes from, or that it cannot tell).
 * `timing`: after a build, the markdown on the instruction whose first line (0-based) is given (layers/timeline.ts), '' for none.
 */
export function hover(doc: DockerfileDocument, position: Position, lang: Lang, baseEnv?: BaseEnvLookup, timing?: (line: number) => string): Hover | null {
  const offset = doc.lines.offsetAt(position);
  for (const d of doc.ast.directives) {
    if (within(d, offset)) return directiveHover(doc, d.name, d, lang);
  }
  const outer = doc.instructionAt(offset);
  if (!outer) return null;
  if (within(outer.keywordRange, offset)) return instructionHover(doc, outer, lang, commandLines(doc, outer, lang), timing?.(outer.startLine - 1) ?? '');
  const ins = outer.details.kind === 'onbuild' && outer.details.instruction ? outer.details.instruction : outer;
  if (ins !== outer && within(ins.keywordRange, offset)) return instructionHover(doc, ins, lang);

  for (const v of ins.variables) if (within(v, offset)) return variableHover(doc, v, lang, baseEnv);
  for (const f of ins.flags) if (within(f, offset)) return flagHover(doc, ins, f, offset, lang);
  for (const h of ins.heredocs) if (within(h, offset) || within(h.terminator, offset)) return heredocHover(doc, h, within(h, offset) ? h : h.terminator!, lang);

  if (ins === outer && ins.argsRange && within(ins.argsRange, offset)) {
    const command = commandLines(doc, ins, lang);
    if (command) return result(doc, ins.argsRange, [command]);
  }

  const d = ins.details;
  if (d.kind === 'from') {
    if (d.image && within(d.image, offset)) {
      const stage = earlierStage(doc, d.image.value, ins.start);
      if (stage) return stageHover(doc, stage, d.image, lang);
      return imageHover(doc, d.image.value, d.image, lang);
    }
    if (d.stageName && within(d.stageName, offset)) {
      const stage = doc.stages.stages.find((s) => s.from === ins);
      if (stage) return stageHover(doc, stage, d.stageName, lang);
    }
  }
  return null;
}

function earlierStage(doc: DockerfileDocument, name: string, before: number): StageInfo | undefined {
  const lower = name.toLowerCase();
  let found: StageInfo | undefined;
  for (const s of doc.stages.stages) {
    if (s.start >= before) break;
    if (s.name === lower) found = s;
  }
  // `--from=0` names a stage by index
  if (!found && /^\d+$/.test(name)) {
    const s = doc.stages.stages[Number(name)];
    if (s && s.start < before) found = s;
  }
  return found;
}

function directiveHover(doc: DockerfileDocument, name: string, range: TextRange, lang: Lang): Hover | null {
  const d = DIRECTIVE_DOCS.find((x) => x.name === name);
  if (!d) return null;
  return result(doc, range, [`**# ${d.name}** — ${t(d.summary, lang)}`, fence(d.syntax), `**${t(l('Example', '예'), lang)}**`, fence(d.example), `[${t(l('Dockerfile reference', 'Dockerfile 레퍼런스'), lang)}](${d.reference})`]);
}

/** Inline code that may itself contain backticks. */
function inlineCode(s: string): string {
  const fence = '`'.repeat(Math.max(0, ...(s.match(/`+/g) ?? []).map((r) => r.length)) + 1);
  return fence.length > 1 ? `${fence} ${s} ${fence}` : fence + s + fence;
}

/** For a CMD / ENTRYPOINT of a stage (not inside ONBUILD): what `docker run` executes, and where it comes from; '' otherwise. */
function commandLines(doc: DockerfileDocument, ins: Instruction, lang: Lang): string {
  if (ins.name !== 'CMD' && ins.name !== 'ENTRYPOINT') return '';
  const stage = doc.stageAt(ins.start);
  if (!stage) return '';
  const c = effectiveCommand(doc, stage);
  const what = c.argv ? inlineCode(formatArgv(c.argv)) : c.noCommand ? t(l('no command: `docker run` fails with "No command specified"', '명령 없음: `docker run`이 "No command specified" 오류로 실패합니다'), lang) : t(l('unknown here', '여기서는 알 수 없음'), lang);
  const lines = [`▶ ${what} — ${t(l('what `docker run` executes for this stage', '이 스테이지에서 `docker run`이 실행하는 명령'), lang)}`, c.note];
  const line = doc.lines.positionAt(ins.start).line;
  const inEffect = ins.name === 'CMD' ? c.cmdLine === line || c.cmdIgnored : c.entrypointLine === line;
  if (!inEffect) lines.push(t(l(`A later ${ins.name} in this stage replaces this one.`, `이 스테이지의 뒤쪽 ${ins.name}가 이것을 대신합니다.`), lang));
  return lines.join('  \n');
}

function instructionHover(doc: DockerfileDocument, ins: Instruction, lang: Lang, command = '', timing = ''): Hover | null {
  const d = instructionDoc(ins.name);
  if (!d) {
    return result(doc, ins.keywordRange, [t(l(`**${ins.keyword}** is not a Dockerfile instruction: \`docker build\` fails with "unknown instruction".`, `**${ins.keyword}**는 Dockerfile 명령어가 아닙니다. \`docker build\`가 "unknown instruction" 오류로 실패합니다.`), lang)]);
  }
  const parts = [`**${d.name}** — ${t(d.summary, lang)}`, timing, command];
  if (d.deprecated) parts.push(`⚠️ ${t(d.deprecated, lang)}`);
  parts.push(d.forms.map((f) => `${t(f.label, lang)}:\n${fence(f.syntax)}`).join('\n\n'));
  if (d.pitfalls.length) parts.push(`**${t(l('Pitfalls', '주의할 점'), lang)}**\n\n` + d.pitfalls.map((p) => `- ${t(p, lang)}`).join('\n'));
  parts.push(`**${t(l('Example', '예'), lang)}**\n\n${fence(d.example)}`);
  parts.push(`[${t(l('Dockerfile reference', 'Dockerfile 레퍼런스'), lang)}](${d.reference})`);
  return result(doc, ins.keywordRange, parts);
}

function flagHover(doc: DockerfileDocument, ins: Instruction, f: Flag, offset: number, lang: Lang): Hover | null {
  if (f.name === 'from' && f.valueRange && within(f.valueRange, offset) && f.value) {
    const stage = earlierStage(doc, f.value, ins.start);
    if (stage) return stageHover(doc, stage, f.valueRange, lang);
    return imageHover(doc, f.value, f.valueRange, lang);
  }
  const fd = flagDoc(ins.name, f.name);
  if (!fd) {
    return result(doc, f, [t(l(`\`--${f.name}\` is not a flag of ${ins.name}.`, `\`--${f.name}\`은(는) ${ins.name}의 플래그가 아닙니다.`), lang)]);
  }
  const parts = [`**--${fd.name}** — ${t(fd.summary, lang)}`, fence(fd.syntax)];
  if (fd.mountTypes && f.value !== undefined) {
    const type = /(?:^|,)type=([a-z]+)/.exec(f.value)?.[1] ?? 'bind';
    const mt = fd.mountTypes.find((m) => m.type === type);
    if (mt) {
      parts.push(`**type=${mt.type}** — ${t(mt.summary, lang)}`);
      parts.push(mt.options.map((o) => `- ${code(o.syntax)} — ${t(o.doc, lang)}`).join('\n'));
    }
  } else if (fd.values?.length) {
    parts.push(fd.values.map((v) => `- ${code(v.value)} — ${t(v.doc, lang)}`).join('\n'));
  }
  if (fd.since) parts.push(t(l(`Requires ${fd.since}.`, `${fd.since} 이상이 필요합니다.`), lang));
  parts.push(`[${t(l('Dockerfile reference', 'Dockerfile 레퍼런스'), lang)}](${fd.reference})`);
  return result(doc, f, parts);
}

/**
 * The value of each definition in order, expanded with the ones before it where
 * possible, with the file's escape character (as BuildKit: with `# escape=\``,
 * `` x`$y `` is `x$y`).
 */
function valuesOf(doc: DockerfileDocument, defs: VariableDefinition[]): Map<VariableDefinition, string | undefined> {
  const env = new Map<string, string>();
  const out = new Map<VariableDefinition, string | undefined>();
  for (const d of defs) {
    let value: string | undefined;
    if (d.value !== undefined) {
      value = expandWith(doc, d.value, env)?.result ?? d.value;
    } else {
      value = env.get(d.name); // `ARG NAME` keeps the default of the global ARG listed before it
    }
    out.set(d, value);
    if (value !== undefined) env.set(d.name, value);
  }
  return out;
}

const EXPANDED_BY = {
  buildkit: l('BuildKit substitutes it before the instruction runs.', 'BuildKit이 명령어를 실행하기 전에 값을 치환합니다.'),
  shell: l('Passed as is to the shell, which expands it when the command runs (build args and ENV are environment variables there).', '셸에 그대로 전달되어 명령이 실행될 때 셸이 확장합니다(빌드 인자와 ENV는 그 환경 변수로 보입니다).'),
  none: l('Exec form has no shell: the program receives the text literally, the variable is **not** expanded.', 'exec 형식에는 셸이 없어 프로그램이 글자 그대로 받습니다. 변수가 확장되지 **않습니다**.'),
};

/**
 * For a name no ARG or ENV of the file defines: whether the stage's base image declares it (its config
 * Env, BuildKit adds it to the stage), or that its Env is not known here, so UndefinedVar cannot tell.
 */
function baseImageLines(doc: DockerfileDocument, v: VariableUse, lang: Lang, lookup: BaseEnvLookup | undefined): string[] {
  const k = lastStartingBefore(doc.stages.stages, v.start, true);
  const stage = k < 0 ? undefined : doc.stages.stages[k];
  if (!stage || v.start > stage.end || v.start < stage.from.end) return [];
  const base = stageBase(doc, stage);
  if (!base || base.scratch) return [];
  const image = code(base.image ?? base.written);
  const status = stageBaseEnv(doc, stage, lookup);
  if (status?.known) {
    const value = status.env.get(v.name);
    if (value === undefined) {
      return [t(l(`The ENV of ${image} (from ${status.note}) does not define it either.`, `${image}의 ENV(${status.note})에도 정의되어 있지 않습니다.`), lang)];
    }
    const from = status.source === 'table'
      ? t(l(`value when the table was made: ${code(value)}`, `표를 만들 때의 값: ${code(value)}`), lang)
      : t(l(`value: ${code(value)}`, `값: ${code(value)}`), lang);
    return [t(l(`Defined by the base image ${image}: its ENV (from ${status.note}) sets it; ${from}.`, `베이스 이미지 ${image}가 정의합니다. 그 ENV(${status.note})에 있습니다. ${from}.`), lang)];
  }
  const why = status ? status.reason : t(l('it is being looked up', '조회하는 중입니다'), lang);
  return [t(l(
    `The ENV of ${image} is not known here (${why}), so UndefinedVar does not report this name unless it looks like a typo of a known one or is defined later in the stage.`,
    `여기서는 ${image}의 ENV를 알 수 없습니다(${why}). 그래서 UndefinedVar는 이 이름이 알려진 이름의 오타로 보이거나 스테이지 뒤쪽에서 정의될 때만 보고합니다.`,
  ), lang)];
}

function variableHover(doc: DockerfileDocument, v: VariableUse, lang: Lang, baseEnv?: BaseEnvLookup): Hover {
  const defs = definitionsInScope(doc, v.start);
  const values = valuesOf(doc, defs);
  let def: VariableDefinition | undefined;
  for (let i = defs.length - 1; i >= 0; i--) if (defs[i].name === v.name) { def = defs[i]; break; }
  const parts: string[] = [];
  const predefined = PREDEFINED_ARGS.find((p) => p.name === v.name);
  if (def) {
    const kind = def.kind === 'arg' ? t(l('build argument (ARG)', '빌드 인자(ARG)'), lang) : t(l('environment variable (ENV)', '환경 변수(ENV)'), lang);
    parts.push(`**${code('$' + v.name)}** — ${kind}${def.global ? t(l(', global', ', 전역'), lang) : ''}`);
    const line = doc.lines.positionAt(def.instruction.start).line + 1;
    parts.push(t(l(`Defined on line ${line}:`, `${line}번째 줄에서 정의:`), lang) + '\n' + fence(def.instruction.original.length > 200 ? def.instruction.original.slice(0, 200) + '…' : def.instruction.original));
    const value = values.get(def);
    if (value !== undefined) parts.push(t(l('Value here:', '여기서의 값:'), lang) + ' ' + code(value));
    else parts.push(t(l('No default value: empty unless given with `--build-arg`.', '기본값이 없습니다. `--build-arg`로 주지 않으면 빈 값입니다.'), lang));
    if (def.kind === 'arg') parts.push(t(l(`Overridable with \`docker build --build-arg ${v.name}=…\`. Not kept in the image.`, `\`docker build --build-arg ${v.name}=…\`로 바꿀 수 있습니다. 이미지에는 남지 않습니다.`), lang));
  } else if (predefined) {
    parts.push(`**${code('$' + v.name)}** — ${t(l('predefined build argument', '미리 정의된 빌드 인자'), lang)}`);
    parts.push(t(predefined.summary, lang));
    parts.push(t(l('Example value:', '값의 예:'), lang) + ' ' + code(predefined.example));
  } else {
    parts.push(`**${code('$' + v.name)}**`);
    parts.push(v.expandedBy === 'buildkit'
      ? t(l('Not defined here by ARG or ENV: BuildKit expands it to an empty string (or the default after `:-`).', '여기서는 ARG나 ENV로 정의되지 않았습니다. BuildKit이 빈 문자열(또는 `:-` 뒤의 기본값)로 확장합니다.'), lang)
      : t(l('Not defined here by ARG or ENV: only the environment of the image or the shell can set it.', '여기서는 ARG나 ENV로 정의되지 않았습니다. 이미지의 환경이나 셸만 값을 줄 수 있습니다.'), lang));
    parts.push(...baseImageLines(doc, v, lang, baseEnv));
  }
  if (v.modifier && v.word) parts.push(`${code(v.modifier)} ${code(v.word.value)}`);
  parts.push(t(EXPANDED_BY[v.expandedBy], lang));
  return result(doc, v, parts);
}

function stageHover(doc: DockerfileDocument, stage: StageInfo, range: TextRange, lang: Lang): Hover {
  const line = doc.lines.positionAt(stage.from.start).line + 1;
  const name = stage.name ?? `#${stage.index}`;
  return result(doc, range, [
    `**${t(l('Build stage', '빌드 스테이지'), lang)} ${code(name)}** (${t(l(`stage ${stage.index}, line ${line}`, `${stage.index}번 스테이지, ${line}번째 줄`), lang)})`,
    fence(stage.from.original),
    t(l(`${stage.instructions.length} instructions.`, `명령어 ${stage.instructions.length}개.`), lang),
  ]);
}

function imageHover(doc: DockerfileDocument, image: string, range: TextRange, lang: Lang): Hover | null {
  if (image.toLowerCase() === 'scratch') {
    return result(doc, range, [t(l('**scratch** — the empty image: the stage starts with no files at all.', '**scratch** — 빈 이미지입니다. 파일이 하나도 없는 상태에서 스테이지가 시작됩니다.'), lang)]);
  }
  const ref = parseImageReference(image);
  if (!ref) return null;
  const rows = [
    [t(l('Registry', '레지스트리'), lang), ref.registry + (ref.registryImplicit ? t(l(' (default)', ' (기본값)'), lang) : '')],
    [t(l('Namespace', '네임스페이스'), lang), ref.namespace ?? '—'],
    [t(l('Repository', '저장소'), lang), ref.repository],
    [t(l('Tag', '태그'), lang), (ref.tag ?? '—') + (ref.implicitTag ? t(l(' (implicit: no tag given)', ' (생략되어 자동으로 붙음)'), lang) : '')],
  ];
  if (ref.digest) rows.push([t(l('Digest', '다이제스트'), lang), ref.digest]);
  const parts = [
    `**${code(`${ref.registry}/${ref.path}${ref.tag && !ref.implicitTag ? ':' + ref.tag : ref.implicitTag ? ':latest' : ''}${ref.digest ? '@' + ref.digest : ''}`)}**`,
    `| | |\n|---|---|\n` + rows.map(([k, v]) => `| ${k} | ${code(v)} |`).join('\n'),
  ];
  if (ref.implicitTag) parts.push(t(l('Without a tag Docker pulls `latest`, which changes over time: pin a tag or digest for reproducible builds.', '태그가 없으면 Docker는 시간이 지나며 바뀌는 `latest`를 받습니다. 재현 가능한 빌드를 위해 태그나 다이제스트를 고정하세요.'), lang));
  if (ref.url) parts.push(`[${t(l('Open on the registry', '레지스트리에서 열기'), lang)}](${ref.url})`);
  return result(doc, range, parts);
}

function heredocHover(doc: DockerfileDocument, h: Heredoc, range: TextRange, lang: Lang): Hover {
  const lines = h.content === '' ? 0 : h.content.split('\n').length - (h.content.endsWith('\n') ? 1 : 0);
  const parts = [`**${t(l('Heredoc', '히어독'), lang)} ${code(h.name)}** — ${t(l(`${lines} lines`, `${lines}줄`), lang)}`];
  parts.push(h.expand
    ? t(l('Unquoted marker: variables in the body are expanded.', '구분자에 따옴표가 없어 본문의 변수가 확장됩니다.'), lang)
    : t(l('Quoted marker: the body is taken literally, no expansion.', '구분자에 따옴표가 있어 본문을 글자 그대로 사용하며 확장하지 않습니다.'), lang));
  if (h.chomp) parts.push(t(l('`<<-`: leading tabs are removed from each line.', '`<<-`: 각 줄의 앞쪽 탭을 제거합니다.'), lang));
  if (!h.terminator) parts.push(t(l(`⚠️ Not terminated: no line \`${h.name}\` ends it.`, `⚠️ 끝나지 않았습니다. \`${h.name}\` 줄이 없습니다.`), lang));
  return result(doc, range, parts);
}
