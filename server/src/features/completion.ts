/**
 * Completion that knows where the cursor is: instructions (only ARG/FROM
 * before the first FROM, directives at the top), flags of the instruction and
 * their values (`--mount=type=cache,target=`…), stage names, variables in
 * scope after `$`/`${`, images and tags in FROM, HEALTHCHECK CMD/NONE,
 * ONBUILD's instruction, STOPSIGNAL signals, EXPOSE protocols, exec-form
 * templates. Snippets with tab stops when the client supports them.
 */
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type Position, type Range } from 'vscode-languageserver';
import { COMMON_IMAGES, DIRECTIVE_DOCS, INSTRUCTION_DOCS, PREDEFINED_ARGS, SIGNALS, flagDoc, instructionDoc } from '../docs/instructions';
import type { InstructionDoc } from '../docs/types';
import type { DockerfileDocument } from '../model/document';
import { definitionsInScope } from '../model/variables';
import { lastStartingBefore, type Instruction } from '../parser';
import { l, t, type Lang } from '../docs/locale';

export interface CompletionOptions {
  lang: Lang;
  snippets: boolean;
}

/** Snippet bodies for instructions (tab stops); without snippet support the keyword and a space are inserted. */
const TEMPLATES: Record<string, string> = {
  FROM: 'FROM ${1:image}:${2:tag}${3: AS ${4:name}}',
  RUN: 'RUN ${1:command}',
  CMD: 'CMD ["${1:executable}", "${2:param}"]',
  ENTRYPOINT: 'ENTRYPOINT ["${1:executable}"${2:, "${3:param}"}]',
  COPY: 'COPY ${1:src} ${2:dest}',
  ADD: 'ADD ${1:src} ${2:dest}',
  ENV: 'ENV ${1:KEY}=${2:value}',
  ARG: 'ARG ${1:NAME}${2:=${3:default}}',
  LABEL: 'LABEL ${1:key}="${2:value}"',
  EXPOSE: 'EXPOSE ${1:8080}',
  WORKDIR: 'WORKDIR ${1:/app}',
  USER: 'USER ${1:app}',
  VOLUME: 'VOLUME ["${1:/data}"]',
  HEALTHCHECK: 'HEALTHCHECK --interval=${1:30s} --timeout=${2:5s} CMD ${3:curl -fsS http://localhost/ || exit 1}',
  STOPSIGNAL: 'STOPSIGNAL ${1:SIGTERM}',
  SHELL: 'SHELL ["${1:/bin/bash}", "${2:-c}"]',
  ONBUILD: 'ONBUILD ${1:instruction}',
  MAINTAINER: 'MAINTAINER ${1:name}',
};

/** Instructions in the order people reach for them. */
const ORDER = ['FROM', 'RUN', 'COPY', 'WORKDIR', 'ENV', 'ARG', 'CMD', 'ENTRYPOINT', 'EXPOSE', 'USER', 'LABEL', 'ADD', 'HEALTHCHECK', 'VOLUME', 'SHELL', 'STOPSIGNAL', 'ONBUILD', 'MAINTAINER'];

const PLATFORMS = ['linux/amd64', 'linux/arm64', 'linux/arm/v7', 'linux/arm/v6', 'linux/386', 'linux/ppc64le', 'linux/s390x', 'linux/riscv64', 'windows/amd64'];

const md = (value: string) => ({ kind: MarkupKind.Markdown, value });

function instructionItem(d: InstructionDoc, range: Range, opts: CompletionOptions, prefix = ''): CompletionItem {
  const template = TEMPLATES[d.name];
  const item: CompletionItem = {
    label: d.name,
    kind: CompletionItemKind.Keyword,
    detail: d.forms[0]?.syntax,
    documentation: md(t(d.summary, opts.lang)),
    sortText: String(ORDER.indexOf(d.name)).padStart(2, '0'),
    filterText: prefix + d.name,
    tags: d.deprecated ? [1 /* Deprecated */] : undefined,
  };
  if (opts.snippets && template) {
    item.textEdit = { range, newText: prefix + template };
    item.insertTextFormat = InsertTextFormat.Snippet;
  } else {
    item.textEdit = { range, newText: prefix + d.name + ' ' };
  }
  return item;
}

