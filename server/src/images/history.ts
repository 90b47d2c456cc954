/**
 * Measured layer sizes after a build: `docker history --no-trunc --human=false
 * --format '{{json .}}' -- IMAGE` (run with `execFile`, arguments as an array,
 * never through a shell), its rows mapped back to the instructions of the
 * built stage.
 *
 * The rows come newest first, one per history entry; `Size` is the layer's
 * uncompressed size in bytes (a string with `--human=false`), 0 for entries
 * that add no layer. What the rows look like and which instructions write one
 * (observed with dockerd 20.10 and both builders, see
 * test/integration/history.test.ts):
 * - BuildKit (`Comment` is `buildkit.dockerfile.v0`): `CreatedBy` starts with
 *   the instruction's keyword — `COPY big.bin / # buildkit`,
 *   `RUN |1 V=2 /bin/sh -c … # buildkit` (build args first), `ENV A=b`,
 *   `EXPOSE map[80/tcp:{}]`, `ARG V`. Every instruction of the stage after FROM
 *   writes a row except ONBUILD (it only sets the image config).
 * - Legacy builder: metadata, COPY and ADD rows read
 *   `<shell> #(nop) KEYWORD …` (`/bin/sh -c #(nop) COPY file:<sha> in /`, the
 *   shell being the stage's SHELL); a RUN row is the command itself
 *   (`/bin/sh -c …`, `|2 A=1 B=2 /bin/sh -c …` with build args, the argv
 *   joined for the exec form). Every instruction after FROM writes a row,
 *   ONBUILD included.
 * - Neither writes a row for FROM or for ARGs before the first FROM; the base
 *   image's own rows come last (oldest). ONBUILD triggers of the base image
 *   run right after FROM, so their rows count as the base here.
 *
 * How the engine counts bytes (overlay2, moby 20.10): the legacy builder and
 * `docker import` register layers through the graph driver's ApplyDiff /
 * DiffSize, which sum `directory.Size` of the layer's diff directory
 * (moby daemon/graphdriver/overlay2/overlay.go, pkg/directory/directory_unix.go):
 * directories and empty files count 0, each hard-linked inode once, a symlink
 * the length of its target. BuildKit's layers are registered with the size
 * tar-split counts while checksumming the diff (moby
 * builder/builder-next/adapters/snapshot/layer.go → layer/migration.go
 * `packSizeCounter`): the payload of regular files only, so symlinks count 0
 * there. Deleting a file of an earlier layer adds a whiteout of 0 bytes;
 * changing one copies the whole file up. A layer identical to one already in
 * the store (same diff ID: e.g. `COPY` of the same files with the same mtimes
 * onto the same parent, by the other builder) is not registered again: the
 * store returns the existing layer with the size recorded when it was first
 * registered (moby layer/layer_store.go, "layer already exists").
 *
 * Rows are matched to instructions (`mapHistory`, also used by ./imageAnalysis.ts on the
 * image config's `history`) by walking both backwards from the newest
 * and comparing keywords; rows left over after the stage's first instruction
 * belong to the base image. When a keyword does not match (the image was
 * built from another version of the file, or by a tool writing other rows),
 * only the instructions matched so far are returned and the note says why.
 */
import { execFile } from 'node:child_process';
import type { Instruction } from '../parser/ast';
import type { DockerfileDocument } from '../model/document';
import type { StageInfo } from '../model/stages';

export interface MeasuredLayer {
  /** 0-based line where the instruction starts. */
  line: number;
  /** Uncompressed bytes the instruction's layer adds; 0 for metadata instructions. */
  bytes: number;
  /** The history row's CreatedBy; empty when the builder writes no row for the instruction (ONBUILD with BuildKit). */
  createdBy: string;
}

export interface MeasuredImage {
  layers: MeasuredLayer[];
  /** Bytes of the rows older than the stage chain's first instruction; null when the mapping stopped early. */
  baseBytes: number | null;
  note: string;
}

export interface HistoryOptions {
  /** The stage that was built (`--target`); default the last one. */
  target?: string;
  env?: NodeJS.ProcessEnv;
  /** Default 10000 ms. */
  timeoutMs?: number;
}

interface Row extends HistoryRow {
  size: number;
}

const BUILDKIT_COMMENT = 'buildkit.dockerfile.v0';

/** `docker history` of `image`, newest row first; undefined when the command fails or prints something else. */
function readHistory(docker: string, image: string, opts: HistoryOptions): Promise<Row[] | undefined> {
  return new Promise((resolve) => {
    execFile(
      docker,
      ['history', '--no-trunc', '--human=false', '--format', '{{json .}}', '--', image],
      { env: opts.env ?? process.env, timeout: opts.timeoutMs ?? 10000, maxBuffer: 16 << 20, windowsHide: true },
      (err, stdout) => {
        if (err) return resolve(undefined);
        const rows: Row[] = [];
        for (const line of stdout.split('\n')) {
          if (!line.trim()) continue;
          try {
            const r = JSON.parse(line) as { CreatedBy?: unknown; Comment?: unknown; Size?: unknown };
            const size = Number(r.Size);
            if (!Number.isSafeInteger(size) || size < 0) return resolve(undefined);
            rows.push({ createdBy: String(r.CreatedBy ?? ''), comment: String(r.Comment ?? ''), size });
          } catch {
            return resolve(undefined);
          }
        }
        resolve(rows);
      },
    );
  });
}

