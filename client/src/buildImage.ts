/**
 * "Dockerfile Lens: Build Image…": asks for the Dockerfile, the image name, the target stage and the ARGs
 * without a default, then runs
 * `DOCKER build --tag=NAME --file=DOCKERFILE [--target=S] [--build-arg=K=V …] [extraArgs…] CONTEXT`
 * as a task (client/src/dockerTask.ts: an argument array, no shell). Flags are written `--flag=value` so
 * that no value can be read as another flag. A failed build's errors become diagnostics on the
 * instructions that failed (client/src/buildOutput.ts); a successful one asks the server to measure the
 * image's layers (`dockerfileLens/measured`, from `docker history`), which the lenses then show.
 * The build's timeline (time and cache per step, client/src/buildTimeline.ts) goes to the server too
 * (`dockerfileLens/timeline`, after a failed build as well): the lenses show `1.8 s` or `cached` and the first
 * cache miss. BuildKit's progress is read as `--progress=rawjson` when the CLI offers it (its `build --help`
 * lists it; shown in the terminal as plain progress), else as the plain progress it prints to a non-terminal.
 * The build context is the Dockerfile's folder unless `dockerfileLens.build.context` names another (relative
 * to the workspace folder), as `docker build -f DOCKERFILE CONTEXT` takes them.
 * Which builder ran is read from the output (client/src/builderKind.ts) and said in the "Dockerfile Lens"
 * output channel; when it was Docker's legacy builder (a docker CLI without the buildx plugin, or
 * `DOCKER_BUILDKIT=0`) or BuildKit could not start, the notification says so and how to get BuildKit.
 */
import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Outline, OutlineStage } from '../../server/src/protocol';
import { BuildOutputParser, type BuildProblem } from './buildOutput';
import { BuildTimelineParser, RawJsonRenderer, supportsRawJson } from './buildTimeline';
import { BUILDKIT_DOCS, BUILDX_DOCS, BuilderDetector, type BuilderInfo } from './builderKind';
import type { Ctx } from './ctx';
import { dockerSettings, engineName, runDockerTask } from './dockerTask';
import { defaultImageName, parseImageName } from './imageName';
import { askImageName, imageNameProblemMessage, refuseUntrusted, resolveDockerfile, type Remembered } from './prompts';

/** The command's argument: a Uri (explorer), `{ uri }` (the lens), or everything at once (no questions asked). */
export interface BuildOptions {
  uri?: string;
  /** When given, nothing is asked: the target and build args are these (or none). */
  image?: string;
  target?: string;
  buildArgs?: Record<string, string>;
}

export interface BuildResult {
  ok: boolean;
  image?: string;
  exitCode?: number | null;
  /** How many diagnostics the failure produced. */
  problems?: number;
  measured?: { ok: boolean; message: string };
  /** Which builder ran, read from the build's output. */
  builder?: BuilderInfo;
  /** What the notification and the output channel said about the builder (legacy or missing buildx only). */
  builderNote?: string;
  /** The timeline sent to the server: how many steps, how many cached, and how the progress was read. */
  timeline?: { steps: number; cached: number; source: string };
  /** Why nothing was built, or why the build could not start. */
  error?: string;
  cancelled?: boolean;
}

const CANCELLED: BuildResult = { ok: false, cancelled: true };

