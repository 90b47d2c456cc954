/**
 * The image config a stage ends with — ENTRYPOINT, CMD and SHELL — and the
 * effective container command: the argv `docker run IMAGE` executes. The one
 * replay of CMD / ENTRYPOINT / SHELL: the rules (through `replayConfig`), the
 * hover, the code lens and the `layers` report all read it here.
 *
 * Docker's rules (https://docs.docker.com/reference/dockerfile/#understand-how-cmd-and-entrypoint-interact,
 * and the CMD, ENTRYPOINT, SHELL and ONBUILD sections of the same reference), as
 * BuildKit's dispatcher applies them (dispatchCmd / dispatchEntrypoint / withShell /
 * dispatchOnBuildTriggers in frontend/dockerfile/dockerfile2llb), checked with
 * `docker inspect` on Docker 20.10, BuildKit and the legacy builder alike
 * (test/integration/command.test.ts):
 * - exec form (a valid JSON string array) is stored as is; anything else,
 *   invalid JSON included (`CMD [bad`), is shell form: the SHELL in effect at
 *   that instruction (default `["/bin/sh", "-c"]`) followed by the command
 *   string, baked into the image config at build time. The command string is
 *   the instruction's arguments with line continuations and comment lines
 *   removed (what BuildKit's parser keeps); variables are not expanded.
 * - Only the last CMD and the last ENTRYPOINT count, and the container runs
 *   the stored Entrypoint followed by the stored Cmd. With a shell-form
 *   ENTRYPOINT that is `/bin/sh -c script cmd0 cmd1…`: the CMD arrives as the
 *   script's `$0`, `$1`, …, and is lost unless the script reads them.
 * - With neither, `docker run` fails: "No command specified". `CMD []` stores
 *   an empty (BuildKit: null) Cmd, the same.
 * - `CMD` / `ENTRYPOINT` without arguments: BuildKit stores the shell with an
 *   empty command (`/bin/sh -c ""`), as here; the legacy builder differs.
 * - A stage built FROM another stage starts from that stage's config: its
 *   ENTRYPOINT, CMD and SHELL; then that stage's ONBUILD triggers run, as the
 *   new stage's first instructions (a trigger CMD counts as set by the stage,
 *   a trigger ENTRYPOINT resets an inherited CMD). Triggers are consumed: a
 *   grandchild gets them only through the config its parent ended with.
 *   "If CMD is defined from the base image, setting ENTRYPOINT will reset CMD
 *   to an empty value": an ENTRYPOINT clears the CMD unless the stage itself
 *   set a CMD before it.
 * - A stage FROM an external image inherits that image's ENTRYPOINT and CMD,
 *   which are not known here; FROM scratch inherits nothing. A Linux image is
 *   assumed: no SHELL inherited from the external image.
 */
import type { Instruction } from '../parser';
import type { EffectiveCommand } from '../protocol/layers';
import type { DockerfileDocument } from './document';
import type { StageInfo } from './stages';

const DEFAULT_SHELL = ['/bin/sh', '-c'];

/** The CMD / ENTRYPOINT / SHELL instructions in effect (set in this file, ONBUILD triggers included). */
export interface ImageConfig {
  /** The ENTRYPOINT in effect, if set in this file. */
  entrypoint: Instruction | undefined;
  /** The CMD in effect, if set in this file (an ENTRYPOINT set without a CMD before it resets CMD). */
  cmd: Instruction | undefined;
  /** A SHELL instruction in effect. */
  shell: Instruction | undefined;
}

/** An instruction as BuildKit dispatches it into a stage: its own, or an ONBUILD trigger of the stage it is built FROM. */
export interface Dispatched {
  ins: Instruction;
  /** The ONBUILD (of the parent stage) this instruction is the trigger of. */
  onbuild: Instruction | undefined;
}

/** The ONBUILD triggers a stage built FROM `parent` runs first (ONBUILD ONBUILD is refused by Docker: skipped). */
function triggersOf(parent: StageInfo): Dispatched[] {
  const out: Dispatched[] = [];
  for (const ins of parent.instructions) {
    if (ins.details.kind !== 'onbuild' || !ins.details.instruction) continue;
    const inner = ins.details.instruction;
    if (inner.name === 'ONBUILD' || inner.name === 'FROM' || inner.name === 'MAINTAINER') continue;
    out.push({ ins: inner, onbuild: ins });
  }
  return out;
}

/** What BuildKit dispatches for `stage`: the ONBUILD triggers of the stage it is built FROM, then its own instructions. */
export function dispatchedInstructions(stage: StageInfo): Dispatched[] {
  const own = stage.instructions.map((ins) => ({ ins, onbuild: undefined }));
  return stage.baseStage && stage.baseStage !== stage ? [...triggersOf(stage.baseStage), ...own] : own;
}

