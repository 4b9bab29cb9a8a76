#!/usr/bin/env bash
# Build (once) the YAML decoder of the interop test and cache it by a hash of its sources, next to the cluster binaries:
#   ${K8S_COURSE_CACHE:-$HOME/.cache/k8s-course-cluster}/yaml-decode-<hash>/yaml-decode
# go.mod pins sigs.k8s.io/yaml to the version kubectl 1.32 uses. A second run is a no-op.
# Prints the binary's path on stdout; progress goes to stderr.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
K8S_COURSE_CACHE="${K8S_COURSE_CACHE:-$HOME/.cache/k8s-course-cluster}"

START=$(date +%s)
log() { printf '[yaml-decode-build %4ss] %s\n' "$(( $(date +%s) - START ))" "$*" >&2; }

command -v go >/dev/null || { echo "tools/yaml-decode/build.sh: go is not installed" >&2; exit 1; }

export GOFLAGS="${GOFLAGS:-} -p=${K8S_COURSE_BUILD_PARALLELISM:-2} -buildvcs=false"
export GOTOOLCHAIN="${GOTOOLCHAIN:-local}"

# The sources (and this script) decide the binary; the hash names its folder, so an edit builds anew.
hash=$(cd "$HERE" && cat build.sh go.mod go.sum main.go | sha256sum | cut -c1-12)
dir="$K8S_COURSE_CACHE/yaml-decode-$hash"
if [[ -x "$dir/yaml-decode" ]]; then
  log "cached at $dir/yaml-decode"
  echo "$dir/yaml-decode"
  exit 0
fi
mkdir -p "$dir"
log "go build (log: $dir/build.log) ..."
if ! (cd "$HERE" && go build -mod=readonly -trimpath -ldflags "-s -w" -o "$dir/yaml-decode.tmp" .) >"$dir/build.log" 2>&1; then
  tail -30 "$dir/build.log" >&2
  echo "tools/yaml-decode/build.sh: building yaml-decode failed; full log: $dir/build.log" >&2
  exit 1
fi
mv "$dir/yaml-decode.tmp" "$dir/yaml-decode"
log "done"
echo "$dir/yaml-decode"
