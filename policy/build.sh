#!/usr/bin/env bash
# Build (once) the manifest linters and cache them by version, next to the cluster binaries:
#   ${K8S_COURSE_CACHE:-$HOME/.cache/k8s-course-cluster}/<tool>-<version>/<binary>
# kube-score: go install github.com/zegl/kube-score/cmd/kube-score@$KUBE_SCORE_VERSION
# polaris:    github.com/fairwindsops/polaris@$POLARIS_VERSION, built with `go build` in a copy
#             of the downloaded module (see build_polaris for why not `go install`).
#   Polaris' go.mod says `module github.com/fairwindsops/polaris` (no /v10), so its 10.x tags
#   are not Go versions; we pin the pseudo-version of a commit instead. The Go checksum
#   database does not answer for that pseudo-version here, so GONOSUMDB is set for this one
#   module and its go.sum hashes are checked against the pinned values below instead.
# A second run is a no-op.
set -euo pipefail

POLICY_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=policy/env.sh
source "$POLICY_DIR/env.sh"

START=$(date +%s)
log() { printf '[policy-build %4ss] %s\n' "$(( $(date +%s) - START ))" "$*"; }

command -v go >/dev/null || { echo "policy/build.sh: go is not installed" >&2; exit 1; }
mkdir -p "$K8S_COURSE_CACHE"

export GOFLAGS="${GOFLAGS:-} -p=${K8S_COURSE_BUILD_PARALLELISM:-2} -buildvcs=false"
export GOTOOLCHAIN="${GOTOOLCHAIN:-local}"

build_kube_score() {
  local dir="$K8S_COURSE_CACHE/kube-score-$KUBE_SCORE_VERSION"
  if [[ -x "$dir/kube-score" ]]; then log "kube-score $KUBE_SCORE_VERSION: cached at $dir/kube-score"; return; fi
  mkdir -p "$dir"
  local t0; t0=$(date +%s)
  log "kube-score $KUBE_SCORE_VERSION: go install github.com/zegl/kube-score/cmd/kube-score@$KUBE_SCORE_VERSION ..."
  if ! GOBIN="$dir" go install -trimpath \
        -ldflags "-s -w -X main.version=$KUBE_SCORE_VERSION -X main.commit=$KUBE_SCORE_COMMIT" \
        "github.com/zegl/kube-score/cmd/kube-score@$KUBE_SCORE_VERSION" >"$dir/build.log" 2>&1; then
    tail -30 "$dir/build.log" >&2
    echo "policy/build.sh: building kube-score failed; full log: $dir/build.log" >&2
    exit 1
  fi
  log "kube-score $KUBE_SCORE_VERSION: done in $(( $(date +%s) - t0 ))s"
}

build_polaris() {
  local dir="$K8S_COURSE_CACHE/polaris-$POLARIS_VERSION" mod="github.com/fairwindsops/polaris"
  if [[ -x "$dir/polaris" ]]; then log "polaris $POLARIS_VERSION: cached at $dir/polaris"; return; fi
  mkdir -p "$dir"
  local t0; t0=$(date +%s)
  log "polaris $POLARIS_VERSION (upstream $POLARIS_RELEASE_NOTE): go build $mod@$POLARIS_VERSION ..."
  export GONOSUMDB="${GONOSUMDB:+$GONOSUMDB,}$mod"
  local info
  if ! info=$(go mod download -json "$mod@$POLARIS_VERSION" 2>>"$dir/build.log"); then
    echo "$info" >>"$dir/build.log"; tail -30 "$dir/build.log" >&2
    echo "policy/build.sh: downloading $mod@$POLARIS_VERSION failed; full log: $dir/build.log" >&2
    exit 1
  fi
  # go mod download -json prints "Sum": "h1:..." and "GoModSum": "h1:...".
  local sum gomodsum
  sum=$(sed -n 's/^[[:space:]]*"Sum": "\(.*\)",\{0,1\}$/\1/p' <<<"$info")
  gomodsum=$(sed -n 's/^[[:space:]]*"GoModSum": "\(.*\)",\{0,1\}$/\1/p' <<<"$info")
  if [[ $sum != "$POLARIS_SUM" || $gomodsum != "$POLARIS_GOMOD_SUM" ]]; then
    echo "policy/build.sh: checksum mismatch for $mod@$POLARIS_VERSION" >&2
    echo "  got      $sum $gomodsum" >&2
    echo "  expected $POLARIS_SUM $POLARIS_GOMOD_SUM" >&2
    exit 1
  fi
  log "polaris: module checksums match the pinned go.sum hashes"
  # `go install module@version` also asks the proxy for the module's version list (to look
  # for a deprecation notice), which is refused for this module; so build the verified
  # source as the main module instead, with Polaris' own go.mod/go.sum pinning its deps.
  local src
  src=$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p' <<<"$info")
  rm -rf "$dir/src"; cp -r "$src" "$dir/src"; chmod -R u+w "$dir/src"
  if ! (cd "$dir/src" && go build -mod=readonly -trimpath \
          -ldflags "-s -w -X main.Version=$POLARIS_VERSION -X main.Commit=$POLARIS_COMMIT" \
          -o "$dir/polaris.tmp" .) >>"$dir/build.log" 2>&1; then
    tail -30 "$dir/build.log" >&2
    echo "policy/build.sh: building polaris failed; full log: $dir/build.log" >&2
    exit 1
  fi
  mv "$dir/polaris.tmp" "$dir/polaris"; rm -rf "$dir/src"
  log "polaris $POLARIS_VERSION: done in $(( $(date +%s) - t0 ))s"
}

build_kube_score
build_polaris
log "linters ready: $KUBE_SCORE_BIN $POLARIS_BIN"
