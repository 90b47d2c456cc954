#!/usr/bin/env bash
# The lint step of the GitHub Action (action.yml): runs `dockerfile-lens check` with npx and writes
# `sarif-file` and `exit-code` to $GITHUB_OUTPUT. It exits 0 itself (the action fails afterwards, from
# `exit-code`, so that the SARIF upload runs first), except on an unusable input (exit 2).
# Inputs (environment): INPUT_PATHS (blank- or newline-separated, default .), INPUT_FORMAT (sarif,
# github, text, json, checkstyle, gitlab; default sarif), INPUT_FAIL_LEVEL (error, warning, info, hint,
# none; empty: the CLI's exit code), INPUT_CONFIG, INPUT_VERSION (npm version, or a tarball/folder path).
set -uo pipefail

paths=${INPUT_PATHS:-.}
format=${INPUT_FORMAT:-sarif}
fail_level=${INPUT_FAIL_LEVEL:-}
version=${INPUT_VERSION:-latest}
out=${GITHUB_OUTPUT:-/dev/null}
tmp=${RUNNER_TEMP:-${TMPDIR:-/tmp}}

case "$version" in
  */* | *.tgz) package=$version ;;
  *) package=dockerfile-lens@$version ;;
esac
case "$format" in
  sarif | github | text | json | checkstyle | gitlab) ;;
  *) echo "::error title=dockerfile-lens::format must be sarif, github, text, json, checkstyle or gitlab, not '$format'"; exit 2 ;;
esac
case "$fail_level" in
  '' | error | warning | info | hint | none) ;;
  *) echo "::error title=dockerfile-lens::fail-level must be error, warning, info, hint or none, not '$fail_level'"; exit 2 ;;
esac

set -f # paths are taken as written, not globbed
# shellcheck disable=SC2206
targets=($paths)
set +f
options=()
[ -n "${INPUT_CONFIG:-}" ] && options+=(--config "$INPUT_CONFIG")

lens() { npx --yes --package="$package" -- dockerfile-lens check "${options[@]}" "$@"; }

if [ "$format" = sarif ]; then
  sarif="$tmp/dockerfile-lens.sarif"
  lens --format sarif "${targets[@]}" >"$sarif"
  code=$?
  [ "$code" -ne 2 ] && echo "sarif-file=$sarif" >>"$out"
  echo "dockerfile-lens: SARIF written to $sarif"
else
  lens --format "$format" "${targets[@]}"
  code=$?
fi

# another fail level than the CLI's: decided from its JSON output (severity error|warning|info|hint)
if [ "$code" -ne 2 ] && [ -n "$fail_level" ]; then
  json="$tmp/dockerfile-lens.json"
  lens --format json "${targets[@]}" >"$json"
  code=$(FAIL_LEVEL=$fail_level node -e '
    const order = ["error", "warning", "info", "hint"];
    const limit = process.env.FAIL_LEVEL === "none" ? -1 : order.indexOf(process.env.FAIL_LEVEL);
    const results = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const worst = results.filter((r) => order.indexOf(r.severity) >= 0 && order.indexOf(r.severity) <= limit);
    console.log(worst.length > 0 ? 1 : 0);' "$json") || code=2
fi
echo "exit-code=$code" >>"$out"
if [ "$code" -eq 2 ]; then exit 2; fi
exit 0
