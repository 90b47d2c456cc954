/**
 * The last resort for a base image's size: a small bundled table of common
 * official images with their approximate **compressed** linux/amd64 size (what
 * Docker Hub lists as "compressed size" and a pull downloads). The figures were
 * written down from memory of Docker Hub's listings for the releases current in
 * mid-2024, not measured here (this project's build has no internet): they are
 * labelled approximate, carry a ±30% range (sizes move between releases), and a
 * tag the table does not know (Windows images, unusual variants) gets nothing.
 */
import type { ImageRef } from './registry';

export const TABLE_DATE = 'mid-2024';

const MB = 1_000_000;

/** Per repository, the first tag pattern that matches decides; `null` = not in the table. */
const TABLE: Record<string, Array<[RegExp, number | null, string]>> = {
  'docker.io/library/alpine': [[/./, 3.4 * MB, 'alpine']],
  'docker.io/library/busybox': [[/./, 2.2 * MB, 'busybox']],
  'docker.io/library/debian': [
    [/slim/, 29 * MB, 'debian:*-slim'],
    [/./, 49 * MB, 'debian'],
  ],
  'docker.io/library/ubuntu': [[/./, 30 * MB, 'ubuntu']],
  'docker.io/library/node': [
    [/windows|nanoserver|servercore/, null, ''],
    [/alpine/, 45 * MB, 'node:*-alpine'],
    [/slim/, 70 * MB, 'node:*-slim'],
    [/./, 390 * MB, 'node'],
  ],
  'docker.io/library/python': [
    [/windows|nanoserver|servercore/, null, ''],
    [/alpine/, 19 * MB, 'python:*-alpine'],
    [/slim/, 45 * MB, 'python:*-slim'],
    [/./, 370 * MB, 'python'],
  ],
  'docker.io/library/golang': [
    [/windows|nanoserver|servercore/, null, ''],
    [/alpine/, 80 * MB, 'golang:*-alpine'],
    [/./, 290 * MB, 'golang'],
  ],
  'docker.io/library/rust': [
    [/alpine/, null, ''],
    [/slim/, 270 * MB, 'rust:*-slim'],
    [/./, 550 * MB, 'rust'],
  ],
  'docker.io/library/eclipse-temurin': [
    [/alpine|windows|nanoserver|servercore/, null, ''],
    [/jre/, 90 * MB, 'eclipse-temurin:*-jre'],
    [/./, 190 * MB, 'eclipse-temurin (JDK)'],
  ],
  'docker.io/library/nginx': [
    [/alpine/, 20 * MB, 'nginx:*-alpine'],
    [/./, 70 * MB, 'nginx'],
  ],
  'gcr.io/distroless/static-debian12': [[/./, 1 * MB, 'distroless/static-debian12']],
  'gcr.io/distroless/static': [[/./, 1 * MB, 'distroless/static']],
  'gcr.io/distroless/base-debian12': [[/./, 9 * MB, 'distroless/base-debian12']],
};

export interface TableSize {
  bytes: number;
  /** What the row covers, e.g. `node:*-alpine`. */
  row: string;
}

/** The table's figure for an image, when it has one. Digest-only references are not looked up (the tag tells the variant). */
export function tableSize(ref: ImageRef): TableSize | undefined {
  if (ref.tag === undefined) return undefined;
  const rows = TABLE[`${ref.domain}/${ref.path}`];
  const row = rows?.find(([re]) => re.test(ref.tag!));
  return row && row[1] !== null ? { bytes: row[1], row: row[2] } : undefined;
}