/** The instruction the cursor is in: the last one starting before it if the cursor's line belongs to it. */
function instructionAtCursor(doc: DockerfileDocument, offset: number, lineStart: number): Instruction | undefined {
  const list = doc.ast.instructions;
  const found = lastStartingBefore(list, offset);
  if (found < 0) return undefined;
  const ins = list[found];
  if (ins.start >= lineStart || offset <= ins.end) return ins;
  // a continuation line not yet holding text: the instruction's last content line ends with the escape char
  const text = doc.text;
  let p = lineStart;
  for (;;) {
    const prevEnd = p - 1; // the '\n' ending the previous line
    if (prevEnd < 0) return undefined;
    const prevStart = text.lastIndexOf('\n', prevEnd - 1) + 1;
    const line = text.slice(prevStart, prevEnd).replace(/\r$/, '');
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) {
      if (prevStart <= ins.start) return undefined;
      p = prevStart;
      continue;
    }
    const esc = doc.ast.escapeChar;
    let end = line.length; // without trailing blanks (a loop: `/[ \t]+$/` is quadratic on a long run of them)
    while (end > 0 && (line[end - 1] === ' ' || line[end - 1] === '\t')) end--;
    return line.slice(0, end).endsWith(esc) && prevStart <= ins.end + 1 ? ins : undefined;
  }
}