/** The instruction keyword a history row was written for, as far as its text tells. */
function rowKeyword(row: HistoryRow, buildkit: boolean): string | undefined {
  const text = row.createdBy.trim();
  if (!text) return undefined;
  if (buildkit) return /^[A-Za-z]+/.exec(text)?.[0].toUpperCase();
  const nop = /^[^#]*#\(nop\) +([A-Za-z]+)/.exec(text);
  return nop ? nop[1].toUpperCase() : 'RUN';
}

/** The built stage and the stages it is built FROM, oldest first. */
function stageChain(doc: DockerfileDocument, target: string | undefined): StageInfo[] | undefined {
  const stages = doc.stages.stages;
  let stage = target === undefined ? stages[stages.length - 1] : stages.find((s) => s.name === target.toLowerCase());
  const chain: StageInfo[] = [];
  while (stage && chain.length <= stages.length) {
    chain.unshift(stage);
    stage = stage.baseStage;
  }
  return chain.length ? chain : undefined;
}

export interface HistoryRow {
  createdBy: string;
  /** `buildkit.dockerfile.v0` on BuildKit's rows. */
  comment: string;
}

/** How history rows (newest first) map to the instructions of the built stage chain. */
export interface HistoryMapping {
  /** Whether the newest row is BuildKit's. */
  buildkit: boolean;
  /** The chain's instructions matched, newest first, each with its row (undefined: ONBUILD with BuildKit, which writes none). */
  matched: Array<{ ins: Instruction; row: number | undefined }>;
  /** Rows consumed by the matched instructions; rows from here on are the base image's (when `problem` is unset). */
  next: number;
  /** Why the walk stopped before the stage chain's first instruction (its lines above are not mapped). */
  problem?: string;
  /** The stage chain, oldest first. */
  chain: StageInfo[];
}

/**
 * Walks the history rows (newest first) and the built stage chain's instructions backwards, comparing
 * keywords (the rules in this file's header). Shared by `measuredLayers` (rows from `docker history`) and
 * the image analysis (rows from the image config's `history`). A string when the Dockerfile has no such stage.
 */
export function mapHistory(doc: DockerfileDocument, rows: readonly HistoryRow[], target?: string): HistoryMapping | string {
  const chain = stageChain(doc, target);
  if (!chain) return target === undefined ? 'the Dockerfile has no FROM' : `the Dockerfile has no stage named "${target}"`;
  const buildkit = rows.length > 0 && rows[0].comment === BUILDKIT_COMMENT;
  const instructions: Instruction[] = chain.flatMap((s) => s.instructions.filter((i) => i !== s.from));
  const lineOf = (i: Instruction) => doc.lines.positionAt(i.start).line;
  const matched: HistoryMapping['matched'] = [];
  let r = 0;
  let problem: string | undefined;
  for (let i = instructions.length - 1; i >= 0; i--) {
    const ins = instructions[i];
    if (buildkit && ins.name === 'ONBUILD') {
      matched.push({ ins, row: undefined });
      continue;
    }
    const row = rows[r];
    const keyword = row && rowKeyword(row, buildkit);
    if (keyword !== ins.name) {
      const found = row ? (keyword ? `a ${keyword} row` : 'a row without an instruction') : 'no more rows';
      problem = `line ${lineOf(ins) + 1} is ${ins.name} but the image's history has ${found} there (was it built from another version of this file?); the lines above it are not mapped`;
      break;
    }
    matched.push({ ins, row: r });
    r++;
  }
  return { buildkit, matched, next: r, problem, chain };
}

export async function measuredLayers(docker: string, image: string, doc: DockerfileDocument, opts: HistoryOptions = {}): Promise<MeasuredImage | undefined> {
  if (!image) return undefined;
  const rows = await readHistory(docker, image, opts);
  if (!rows) return undefined;
  const mapping = mapHistory(doc, rows, opts.target);
  if (typeof mapping === 'string') return { layers: [], baseBytes: null, note: `Not mapped: ${mapping}.` };
  const { buildkit, chain, problem } = mapping;
  const builder = buildkit ? 'BuildKit' : 'the legacy builder';
  const lineOf = (i: Instruction) => doc.lines.positionAt(i.start).line;
  const layers: MeasuredLayer[] = mapping.matched.map(({ ins, row }) =>
    row === undefined ? { line: lineOf(ins), bytes: 0, createdBy: '' } : { line: lineOf(ins), bytes: rows[row].size, createdBy: rows[row].createdBy },
  );
  layers.reverse();
  const rowsText = `${rows.length} history row${rows.length === 1 ? '' : 's'}`;
  if (problem) return { layers, baseBytes: null, note: `docker history of ${image} (${builder}, ${rowsText}): ${problem}.` };

  const base = rows.slice(mapping.next);
  const baseBytes = base.reduce((sum, row) => sum + row.size, 0);
  const root = chain[0].image?.toLowerCase();
  const scratchExtra = root === 'scratch' && base.length > 0 ? ` ${base.length} row(s) are older than the first instruction although the stage starts FROM scratch: the mapping may be shifted.` : '';
  return {
    layers,
    baseBytes,
    note: `docker history of ${image} (${builder}, ${rowsText}): ${layers.length} instruction(s) mapped, base image ${baseBytes} bytes in ${base.length} row(s); uncompressed sizes.${scratchExtra}`,
  };
}
