/**
 * `dockerfile-lens check [--format text|json|sarif|github|checkstyle|gitlab] [--fix|--diff [--unsafe-fixes]] [--config FILE] [--builder auto|buildkit|buildah]
 * [--docker PATH] [--registry] [--locale ko|en] PATH...`: lints Dockerfiles (files, or folders searched for
 * `Dockerfile`, `Dockerfile.*`, `*.Dockerfile`, `*.dockerfile`, `Containerfile`).
 * The builder (model/builder.ts) is Buildah for `Containerfile`s or with the config's
 * `docker.path` set to podman/buildah (`--builder auto`, the default), or as `--builder` says.
 * The Env of base images (UndefinedVar) comes from the local engine (`--docker`,
 * default the config's `docker.path`, else `docker`), then, with `--registry`, the image's
 * registry, then the bundled table of official images (images/baseEnv.ts); each is looked up
 * once before linting.
 * Messages are in the language of `--locale ko|en`, by default the environment's (`LC_ALL`, then
 * `LC_MESSAGES`, then `LANG`, as POSIX orders them: `ko_KR.UTF-8` is Korean); rule ids stay as they are.
 * Configuration (config/config.ts): each file's `.dockerfile-lens.json` or `.hadolint.yaml`, found from
 * its folder upward, or the one `--config FILE` names (explicit wins): rule severities, `ignorePaths`
 * (files skipped), `docker.path`, a hadolint file's ignored/override/trustedRegistries/label-schema.
 * A config that cannot be read or has a wrong value exits 2 with its place; warnings about it (unknown
 * keys, hadolint ids without an equivalent) and the hadolint keys without an equivalent go to stderr,
 * each once per run.
 * Output formats: cli/formats.ts. `--fix` applies the safe preferred fixes and writes the files, then
 * checks them as usual; `--diff` prints those changes as a unified diff, writes nothing, and exits 1
 * when there are any (cli/fix.ts); `--unsafe-fixes` adds the unsafe preferred ones (fix safety:
 * model/edits.ts). Both follow each file's config.
 * Exit 1 when an error-level diagnostic is found (with a hadolint `failure-threshold`: a finding at or
 * above it, as hadolint decides), 2 on bad usage or unreadable input, else 0.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ConfigCache, fails, isIgnored, loadConfig, type LensConfig } from '../config/config';
import { LineIndex } from '../parser/text';
import { resolveBaseEnv, type BaseEnvOptions } from '../images/baseEnv';
import { stageBase, type BaseEnvStatus } from '../model/baseEnv';
import { buildContext } from '../model/buildContext';
import { analyze, type DockerfileDocument } from '../model/document';
import { builderFor, type Builder } from '../model/builder';
import { langOf, type Lang } from '../docs/locale';
import { lint, type LintDiagnostic } from '../rules/engine';
import { FORMATS, isFormat, render, type Reported } from './formats';
import { fixFiles, fixSummary, unifiedDiff, unsafeHint, writeFixed } from './fix';
import type { RuleSeverity } from '../rules/types';

export class UsageError extends Error {}

/** Takes `NAME VALUE` out of `args` (the `layers` and `image` commands' options); undefined when absent. */
export function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  if (v === undefined || v.startsWith('--')) throw new UsageError(`${name} needs a value`);
  args.splice(i, 2);
  return v;
}

const DOCKERFILE_NAME = /^(Dockerfile|Containerfile)(\..+)?$|\.(Dockerfile|dockerfile|Containerfile|containerfile)$/;
const SKIP_DIRS = new Set(['node_modules', '.git']);

export function findDockerfiles(path: string): string[] {
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new UsageError(`cannot read ${path}: no such file or folder`);
  }
  if (st.isFile()) return [path];
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      let s;
      try {
        s = statSync(p);
      } catch {
        continue;
      }
      if (s.isDirectory()) {
        if (!SKIP_DIRS.has(name)) walk(p);
      } else if (DOCKERFILE_NAME.test(name) && !name.endsWith('.dockerignore')) {
        out.push(p);
      }
    }
  };
  walk(path);
  return out;
}

export type { Reported } from './formats';

const SEVERITY_OUT = { error: 'error', warning: 'warning', information: 'info', hint: 'hint' } as const;

/**
 * The config of each file (`--config FILE` for all, else found upward from each file's folder), each
 * config file read once. Its problems: errors throw a UsageError naming the place, warnings are written
 * once per config file; the hadolint keys without an equivalent are named on one line per run.
 */
