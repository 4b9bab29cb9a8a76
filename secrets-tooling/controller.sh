#!/usr/bin/env bash
# Run the sealed-secrets controller (built by build.sh) as a local process against the cluster of $KUBECONFIG.
#
#   KUBECONFIG=... controller.sh start    # CRD + RBAC, start, wait for the key and /healthz, print the certificate
#   KUBECONFIG=... controller.sh cert     # print the sealing certificate (tls.crt of the active key Secret)
#   controller.sh status                  # exit 0 when it runs
#   controller.sh stop                    # SIGTERM (SIGKILL after 15 s), remove pid file and token; idempotent
#
# `start` and `cert` write the certificate to $SEALED_SECRETS_CERT when it is set, else to stdout (progress goes to
# stderr). The controller only knows rest.InClusterConfig() (it has no --kubeconfig flag), so it runs as the
# ServiceAccount kube-system/sealed-secrets-controller with the Helm chart's ClusterRole: `start` creates them, asks
# the API for a token, and starts the controller in a private mount namespace (unshare) where a tmpfs on /run holds
# /run/secrets/kubernetes.io/serviceaccount/{token,ca.crt,namespace}; KUBERNETES_SERVICE_HOST/PORT come from the
# kubeconfig's server. Nothing outside $SEALED_SECRETS_STATE is written on the host.
# Its state dir and ports follow the local cluster's version (K8S_COURSE_K8S_VERSION, cluster/env.sh): 1.27 keeps
# <repo>/.cluster/sealed-secrets and 28080/28081, each further version adds 2 per step of its port offset. `start` first
# stops the stale processes of ended runs (cluster/reap.sh), and marks the controller as the local cluster's, so that
# `npm run cluster:down` stops it too.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$HERE/.." && pwd)"
# shellcheck source=secrets-tooling/env.sh
source "$HERE/env.sh"
# shellcheck source=cluster/env.sh
source "$HERE/../cluster/env.sh"

NS="${SEALED_SECRETS_NAMESPACE:-kube-system}"
SA=sealed-secrets-controller
KEY_PREFIX="${SEALED_SECRETS_KEY_PREFIX:-sealed-secrets-key}"
KEY_LABEL=sealedsecrets.bitnami.com/sealed-secrets-key
PORT="${SEALED_SECRETS_PORT:-$((28080 + 2 * PORT_OFFSET))}"
METRICS_PORT="${SEALED_SECRETS_METRICS_PORT:-$((28081 + 2 * PORT_OFFSET))}"
TIMEOUT="${SEALED_SECRETS_TIMEOUT:-120}"
GRACE="${SEALED_SECRETS_STOP_GRACE:-15}"
STATE="${SEALED_SECRETS_STATE:-$K8S_COURSE_STATE/sealed-secrets}"
PIDFILE="$STATE/controller.pid"
LOG="$STATE/controller.log"
SADIR="$STATE/serviceaccount"

T0=$(date +%s)
say() { printf '[sealed-secrets %3ss] %s\n' "$(( $(date +%s) - T0 ))" "$*" >&2; }
die() { printf 'controller.sh: ERROR: %s\n' "$*" >&2; exit 1; }

# shellcheck source=cluster/kubectl.sh
source "$HERE/../cluster/kubectl.sh"
# shellcheck source=cluster/reap.sh
source "$HERE/../cluster/reap.sh"
kc() { "$KUBECTL_BIN" "$@"; }
need_kubeconfig() {
  [[ -n ${KUBECONFIG:-} ]] || die "set KUBECONFIG to the cluster's kubeconfig (the local one: .cluster/kubeconfig)"
  [[ -r ${KUBECONFIG%%:*} ]] || die "KUBECONFIG=$KUBECONFIG is not readable"
  KUBECTL_BIN="$(find_kubectl)"
}

running_pid() { # prints the pid of our live controller, or fails
  local pid
  [[ -f $PIDFILE ]] || return 1
  pid=$(<"$PIDFILE")
  [[ $pid =~ ^[0-9]+$ && -e /proc/$pid ]] || return 1
  [[ $(readlink "/proc/$pid/exe" 2>/dev/null) == "$SEALED_SECRETS_CONTROLLER_BIN" ]] || return 1
  echo "$pid"
}

key_cert() { # base64 tls.crt of the newest active key Secret (empty when there is none yet)
  kc -n "$NS" get secret -l "$KEY_LABEL=active" --sort-by=.metadata.creationTimestamp \
    -o jsonpath='{.items[-1:].data.tls\.crt}' 2>/dev/null
}

