#!/usr/bin/env bash
# The simulated container processes' output, for kwok's ClusterLogs (which up.sh configures): kwok runs no container,
# so `kubectl logs` reads these files, written here in the CRI log format that the kubelet's log reader (and kwok's)
# parses: "<RFC 3339 time> <stream> F <line>".
#
#   container-logs.sh <dir>     (started and stopped by up.sh / down.sh as the component "container-logs")
#
#   <dir>/course-pods/web-with-sidecar/{web,sidecar}.log   what the course's two-container pod would print: the
#       sidecar's "web answered on localhost:8080" and the matching nginx access line of the web container, every
#       $K8S_COURSE_SIMULATED_LOG_PERIOD seconds (10, the sidecar's own `sleep 10`)
#   <dir>/other.log    the one line every other container shows: that it is simulated
set -euo pipefail

DIR=${1:?"usage: container-logs.sh <dir>"}
PERIOD=${K8S_COURSE_SIMULATED_LOG_PERIOD:-10}
POD="$DIR/course-pods/web-with-sidecar"
mkdir -p "$POD"

cri() { # cri <stream> <text>: one line of a CRI container log
  printf '%s %s F %s\n' "$(date -u +%Y-%m-%dT%H:%M:%S.%NZ)" "$1" "$2"
}

cri stdout "kwok simulates this container: no process runs, so it has no output (see cluster/README.md)" \
  >"$DIR/other.log"
{
  cri stdout "/docker-entrypoint.sh: Configuration complete; ready for start up"
  cri stderr "nginx: [notice] start worker processes"
} >"$POD/web.log"
: >"$POD/sidecar.log"

trap 'kill "$!" 2>/dev/null; exit 0' TERM INT
while :; do
  cri stdout "127.0.0.1 - - [$(date -u '+%d/%b/%Y:%H:%M:%S +0000')] \"GET / HTTP/1.1\" 200 615 \"-\" \"Wget\" \"-\"" \
    >>"$POD/web.log"
  cri stdout "web answered on localhost:8080" >>"$POD/sidecar.log"
  sleep "$PERIOD" &
  wait $!
done
