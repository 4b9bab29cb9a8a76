# find_kubectl: prints the kubectl to use (sourced by cluster/up.sh and secrets-tooling/controller.sh): $KUBECTL,
# else kubectl.1.27 on PATH or beside `kubectl` (the Google Cloud SDK ships versioned binaries), else `kubectl`.
# The caller defines die().
find_kubectl() {
  if [[ -n "${KUBECTL:-}" ]]; then echo "$KUBECTL"; return; fi
  if command -v kubectl.1.27 >/dev/null; then command -v kubectl.1.27; return; fi
  if command -v kubectl >/dev/null; then
    local beside; beside="$(dirname "$(readlink -f "$(command -v kubectl)")")/kubectl.1.27"
    if [[ -x $beside ]]; then echo "$beside"; else command -v kubectl; fi
    return
  fi
  die "kubectl not found (set KUBECTL=/path/to/kubectl)"
}
