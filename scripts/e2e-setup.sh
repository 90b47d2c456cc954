#!/usr/bin/env bash
# Installs what the real-VS-Code tests need: Debian's chromium (+ ripgrep and
# kerberos headers for code-server's native modules) and code-server from npm
# into test/e2e/node_modules. Idempotent; skips what is already there.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v rg >/dev/null 2>&1 || need_apt+=(ripgrep)
[ -e /usr/include/krb5.h ] || [ -e /usr/include/krb5/krb5.h ] || need_apt+=(libkrb5-dev)
if [ ${#need_apt[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi
if [ ! -x "$root/test/e2e/node_modules/.bin/code-server" ]; then
  tmp=$(mktemp -d)
  # @vscode/ripgrep would download its binary from GitHub: hand it Debian's rg instead
  mkdir -p "$tmp/vscode-ripgrep-cache-1.15.11"
  tar -czf "$tmp/vscode-ripgrep-cache-1.15.11/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C /usr/bin rg
  (cd "$root/test/e2e" && TMPDIR="$tmp" npm_config_unsafe_perm=true npm_config_nodedir=/usr npm_config_yes=true \
    npm install --no-audit --no-fund --no-save >/dev/null)
  rm -rf "$tmp"
fi
echo "e2e setup ok: $(command -v chromium), code-server $(node -p "require('$root/test/e2e/node_modules/code-server/package.json').version")"
