# Finding and stopping the project's own processes (sourced by up.sh, down.sh and secrets-tooling/controller.sh).
#
# Every process the cluster scripts start carries two variables in its environment:
#   K8S_COURSE_PROCESS=<state dir>        the cluster it belongs to (any clone, any version)
#   K8S_COURSE_RUN_OWNER=<pid>:<start>    the run that owns it (a jest run: its pid and /proc start time), or empty
#                                         when a person started it with `npm run cluster:up` (kept until cluster:down)
# A process whose owner is gone (the run was killed, timed out, or its teardown never ran) is stale: reap_stale stops
# it, whichever clone started it. The caller defines say().

# proc_start <pid>: the process's start time in clock ticks since boot (field 22 of /proc/<pid>/stat), or nothing.
proc_start() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
  stat=${stat##*) }   # the fields after "(comm)", which may itself hold spaces
  awk '{print $20}' <<<"$stat"
}

# proc_env <pid> <name>: the value of one variable in the environment the process started with (empty when unset, or
# when the process has just ended: a `state=$(proc_env ...)` under set -e -o pipefail must not end the caller).
proc_env() {
  { tr '\0' '\n' <"/proc/$1/environ"; } 2>/dev/null | sed -n "s/^$2=//p" | head -n 1 || true
}

# owner_alive <pid>:<start>: the owning run still runs (same pid and the same start time, so not a reused pid).
owner_alive() {
  local pid=${1%%:*} start=${1#*:}
  [[ $pid =~ ^[0-9]+$ && -n $start && $(proc_start "$pid") == "$start" ]]
}

# project_pids [<state dir>]: pids of the project's processes (of that cluster only, when a state dir is given).
project_pids() {
  local p pid state
  for p in /proc/[0-9]*; do
    pid=${p#/proc/}
    [[ $pid == "$$" || $pid == "$BASHPID" ]] && continue
    grep -qz '^K8S_COURSE_PROCESS=' "$p/environ" 2>/dev/null || continue
    state=$(proc_env "$pid" K8S_COURSE_PROCESS)
    [[ -z ${1:-} || $state == "$1" ]] && echo "$pid"
  done
}

# stop_pids <grace seconds> <pid>...: SIGTERM, then SIGKILL after the grace period; waits until they are gone.
stop_pids() {
  local grace=$1 pid i left; shift
  (($#)) || return 0
  kill -TERM "$@" 2>/dev/null || true
  for ((i = 0; i < grace * 10; i++)); do
    left=()
    for pid in "$@"; do [[ -e /proc/$pid && $(proc_start "$pid") != "" ]] && ! is_zombie "$pid" && left+=("$pid"); done
    ((${#left[@]})) || return 0
    sleep 0.1
  done
  say "still running after ${grace}s, sending SIGKILL: ${left[*]}"
  kill -KILL "${left[@]}" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do
    left=()
    for pid in "$@"; do [[ -e /proc/$pid ]] && ! is_zombie "$pid" && left+=("$pid"); done
    ((${#left[@]})) || return 0
    sleep 0.1
  done
}

is_zombie() { [[ $(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) == Z ]]; }

# close_inherited_fds: closes every descriptor above 2 of the calling shell, before it execs a long-running process, so
# that the process holds nothing of its starter's: a `flock <file> cluster/up.sh` caller's lock is released when up.sh
# ends, not when the cluster stops.
close_inherited_fds() {
  local fd
  for fd in /proc/$BASHPID/fd/*; do
    fd=${fd##*/}
    if ((fd > 2)); then eval "exec $fd>&-" 2>/dev/null || true; fi
  done
}

# reap_stale: stops every process of the project, from any clone, whose owning run has ended.
reap_stale() {
  local pid owner stale=()
  for pid in $(project_pids); do
    owner=$(proc_env "$pid" K8S_COURSE_RUN_OWNER)
    [[ -z $owner ]] && continue
    owner_alive "$owner" && continue
    say "stopping a stale process of an ended run (owner $owner): pid $pid $({ tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null | cut -c1-100)"
    stale+=("$pid")
  done
  stop_pids "${K8S_COURSE_STOP_GRACE:-15}" "${stale[@]}"
}
