# shellcheck shell=bash
# Sourced by up.sh and down.sh. lock_state: holds the lock of the state dir $STATE (its file .lock, on descriptor 8)
# until the calling script ends, waiting for it if another up.sh or down.sh of that dir holds it, so that the two never
# run at once: a down.sh that removes pki/ and data/ under a starting up.sh left it without certificates (seen once,
# when one test run's teardown met another's setup). A script run while the lock is held (up.sh runs down.sh to clear
# a stale cluster, and on failure) inherits K8S_COURSE_STATE_LOCKED and does not wait for its caller. The processes
# up.sh starts close descriptor 8 (close_inherited_fds, reap.sh), so the lock ends with the script, not the cluster.
# The caller defines say().
lock_state() {
  [[ ${K8S_COURSE_STATE_LOCKED:-} == "$STATE" ]] && return 0
  mkdir -p "$STATE"
  [[ -f $STATE/.gitignore ]] || echo '*' >"$STATE/.gitignore" # keeps the state dir out of git, as up.sh does
  exec 8>"$STATE/.lock"
  if ! flock -n 8; then
    say "waiting for another up.sh or down.sh of $STATE to end"
    flock 8
  fi
  export K8S_COURSE_STATE_LOCKED="$STATE"
}
