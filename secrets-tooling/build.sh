#!/usr/bin/env bash
# Build (once) the sealed-secrets controller and kubeseal from the Go module
# github.com/bitnami-labs/sealed-secrets at one pinned release, and extract the SealedSecret CRD
# from the same module source:
#   ${K8S_COURSE_CACHE:-$HOME/.cache/k8s-course-cluster}/sealed-secrets-<version>/
#     controller, kubeseal, sealedsecrets.bitnami.com.crd.yaml, build.log
# A second run is a no-op. Prints the directory on its last line as SEALED_SECRETS_DIR=<dir>.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=secrets-tooling/env.sh
source "$HERE/env.sh"

START=$(date +%s)
log() { printf '[sealed-secrets build %4ss] %s\n' "$(( $(date +%s) - START ))" "$*" >&2; }

command -v go >/dev/null || { echo "build.sh: go is not installed" >&2; exit 1; }
export GOFLAGS="${GOFLAGS:-} -p=${K8S_COURSE_BUILD_PARALLELISM:-2} -buildvcs=false"
export GOTOOLCHAIN="${GOTOOLCHAIN:-local}"

DIR="$SEALED_SECRETS_DIR"
MODULE=github.com/bitnami-labs/sealed-secrets
mkdir -p "$DIR"
# One build at a time (the unit and e2e tests may both ask for it on a fresh machine).
exec 9>"$DIR/.lock"
if ! flock -n 9; then log "waiting for another build.sh ($DIR/.lock) ..."; flock 9; fi

build_cmd() { # build_cmd <name>: go install <module>/cmd/<name>@<version> into $DIR
  local name=$1 t0
  if [[ -x "$DIR/$name" ]]; then log "$name $SEALED_SECRETS_VERSION: cached at $DIR/$name"; return; fi
  t0=$(date +%s)
  log "$name $SEALED_SECRETS_VERSION: go install $MODULE/cmd/$name@$SEALED_SECRETS_VERSION (log: $DIR/build.log) ..."
  # go install writes <GOBIN>/<name>; build into a scratch GOBIN so a failed build leaves no binary.
  rm -rf "$DIR/.bin-$name"; mkdir -p "$DIR/.bin-$name"
  if ! { echo "# $(date -Is) go install $MODULE/cmd/$name@$SEALED_SECRETS_VERSION"
         GOBIN="$DIR/.bin-$name" go install -trimpath -ldflags "-s -w -X main.VERSION=$SEALED_SECRETS_VERSION" \
           "$MODULE/cmd/$name@$SEALED_SECRETS_VERSION"; } >>"$DIR/build.log" 2>&1; then
    tail -30 "$DIR/build.log" >&2
    echo "build.sh: building $name failed; full log: $DIR/build.log" >&2
    exit 1
  fi
  mv "$DIR/.bin-$name/$name" "$DIR/$name"; rm -rf "$DIR/.bin-$name"
  log "$name $SEALED_SECRETS_VERSION: done in $(( $(date +%s) - t0 ))s"
}

extract_crd() { # the CRD the release's Helm chart installs, from the downloaded module source
  if [[ -s $SEALED_SECRETS_CRD ]]; then log "CRD: cached at $SEALED_SECRETS_CRD"; return; fi
  local src
  src="$(go mod download -json "$MODULE@$SEALED_SECRETS_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  [[ -n $src && -f $src/helm/sealed-secrets/crds/bitnami.com_sealedsecrets.yaml ]] \
    || { echo "build.sh: no helm/sealed-secrets/crds/bitnami.com_sealedsecrets.yaml in $MODULE@$SEALED_SECRETS_VERSION ($src)" >&2; exit 1; }
  { echo "# From $MODULE@$SEALED_SECRETS_VERSION: helm/sealed-secrets/crds/bitnami.com_sealedsecrets.yaml"
    cat "$src/helm/sealed-secrets/crds/bitnami.com_sealedsecrets.yaml"; } >"$SEALED_SECRETS_CRD.tmp"
  mv "$SEALED_SECRETS_CRD.tmp" "$SEALED_SECRETS_CRD"
  log "CRD: extracted from $src/helm/sealed-secrets/crds/ to $SEALED_SECRETS_CRD"
}

build_cmd controller
build_cmd kubeseal
extract_crd
log "ready: $("$DIR/controller" --version 2>&1 | head -1), $("$DIR/kubeseal" --version 2>&1 | head -1)"
echo "SEALED_SECRETS_DIR=$DIR"
