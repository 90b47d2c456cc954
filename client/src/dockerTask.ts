/**
 * Runs the container engine's CLI (`docker`, `podman`, `nerdctl`: the `dockerfileLens.docker.path` setting)
 * as a VS Code Task, one or more commands in a row, with their output in the task's terminal.
 *
 * Every argument goes to the process as one element of an array (`child_process.spawn(path, args,
 * { shell: false })`), never through a shell: a hostile image name, tag or path cannot run a command.
 * The task uses a `CustomExecution` whose Pseudoterminal spawns the process, rather than a
 * `ProcessExecution` (which also takes an argument array), because a ProcessExecution's output cannot be
 * read by the extension, and the build's output is what the diagnostics are made from (BuildKit and the
 * legacy builder alike: client/src/buildOutput.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as vscode from 'vscode';
import { readSettings, SECTION } from '../../server/src/protocol';

export interface DockerSettings {
  /** The executable: `docker`, `podman`, `nerdctl` or a path. */
  path: string;
  /** Added to the extension host's environment (DOCKER_HOST, DOCKER_BUILDKIT, …). */
  env: Record<string, string>;
  /** Build context, relative to the workspace folder; empty for the Dockerfile's folder. */
  context: string;
  /** Appended to `docker build`'s arguments, before the context. */
  extraArgs: string[];
}

/** The settings of `scope`, checked and with their defaults filled in by the schema the server reads too. */
export function dockerSettings(scope: vscode.Uri | undefined): DockerSettings {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  // only the keys read here: `readSettings` fills the rest with defaults
  const { docker, build } = readSettings({
    docker: { path: c.get('docker.path'), env: c.get('docker.env') },
    build: { context: c.get('build.context'), extraArgs: c.get('build.extraArgs') },
  });
  return { path: docker.path, env: docker.env, context: build.context, extraArgs: build.extraArgs };
}

export interface DockerRun {
  /** The task's name in the terminal tab and the task list, e.g. `docker build app:latest`. */
  title: string;
  /** Argument lists for the executable, run one after the other. */
  commands: string[][];
  cwd: string;
  settings: DockerSettings;
  /** Keep going after a command fails (pulling several images); else stop at the first failure. */
  continueOnError?: boolean;
  /** Each line each command prints (stdout and stderr, each split into lines on its own). */
  onLine?: (line: string) => void;
  /**
   * What the terminal shows of each line, when set (BuildKit's `--progress=rawjson` is shown as the plain
   * progress it stands for); else the output as it comes.
   */
  render?: (line: string) => string;
  scope?: vscode.WorkspaceFolder;
}

export interface DockerRunResult {
  /** Exit codes of the commands that ran, in order; null for one killed by a signal. */
  exitCodes: Array<number | null>;
  /** Set when the executable could not be started (not installed, not on PATH) or the user stopped the task. */
  error?: string;
  cancelled: boolean;
}

export const TASK_TYPE = 'dockerfileLens';

/** Runs the commands in a task terminal; resolves when the last one ends (or the task is closed). */
export async function runDockerTask(run: DockerRun): Promise<DockerRunResult> {
  let resolve!: (r: DockerRunResult) => void;
  const done = new Promise<DockerRunResult>((r) => (resolve = r));
  // VS Code asks for a new terminal on every run, "Rerun Last Task" included; only the first run reports back
  let pty: DockerPty | undefined;
  const task = new vscode.Task(
    // the title in the definition: VS Code holds one running task per definition (two images build side by side)
    { type: TASK_TYPE, command: run.commands[0]?.[0] ?? '', title: run.title },
    run.scope ?? vscode.TaskScope.Workspace,
    run.title,
    'Dockerfile Lens',
    new vscode.CustomExecution(async () => (pty = new DockerPty(run, pty ? () => undefined : resolve))),
  );
  task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, panel: vscode.TaskPanelKind.Dedicated, clear: true, focus: false };
  const execution = await vscode.tasks.executeTask(task);
  // if the task ends without our process finishing (closed before it opened), settle anyway
  const ended = vscode.tasks.onDidEndTask((e) => {
    if (e.execution === execution) pty?.finish(true);
  });
  try {
    return await done;
  } finally {
    ended.dispose();
  }
}

