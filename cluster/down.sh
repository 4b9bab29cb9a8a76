#!/usr/bin/env bash
# Stop the local control plane started by up.sh, with everything it and the tests started (the sealed-secrets
# controller, the simulated containers' log writer, any leftover marked process of its state dir), and remove its data
# (etcd, pki, kubeconfig). Logs stay in $K8S_COURSE_STATE/logs for post-mortems; the binary cache is kept. Idempotent.
#
#   down.sh [--version 1.27|1.37]   one version (also when K8S_COURSE_K8S_VERSION is set), else every version of this
#                                   clone, and then the stale processes of ended runs from any clone (reap.sh)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
case "${1:-}" in
  --version) export K8S_COURSE_K8S_VERSION=${2:?"down.sh: --version needs a value, e.g. --version 1.37"} ;;
  "") ;;
  *) echo "down.sh: unknown argument '$1'; usage: down.sh [--version <major.minor>]" >&2; exit 2 ;;
esac
say() { echo "$*"; }
# shellcheck source=cluster/reap.sh
source "$HERE/reap.sh"
if [[ -z ${K8S_COURSE_K8S_VERSION:-} ]]; then
  # shellcheck source=cluster/env.sh
  for version in $(source "$HERE/env.sh" && echo "$K8S_COURSE_K8S_VERSIONS"); do
    "$HERE/down.sh" --version "$version"
  done
  reap_stale
  exit 0
fi
# shellcheck source=cluster/env.sh
source "$HERE/env.sh"
# shellcheck source=cluster/state-lock.sh
source "$HERE/state-lock.sh"

STATE="$K8S_COURSE_STATE"
PIDS="$STATE/pids"
RUNNING_BEFORE=$([[ -d $STATE/pki || -d $STATE/pids || -d $STATE/data ]] && echo 1 || echo 0)
lock_state
GRACE="${K8S_COURSE_STOP_GRACE:-15}"   # seconds between SIGTERM and SIGKILL

ours() { # ours <pid>: a live process marked as this state dir's (reap.sh), or whose command line points into it
  [[ -r /proc/$1/cmdline ]] && ! is_zombie "$1" || return 1
  [[ $(proc_env "$1" K8S_COURSE_PROCESS) == "$STATE" ]] || { tr '\0' ' ' <"/proc/$1/cmdline"; } 2>/dev/null | grep -qF -- "$STATE"
}

STOPPED=()
reaped() { STOPPED+=("$1"); }  # remembered; their exit is awaited once at the end

stop_pid() { # stop_pid <name> <pid>
  local name=$1 pid=$2 i
  ours "$pid" || return 0
  echo "stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < GRACE * 10; i++)); do
    ours "$pid" || { reaped "$pid"; return 0; }
    sleep 0.1
  done
  echo "  $name did not exit after ${GRACE}s; sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do ours "$pid" || { reaped "$pid"; return 0; }; sleep 0.1; done
  echo "  WARNING: pid $pid still present" >&2
}

# The sealed-secrets controller first (it talks to the API server), then the cluster in reverse start order.
K8S_COURSE_STATE="$STATE" "$REPO_ROOT/secrets-tooling/controller.sh" stop 2>&1 | sed 's/^/  /'
for c in kwok container-logs kube-scheduler kube-controller-manager kube-apiserver etcd; do
  pf="$PIDS/$c.pid"
  [[ -f $pf ]] || continue
  stop_pid "$c" "$(<"$pf")"
  rm -f "$pf"
done

# Anything else still running from this state dir (e.g. pid files lost): stop it by pid. Marked processes first
# (reap.sh), then, for a cluster that an older up.sh started, binaries of the cache whose command line names the dir.
for pid in $(project_pids "$STATE"); do
  stop_pid "leftover $({ tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null | cut -c1-60)" "$pid"
done
if [[ -d $STATE ]]; then
  for p in /proc/[0-9]*; do
    pid=${p#/proc/}
    [[ $pid == "$$" ]] && continue
    exe=$(readlink "$p/exe" 2>/dev/null || true)
    case "$exe" in
      "$K8S_COURSE_CACHE"/*|*/etcd) ours "$pid" && stop_pid "leftover $(basename "$exe")" "$pid" ;;
    esac
  done
fi

# Wait (max 5s) until the parent (normally init) has reaped the exited processes,
# so that `pgrep kube` right after down.sh shows no <defunct> entries.
for ((i = 0; i < 50; i++)); do
  left=0
  for pid in "${STOPPED[@]}"; do [[ -e /proc/$pid ]] && left=1; done
  ((left)) || break
  sleep 0.1
done

rm -rf "$STATE/data" "$STATE/pki" "$STATE/config" "$STATE/pids" "$STATE/kubeconfig"
if ((${#STOPPED[@]})); then
  echo "cluster stopped; data removed from $STATE (logs kept in $STATE/logs)"
elif ((RUNNING_BEFORE)); then
  echo "cluster was not running; data removed from $STATE"
else
  echo "cluster $K8S_COURSE_K8S_VERSION not running (nothing in $STATE)"
fi
