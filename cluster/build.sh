#!/usr/bin/env bash
# Build (once) the binaries of the local control plane and cache them by version:
#   ${K8S_COURSE_CACHE:-$HOME/.cache/k8s-course-cluster}/<component>-<version>/<binary>
# kube-apiserver, kube-controller-manager, kube-scheduler (and kubectl where K8S_BUILD_KUBECTL=1): built from
#   k8s.io/kubernetes; the version's module ($K8S_GO_MODULE: cluster/go.mod for 1.27, cluster/v1.37/go.mod for 1.37)
#   pins it and every staging module to its release. K8S_COURSE_K8S_VERSION (or --version) picks it (env.sh).
# kwok: go install sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION.
# etcd: Debian's etcd-server (apt-get) where the version runs on it (ETCD_VERSION set); otherwise, or if that fails,
#   go.etcd.io/etcd/server/v3@$ETCD_GO_VERSION from the module proxy.
# A second run is a no-op.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [[ ${1:-} == --version ]]; then export K8S_COURSE_K8S_VERSION=${2:?"build.sh: --version needs a value, e.g. 1.37"}; fi
# shellcheck source=cluster/env.sh
source "$HERE/env.sh"

START=$(date +%s)
log() { printf '[build %4ss] %s\n' "$(( $(date +%s) - START ))" "$*"; }

command -v go >/dev/null || { echo "build.sh: go is not installed" >&2; exit 1; }
mkdir -p "$K8S_COURSE_CACHE"

# Go 1.23+ linker rejects some //go:linkname pulls that old dependencies use;
# extra flags go in K8S_COURSE_EXTRA_LDFLAGS (see README).
# Each module's go line sets the GODEBUG defaults its release was built with (cluster/go.mod: `go 1.20`).
export GOFLAGS="${GOFLAGS:-} -p=${K8S_COURSE_BUILD_PARALLELISM:-2} -buildvcs=false"
export GOTOOLCHAIN="${GOTOOLCHAIN:-local}"

build_kube() {
  local name=$1 dir="$K8S_COURSE_CACHE/$1-$K8S_VERSION"
  if [[ -x "$dir/$name" ]]; then
    log "$name $K8S_VERSION: cached at $dir/$name"
    return
  fi
  mkdir -p "$dir"
  local t0; t0=$(date +%s)
  log "$name $K8S_VERSION: building (log: $dir/build.log) ..."
  local ld=""
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ld+=" -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$K8S_MINOR"
    ld+=" -X $pkg.gitTreeState=clean -X $pkg.gitCommit=$K8S_GIT_COMMIT -X $pkg.buildDate=$K8S_BUILD_DATE"
  done
  ld+=" -s -w ${K8S_COURSE_EXTRA_LDFLAGS:-}"
  if ! (cd "$K8S_GO_MODULE" && go build -trimpath -tags "${K8S_COURSE_BUILD_TAGS:-}" -ldflags "$ld" \
          -o "$dir/$name.tmp" "k8s.io/kubernetes/cmd/$name") >"$dir/build.log" 2>&1; then
    tail -30 "$dir/build.log" >&2
    echo "build.sh: building $name failed; full log: $dir/build.log" >&2
    exit 1
  fi
  mv "$dir/$name.tmp" "$dir/$name"
  log "$name $K8S_VERSION: done in $(( $(date +%s) - t0 ))s"
}

build_kwok() {
  local dir="$K8S_COURSE_CACHE/kwok-$KWOK_VERSION"
  if [[ -x "$dir/kwok" ]]; then log "kwok $KWOK_VERSION: cached at $dir/kwok"; return; fi
  mkdir -p "$dir"
  local t0; t0=$(date +%s)
  log "kwok $KWOK_VERSION: go install sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION ..."
  if ! GOBIN="$dir" go install -trimpath \
        -ldflags "-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=$KWOK_VERSION" \
        "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION" >"$dir/build.log" 2>&1; then
    tail -30 "$dir/build.log" >&2
    echo "build.sh: building kwok failed; full log: $dir/build.log" >&2
    exit 1
  fi
  log "kwok $KWOK_VERSION: done in $(( $(date +%s) - t0 ))s"
}