emit_cert() { # emit_cert <pem>: to $SEALED_SECRETS_CERT or stdout
  if [[ -n ${SEALED_SECRETS_CERT:-} ]]; then
    mkdir -p "$(dirname "$SEALED_SECRETS_CERT")"
    printf '%s\n' "$1" >"$SEALED_SECRETS_CERT"
    say "certificate written to $SEALED_SECRETS_CERT"
  else
    printf '%s\n' "$1"
  fi
}

rbac() {
  cat <<EOF
apiVersion: v1
kind: ServiceAccount
metadata:
  name: $SA
  namespace: $NS
---
# The rules of the release's Helm chart (helm/sealed-secrets/templates/cluster-role.yaml).
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: secrets-unsealer
rules:
- apiGroups: [bitnami.com]
  resources: [sealedsecrets]
  verbs: [get, list, watch]
- apiGroups: [bitnami.com]
  resources: [sealedsecrets/status]
  verbs: [update]
- apiGroups: [""]
  resources: [secrets]
  verbs: [get, list, create, update, delete, watch]
- apiGroups: [""]
  resources: [events]
  verbs: [create, patch]
- apiGroups: [""]
  resources: [namespaces]
  verbs: [get]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: $SA
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: secrets-unsealer
subjects:
- kind: ServiceAccount
  name: $SA
  namespace: $NS
EOF
}