/** The executable's name for titles: `docker`, `podman`, … */
export function engineName(settings: DockerSettings): string {
  return settings.path.split(/[\\/]/).pop() || 'docker';
}

/** Shown in the terminal before a command runs: the argv, each argument quoted when it needs to be (display only). */
export function displayCommand(path: string, args: string[]): string {
  return [path, ...args].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

class DockerPty implements vscode.Pseudoterminal {
  private readonly writer = new vscode.EventEmitter<string>();
  private readonly closer = new vscode.EventEmitter<number>();
  readonly onDidWrite = this.writer.event;
  readonly onDidClose = this.closer.event;
  private child: ChildProcess | undefined;
  private readonly exitCodes: Array<number | null> = [];
  private settled = false;
  private cancelled = false;

  constructor(private readonly run: DockerRun, private readonly resolve: (r: DockerRunResult) => void) {}

  open(): void {
    void this.next(0);
  }

  close(): void {
    this.stop();
  }

  handleInput(data: string): void {
    if (data === '\x03') this.stop();
  }

  /** Settles the result; `fromTaskEnd` when VS Code ended the task before the commands finished. */
  finish(fromTaskEnd = false, error?: string): void {
    if (this.settled) return;
    this.settled = true;
    if (fromTaskEnd) this.stop();
    this.resolve({ exitCodes: this.exitCodes, error, cancelled: this.cancelled || fromTaskEnd });
  }

  private stop(): void {
    this.cancelled = true;
    this.child?.kill('SIGINT');
  }

  private write(text: string): void {
    this.writer.fire(text.replace(/\r?\n/g, '\r\n'));
  }

  private async next(i: number): Promise<void> {
    const args = this.run.commands[i];
    if (!args || this.cancelled) return this.end();
    const { path, env } = this.run.settings;
    this.write(`\x1b[1m> ${displayCommand(path, args)}\x1b[0m\n`);
    const code = await new Promise<number | null | Error>((resolve) => {
      let child: ChildProcess;
      try {
        child = spawn(path, args, { cwd: this.run.cwd, env: { ...process.env, ...env }, shell: false, windowsHide: true });
      } catch (error) {
        return resolve(error as Error);
      }
      this.child = child;
      for (const stream of [child.stdout, child.stderr]) {
        let partial = '';
        stream?.setEncoding('utf8');
        const render = this.run.render;
        stream?.on('data', (chunk: string) => {
          if (!render) this.write(chunk);
          const lines = (partial + chunk).split(/\r?\n/);
          partial = lines.pop() ?? '';
          for (const line of lines) {
            if (render) this.write(render(line));
            this.run.onLine?.(line);
          }
        });
        stream?.on('end', () => {
          if (partial) {
            if (render) this.write(render(partial));
            this.run.onLine?.(partial);
          }
          partial = '';
        });
      }
      child.on('error', (error) => resolve(error));
      child.on('close', (exitCode) => resolve(exitCode));
    });
    this.child = undefined;
    if (code instanceof Error) {
      const message = (code as NodeJS.ErrnoException).code === 'ENOENT'
        ? vscode.l10n.t('"{0}" was not found. Install Docker (or Podman, nerdctl) or set the "dockerfileLens.docker.path" setting.', path)
        : code.message;
      this.write(`\x1b[31m${message}\x1b[0m\n`);
      this.closer.fire(1);
      return this.finish(false, message);
    }
    this.exitCodes.push(code);
    if (code !== 0 && !this.run.continueOnError) return this.end();
    return this.next(i + 1);
  }

  private end(): void {
    const failed = this.exitCodes.find((c) => c !== 0);
    this.closer.fire(failed === undefined ? 0 : failed ?? 1);
    this.finish();
  }
}