POLICY_RC_D="${K8S_COURSE_POLICY_RC_D:-/usr/sbin/policy-rc.d}"
SYSTEM_ETCD="${K8S_COURSE_SYSTEM_ETCD:-/usr/bin/etcd}"   # where Debian's etcd-server puts etcd
CREATED_POLICY_RC_D=0
remove_policy_rc_d() { # removes the policy-rc.d this script created, and only that one
  if [[ $CREATED_POLICY_RC_D == 1 ]]; then rm -f "$POLICY_RC_D"; CREATED_POLICY_RC_D=0; fi
}

ensure_etcd() {
  local dir="$K8S_COURSE_CACHE/etcd-$ETCD_VERSION" t0; t0=$(date +%s)
  if [[ -n $ETCD_VERSION && ${K8S_COURSE_ETCD_FROM_SOURCE:-0} != 1 ]]; then
    if [[ -x "$dir/etcd" ]] && "$dir/etcd" --version >/dev/null 2>&1; then
      log "etcd $ETCD_VERSION: cached at $dir/etcd"; return
    fi
    mkdir -p "$dir"
    if [[ ! -x $SYSTEM_ETCD ]] && command -v apt-get >/dev/null && [[ $(id -u) == 0 ]]; then
      log "etcd: apt-get install etcd-server ..."
      # policy-rc.d 101: do not let the package start a system etcd on :2379. The file we create is removed however
      # this ends (success, failure, Ctrl-C, SIGTERM): the trap runs on EXIT, and INT/TERM exit through it.
      if [[ ! -e $POLICY_RC_D ]]; then
        trap remove_policy_rc_d EXIT
        trap 'exit 130' INT
        trap 'exit 143' TERM
        printf '#!/bin/sh\nexit 101\n' >"$POLICY_RC_D"; chmod +x "$POLICY_RC_D"; CREATED_POLICY_RC_D=1
      fi
      { apt-get install -y --no-install-recommends etcd-server \
          || { apt-get update && apt-get install -y --no-install-recommends etcd-server; }; } \
          >"$dir/apt.log" 2>&1 || log "etcd: apt-get failed (see $dir/apt.log)"
      remove_policy_rc_d
    fi
    if [[ -x $SYSTEM_ETCD ]] && "$SYSTEM_ETCD" --version >/dev/null 2>&1; then
      ln -sf "$SYSTEM_ETCD" "$dir/etcd"
      log "etcd: using Debian's $("$SYSTEM_ETCD" --version | head -1) via $dir/etcd ($(( $(date +%s) - t0 ))s)"
      return
    fi
    rmdir "$dir" 2>/dev/null || true
  fi
  # Fallback: build etcd from the module proxy. go.etcd.io/etcd/server/v3 has replace
  # directives, so `go install pkg@version` refuses it; build it from a throw-away module.
  dir="$K8S_COURSE_CACHE/etcd-$ETCD_GO_VERSION"
  if [[ -x "$dir/etcd" ]]; then log "etcd $ETCD_GO_VERSION: cached at $dir/etcd"; return; fi
  log "etcd: building go.etcd.io/etcd/server/v3@$ETCD_GO_VERSION from the module proxy ..."
  rm -rf "$dir/src"; mkdir -p "$dir/src"
  printf 'module local/etcd-build\n\ngo 1.21\n' >"$dir/src/go.mod"
  if ! (cd "$dir/src" && go get "go.etcd.io/etcd/server/v3@$ETCD_GO_VERSION" \
          && GOFLAGS="$GOFLAGS -mod=mod" go build -trimpath -ldflags "-s -w" -o "$dir/etcd.tmp" go.etcd.io/etcd/server/v3) \
        >"$dir/build.log" 2>&1; then
    tail -30 "$dir/build.log" >&2; echo "build.sh: etcd build failed; full log: $dir/build.log" >&2; exit 1
  fi
  mv "$dir/etcd.tmp" "$dir/etcd"; rm -rf "$dir/src"
  log "etcd $ETCD_GO_VERSION: done in $(( $(date +%s) - t0 ))s"
}

ensure_etcd
build_kwok
KUBE_COMMANDS=(kube-apiserver kube-controller-manager kube-scheduler)
if [[ $K8S_BUILD_KUBECTL == 1 ]]; then KUBE_COMMANDS+=(kubectl); fi
for c in "${KUBE_COMMANDS[@]}"; do build_kube "$c"; done
log "all binaries ready under $K8S_COURSE_CACHE"