/** A CMD or ENTRYPOINT as stored in the image config. */
interface Part {
  ins: Instruction;
  /** The stage that dispatched it. */
  stage: StageInfo;
  /** The parent's ONBUILD it is the trigger of. */
  onbuild: Instruction | undefined;
  argv: string[];
  execForm: boolean;
  /** The SHELL instruction a shell-form command was resolved with; undefined for the default shell. */
  shell: Instruction | undefined;
}

interface Config {
  entrypoint: Part | undefined;
  cmd: Part | undefined;
  shell: { argv: string[]; ins: Instruction | undefined };
  /** The external base image's ENTRYPOINT / CMD still apply (unknown here). */
  baseEntrypoint: boolean;
  baseCmd: boolean;
  /** The ENTRYPOINT in effect cleared an inherited CMD. */
  reset: { cmd: Part | undefined } | undefined;
}

function resolve(d: Dispatched, stage: StageInfo, shell: Config['shell']): Part {
  const { ins, onbuild } = d;
  const values = ins.args.map((a) => a.value);
  if (ins.form === 'exec') return { ins, stage, onbuild, argv: values, execForm: true, shell: undefined };
  // handleJSONArgs joins the arguments into one string; withShell prepends the shell
  return { ins, stage, onbuild, argv: [...shell.argv, values.join(' ')], execForm: false, shell: shell.ins };
}

/** The FROM chain of `stage`, root first (a cycle, which Docker refuses, is cut). */
function chainOf(stage: StageInfo): StageInfo[] {
  const chain: StageInfo[] = [];
  const seen = new Set<StageInfo>();
  for (let s: StageInfo | undefined = stage; s && !seen.has(s); s = s.baseStage) {
    seen.add(s);
    chain.unshift(s);
  }
  return chain;
}

const toImageConfig = (c: Config): ImageConfig => ({ entrypoint: c.entrypoint?.ins, cmd: c.cmd?.ins, shell: c.shell.ins });

/**
 * Replays the FROM chain of `stage` the way BuildKit's dispatcher does. `visit` sees each of the
 * stage's own instructions (not its triggers) with the config in effect just before it, and whether
 * the stage set a CMD already.
 */
function replay(stage: StageInfo, visit?: (ins: Instruction, before: ImageConfig, cmdSet: boolean) => void): { config: Config; root: StageInfo } {
  const chain = chainOf(stage);
  const root = chain[0];
  const external = root.image?.toLowerCase() !== 'scratch';
  const c: Config = { entrypoint: undefined, cmd: undefined, shell: { argv: DEFAULT_SHELL, ins: undefined }, baseEntrypoint: external, baseCmd: external, reset: undefined };
  for (const s of chain) {
    let cmdSet = false;
    for (const d of dispatchedInstructions(s)) {
      const ins = d.ins;
      if (visit && s === stage && !d.onbuild) visit(ins, toImageConfig(c), cmdSet);
      if (ins.name === 'SHELL') {
        // shell-form or empty SHELL fails the build; the shell in effect stays
        if (ins.form === 'exec' && ins.args.length > 0) c.shell = { argv: ins.args.map((a) => a.value), ins };
      } else if (ins.name === 'CMD') {
        c.cmd = resolve(d, s, c.shell);
        c.baseCmd = false;
        c.reset = undefined;
        cmdSet = true;
      } else if (ins.name === 'ENTRYPOINT') {
        c.entrypoint = resolve(d, s, c.shell);
        c.baseEntrypoint = false;
        if (!cmdSet) {
          c.reset = c.cmd || c.baseCmd ? { cmd: c.cmd } : undefined;
          c.cmd = undefined;
          c.baseCmd = false;
        }
      }
    }
  }
  return { config: c, root };
}

/**
 * The CMD / ENTRYPOINT / SHELL a stage ends with, replayed from the first stage of its FROM chain
 * with the ONBUILD triggers each stage runs. `visit` sees each of the stage's own instructions with
 * the config in effect just before it (see `replay`).
 */
export function replayConfig(stage: StageInfo, visit?: (ins: Instruction, before: ImageConfig, cmdSet: boolean) => void): ImageConfig {
  return toImageConfig(replay(stage, visit).config);
}

/**
 * Whether a `sh -c` script reads its positional parameters (`$0`, `$1`, `${2}`, `$@`, `$*`, `$#`),
 * which is how the words after the script (a CMD after a shell-form ENTRYPOINT) reach it. Text in
 * single quotes is not expanded by the shell and does not count.
 */