export async function buildImage(ctx: Ctx, remembered: Remembered, onBuilt: (uri: vscode.Uri) => void, arg?: unknown): Promise<BuildResult> {
  if (refuseUntrusted()) return { ok: false, error: 'untrusted' };
  const options = (arg && !(arg instanceof vscode.Uri) ? arg : {}) as BuildOptions;
  const uri = await resolveDockerfile(arg);
  if (!uri) return CANCELLED;
  if (uri.scheme !== 'file') return fail(vscode.l10n.t('Dockerfile Lens: docker builds from files on disk; {0} is not one.', uri.toString()));
  const doc = await vscode.workspace.openTextDocument(uri);
  // docker reads the file from disk
  if (doc.isDirty && !(await doc.save())) return CANCELLED;

  const settings = dockerSettings(uri);
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  const dockerfileDir = path.dirname(uri.fsPath);
  const context = settings.context ? path.resolve(folder?.uri.fsPath ?? dockerfileDir, settings.context) : dockerfileDir;
  if (!(await isDirectory(context))) {
    return fail(vscode.l10n.t('Dockerfile Lens: the build context {0} is not a folder (setting "dockerfileLens.build.context").', context));
  }

  const interactive = typeof options.image !== 'string';
  let image: string | undefined;
  if (interactive) {
    image = await askImageName({
      title: vscode.l10n.t('Build Image ({0})', vscode.workspace.asRelativePath(uri)),
      prompt: vscode.l10n.t('Image name: [registry[:port]/][namespace/]repository[:tag]'),
      value: remembered.imageFor(uri) ?? defaultImageName(path.basename(dockerfileDir)),
    });
    if (!image) return CANCELLED;
  } else {
    const parsed = parseImageName(options.image!.trim());
    if (!parsed.ok) return fail(imageNameProblemMessage(parsed.problem));
    image = options.image!.trim();
  }

  let target = options.target;
  let buildArgs = options.buildArgs ?? {};
  if (interactive) {
    const picked = await pickTarget(ctx, uri);
    if (!picked) return CANCELLED;
    target = picked.target;
    const values = await askBuildArgs(ctx, remembered, uri);
    if (!values) return CANCELLED;
    buildArgs = values;
  }

  // BuildKit's machine-readable progress when this CLI has it and the user chose no --progress
  const rawjson = !settings.extraArgs.some((a) => /^--progress\b/.test(a)) && (await cliSupportsRawJson(settings.path, { ...process.env, ...settings.env }, context));
  const args = [
    'build',
    ...(rawjson ? ['--progress=rawjson'] : []),
    `--tag=${image}`,
    `--file=${uri.fsPath}`,
    ...(target ? [`--target=${target}`] : []),
    ...Object.entries(buildArgs).map(([k, v]) => `--build-arg=${k}=${v}`),
    ...settings.extraArgs,
    context,
  ];
  ctx.buildDiagnostics.delete(uri);
  const builtVersion = doc.version;
  // the stages and instruction lines of the file as it is built, to map the build's errors back to its
  // lines; without the server, only the lines the builder itself names (source snippet, parse errors)
  const builtOutline = await ctx.outline(uri).catch((): Outline => ({ globals: [], stages: [] }));
  const parser = new BuildOutputParser();
  const detector = new BuilderDetector();
  const timeline = new BuildTimelineParser();
  const renderer = rawjson ? new RawJsonRenderer() : undefined;
  const result = await runDockerTask({
    title: `${engineName(settings)} build ${image}`,
    commands: [args],
    cwd: context,
    settings,
    onLine: (line) => {
      timeline.push(line);
      if (renderer) return;
      parser.push(line + '\n');
      detector.push(line);
    },
    // rawjson: the errors and the builder are read from the plain progress it is shown as
    ...(renderer
      ? {
          render: (line: string) => {
            const shown = renderer.render(line);
            parser.push(shown);
            for (const l of shown.split('\n')) if (l) detector.push(l);
            return shown;
          },
        }
      : {}),
    scope: folder,
  });
  if (result.error) return fail(result.error);
  if (result.cancelled) return CANCELLED;
  const exitCode = result.exitCodes[0];
  const builder = detector.result({ ...process.env, ...settings.env });
  const note = builderNote(builder);
  ctx.output.appendLine(`${engineName(settings)} build ${image}: ${builderLine(builder)}${note ? `\n  ${note}` : ''}`);
  const sent = doc.version === builtVersion ? await sendTimeline(ctx, uri, timeline, exitCode, builtOutline, builder, buildArgs) : undefined;
  if (exitCode !== 0) {
    const problems = parser.problems(exitCode, builtOutline);
    // lines of an edited file no longer match what was built
    if (doc.version === builtVersion) ctx.buildDiagnostics.set(uri, problems.map((p) => toDiagnostic(doc, p)));
    const failed = problems.length
      ? vscode.l10n.t('docker build failed (exit code {0}): see the Problems view and the terminal.', String(exitCode))
      : vscode.l10n.t('docker build failed (exit code {0}): see the terminal.', String(exitCode));
    void showWithDocs('error', note ? `${failed} ${note}` : failed, builder);
    return { ok: false, image, exitCode, problems: problems.length, builder, builderNote: note, ...(sent ? { timeline: sent } : {}) };
  }

  await remembered.rememberBuild(uri, image, buildArgs);
  let measured: { ok: boolean; message: string };
  try {
    measured = await ctx.measured(uri, image, target);
  } catch (error) {
    measured = { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  onBuilt(uri);
  const built = measured.ok
    ? vscode.l10n.t('Built {0}. The lenses now show its measured layer sizes.', image)
    : vscode.l10n.t('Built {0}. Its layer sizes could not be measured: {1}', image, measured.message);
  void showWithDocs(note ? 'warning' : 'info', note ? `${built} ${note}` : built, builder);
  return { ok: true, image, exitCode, measured, builder, builderNote: note, ...(sent ? { timeline: sent } : {}) };
}

/** Sends the build's timeline to the server; undefined when the output held no step or the server did not take it. */
async function sendTimeline(
  ctx: Ctx,
  uri: vscode.Uri,
  parser: BuildTimelineParser,
  exitCode: number | null | undefined,
  outline: Outline,
  builder: BuilderInfo,
  buildArgs: Record<string, string>,
): Promise<BuildResult['timeline']> {
  const source = parser.format;
  const steps = parser.timeline(exitCode ?? null, outline);
  if (!source || !steps.length) return undefined;
  const kind = builder.builder ?? (source === 'legacy' ? 'legacy' : source === 'podman' ? 'podman' : 'buildkit');
  try {
    const r = await ctx.timeline({ uri: uri.toString(), builder: kind, source, steps, buildArgs });
    if (!r.ok) return undefined;
    const cached = steps.filter((s) => s.status === 'cached').length;
    ctx.output.appendLine(vscode.l10n.t('  timeline: {0} steps, {1} cached ({2})', String(steps.length), String(cached), source));
    return { steps: steps.length, cached, source };
  } catch {
    return undefined;
  }
}

const rawJsonSupport = new Map<string, Promise<boolean>>();
/** Whether `DOCKER build` takes `--progress=rawjson` (asked once per CLI and environment; podman and nerdctl are asked too, and say no). */
function cliSupportsRawJson(docker: string, env: NodeJS.ProcessEnv, cwd: string): Promise<boolean> {
  const key = JSON.stringify([docker, env.DOCKER_BUILDKIT ?? '', env.DOCKER_HOST ?? '', env.BUILDX_BUILDER ?? '']);
  let known = rawJsonSupport.get(key);
  if (!known) {
    known = new Promise<boolean>((resolve) => {
      execFile(docker, ['build', '--help'], { env, cwd, timeout: 10_000, maxBuffer: 1 << 20 }, (_error, stdout, stderr) => resolve(supportsRawJson(`${stdout}\n${stderr}`)));
    });
    rawJsonSupport.set(key, known);
  }
  return known;
}

/** The output channel's word on the builder. */
function builderLine(b: BuilderInfo): string {
  if (b.builder === 'buildkit') return vscode.l10n.t('built with BuildKit.');
  if (b.builder === 'legacy') return vscode.l10n.t("built with Docker's legacy builder, not BuildKit.");
  if (b.builder === 'podman') return vscode.l10n.t('built with Podman/Buildah.');
  if (b.buildxMissing) return vscode.l10n.t('BuildKit could not start.');
  return vscode.l10n.t('the output names no builder.');
}

/** Why BuildKit did not run and how to get it; undefined when it ran (or another engine did). */
function builderNote(b: BuilderInfo): string | undefined {
  if (b.buildxMissing) {
    return vscode.l10n.t(
      'DOCKER_BUILDKIT=1 asks for BuildKit, but this docker CLI has no buildx plugin, so nothing was built. Install the buildx plugin (the docker-buildx-plugin package from Docker\'s repository, or docker-buildx from your distribution), or remove DOCKER_BUILDKIT=1: {0}',
      BUILDX_DOCS,
    );
  }
  if (b.builder !== 'legacy') return undefined;
  if (b.reason === 'disabled') {
    return vscode.l10n.t(
      'Docker\'s legacy builder ran, not BuildKit, because DOCKER_BUILDKIT=0 is set (in the environment or "dockerfileLens.docker.env"). Remove it to build with BuildKit: {0}',
      BUILDKIT_DOCS,
    );
  }
  if (b.reason === 'buildx-missing') {
    return vscode.l10n.t(
      'Docker\'s legacy builder ran, not BuildKit: this docker CLI has no buildx plugin (Docker printed its deprecation notice). Install the buildx plugin (the docker-buildx-plugin package from Docker\'s repository, or docker-buildx from your distribution) to build with BuildKit: {0}',
      BUILDX_DOCS,
    );
  }
  return vscode.l10n.t(
    'Docker\'s legacy builder ran, not BuildKit: it is this Docker\'s default. Set DOCKER_BUILDKIT=1 in "dockerfileLens.docker.env" (or "features": {"buildkit": true} in the daemon\'s daemon.json) to build with BuildKit: {0}',
    BUILDKIT_DOCS,
  );
}

/** A notification; when it speaks of the builder, a button opens Docker's page on it. */
async function showWithDocs(level: 'info' | 'warning' | 'error', message: string, b: BuilderInfo): Promise<void> {
  const show = level === 'error' ? vscode.window.showErrorMessage : level === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  const link = b.buildxMissing || b.reason === 'buildx-missing' ? BUILDX_DOCS : b.builder === 'legacy' ? BUILDKIT_DOCS : undefined;
  if (!link) {
    await show(message);
    return;
  }
  const open = vscode.l10n.t("Open Docker's docs");
  if ((await show(message, open)) === open) await vscode.env.openExternal(vscode.Uri.parse(link));
}

function fail(message: string): BuildResult {
  void vscode.window.showErrorMessage(message);
  return { ok: false, error: message };
}

async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * `--target` when the Dockerfile has named stages other than the last: `docker build` builds the last
 * stage by default, and `--target` takes a stage name (https://docs.docker.com/reference/cli/docker/buildx/build/#target).
 * Undefined when the user cancels; `{ target: undefined }` for the default (also when the server cannot
 * tell the stages).
 */
async function pickTarget(ctx: Ctx, uri: vscode.Uri): Promise<{ target: string | undefined } | undefined> {
  let stages: OutlineStage[];
  try {
    stages = (await ctx.outline(uri)).stages;
  } catch {
    return { target: undefined };
  }
  const last = stages[stages.length - 1];
  const named = stages.filter((s) => s.name && s !== last);
  if (!last || named.length === 0) return { target: undefined };
  const describe = (s: OutlineStage) => vscode.l10n.t('FROM {0} · line {1}', s.from ?? '?', String(s.line + 1));
  const items: Array<vscode.QuickPickItem & { target: string | undefined }> = [
    { label: vscode.l10n.t('Last stage ({0}, the default)', last.name ?? String(last.index)), description: describe(last), target: undefined },
    ...named.map((s) => ({ label: s.name!, description: describe(s), target: s.name })),
  ];
  const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Build which stage? (--target)'), ignoreFocusOut: true });
  return picked && { target: picked.target };
}

/** A value for each ARG without a default (asked from the server); undefined when the user cancels. */
async function askBuildArgs(ctx: Ctx, remembered: Remembered, uri: vscode.Uri): Promise<Record<string, string> | undefined> {
  let args: Array<{ name: string; line: number }>;
  try {
    args = await ctx.buildArgs(uri);
  } catch {
    return {};
  }
  const previous = remembered.buildArgsFor(uri);
  const values: Record<string, string> = {};
  for (const a of args) {
    const value = await vscode.window.showInputBox({
      title: vscode.l10n.t('Build argument {0} (line {1})', a.name, String(a.line)),
      prompt: vscode.l10n.t('ARG {0} has no default value. Its value for --build-arg {0}=… (may be empty):', a.name),
      value: previous[a.name] ?? '',
      ignoreFocusOut: true,
    });
    if (value === undefined) return undefined;
    values[a.name] = value;
  }
  return values;
}

function toDiagnostic(doc: vscode.TextDocument, p: BuildProblem): vscode.Diagnostic {
  const last = doc.lineCount - 1;
  const start = Math.min(Math.max(p.startLine, 0), last);
  const end = Math.min(Math.max(p.endLine, start), last);
  const range = new vscode.Range(start, doc.lineAt(start).firstNonWhitespaceCharacterIndex, end, doc.lineAt(end).text.length);
  // the builder's own output follows, word for word (what a search for the error finds)
  const d = new vscode.Diagnostic(range, vscode.l10n.t('docker build failed here: {0}', p.message), vscode.DiagnosticSeverity.Error);
  d.source = 'docker build';
  return d;
}
