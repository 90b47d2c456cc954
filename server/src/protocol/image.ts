/**
 * What an analysis of a built image returns (issue 16): the bytes each layer adds, and the bytes a
 * later layer hides (overwrites or deletes), charged to the layer that holds them. The same JSON the
 * CLI's `image --format json` prints, and what the server keeps after a build for the lenses, hover
 * and the Show Image Layers view.
 *
 * Efficiency = visible bytes ÷ all bytes, where all bytes = Σ the regular-file payload of every layer
 * and visible bytes = what a container sees (all bytes − wasted bytes). dive instead counts, for
 * every path present in more than one layer, all of its copies as "wasted" (including the visible
 * one), so dive's wasted figure is ≥ ours for the same image.
 */

/** One layer with content (layers that add no file are left out), 0-based in image order. */
export interface ImageLayer {
  index: number;
  /** The history entry's `created_by` (non-empty-layer entries only). */
  createdBy: string;
  /** 1-based Dockerfile line of the instruction that wrote the layer, when a Dockerfile maps it. */
  line?: number;
  /** Regular-file payload bytes the layer's tar holds (uncompressed). */
  bytes: number;
  /** Bytes of this layer that a later layer overwrites or deletes. */
  wastedBytes: number;
  /** Entries in the layer's tar (files, directories, links, whiteouts). */
  files: number;
  /**
   * The layer's largest regular files, largest first, at most as many as the analysis was asked
   * for (the editor's bounded file index; the CLI's JSON leaves it out unless asked).
   */
  largest?: ImageFile[];
}

/** A regular file of one layer. */
export interface ImageFile {
  path: string;
  bytes: number;
  /** Index of the later layer that overwrote or deleted it; absent when it is visible in the image. */
  hiddenBy?: number;
}

/** A file of one layer that a later layer hid. */
export interface WastedFile {
  /** Path inside the image, without a leading `/` (as in the layer tar). */
  path: string;
  bytes: number;
  /** Index of the layer holding the hidden bytes. */
  layer: number;
  /** Index of the layer that overwrote or deleted it. */
  hiddenBy: number;
}

export interface ImageReport {
  /** The image as the user named it (name, archive path or OCI layout folder). */
  image: string;
  totalBytes: number;
  wastedBytes: number;
  /** visible ÷ total, 1 for an empty image. */
  efficiency: number;
  layers: ImageLayer[];
  /** Largest first. */
  wasted: WastedFile[];
}
