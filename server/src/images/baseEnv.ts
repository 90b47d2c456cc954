/**
 * The `Config.Env` of a FROM line's base image, which BuildKit adds to the
 * stage's environment before the first instruction (what UndefinedVar needs to
 * know, model/baseEnv.ts), from the best source available, in this order:
 * 1. the local engine (`docker image inspect`, the Engine API's
 *    `GET /images/{name}/json` → `Config.Env`), when the image is present (and,
 *    with `--platform`, of that platform);
 * 2. the image's registry: the manifest (index resolved for the platform) and
 *    its config blob, with the client, cache and rules of the base-image size
 *    (./registry.ts, ./cache.ts: a day on disk, failures for a minute); skipped
 *    when registry lookups are off (untrusted workspace, setting);
 * 3. the bundled table of common official images (./baseEnvTable.ts), linux only;
 * 4. unknown, with the reasons.
 *
 * `BaseEnvService` is the language server's side: a synchronous lookup for the
 * linter that answers what is known now and looks the rest up in the
 * background (after a short pause, so typing a FROM line does not start a
 * lookup per keystroke; cancelled when no open document needs it any more),
 * then calls `onChange` so the documents are linted again.
 */
import { envFromList, type BaseEnvLookup, type BaseEnvStatus } from '../model/baseEnv';
import type { BaseSizeOptions } from './baseSize';
import { tableEnv } from './baseEnvTable';
import { TTL, cacheFor } from './cache';
import { inspectImage } from './engine';
import { familiarName, formatPlatform, imageConfig, parsePlatform, parseReference, platformRank, type ImageConfig, type Lookup } from './registry';

/** Where a base image's Env may be read from: the same as for its size, and cancellable. */
export interface BaseEnvOptions extends BaseSizeOptions {
  signal?: AbortSignal;
}

const shortDigest = (d: string) => d.replace(/^(sha256:)?([0-9a-f]{12})[0-9a-f]*$/, '$1$2');

export async function resolveBaseEnv(image: string, opts: BaseEnvOptions): Promise<BaseEnvStatus> {
  if (image.toLowerCase() === 'scratch') return { known: true, env: new Map(), source: 'table', note: 'scratch: an empty image' };
  const ref = parseReference(image);
  if (!ref) return { known: false, reason: `${image} is not a valid image reference` };
  const name = familiarName(ref);
  const want = parsePlatform(opts.platform);
  const reasons: string[] = [];

  if (opts.docker) {
    const local = await inspectImage(image, { docker: opts.docker, env: opts.dockerEnv, timeoutMs: opts.timeoutMs, signal: opts.signal });
    if (local && (opts.platform === undefined || platformRank(local.platform, want) >= 0)) {
      return { known: true, env: envFromList(local.env), source: 'engine', note: `the local image ${name} (docker image inspect)` };
    }
    reasons.push(local ? `the local image is ${formatPlatform(local.platform)}, not ${formatPlatform(want)}` : 'not in the local engine');
  }
  if (opts.signal?.aborted) return { known: false, reason: 'cancelled' };

  if (opts.registry) {
    const key = `config|${ref.domain}/${ref.path}|${ref.digest ?? ref.tag}|${formatPlatform(want)}`;
    const r = await cacheFor(opts.cacheDir).getOrCompute<Lookup<ImageConfig>>(key, (v) => (v.ok ? TTL.size : TTL.failure), () =>
      imageConfig(ref, { platform: opts.platform, timeoutMs: opts.timeoutMs, signal: opts.signal }),
    );
    if (r.ok) {
      const platform = r.value.platform ? ` for ${r.value.platform}` : '';
      return { known: true, env: envFromList(r.value.env), source: 'registry', note: `the config of ${name}${platform} in its registry (${shortDigest(r.value.configDigest)})` };
    }
    reasons.push(`registry: ${r.error}`);
  } else {
    reasons.push('registry lookups are off');
  }

  const t = want.os === 'linux' ? tableEnv(ref) : undefined;
  if (t) return { known: true, env: envFromList(t.env), source: 'table', note: `the bundled table of official images (row ${t.row}, from ${t.source})` };
  return { known: false, reason: `${reasons.join('; ')}; not in the bundled table` };
}

/** The key of one lookup: the image, the platform and what may be asked. */
const keyOf = (image: string, platform: string | undefined, o: BaseEnvOptions) => `${image}|${platform ?? ''}|${o.docker ?? ''}|${o.registry}`;