export function completion(doc: DockerfileDocument, position: Position, opts: CompletionOptions): CompletionItem[] {
  const text = doc.text;
  const offset = doc.lines.offsetAt(position);
  const lineStart = doc.lines.offsetAt({ line: position.line, character: 0 });
  const linePrefix = text.slice(lineStart, offset);
  const lang = opts.lang;

  const outer = instructionAtCursor(doc, offset, lineStart);
  const firstFrom = doc.ast.instructions.find((i) => i.name === 'FROM');
  const beforeFirstFrom = !firstFrom || firstFrom.start >= offset;

  if (!outer || outer.start >= offset) {
    // directives: `#` at the very top, before any instruction or plain comment
    const dm = /^\s*#\s*([a-zA-Z]*)$/.exec(linePrefix);
    if (dm) {
      const before = text.slice(0, lineStart);
      // BuildKit stops looking for directives at the first line that is not one
      const onlyDirectives = before.split('\n').slice(0, -1).every((ln) => /^\s*#\s*[a-zA-Z][a-zA-Z0-9]*\s*=/.test(ln));
      if (!onlyDirectives) return [];
      const seen = new Set(doc.ast.directives.map((d) => d.name));
      const wordStart = offset - dm[1].length;
      return DIRECTIVE_DOCS.filter((d) => !seen.has(d.name)).map((d) => ({
        label: d.name,
        kind: CompletionItemKind.Property,
        detail: d.syntax,
        documentation: md(t(d.summary, lang)),
        textEdit: { range: doc.lines.rangeOf({ start: wordStart, end: offset }), newText: opts.snippets ? `${d.name}=\${1:${d.name === 'syntax' ? 'docker/dockerfile:1' : d.name === 'escape' ? '`' : 'skip=all'}}` : `${d.name}=` },
        insertTextFormat: opts.snippets ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
      }));
    }
    const km = /^\s*([A-Za-z]*)$/.exec(linePrefix);
    if (!km) return [];
    const range = doc.lines.rangeOf({ start: offset - km[1].length, end: offset });
    const allowed = beforeFirstFrom ? ['ARG', 'FROM'] : ORDER;
    return INSTRUCTION_DOCS.filter((d) => allowed.includes(d.name)).map((d) => instructionItem(d, range, opts));
  }

  // the word under the cursor
  let wordStart = offset;
  while (wordStart > outer.start && !/\s/.test(text[wordStart - 1])) wordStart--;
  const word = text.slice(wordStart, offset);

  // ONBUILD <instruction>
  if (outer.name === 'ONBUILD') {
    const inner = outer.details.kind === 'onbuild' ? outer.details.instruction : undefined;
    if (!inner || offset <= inner.keywordRange.end) {
      if (!/^[A-Za-z]*$/.test(word)) return [];
      const range = doc.lines.rangeOf({ start: wordStart, end: offset });
      return INSTRUCTION_DOCS.filter((d) => !['ONBUILD', 'FROM', 'MAINTAINER'].includes(d.name)).map((d) => instructionItem(d, range, opts));
    }
    return argumentCompletion(doc, inner, offset, wordStart, word, opts);
  }
  if (offset <= outer.keywordRange.end) {
    const range = doc.lines.rangeOf({ start: outer.keywordRange.start, end: offset });
    const allowed = beforeFirstFrom ? ['ARG', 'FROM'] : ORDER;
    return INSTRUCTION_DOCS.filter((d) => allowed.includes(d.name)).map((d) => instructionItem(d, range, opts));
  }
  return argumentCompletion(doc, outer, offset, wordStart, word, opts);
}

function variableItems(doc: DockerfileDocument, offset: number, word: string, opts: CompletionOptions): CompletionItem[] | undefined {
  const m = /\$(\{?)([A-Za-z0-9_]*)$/.exec(word);
  if (!m) return undefined;
  const braced = m[1] === '{';
  const start = offset - m[2].length;
  const range = doc.lines.rangeOf({ start, end: offset });
  const close = braced && doc.text[offset] !== '}' ? '}' : '';
  const items = new Map<string, CompletionItem>();
  for (const def of definitionsInScope(doc, offset)) {
    items.set(def.name, {
      label: def.name,
      kind: def.kind === 'env' ? CompletionItemKind.Variable : CompletionItemKind.Constant,
      detail: def.kind === 'env' ? 'ENV' : def.global ? 'ARG (global)' : 'ARG',
      documentation: md('```dockerfile\n' + def.instruction.original + '\n```'),
      textEdit: { range, newText: def.name + close },
      sortText: '0' + def.name,
    });
  }
  const stage = doc.stageAt(offset);
  const onFrom = !stage || stage.from.end >= offset;
  for (const p of PREDEFINED_ARGS) {
    if (items.has(p.name)) continue;
    // platform ARGs are automatic in FROM lines; elsewhere they must be declared first
    if (!p.platform && !onFrom) continue;
    items.set(p.name, {
      label: p.name,
      kind: CompletionItemKind.Constant,
      detail: t(l('predefined ARG', '미리 정의된 ARG'), opts.lang),
      documentation: md(t(p.summary, opts.lang) + '\n\n`' + p.example + '`'),
      textEdit: { range, newText: p.name + close },
      sortText: '1' + p.name,
    });
  }
  return [...items.values()];
}

function stageNames(doc: DockerfileDocument, before: number): string[] {
  return doc.stages.stages.filter((s) => s.start < before && s.name).map((s) => s.name!);
}

/**
 * The stages a `COPY --from=` / `RUN --mount=…,from=` at `offset` can name, as
 * completion values: the earlier stages, nearest first, a named one by its
 * name and, with `byIndex` (COPY --from), an unnamed one by its index. Never
 * the stage the instruction is in nor a later one. Docker 20.10, checked in
 * test/integration/completionFrom.test.ts: BuildKit fails on the stage itself
 * ("circular dependency detected on stage: app") and copies from a later
 * stage's base image without its instructions ("/later" not found); the legacy
 * builder takes either for an image to pull ("invalid from flag value");
 * a mount's `from=1` is an image name for BuildKit (docker.io/library/1).
 */
function earlierStageValues(doc: DockerfileDocument, offset: number, lang: Lang, byIndex: boolean): Array<{ value: string; doc: string; kind: CompletionItemKind }> {
  const current = doc.stageAt(offset);
  const earlier = doc.stages.stages.filter((s) => (current ? s.index < current.index : s.start < offset) && (s.name || byIndex));
  return earlier.reverse().map((s) => ({
    value: s.name ?? String(s.index),
    doc: t(l(`build stage ${s.index}: \`FROM ${s.image ?? ''}\``, `빌드 스테이지 ${s.index}: \`FROM ${s.image ?? ''}\``), lang),
    kind: CompletionItemKind.Reference,
  }));
}

function valueItems(values: Array<{ value: string; doc?: string; kind?: CompletionItemKind }>, range: Range, prefix = ''): CompletionItem[] {
  return values.map((v, i) => ({
    label: v.value,
    kind: v.kind ?? CompletionItemKind.Value,
    documentation: v.doc ? md(v.doc) : undefined,
    textEdit: { range, newText: prefix + v.value },
    filterText: prefix + v.value,
    sortText: String(i).padStart(3, '0'),
  }));
}

function argumentCompletion(doc: DockerfileDocument, ins: Instruction, offset: number, wordStart: number, word: string, opts: CompletionOptions): CompletionItem[] {
  const lang = opts.lang;
  const vars = variableItems(doc, offset, word, opts);
  if (vars) return vars;
  const text = doc.text;
  const d = instructionDoc(ins.name);
  if (!d) return [];

  // are we still in the flags area? (every word before this one, after the keyword, is a --flag)
  const between = text.slice(ins.keywordRange.end, wordStart).replace(/\\\r?\n/g, ' ').trim();
  const inFlagArea = between === '' || between.split(/\s+/).every((w) => w.startsWith('--'));

  if (inFlagArea && word.startsWith('--')) {
    const eq = word.indexOf('=');
    if (eq < 0) {
      const used = new Set(ins.flags.map((f) => f.name));
      const range = doc.lines.rangeOf({ start: wordStart, end: offset });
      return d.flags
        .filter((f) => f.repeatable || !used.has(f.name) || `--${f.name}` === word)
        .map((f) => ({
          label: `--${f.name}`,
          kind: CompletionItemKind.Property,
          detail: f.syntax,
          documentation: md(t(f.summary, lang)),
          textEdit: { range, newText: `--${f.name}=` },
          command: { title: 'suggest', command: 'editor.action.triggerSuggest' },
        }));
    }
    return flagValueCompletion(doc, ins, word.slice(2, eq), word.slice(eq + 1), offset, opts);
  }

  const range = doc.lines.rangeOf({ start: wordStart, end: offset });
  // index of the argument under the cursor, flags excluded
  const argIndex = inFlagArea ? 0 : between.split(/\s+/).filter((w) => !w.startsWith('--')).length;

  switch (ins.name) {
    case 'FROM': {
      if (argIndex === 0) {
        const colon = word.lastIndexOf(':');
        if (colon > 0 && !word.includes('$')) {
          const image = COMMON_IMAGES.find((i) => i.name === word.slice(0, colon));
          if (!image) return [];
          const tagRange = doc.lines.rangeOf({ start: wordStart + colon + 1, end: offset });
          return valueItems(image.tags.map((tag) => ({ value: tag })), tagRange);
        }
        const flags = word === '' ? d.flags.map((f) => ({ label: `--${f.name}`, kind: CompletionItemKind.Property, detail: f.syntax, textEdit: { range, newText: `--${f.name}=` }, sortText: '9' })) : [];
        const stages = stageNames(doc, ins.start).map((s) => ({ value: s, doc: t(l('build stage', '빌드 스테이지'), lang), kind: CompletionItemKind.Reference }));
        const images = COMMON_IMAGES.map((i) => ({ value: i.name, doc: t(i.summary, lang), kind: CompletionItemKind.Module }));
        return [...valueItems([...stages, ...images], range), ...flags];
      }
      if (argIndex === 1) return valueItems([{ value: 'AS', kind: CompletionItemKind.Keyword }], range);
      return [];
    }
    case 'HEALTHCHECK': {
      if (argIndex === 0) {
        const flags = d.flags.filter((f) => !ins.flags.some((u) => u.name === f.name)).map((f) => ({ label: `--${f.name}`, kind: CompletionItemKind.Property, detail: f.syntax, documentation: md(t(f.summary, lang)), textEdit: { range, newText: `--${f.name}=` }, sortText: '9' }));
        return [
          ...valueItems([
            { value: 'CMD', doc: t(l('Run this command to check the container (exit 0 = healthy, 1 = unhealthy).', '이 명령으로 컨테이너를 검사합니다(종료 코드 0 = 정상, 1 = 비정상).'), lang), kind: CompletionItemKind.Keyword },
            { value: 'NONE', doc: t(l('Disable any health check inherited from the base image.', '베이스 이미지에서 물려받은 헬스 체크를 끕니다.'), lang), kind: CompletionItemKind.Keyword },
          ], range),
          ...flags,
        ];
      }
      if (argIndex === 1 && opts.snippets && word === '') return [execTemplate(range)];
      return [];
    }
    case 'STOPSIGNAL':
      return argIndex === 0 ? valueItems(SIGNALS.map((s) => ({ value: s, kind: CompletionItemKind.EnumMember })), range) : [];
    case 'EXPOSE': {
      const m = /^(\d+(?:-\d+)?)\/([a-z]*)$/.exec(word);
      if (!m) return [];
      const pr = doc.lines.rangeOf({ start: offset - m[2].length, end: offset });
      return valueItems([{ value: 'tcp' }, { value: 'udp' }], pr);
    }
    case 'CMD':
    case 'ENTRYPOINT':
    case 'RUN':
    case 'SHELL': {
      if (word !== '' || argIndex !== 0) return [];
      const items: CompletionItem[] = [];
      if (opts.snippets) items.push(execTemplate(range));
      if (ins.name === 'RUN' && inFlagArea) {
        for (const f of d.flags) items.push({ label: `--${f.name}`, kind: CompletionItemKind.Property, detail: f.syntax, documentation: md(t(f.summary, lang)), textEdit: { range, newText: `--${f.name}=` }, sortText: '9' });
      }
      return items;
    }
    case 'COPY':
    case 'ADD':
      if (inFlagArea && word === '') {
        return d.flags.filter((f) => f.repeatable || !ins.flags.some((u) => u.name === f.name)).map((f) => ({ label: `--${f.name}`, kind: CompletionItemKind.Property, detail: f.syntax, documentation: md(t(f.summary, lang)), textEdit: { range, newText: `--${f.name}=` }, sortText: '9' }));
      }
      return [];
    default:
      return [];
  }
}

function execTemplate(range: Range): CompletionItem {
  return {
    label: '["executable", "param"]',
    kind: CompletionItemKind.Snippet,
    detail: 'exec form',
    textEdit: { range, newText: '["${1:executable}", "${2:param}"]' },
    insertTextFormat: InsertTextFormat.Snippet,
    sortText: '0',
  };
}

function flagValueCompletion(doc: DockerfileDocument, ins: Instruction, flag: string, value: string, offset: number, opts: CompletionOptions): CompletionItem[] {
  const lang = opts.lang;
  const fd = flagDoc(ins.name, flag);
  if (!fd) return [];
  const valueStart = offset - value.length;
  if (fd.mountTypes) {
    const parts = value.split(',');
    const current = parts[parts.length - 1];
    const currentStart = offset - current.length;
    const eq = current.indexOf('=');
    const type = /(?:^|,)type=([a-z]+)/.exec(value)?.[1];
    if (eq >= 0) {
      const key = current.slice(0, eq);
      const r = doc.lines.rangeOf({ start: currentStart + eq + 1, end: offset });
      if (key === 'type') return valueItems(fd.mountTypes.map((m) => ({ value: m.type, doc: t(m.summary, lang), kind: CompletionItemKind.EnumMember })), r);
      // earlier stages nearest first, then images (a mount's `from` takes either)
      if (key === 'from') return valueItems([...earlierStageValues(doc, ins.start, lang, false), ...COMMON_IMAGES.map((i) => ({ value: i.name, doc: t(i.summary, lang), kind: CompletionItemKind.Module }))], r);
      if (key === 'sharing') return valueItems(['shared', 'private', 'locked'].map((v) => ({ value: v, kind: CompletionItemKind.EnumMember })), r);
      return [];
    }
    const r = doc.lines.rangeOf({ start: currentStart, end: offset });
    if (!type) return valueItems(fd.mountTypes.map((m) => ({ value: `type=${m.type}`, doc: t(m.summary, lang), kind: CompletionItemKind.EnumMember })), r);
    const mt = fd.mountTypes.find((m) => m.type === type);
    if (!mt) return [];
    const usedKeys = new Set(parts.slice(0, -1).map((p) => p.split('=')[0]));
    return mt.options.filter((o) => !usedKeys.has(o.key)).map((o, i) => ({
      label: o.key,
      kind: CompletionItemKind.Property,
      detail: o.syntax,
      documentation: md(t(o.doc, lang)),
      textEdit: { range: r, newText: o.syntax.includes('=') ? `${o.key}=` : o.key },
      sortText: String(i).padStart(3, '0'),
      command: o.syntax.includes('=') ? { title: 'suggest', command: 'editor.action.triggerSuggest' } : undefined,
    }));
  }
  const range = doc.lines.rangeOf({ start: valueStart, end: offset });
  if (flag === 'from' && (ins.name === 'COPY' || ins.name === 'ADD')) {
    // earlier stages nearest first, then images
    const images = COMMON_IMAGES.map((i) => ({ value: i.name, doc: t(i.summary, lang), kind: CompletionItemKind.Module }));
    return valueItems([...earlierStageValues(doc, ins.start, lang, true), ...images], range);
  }
  const values: Array<{ value: string; doc?: string; kind?: CompletionItemKind }> = (fd.values ?? []).map((v) => ({ value: v.value, doc: t(v.doc, lang), kind: CompletionItemKind.EnumMember }));
  if (flag === 'platform') {
    for (const p of PLATFORMS) if (!values.some((v) => v.value === p)) values.push({ value: p, kind: CompletionItemKind.EnumMember });
  }
  return valueItems(values, range);
}
