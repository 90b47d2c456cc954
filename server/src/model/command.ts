/**
 * The effective container command of a stage: the argv `docker run IMAGE`
 * executes, from ENTRYPOINT and CMD combined as Docker combines them.
 *
 * Docker's rules (https://docs.docker.com/reference/dockerfile/#understand-how-cmd-and-entrypoint-interact,
 * and the CMD, ENTRYPOINT and SHELL sections of the same reference), as
 * BuildKit's dispatcher applies them (dispatchCmd / dispatchEntrypoint / withShell
 * in frontend/dockerfile/dockerfile2llb):
 * - exec form (a valid JSON string array) is stored as is; anything else,
 *   invalid JSON included (`CMD [bad`), is shell form: the SHELL in effect at
 *   that instruction (default `["/bin/sh", "-c"]`) followed by the command
 *   string, baked into the image config at build time. The command string is
 *   the instruction's arguments with line continuations and comment lines
 *   removed (what BuildKit's parser keeps); variables are not expanded.
 * - Only the last CMD and the last ENTRYPOINT count. An exec-form ENTRYPOINT
 *   is followed by CMD (which may be shell form, so `/bin/sh -c …` is appended);
 *   a shell-form ENTRYPOINT ignores CMD (the engine still appends it, but
 *   `sh -c script` takes the next word as `$0`: the docs' table shows
 *   `/bin/sh -c exec_entry p1_entry`, and so do we); without ENTRYPOINT, CMD
 *   runs alone; with neither, `docker run` fails ("no command specified").
 * - `CMD` / `ENTRYPOINT` without arguments: BuildKit stores the shell with an
 *   empty command (`/bin/sh -c ""`), as here; the legacy builder differs.
 * - A stage built FROM another stage starts from that stage's config: its
 *   ENTRYPOINT, CMD and SHELL. "If CMD is defined from the base image, setting
 *   ENTRYPOINT will reset CMD to an empty value": an ENTRYPOINT clears the CMD
 *   unless the stage itself set a CMD before it.
 * - A stage FROM an external image inherits that image's ENTRYPOINT and CMD,
 *   which are not known here; FROM scratch inherits nothing. A Linux image is
 *   assumed: no SHELL inherited from the external image.
 */
import type { Instruction } from '../parser';
import type { EffectiveCommand } from '../protocol/layers';
import type { DockerfileDocument } from './document';
import type { StageInfo } from './stages';

const DEFAULT_SHELL = ['/bin/sh', '-c'];

/** A CMD or ENTRYPOINT as stored in the image config. */
interface Part {
  ins: Instruction;
  stage: StageInfo;
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

function resolve(ins: Instruction, stage: StageInfo, shell: Config['shell']): Part {
  const values = ins.args.map((a) => a.value);
  if (ins.form === 'exec') return { ins, stage, argv: values, execForm: true, shell: undefined };
  // handleJSONArgs joins the arguments into one string; withShell prepends the shell
  return { ins, stage, argv: [...shell.argv, values.join(' ')], execForm: false, shell: shell.ins };
}

/** The image config after the stage's last instruction, replayed from the first stage of its FROM chain. */
function replay(stage: StageInfo): { config: Config; root: StageInfo } {
  const chain: StageInfo[] = [];
  const seen = new Set<StageInfo>();
  for (let s: StageInfo | undefined = stage; s && !seen.has(s); s = s.baseStage) {
    seen.add(s);
    chain.unshift(s);
  }
  const root = chain[0];
  const external = root.image?.toLowerCase() !== 'scratch';
  const c: Config = { entrypoint: undefined, cmd: undefined, shell: { argv: DEFAULT_SHELL, ins: undefined }, baseEntrypoint: external, baseCmd: external, reset: undefined };
  for (const s of chain) {
    let cmdSet = false;
    for (const ins of s.instructions) {
      if (ins.name === 'SHELL') {
        // shell-form or empty SHELL fails the build; the shell in effect stays
        if (ins.form === 'exec' && ins.args.length > 0) c.shell = { argv: ins.args.map((a) => a.value), ins };
      } else if (ins.name === 'CMD') {
        c.cmd = resolve(ins, s, c.shell);
        c.baseCmd = false;
        c.reset = undefined;
        cmdSet = true;
      } else if (ins.name === 'ENTRYPOINT') {
        c.entrypoint = resolve(ins, s, c.shell);
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

const stageLabel = (s: StageInfo) => `stage ${s.name ?? s.index}`;
const lineOf = (doc: DockerfileDocument, ins: Instruction) => doc.lines.positionAt(ins.start).line;

/** The effective command of `stage`: ENTRYPOINT + CMD as `docker run IMAGE` runs them, with where each part comes from. */
export function effectiveCommand(doc: DockerfileDocument, stage: StageInfo): EffectiveCommand {
  const { config: c, root } = replay(stage);
  const image = root.image ? `the base image ${root.image}` : 'the base image';
  const where = (p: Part) => {
    const line = `line ${lineOf(doc, p.ins) + 1}` + (p.shell ? `, shell form run by the SHELL of line ${lineOf(doc, p.shell) + 1}` : '');
    return p.stage === stage ? `${p.ins.name} (${line})` : `${p.ins.name} inherited from ${stageLabel(p.stage)} (${line})`;
  };

  if (c.baseEntrypoint && c.baseCmd) {
    return { argv: null, cmdIgnored: false, note: `ENTRYPOINT and CMD come from ${image} (not known here)` };
  }
  const ep = c.entrypoint;
  const cmd = c.cmd;
  let argv: string[];
  let note: string;
  let cmdIgnored = false;
  if (ep && !ep.execForm) {
    argv = ep.argv;
    cmdIgnored = !!cmd;
    note = where(ep) + (cmd ? ` is shell form: ${where(cmd)} is ignored` : '');
  } else {
    argv = [...(ep?.argv ?? []), ...(cmd?.argv ?? [])];
    note = [ep, cmd].filter((p): p is Part => !!p).map(where).join(' + ');
  }
  if (c.reset) {
    // the reset CMD is always from an earlier stage: a CMD of the ENTRYPOINT's own stage is kept
    const old = c.reset.cmd;
    note += `, which resets the CMD ${old ? `inherited from ${stageLabel(old.stage)} (line ${lineOf(doc, old.ins) + 1})` : `of ${image}`} to empty`;
  }
  if (c.baseEntrypoint) note += `; an ENTRYPOINT of ${image} (not known here), if it has one, comes before it`;
  else if (!ep && !cmd) note = `No ENTRYPOINT or CMD: \`docker run\` needs a command`;
  else if (argv.length === 0) note += `: empty, \`docker run\` needs a command`;
  return {
    argv: argv.length > 0 ? argv : null,
    cmdIgnored,
    note,
    entrypointLine: ep ? lineOf(doc, ep.ins) : undefined,
    cmdLine: cmd && !cmdIgnored ? lineOf(doc, cmd.ins) : undefined,
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
