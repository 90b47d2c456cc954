#!/usr/bin/env bash
# Installs what the real-VS-Code tests (test/e2e) and `npm start` need: Debian's chromium
# (+ ripgrep, kerberos headers for code-server's native modules, a Korean font for the
# screenshots) and code-server + playwright-core from npm into test/e2e/node_modules.
# Idempotent: skips what is already there (a no-op run takes well under a second).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
e2e="$root/test/e2e"
cs="$e2e/node_modules/code-server"

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v rg >/dev/null 2>&1 || need_apt+=(ripgrep)
[ -e /usr/include/krb5.h ] || [ -e /usr/include/krb5/krb5.h ] || need_apt+=(libkrb5-dev)
[ -d /usr/share/fonts/truetype/nanum ] || need_apt+=(fonts-nanum)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "e2e setup: apt-get install ${need_apt[*]}"
  apt_log=$(mktemp)
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}"; } >"$apt_log" 2>&1; then
    tail -n 40 "$apt_log"
    echo "e2e setup: apt-get install ${need_apt[*]} failed (log above)"
    exit 1
  fi
  rm -f "$apt_log"
fi

# code-server is complete when its postinstall has run: that installs VS Code's own modules
# into lib/vscode/node_modules (native ones built with node-gyp) and links node_modules.asar.
installed() {
  [ -f "$e2e/node_modules/playwright-core/package.json" ] && [ -f "$cs/out/node/entry.js" ] &&
    [ -e "$cs/lib/vscode/node_modules.asar" ] && [ -x "$cs/lib/vscode/node_modules/@vscode/ripgrep/bin/rg" ] &&
    [ -d "$cs/lib/vscode/extensions/node_modules" ]
}

if ! installed; then
  echo "e2e setup: npm install code-server, playwright-core into test/e2e/node_modules (about a minute)"
  tmp=$(mktemp -d)
  log="$tmp/npm.log"
  trap 'rm -rf "$tmp"' EXIT
  # @vscode/ripgrep would download its binary from GitHub: hand it Debian's rg instead
  mkdir -p "$tmp/vscode-ripgrep-cache-1.15.11"
  tar -czf "$tmp/vscode-ripgrep-cache-1.15.11/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C /usr/bin rg
  # unsafe_perm: code-server's postinstall refuses to run as root without it; nodedir: node-gyp
  # uses Debian's headers instead of downloading them; yes: node-pty's postinstall runs `npx node-gyp`.
  # npm 11 prints "install scripts not yet covered by allowScripts" for the nested installs of
  # code-server's postinstall: a notice only, the scripts run (test/e2e/package.json allows ours).
  export TMPDIR="$tmp" npm_config_unsafe_perm=true npm_config_nodedir=/usr npm_config_yes=true
  run() {
    if ! "$@" >>"$log" 2>&1; then
      tail -n 40 "$log"
      echo "e2e setup: '$*' failed (log above)"
      exit 1
    fi
  }
  run bash -c "cd '$e2e' && npm install --no-audit --no-fund --no-save --foreground-scripts"
  # A code-server whose postinstall did not run (e.g. installed with --ignore-scripts): run it now.
  installed || run bash -c "cd '$e2e' && npm rebuild code-server --foreground-scripts"
  installed || { tail -n 40 "$log"; echo "e2e setup: code-server is still incomplete in $cs"; exit 1; }
fi
echo "e2e setup ok: $(command -v chromium), code-server $(node -p "require('$cs/package.json').version"), playwright-core $(node -p "require('$e2e/node_modules/playwright-core/package.json').version")"