# Writes token, ca.crt and namespace for rest.InClusterConfig and sets API_HOST/API_PORT from the kubeconfig.
service_account_files() {
  local server ca_data ca_file hostport
  server=$(kc config view --minify -o jsonpath='{.clusters[0].cluster.server}')
  [[ $server == https://* ]] || die "the kubeconfig's server must be https://..., got '$server'"
  hostport=${server#https://}; hostport=${hostport%%/*}
  if [[ $hostport == \[* ]]; then API_HOST=${hostport%%]*}; API_HOST=${API_HOST#[}; API_PORT=${hostport##*]:}
  else API_HOST=${hostport%:*}; API_PORT=${hostport##*:}; fi
  [[ $API_PORT =~ ^[0-9]+$ && $hostport == *:* ]] || API_PORT=443
  mkdir -p "$SADIR"; chmod 700 "$SADIR"
  ca_data=$(kc config view --minify --raw -o jsonpath='{.clusters[0].cluster.certificate-authority-data}')
  ca_file=$(kc config view --minify --raw -o jsonpath='{.clusters[0].cluster.certificate-authority}')
  if [[ -n $ca_data ]]; then printf '%s' "$ca_data" | base64 -d >"$SADIR/ca.crt"
  elif [[ -n $ca_file ]]; then cp "$ca_file" "$SADIR/ca.crt"
  else die "the kubeconfig has no certificate-authority(-data) for the controller to trust"; fi
  printf '%s' "$NS" >"$SADIR/namespace"
  kc -n "$NS" create token "$SA" --duration="${SEALED_SECRETS_TOKEN_DURATION:-24h}" >"$SADIR/token.tmp"
  chmod 600 "$SADIR/token.tmp"; mv "$SADIR/token.tmp" "$SADIR/token"
}

start() {
  need_kubeconfig
  local pid
  if pid=$(running_pid); then
    say "already running (pid $pid, http://127.0.0.1:$PORT)"
    cert; return
  fi
  rm -f "$PIDFILE"
  reap_stale
  "$HERE/build.sh" >/dev/null
  command -v unshare >/dev/null || die "unshare (util-linux) is required"
  command -v curl >/dev/null || die "curl is required"
  local p
  for p in "$PORT" "$METRICS_PORT"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then die "port 127.0.0.1:$p is in use (set SEALED_SECRETS_PORT / SEALED_SECRETS_METRICS_PORT)"; fi
  done
  mkdir -p "$STATE"

  say "applying the SealedSecret CRD ($SEALED_SECRETS_CRD)"
  kc apply --server-side --force-conflicts --field-manager=sealed-secrets-tooling -f "$SEALED_SECRETS_CRD" >/dev/null
  kc wait --for condition=established --timeout="${TIMEOUT}s" crd/sealedsecrets.bitnami.com >/dev/null
  say "applying ServiceAccount $NS/$SA, ClusterRole secrets-unsealer and its binding"
  rbac | kc apply --server-side --force-conflicts --field-manager=sealed-secrets-tooling -f - >/dev/null
  service_account_files

  # A private mount namespace: a tmpfs on /run (which /var/run points to) holds the ServiceAccount files the
  # controller's rest.InClusterConfig() reads. As non-root, a user namespace maps the caller to root for the mounts.
  local run ns_args=(--mount --propagation private)
  run=$(readlink -f /var/run)
  [[ $(id -u) == 0 ]] || ns_args=(--user --map-root-user "${ns_args[@]}")
  : >"$LOG"
  echo "# $(date -Is) $SEALED_SECRETS_CONTROLLER_BIN (api https://$API_HOST:$API_PORT, namespace $NS)" >>"$LOG"
  # shellcheck disable=SC2016
  setsid unshare "${ns_args[@]}" -- bash -c '
    set -e
    pidfile=$1 sadir=$2 run=$3; source "$4"; close_inherited_fds; shift 4
    mount -t tmpfs -o mode=755,size=1m sealed-secrets-run "$run"
    mkdir -p "$run/secrets/kubernetes.io/serviceaccount"
    mount --bind "$sadir" "$run/secrets/kubernetes.io/serviceaccount"
    echo $$ >"$pidfile"
    exec "$@"' bash "$PIDFILE" "$SADIR" "$run" "$HERE/../cluster/reap.sh" \
    env KUBERNETES_SERVICE_HOST="$API_HOST" KUBERNETES_SERVICE_PORT="$API_PORT" POD_NAMESPACE="$NS" \
    K8S_COURSE_PROCESS="$K8S_COURSE_STATE" K8S_COURSE_RUN_OWNER="${K8S_COURSE_RUN_OWNER:-}" \
    "$SEALED_SECRETS_CONTROLLER_BIN" \
      --key-prefix="$KEY_PREFIX" \
      --key-size="${SEALED_SECRETS_KEY_SIZE:-4096}" \
      --update-status=true \
      --listen-addr="127.0.0.1:$PORT" \
      --listen-metrics-addr="127.0.0.1:$METRICS_PORT" \
    >>"$LOG" 2>&1 </dev/null &
  local i
  for i in $(seq 50); do [[ -s $PIDFILE ]] && break; sleep 0.1; done
  say "started controller $SEALED_SECRETS_VERSION (pid $(cat "$PIDFILE" 2>/dev/null), log $LOG)"

  local deadline=$(( $(date +%s) + TIMEOUT )) b64="" served=""
  while :; do
    if ! running_pid >/dev/null; then
      echo "---- last lines of $LOG ----" >&2; tail -n 25 "$LOG" >&2
      rm -f "$PIDFILE" "$SADIR/token"
      die "the controller exited during start-up"
    fi
    b64=$(key_cert || true)
    if [[ -n $b64 ]] && [[ $(curl -sf --max-time 2 "http://127.0.0.1:$PORT/healthz" 2>/dev/null) == ok ]]; then
      served=$(curl -sf --max-time 5 "http://127.0.0.1:$PORT/v1/cert.pem" 2>/dev/null || true)
      [[ -n $served && $served == "$(printf '%s' "$b64" | base64 -d)" ]] && break
    fi
    if (( $(date +%s) >= deadline )); then
      echo "---- last lines of $LOG ----" >&2; tail -n 25 "$LOG" >&2
      stop
      die "timed out after ${TIMEOUT}s waiting for the key Secret ($KEY_LABEL=active in $NS) and http://127.0.0.1:$PORT/v1/cert.pem"
    fi
    sleep 0.5
  done
  say "ready: key Secret $(kc -n "$NS" get secret -l "$KEY_LABEL=active" --sort-by=.metadata.creationTimestamp -o jsonpath='{.items[-1:].metadata.name}'), serving http://127.0.0.1:$PORT (/healthz, /v1/cert.pem)"
  emit_cert "$(printf '%s' "$b64" | base64 -d)"
}

cert() {
  need_kubeconfig
  local b64
  b64=$(key_cert)
  [[ -n $b64 ]] || die "no active sealing key (Secret labelled $KEY_LABEL=active) in namespace $NS; run '$0 start'"
  emit_cert "$(printf '%s' "$b64" | base64 -d)"
}

stop() {
  local pid i
  if ! pid=$(running_pid); then
    rm -f "$PIDFILE" "$SADIR/token"
    say "not running"
    return 0
  fi
  say "stopping controller (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < GRACE * 10; i++)); do
    [[ -e /proc/$pid ]] || break
    # Exited but not yet reaped by its parent: gone as far as we are concerned.
    [[ $(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) == Z ]] && break
    sleep 0.1
  done
  if running_pid >/dev/null; then
    say "controller did not exit after ${GRACE}s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do running_pid >/dev/null || break; sleep 0.1; done
  fi
  rm -f "$PIDFILE" "$SADIR/token"
  say "stopped"
}

status() {
  local pid
  if pid=$(running_pid); then echo "running (pid $pid, http://127.0.0.1:$PORT)"; else echo "not running"; return 1; fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  cert) cert ;;
  status) status ;;
  *) echo "usage: $0 start|stop|cert|status" >&2; exit 2 ;;
esac
