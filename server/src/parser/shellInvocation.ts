/**
 * Recognises a shell invoked in exec form (`["sh", "-c", "SCRIPT"]`,
 * `["bash", "-o", "pipefail", "-ec", "SCRIPT"]`, `pwsh -Command`, `cmd /C`,
 * `su -c`): the script element is run by that shell, so its variables are
 * expanded at run time even though the exec form itself expands nothing.
 */
const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'mksh']);
export const basename = (p: string) => p.slice(p.lastIndexOf('/') + 1).replace(/\.exe$/i, '').toLowerCase();
export const isPosixShell = (program: string): boolean => SHELLS.has(basename(program));

/** Index of the script of a shell invocation (`sh -c SCRIPT`, `bash -o pipefail -ec SCRIPT`, `pwsh -Command SCRIPT`, `cmd /S /C …`), anywhere in the argv. */
export function shellScriptIndex(elements: readonly string[]): number | undefined {
  for (let i = 0; i < elements.length; i++) {
    const b = basename(elements[i]);
    if (SHELLS.has(b)) {
      let j = i + 1;
      while (j < elements.length && /^[-+]/.test(elements[j])) {
        // an option cluster with a `c`, matched at its first `c` (`-[a-zA-Z]*c` backtracks quadratically)
        if (/^-[abd-zA-Z]*c[a-zA-Z]*$/.test(elements[j])) return j + 1 < elements.length ? j + 1 : undefined;
        j += /^[-+][a-zA-Z]*o$/.test(elements[j]) ? 2 : 1; // `-o pipefail`, `-exo pipefail`
      }
    } else if (b === 'powershell' || b === 'pwsh') {
      const j = elements.findIndex((e, k) => k > i && /^-(c|command)$/i.test(e));
      if (j > 0 && j + 1 < elements.length) return j + 1;
    } else if (b === 'su' || b === 'runuser') {
      const j = elements.findIndex((e, k) => k > i && /^(-c|--command)$/.test(e));
      if (j > 0 && j + 1 < elements.length) return j + 1;
    } else if (b === 'cmd') {
      const j = elements.findIndex((e, k) => k > i && /^\/[ck]$/i.test(e));
      if (j > 0 && j + 1 < elements.length) return j + 1;
    }
  }
  return undefined;
}

