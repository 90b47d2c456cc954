#!/usr/bin/env bash
# Renders the extension icon (docs/images/icon.svg, the source) to docs/images/icon.png, 128x128 with
# transparent corners, with Chromium headless (/usr/bin/chromium). Run after editing the SVG.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp docs/images/icon.svg "$tmp/icon.svg"
echo '<html><body style="margin:0"><img src="icon.svg" width="128" height="128" style="display:block"></body></html>' > "$tmp/icon.html"
HOME="$tmp" chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --default-background-color=00000000 \
  --window-size=128,128 --screenshot="$tmp/icon.png" "file://$tmp/icon.html" 2>/dev/null
cp "$tmp/icon.png" docs/images/icon.png
