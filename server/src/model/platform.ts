/**
 * Platform specifiers as containerd's `platforms.Parse` reads them
 * (`os[/arch[/variant]]`, normalized: `x86_64` → `amd64`, `aarch64` → `arm64`…).
 * Only what the FROM --platform checks need; the default OS/arch of a
 * single-component specifier is linux/amd64 (BuildKit's usual builder).
 */
export interface Platform {
  os: string;
  architecture: string;
  variant: string;
}

const specifierRe = /^[A-Za-z0-9_.-]+$/;
const knownOS = new Set(['aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'hurd', 'illumos', 'ios', 'js', 'linux', 'nacl', 'netbsd', 'openbsd', 'plan9', 'solaris', 'wasip1', 'windows', 'zos']);
const knownArch = new Set(['386', 'amd64', 'amd64p32', 'arm', 'armbe', 'arm64', 'arm64be', 'ppc64', 'ppc64le', 'loong64', 'mips', 'mipsle', 'mips64', 'mips64le', 'mips64p32', 'mips64p32le', 'ppc', 'riscv', 'riscv64', 's390', 's390x', 'sparc', 'sparc64', 'wasm']);

function normalizeOS(os: string): string {
  const l = os.toLowerCase();
  return l === 'macos' ? 'darwin' : l;
}

function normalizeArch(arch: string, variant: string): [string, string] {
  const a = arch.toLowerCase();
  const v = variant.toLowerCase();
  switch (a) {
    case 'i386':
      return ['386', ''];
    case 'x86_64':
    case 'x86-64':
    case 'amd64':
      return ['amd64', v === 'v1' ? '' : v];
    case 'aarch64':
    case 'arm64':
      return ['arm64', v === '8' || v === 'v8' ? '' : v];
    case 'armhf':
      return ['arm', 'v7'];
    case 'armel':
      return ['arm', 'v6'];
    case 'arm':
      if (v === '' || v === '7') return ['arm', 'v7'];
      if (v === '5' || v === '6' || v === '8') return ['arm', 'v' + v];
      return ['arm', v];
    default:
      return [a, v];
  }
}

/** `platforms.Parse`; undefined where containerd returns an error. */
export function parsePlatform(specifier: string): Platform | undefined {
  if (specifier.includes('*')) return undefined;
  const parts = specifier.split('/');
  if (parts.length > 3 || parts.some((p) => !specifierRe.test(p))) return undefined;
  if (parts.length === 1) {
    const p = parts[0];
    if (knownOS.has(normalizeOS(p))) {
      return { os: normalizeOS(p), architecture: 'amd64', variant: '' };
    }
    const [arch, variant] = normalizeArch(p, '');
    if (knownArch.has(arch)) return { os: 'linux', architecture: arch, variant };
    return undefined;
  }
  const os = normalizeOS(parts[0]);
  const [arch, variant] = normalizeArch(parts[1], parts[2] ?? '');
  return { os, architecture: arch, variant };
}