export class RunConfigs {
  private readonly cache = new ConfigCache();
  private readonly explicit: LensConfig | undefined;
  private readonly reported = new Set<string>();
  private readonly unsupported = new Map<string, Set<string>>();

  constructor(explicitFile: string | undefined, private readonly warn: (s: string) => void, private readonly lang: Lang = 'en') {
    this.explicit = explicitFile ? this.checked(loadConfig(explicitFile)) : undefined;
  }

  of(file: string): LensConfig {
    return this.explicit ?? this.checked(this.cache.configFor(dirname(resolve(file))));
  }

  private checked(c: LensConfig): LensConfig {
    if (!c.file || this.reported.has(c.file)) return c;
    this.reported.add(c.file);
    const where = (p: { start: number }) => {
      let text = '';
      try {
        text = readFileSync(c.file!, 'utf8');
      } catch {
        // unreadable: the problem says so
      }
      const pos = new LineIndex(text).positionAt(p.start);
      return `${c.file}:${pos.line + 1}:${pos.character + 1}`;
    };
    const error = c.problems.find((p) => p.severity === 'error');
    if (error) throw new UsageError(`config ${where(error)}: ${error.message[this.lang]}`);
    for (const p of c.problems) this.warn(`dockerfile-lens: config ${where(p)}: ${p.message[this.lang]}\n`);
    for (const key of c.unsupported) {
      if (!this.unsupported.has(key)) this.unsupported.set(key, new Set());
      this.unsupported.get(key)!.add(c.file);
    }
    return c;
  }

  /** The one line naming the hadolint settings without an equivalent, or nothing. */
  unsupportedLine(): string | undefined {
    if (!this.unsupported.size) return undefined;
    const files = [...new Set([...this.unsupported.values()].flatMap((s) => [...s]))];
    const keys = [...this.unsupported.keys()].join(', ');
    return this.lang === 'ko'
      ? `dockerfile-lens: 대응하는 설정이 없어 적용하지 않은 hadolint 설정: ${keys} (${files.join(', ')})\n`
      : `dockerfile-lens: hadolint settings without an equivalent here, not applied: ${keys} (in ${files.join(', ')})\n`;
  }
}

/** The Env of every base image of the documents, each looked up once. */
async function baseEnvs(docs: DockerfileDocument[], opts: BaseEnvOptions): Promise<Map<string, BaseEnvStatus>> {
  const wanted = new Map<string, { image: string; platform: string | undefined }>();
  for (const doc of docs) {
    for (const stage of doc.stages.stages) {
      const b = stageBase(doc, stage);
      if (b?.image && !b.scratch) wanted.set(`${b.image}|${b.platform ?? ''}`, { image: b.image, platform: b.platform });
    }
  }
  const out = new Map<string, BaseEnvStatus>();
  await Promise.all([...wanted].map(async ([key, { image, platform }]) => {
    out.set(key, await resolveBaseEnv(image, { ...opts, platform }).catch((e: Error): BaseEnvStatus => ({ known: false, reason: `lookup failed: ${e.message}` })));
  }));
  return out;
}

/** `--builder auto` (the default): from each file's name and the config's `docker.path` (model/builder.ts). */
export type BuilderOption = Builder | 'auto';

/** The CLI's language by default: the first of LC_ALL, LC_MESSAGES, LANG that is set (POSIX precedence). */
export function envLang(env: NodeJS.ProcessEnv = process.env): Lang {
  return langOf(env.LC_ALL || env.LC_MESSAGES || env.LANG);
}

export async function checkFiles(
  files: string[],
  severities: Record<string, RuleSeverity | 'off'>,
  images: BaseEnvOptions = { docker: 'docker', registry: false },
  builder: BuilderOption = 'auto',
  dockerPath?: string,
  lang: Lang = 'en',
  configOf?: (file: string) => LensConfig,
): Promise<Reported[]> {
  const docs = files.map((file) => {
    let text: string;
    try {
      text = readFileSync(file).toString('utf8');
    } catch (e) {
      throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
    }
    return analyze(file, 1, text);
  });
  const envs = await baseEnvs(docs, images);
  const out: Reported[] = [];
  docs.forEach((doc, i) => {
    const file = files[i];
    const baseEnv = (image: string, platform: string | undefined) => envs.get(`${image}|${platform ?? ''}`);
    const c = configOf?.(file);
    const b = builder === 'auto' ? builderFor(file, c?.dockerPath ?? dockerPath) : builder;
    const options = { severities: c ? c.severities : severities, hadolint: c?.hadolint, ruleOptions: c?.ruleOptions };
    for (const d of lint(doc, { ...options, context: buildContext(resolve(file)), baseEnv, builder: b, lang })) out.push(report(file, doc.lines, d));
  });
  return out;
}

