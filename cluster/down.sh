#!/usr/bin/env bash
# Stop the local control plane started by up.sh and remove its data (etcd, pki, kubeconfig).
# Logs stay in $K8S_COURSE_STATE/logs for post-mortems; the binary cache is kept. Idempotent.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=cluster/env.sh
source "$HERE/env.sh"

STATE="$K8S_COURSE_STATE"
PIDS="$STATE/pids"
GRACE="${K8S_COURSE_STOP_GRACE:-15}"   # seconds between SIGTERM and SIGKILL

ours() { # ours <pid>: a live process whose command line points into our state dir
  [[ -r /proc/$1/cmdline ]] && tr '\0' ' ' <"/proc/$1/cmdline" | grep -qF -- "$STATE"
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

# Reverse start order: the simulated node first, etcd last.
for c in kwok kube-scheduler kube-controller-manager kube-apiserver etcd; do
  pf="$PIDS/$c.pid"
  [[ -f $pf ]] || continue
  stop_pid "$c" "$(<"$pf")"
  rm -f "$pf"
done

# Anything else still running from this state dir (e.g. pid files lost): stop it by pid.
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

if [[ -d $STATE ]]; then
  rm -rf "$STATE/data" "$STATE/pki" "$STATE/config" "$STATE/pids" "$STATE/kubeconfig"
  if ((${#STOPPED[@]})); then
    echo "cluster stopped; data removed from $STATE (logs kept in $STATE/logs)"
  else
    echo "cluster was not running; data removed from $STATE"
  fi
else
  echo "cluster not running (no $STATE)"
fi
