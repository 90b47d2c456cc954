/** BuildKit's EXPOSE port parsing (dockerfile2llb `convert_expose.go`), for the lint checks. */

export interface PortSpec {
  ip: string;
  hostPort: string;
  containerPort: string;
  /** As written (not lowercased). */
  proto: string;
}

function splitParts(raw: string): [string, string, string] {
  const parts = raw.split(':');
  switch (parts.length) {
    case 1:
      return ['', '', parts[0]];
    case 2:
      return ['', parts[0], parts[1]];
    case 3:
      return [parts[0], parts[1], parts[2]];
    default: {
      const n = parts.length;
      return [parts.slice(0, n - 2).join(':'), parts[n - 2], parts[n - 1]];
    }
  }
}

/** Undefined where BuildKit fails on the port (no port, unknown protocol). */
export function parsePortSpec(raw: string): PortSpec | undefined {
  const [ip, hostPort, rest] = splitParts(raw);
  const slash = rest.indexOf('/');
  const containerPort = slash < 0 ? rest : rest.slice(0, slash);
  const proto = slash < 0 ? '' : rest.slice(slash + 1);
  if (containerPort === '') return undefined;
  if (proto !== '' && !['tcp', 'udp', 'sctp'].includes(proto.toLowerCase())) return undefined;
  return { ip, hostPort, containerPort, proto };
}
