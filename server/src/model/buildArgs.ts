/**
 * The ARGs a build needs a value for: declared without a default (neither
 * their own nor, for `ARG NAME` inside a stage, the global one's), which
 * `docker build --build-arg NAME=…` would fill. Predefined ARGs (proxies,
 * TARGETPLATFORM…) are set by the builder and are left out:
 * https://docs.docker.com/reference/dockerfile/#predefined-args
 */
import type { DockerfileDocument } from './document';
import { PREDEFINED_ARGS } from '../docs/instructions';

/** Names with the 1-based line of their first declaration without a default. */
export function buildArgsWithoutDefault(doc: DockerfileDocument): Array<{ name: string; line: number }> {
  const out = new Map<string, number>();
  const bindings = [...doc.stages.globalArgs, ...doc.stages.stages.flatMap((s) => s.args)];
  for (const b of bindings) {
    if (b.defaultValue !== undefined || PREDEFINED_ARGS.some((p) => p.name === b.name) || out.has(b.name)) continue;
    out.set(b.name, b.instruction.startLine);
  }
  return [...out].map(([name, line]) => ({ name, line }));
}