function report(file: string, lines: { positionAt(o: number): { line: number; character: number } }, d: LintDiagnostic): Reported {
  const s = lines.positionAt(d.range.start);
  const e = lines.positionAt(d.range.end);
  return { file, line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1, severity: SEVERITY_OUT[d.severity], code: d.code, message: d.message };
}

/** `note`: where `--fix` reports what it changed when stdout carries a machine format; `writeErr`: config warnings. */
export async function runCheck(args: string[], write: (s: string) => void, note: (s: string) => void = (s) => process.stderr.write(s)): Promise<number> {
  const writeErr = note;
  let format = 'text';
  let fix = false;
  let diff = false;
  let unsafeFixes = false;
  let config: string | undefined;
  let docker: string | undefined;
  let registry = false;
  let builder = 'auto';
  let locale: string | undefined;
  const paths: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = () => {
      const eq = a.indexOf('=');
      if (eq >= 0) return a.slice(eq + 1);
      const v = args[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === '--format' || a.startsWith('--format=')) format = value();
    else if (a === '--config' || a.startsWith('--config=')) config = value();
    else if (a === '--docker' || a.startsWith('--docker=')) docker = value();
    else if (a === '--registry') registry = true;
    else if (a === '--fix') fix = true;
    else if (a === '--diff') diff = true;
    else if (a === '--unsafe-fixes') unsafeFixes = true;
    else if (a === '--builder' || a.startsWith('--builder=')) builder = value();
    else if (a === '--locale' || a.startsWith('--locale=')) locale = value();
    else if (a.startsWith('--')) throw new UsageError(`unknown option ${a}`);
    else paths.push(a);
  }
  if (!isFormat(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
  if (!['auto', 'buildkit', 'buildah'].includes(builder)) throw new UsageError(`--builder must be auto, buildkit or buildah`);
  if (locale !== undefined && locale !== 'ko' && locale !== 'en') throw new UsageError(`--locale must be ko or en`);
  const lang: Lang = locale === 'ko' || locale === 'en' ? locale : envLang();
  if (paths.length === 0) throw new UsageError('no Dockerfile given');
  const configs = new RunConfigs(config, writeErr, lang);
  const files = paths.flatMap(findDockerfiles).filter((f) => !isIgnored(configs.of(f), f));
  const dockerPath = files.map((f) => configs.of(f).dockerPath).find((p) => p !== undefined);
  const unsupported = configs.unsupportedLine();
  if (unsupported) writeErr(unsupported);
  if (fix && diff) throw new UsageError('--fix writes the files, --diff only shows the changes: give one of them');
  if (unsafeFixes && !fix && !diff) throw new UsageError('--unsafe-fixes goes with --fix or --diff');
  if (fix || diff) {
    // cli/fix.ts: safe (or, with --unsafe-fixes, all) preferred fixes, pass after pass; --diff exits 1 when a file would change
    const fixed = fixFiles(files, (f) => {
      const c = configs.of(f);
      return { severities: c.severities, hadolint: c.hadolint, ruleOptions: c.ruleOptions, builder: builder as BuilderOption, dockerPath: c.dockerPath ?? dockerPath, lang, unsafeFixes };
    });
    if (diff) {
      const patch = unifiedDiff(fixed);
      write(patch);
      const hint = unsafeHint(fixed, lang);
      if (hint) note(hint);
      return patch ? 1 : 0;
    }
    writeFixed(fixed);
    (format === 'text' ? write : note)(fixSummary(fixed, lang));
  }
  const results = await checkFiles(files, {}, { docker: docker ?? dockerPath ?? 'docker', registry }, builder as BuilderOption, dockerPath, lang, (f) => configs.of(f));
  write(render(format, results, files.length, lang));
  const severityOf = { error: 'error', warning: 'warning', info: 'information', hint: 'hint' } as const;
  return files.some((f) => fails(results.filter((r) => r.file === f).map((r) => severityOf[r.severity]), configs.of(f).failureThreshold)) ? 1 : 0;
}