interface Entry {
  status: BaseEnvStatus | undefined;
  /** When an answer may be asked for again (unknown and table answers: a pull or a registry may change them). */
  expires: number;
  abort?: AbortController;
  timer?: NodeJS.Timeout;
}

/** How long the service waits before looking an image up (typing `FROM python:3.1` must not look up `python:3.`). */
export const LOOKUP_DELAY_MS = 250;
/** How long an answer that may change (not in the engine, unknown) is kept before it is asked for again. */
const RECHECK_MS = 60_000;

/** Base-image Envs for the language server: synchronous answers, lookups in the background. */
export class BaseEnvService {
  private readonly entries = new Map<string, Entry>();
  /** The keys each document asked for in its last lint. */
  private readonly used = new Map<string, Set<string>>();
  /** How many lookups were started and cancelled (for tests and stats). */
  readonly counts = { started: 0, cancelled: 0 };

  constructor(private readonly onChange: () => void, private readonly delayMs = LOOKUP_DELAY_MS, private readonly now: () => number = Date.now) {}

  /**
   * A lookup for one lint of document `uri`: answers what is known, schedules the rest. Call `done()`
   * when the lint is over: lookups no open document asked for any more are cancelled. A lint cut
   * short (`done(true)`) adds what it asked for: it did not reach every stage.
   */
  lookupFor(uri: string, opts: BaseEnvOptions): { lookup: BaseEnvLookup; done(partial?: boolean): void } {
    const asked = new Set<string>();
    const lookup: BaseEnvLookup = (image, platform) => {
      const key = keyOf(image, platform, opts);
      asked.add(key);
      let e = this.entries.get(key);
      if (e && e.status && e.expires <= this.now() && !e.abort && !e.timer) {
        // stale: keep answering it while it is looked up again
        this.start(key, e, image, platform, opts);
      }
      if (!e) {
        this.entries.set(key, (e = { status: undefined, expires: Infinity }));
        this.start(key, e, image, platform, opts);
      }
      return e.status;
    };
    return {
      lookup,
      done: (partial = false) => {
        if (partial) for (const k of this.used.get(uri) ?? []) asked.add(k);
        this.used.set(uri, asked);
        this.prune();
      },
    };
  }

  /** What is known now, without looking anything up (hovers). */
  peek(opts: BaseEnvOptions): BaseEnvLookup {
    return (image, platform) => this.entries.get(keyOf(image, platform, opts))?.status;
  }

  private start(key: string, e: Entry, image: string, platform: string | undefined, opts: BaseEnvOptions): void {
    e.timer = setTimeout(() => {
      e.timer = undefined;
      const abort = (e.abort = new AbortController());
      this.counts.started++;
      resolveBaseEnv(image, { ...opts, platform, signal: abort.signal })
        .catch((err: Error): BaseEnvStatus => ({ known: false, reason: `lookup failed: ${err.message}` }))
        .then((status) => {
          if (abort.signal.aborted || this.entries.get(key) !== e) return;
          e.abort = undefined;
          const changed = JSON.stringify(describe(e.status)) !== JSON.stringify(describe(status));
          e.status = status;
          e.expires = status.known && status.source !== 'table' ? Infinity : this.now() + RECHECK_MS;
          if (changed) this.onChange();
        });
    }, this.delayMs);
  }

  /** Forgets a closed document's lookups. */
  release(uri: string): void {
    this.used.delete(uri);
    this.prune();
  }

  /** Forgets every answer (after a pull, or when the settings change): the next lint asks again. */
  forget(): void {
    for (const [key, e] of this.entries) this.drop(key, e);
    this.onChange();
  }

  /** Cancels what no document uses; keeps the answers of used images. */
  private prune(): void {
    const inUse = new Set<string>();
    for (const keys of this.used.values()) for (const k of keys) inUse.add(k);
    for (const [key, e] of this.entries) if (!inUse.has(key) && (e.timer || e.abort || !e.status)) this.drop(key, e);
    // answers no document uses are kept a while (reopening a file); at most a few hundred
    if (this.entries.size > 500) for (const [key, e] of this.entries) if (!inUse.has(key)) this.drop(key, e);
  }

  private drop(key: string, e: Entry): void {
    if (e.timer || e.abort) this.counts.cancelled++;
    if (e.timer) clearTimeout(e.timer);
    e.abort?.abort();
    this.entries.delete(key);
  }
}

function describe(s: BaseEnvStatus | undefined): unknown {
  return s ? (s.known ? [s.source, s.note, [...s.env]] : s.reason) : undefined;
}
