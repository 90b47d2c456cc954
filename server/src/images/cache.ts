/**
 * A small JSON cache on disk for registry lookups (base-image sizes, tag
 * lists), so that editor sessions and CLI runs do not ask the registry again
 * for a day. One file per entry (`<sha256 of the key>.json` holding the key,
 * the expiry time and the value), written atomically (a temporary file in the
 * same directory, then `rename`, which replaces the old file in one step on
 * POSIX and Windows), read tolerantly (a corrupt, foreign or unreadable file is
 * a miss and is removed). An in-memory layer in front answers repeated lookups
 * without touching the disk and shares lookups that are still running. Any disk
 * error (read-only home, full disk) only costs the disk layer.
 *
 * Default directory: `$XDG_CACHE_HOME/dockerfile-lens`, else `~/.cache/dockerfile-lens`
 * (the XDG base-directory convention).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

const HOUR = 3600_000;
/** How long a size, a tag list and a failed lookup are kept. */
export const TTL = { size: 24 * HOUR, tags: HOUR, failure: 60_000 };

export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'dockerfile-lens');
}

interface Entry {
  key: string;
  expires: number;
  value: unknown;
}

/** Entries kept in memory; the oldest are dropped beyond this. */
const MEMORY_MAX = 1000;

export class JsonCache {
  private readonly memory = new Map<string, Entry>();
  private readonly running = new Map<string, Promise<unknown>>();

  constructor(readonly dir: string = defaultCacheDir(), private readonly now: () => number = Date.now) {}

  private file(key: string): string {
    return join(this.dir, createHash('sha256').update(key).digest('hex').slice(0, 40) + '.json');
  }

  async get<T>(key: string): Promise<T | undefined> {
    const m = this.memory.get(key);
    if (m && m.expires > this.now()) return m.value as T;
    this.memory.delete(key);
    const file = this.file(key);
    let entry: Entry | undefined;
    try {
      const parsed = JSON.parse(await readFile(file, 'utf8')) as Entry;
      if (parsed && parsed.key === key && typeof parsed.expires === 'number' && 'value' in parsed) entry = parsed;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    }
    if (!entry || entry.expires <= this.now()) {
      await unlink(file).catch(() => undefined);
      return undefined;
    }
    this.remember(entry);
    return entry.value as T;
  }

  async set(key: string, value: unknown, ttlMs: number): Promise<void> {
    const entry: Entry = { key, expires: this.now() + ttlMs, value };
    this.remember(entry);
    const file = this.file(key);
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await mkdir(this.dir, { recursive: true });
      await writeFile(tmp, JSON.stringify(entry));
      await rename(tmp, file);
    } catch {
      await unlink(tmp).catch(() => undefined);
    }
  }

  /**
   * The cached value, or `compute()`'s, stored for `ttl(value)` ms. Concurrent
   * calls for one key share a single computation.
   */
  async getOrCompute<T>(key: string, ttl: (value: T) => number, compute: () => Promise<T>): Promise<T> {
    const running = this.running.get(key);
    if (running) return running as Promise<T>;
    const p = (async () => {
      const known = await this.get<T>(key);
      if (known !== undefined) return known;
      const value = await compute();
      await this.set(key, value, ttl(value));
      return value;
    })();
    this.running.set(key, p);
    try {
      return await p;
    } finally {
      this.running.delete(key);
    }
  }

  private remember(e: Entry): void {
    this.memory.delete(e.key);
    this.memory.set(e.key, e);
    if (this.memory.size > MEMORY_MAX) this.memory.delete(this.memory.keys().next().value!);
  }
}

const caches = new Map<string, JsonCache>();

/** One cache per directory, so that its memory layer is shared by all callers. */
export function cacheFor(dir: string = defaultCacheDir()): JsonCache {
  let c = caches.get(dir);
  if (!c) caches.set(dir, (c = new JsonCache(dir)));
  return c;
}
