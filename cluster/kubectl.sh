# find_kubectl: prints the kubectl to use for the version env.sh selected (sourced, after env.sh, by cluster/up.sh and
# secrets-tooling/controller.sh), since kubectl supports one minor version of skew: $KUBECTL; else the kubectl that
# build.sh builds from the version's module (K8S_BUILD_KUBECTL=1, e.g. 1.37); else kubectl.1.<minor> on PATH or beside
# `kubectl` (the Google Cloud SDK ships versioned binaries); else `kubectl`. The caller defines die().
find_kubectl() {
  local versioned="kubectl.1.${K8S_MINOR:-27}"
  if [[ -n "${KUBECTL:-}" ]]; then echo "$KUBECTL"; return; fi
  if [[ ${K8S_BUILD_KUBECTL:-0} == 1 ]]; then echo "$BUILT_KUBECTL_BIN"; return; fi
  if command -v "$versioned" >/dev/null; then command -v "$versioned"; return; fi
  if command -v kubectl >/dev/null; then
    local beside; beside="$(dirname "$(readlink -f "$(command -v kubectl)")")/$versioned"
    if [[ -x $beside ]]; then echo "$beside"; else command -v kubectl; fi
    return
  fi
  die "kubectl not found (set KUBECTL=/path/to/kubectl)"
}