export function readsPositionalArgs(script: string): boolean {
  let quoted = false;
  for (let i = 0; i < script.length; i++) {
    const ch = script[i];
    if (ch === "'" && !quoted) {
      const end = script.indexOf("'", i + 1);
      if (end < 0) return false;
      i = end;
    } else if (ch === '"') quoted = !quoted;
    else if (ch === '\\') i++;
    else if (ch === '$' && /^\{?[#@*0-9]/.test(script.slice(i + 1, i + 3))) return true;
  }
  return false;
}

const stageLabel = (s: StageInfo) => `stage ${s.name ?? s.index}`;
const lineOf = (doc: DockerfileDocument, ins: Instruction) => doc.lines.positionAt(ins.start).line;

/** The effective command of `stage`: ENTRYPOINT + CMD as `docker run IMAGE` runs them, with where each part comes from. */
export function effectiveCommand(doc: DockerfileDocument, stage: StageInfo): EffectiveCommand {
  const { config: c, root } = replay(stage);
  const image = root.image ? `the base image ${root.image}` : 'the base image';
  const where = (p: Part) => {
    const line = `line ${lineOf(doc, p.ins) + 1}` + (p.shell ? `, shell form run by the SHELL of line ${lineOf(doc, p.shell) + 1}` : '');
    if (p.onbuild) {
      const from = p.stage.baseStage ? stageLabel(p.stage.baseStage) : 'the parent stage';
      return `${p.ins.name} of an ONBUILD trigger of ${from} (${line})${p.stage === stage ? '' : `, run by ${stageLabel(p.stage)}`}`;
    }
    return p.stage === stage ? `${p.ins.name} (${line})` : `${p.ins.name} inherited from ${stageLabel(p.stage)} (${line})`;
  };

  if (c.baseEntrypoint && c.baseCmd) {
    return { argv: null, cmdIgnored: false, noCommand: false, note: `ENTRYPOINT and CMD come from ${image} (not known here)` };
  }
  const ep = c.entrypoint;
  const cmd = c.cmd;
  // Docker runs the stored Entrypoint followed by the stored Cmd, whatever their forms
  const argv = [...(ep?.argv ?? []), ...(cmd?.argv ?? [])];
  let note = [ep, cmd].filter((p): p is Part => !!p).map(where).join(' + ');
  let cmdIgnored = false;
  if (ep && !ep.execForm && cmd && cmd.argv.length > 0) {
    // `sh -c script a b`: a becomes $0, b $1, …
    const script = ep.argv[ep.argv.length - 1];
    cmdIgnored = !readsPositionalArgs(script);
    note += cmdIgnored
      ? `: the ENTRYPOINT is shell form, so the CMD arrives only as $0/$1…, unused by this command`
      : `: the ENTRYPOINT is shell form, so the CMD arrives as $0/$1… of its script`;
  }
  if (c.reset) {
    // the reset CMD is always from an earlier stage: a CMD of the ENTRYPOINT's own stage is kept
    const old = c.reset.cmd;
    note += `, which resets the CMD ${old ? `inherited from ${stageLabel(old.stage)} (line ${lineOf(doc, old.ins) + 1})` : `of ${image}`} to empty`;
  }
  let noCommand = false;
  if (c.baseEntrypoint) note += `; an ENTRYPOINT of ${image} (not known here), if it has one, comes before it`;
  else if (argv.length === 0) {
    noCommand = true;
    note = (ep || cmd ? `${note}: empty. ` : 'No ENTRYPOINT or CMD. ') + '`docker run` fails with "No command specified" unless it is given a command';
  }
  return {
    argv: argv.length > 0 ? argv : null,
    cmdIgnored,
    noCommand,
    note,
    entrypointLine: ep ? lineOf(doc, ep.onbuild ?? ep.ins) : undefined,
    cmdLine: cmd && !cmdIgnored ? lineOf(doc, cmd.onbuild ?? cmd.ins) : undefined,
  };
}

const SAFE = /^[\p{L}\p{N}_@%+=:,./-]+$/u;
const CONTROL = /[\x00-\x1f\x7f]/;
const C_ESCAPES: Record<string, string> = { '\n': '\\n', '\t': '\\t', '\r': '\\r' };

/** One word quoted for a POSIX shell (ANSI-C `$'…'` when it has control characters). */
function quote(word: string, first: boolean): string {
  if (SAFE.test(word) && !(first && word.includes('='))) return word;
  if (CONTROL.test(word)) {
    const body = word.replace(/[\\']/g, '\\$&').replace(/[\x00-\x1f\x7f]/g, (ch) => C_ESCAPES[ch] ?? '\\x' + ch.charCodeAt(0).toString(16).padStart(2, '0'));
    return `$'${body}'`;
  }
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The argv as one shell-quoted line, for display: `/bin/sh -c 'echo hi'`. */
export function formatArgv(argv: string[]): string {
  return argv.map((w, i) => quote(w, i === 0)).join(' ');
}
