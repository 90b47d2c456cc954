/**
 * The environment a stage starts with when it is built FROM an image: BuildKit
 * reads the image config's `Env` and adds each `KEY=VALUE` to the stage's
 * state, then PATH when the config has none (moby/buildkit
 * frontend/dockerfile/dockerfile2llb/convert.go: "make sure that PATH is always
 * set", "initialize base metadata from image conf"). A stage FROM another stage
 * inherits that stage's environment, so the image that matters is the root of
 * the chain.
 *
 * The model cannot read an image config: whoever lints (the language server,
 * the CLI) hands a synchronous `BaseEnvLookup` over (images/baseEnv.ts resolves
 * the configs: local engine, registry, bundled table). Its answer may be
 * `undefined` (not known yet: being looked up) or unknown with the reason; the
 * rules then stay cautious.
 */
import { fromImage, globalArgValues } from './fromImage';
import type { DockerfileDocument } from './document';
import type { StageInfo } from './stages';

export type BaseEnvSource = 'engine' | 'registry' | 'table';

/** What is known of an image's `Config.Env`. */
export type BaseEnvStatus =
  | {
      known: true;
      /** The variables in the config's order (a later duplicate wins, as BuildKit's AddEnv does). */
      env: ReadonlyMap<string, string>;
      source: BaseEnvSource;
      /** Where exactly it was read (for hovers): "the local engine", "the registry (sha256:…)", "the bundled table (python:3.12, …)". */
      note: string;
    }
  | { known: false; reason: string };

/** The config Env of `image` (an expanded reference) for `platform` (the expanded `--platform`, if any). undefined: not known yet. */
export type BaseEnvLookup = (image: string, platform: string | undefined) => BaseEnvStatus | undefined;

/** `KEY=VALUE` strings as BuildKit reads them (`parseKeyValue`: split at the first `=`; no `=`: empty value). */
export function envFromList(list: readonly string[]): Map<string, string> {
  const env = new Map<string, string>();
  for (const e of list) {
    const eq = e.indexOf('=');
    env.set(eq < 0 ? e : e.slice(0, eq), eq < 0 ? '' : e.slice(eq + 1));
  }
  return env;
}

export interface StageBase {
  /** The image at the root of the stage's chain, as written after expansion; undefined when it cannot be expanded. */
  image: string | undefined;
  /** The image as written in the FROM line (for messages). */
  written: string;
  platform: string | undefined;
  scratch: boolean;
}

const roots = new WeakMap<DockerfileDocument, { globals: Map<string, string> | undefined; bases: Map<StageInfo, StageBase | undefined> }>();

/** The external image a stage's environment starts from (following FROM <stage> chains); undefined for a stage without a FROM image. */
export function stageBase(doc: DockerfileDocument, stage: StageInfo): StageBase | undefined {
  let r = roots.get(doc);
  if (!r) roots.set(doc, (r = { globals: undefined, bases: new Map() }));
  const m = r.bases;
  if (m.has(stage)) return m.get(stage);
  let root: StageInfo = stage;
  for (let n = 0; root.baseStage && n <= doc.stages.stages.length; n++) root = root.baseStage;
  let out: StageBase | undefined;
  if (!root.baseStage) {
    const f = fromImage(doc, root, (r.globals ??= globalArgValues(doc)));
    if (f) out = { image: f.ref, written: f.token.value, platform: f.platform, scratch: f.ref?.toLowerCase() === 'scratch' };
  }
  m.set(stage, out);
  return out;
}

/** The base environment of a stage through `lookup`: known (scratch: nothing but PATH), unknown with the reason, or undefined while it is looked up. */
export function stageBaseEnv(doc: DockerfileDocument, stage: StageInfo, lookup: BaseEnvLookup | undefined): BaseEnvStatus | undefined {
  const base = stageBase(doc, stage);
  if (!base) return { known: false, reason: 'the stage has no base image' };
  if (base.scratch) return { known: true, env: new Map(), source: 'table', note: 'scratch: an empty image' };
  if (!base.image) return { known: false, reason: `the image name ${base.written} has a variable without a value` };
  if (!lookup) return { known: false, reason: 'base images are not looked up here' };
  return lookup(base.image, base.platform);
}

/** A short key of what a status says about names (equal keys: the same names are defined). */
export function baseEnvKey(s: BaseEnvStatus | undefined): string {
  if (!s) return 'pending';
  if (!s.known) return 'unknown';
  return `${s.source}:${[...s.env.keys()].join(',')}`;
}
