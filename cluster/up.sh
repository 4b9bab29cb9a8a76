#!/usr/bin/env bash
# Start a local Kubernetes control plane on 127.0.0.1, with what dist/ needs on it:
#   etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kwok (one simulated node, its containers' logs
#   and exec), the sealing key of the dev environment, the SealedSecret CRD and the sealed-secrets controller.
#
#   up.sh [--version 1.27|1.37]     (or K8S_COURSE_K8S_VERSION; default 1.27)
#
# Builds the binaries first if they are not cached (see build.sh).
# State (pki, etcd data, logs, pids, kubeconfig) lives in $K8S_COURSE_STATE (default <repo>/.cluster for 1.27,
# <repo>/.cluster-<version> for the others). Each version has its own ports, so several can run at once.
# Idempotent: exits 0 at once if the cluster is already running and healthy.
# First stops the project's stale processes (any clone, any version) whose run has ended (reap.sh).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
case "${1:-}" in
  --version) export K8S_COURSE_K8S_VERSION=${2:?"up.sh: --version needs a value, e.g. --version 1.37"} ;;
  "") ;;
  *) echo "up.sh: unknown argument '$1'; usage: up.sh [--version <major.minor>]" >&2; exit 2 ;;
esac
# shellcheck source=cluster/env.sh
source "$HERE/env.sh"
# shellcheck source=cluster/reap.sh
source "$HERE/reap.sh"
# shellcheck source=cluster/state-lock.sh
source "$HERE/state-lock.sh"

STATE="$K8S_COURSE_STATE"
PKI="$STATE/pki"
LOGS="$STATE/logs"
PIDS="$STATE/pids"
DATA="$STATE/data"
KUBECONFIG_OUT="$STATE/kubeconfig"
COMPONENTS=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok container-logs)
T0=$(date +%s)

say() { printf '[up %3ss] %s\n' "$(( $(date +%s) - T0 ))" "$*"; }
die() { printf 'up.sh: ERROR: %s\n' "$*" >&2; exit 1; }

# shellcheck source=cluster/kubectl.sh
source "$HERE/kubectl.sh"
KUBECTL_BIN="$(find_kubectl)"
SEALED_SECRETS=("$REPO_ROOT/secrets-tooling/controller.sh")
kc() { "$KUBECTL_BIN" --kubeconfig "$KUBECONFIG_OUT" "$@"; }

alive() { # alive <component>: its pid file names a live process that start() marked as this state dir's
  local pf="$PIDS/$1.pid" pid
  [[ -f $pf ]] || return 1
  pid=$(<"$pf")
  [[ $pid =~ ^[0-9]+$ && -r /proc/$pid/environ ]] || return 1
  [[ $(proc_env "$pid" K8S_COURSE_PROCESS) == "$STATE" ]] && ! is_zombie "$pid"
}

exited() { # exited <component>: its pid file names no process, or a zombie (a live process whose environment does not
  # read yet, mid-exec, has not)
  local pf="$PIDS/$1.pid" pid
  [[ -f $pf ]] || return 0
  pid=$(<"$pf")
  [[ $pid =~ ^[0-9]+$ && -d /proc/$pid ]] || return 0
  is_zombie "$pid"
}

api_curl() {
  curl -sS --max-time 5 --cacert "$PKI/ca.crt" --cert "$PKI/admin.crt" --key "$PKI/admin.key" \
    "https://127.0.0.1:$K8S_COURSE_APISERVER_PORT$1"
}

healthy() {
  for c in "${COMPONENTS[@]}"; do alive "$c" || return 1; done
  [[ $(api_curl /readyz 2>/dev/null) == ok ]] || return 1
  kc get node "$K8S_COURSE_NODE_NAME" \
    -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null | grep -qx True
}

# ---------------------------------------------------------------- one up.sh or down.sh of this state dir at a time
lock_state

# ---------------------------------------------------------------- leftovers of ended runs
reap_stale

# ---------------------------------------------------------------- already up?
if healthy && "${SEALED_SECRETS[@]}" status >/dev/null; then
  say "already running and healthy (apiserver https://127.0.0.1:$K8S_COURSE_APISERVER_PORT)"
  echo "KUBECONFIG=$KUBECONFIG_OUT"
  exit 0
fi
if compgen -G "$PIDS/*.pid" >/dev/null; then
  say "found a stale or partial cluster in $STATE; stopping it first"
  "$HERE/down.sh"
fi

# ---------------------------------------------------------------- binaries
"$HERE/build.sh"
ETCD_BIN="$(etcd_bin)"
for b in "$ETCD_BIN" "$APISERVER_BIN" "$KCM_BIN" "$SCHEDULER_BIN" "$KWOK_BIN"; do
  [[ -x $b ]] || die "missing binary $b (build.sh failed?)"
done
command -v "$KUBECTL_BIN" >/dev/null || die "kubectl $KUBECTL_BIN not found (build.sh failed? or set KUBECTL)"
command -v openssl >/dev/null || die "openssl is required"
command -v curl >/dev/null || die "curl is required"

# ---------------------------------------------------------------- ports free?
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for v in ETCD_PORT ETCD_PEER_PORT APISERVER_PORT KCM_PORT SCHEDULER_PORT KWOK_PORT; do
  var="K8S_COURSE_$v"
  if port_busy "${!var}"; then
    die "port 127.0.0.1:${!var} is already in use; set $var to a free port"
  fi
done

mkdir -p "$PKI" "$LOGS" "$PIDS" "$DATA" "$STATE/config"
echo '*' >"$STATE/.gitignore"   # keeps the state dir out of git even without a repo .gitignore entry

# ---------------------------------------------------------------- PKI (openssl)
# ECDSA P-256 keys throughout (RSA-2048 generation costs seconds on a small machine).
newkey() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
gen_cert() { # gen_cert <name> <subject> <extensions>
  local name=$1 subj=$2 ext=$3
  newkey "$PKI/$name.key"
  openssl req -new -key "$PKI/$name.key" -subj "$subj" -out "$PKI/$name.csr" 2>/dev/null
  printf '%b\n' "$ext" >"$PKI/$name.ext"
  openssl x509 -req -in "$PKI/$name.csr" -CA "$PKI/ca.crt" -CAkey "$PKI/ca.key" -CAcreateserial \
    -days 3650 -sha256 -extfile "$PKI/$name.ext" -out "$PKI/$name.crt" 2>/dev/null
  rm -f "$PKI/$name.csr" "$PKI/$name.ext"
}
if [[ ! -f $PKI/admin.crt ]]; then
  say "generating CA, certificates and service-account keys (openssl)"
  newkey "$PKI/ca.key"
  openssl req -x509 -new -key "$PKI/ca.key" -subj "/CN=k8s-course-ca" -days 3650 -sha256 \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" \
    -out "$PKI/ca.crt" 2>/dev/null
  svc_ip=$(echo "$K8S_COURSE_SERVICE_CIDR" | awk -F'[./]' '{print $1"."$2"."$3"."$4+1}')
  server_ext="basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth"
  client_ext="basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth"
  gen_cert apiserver "/CN=kube-apiserver" \
    "$server_ext\nsubjectAltName=IP:127.0.0.1,IP:$svc_ip,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local"
  gen_cert kwok-serving "/CN=$K8S_COURSE_NODE_NAME" "$server_ext\nsubjectAltName=IP:127.0.0.1,DNS:localhost,DNS:$K8S_COURSE_NODE_NAME"
  gen_cert admin "/O=system:masters/CN=kubernetes-admin" "$client_ext"
  gen_cert kube-controller-manager "/CN=system:kube-controller-manager" "$client_ext"
  gen_cert kube-scheduler "/CN=system:kube-scheduler" "$client_ext"
  # kwok plays the kubelet of every simulated node (status, leases, pod deletion): cluster-admin.
  gen_cert kwok "/O=system:masters/CN=kwok" "$client_ext"
  gen_cert apiserver-kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client" "$client_ext"
  # Front-proxy (request-header) CA + client, as kubeadm does: aggregated APIs and the
  # delegated authentication of controller-manager/scheduler expect it.
  newkey "$PKI/front-proxy-ca.key"
  openssl req -x509 -new -key "$PKI/front-proxy-ca.key" -subj "/CN=k8s-course-front-proxy-ca" -days 3650 -sha256 \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" \
    -out "$PKI/front-proxy-ca.crt" 2>/dev/null
  newkey "$PKI/front-proxy-client.key"
  openssl req -new -key "$PKI/front-proxy-client.key" -subj "/CN=front-proxy-client" 2>/dev/null |
    openssl x509 -req -CA "$PKI/front-proxy-ca.crt" -CAkey "$PKI/front-proxy-ca.key" -CAcreateserial -days 3650 -sha256 \
      -extfile <(printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth\n') \
      -out "$PKI/front-proxy-client.crt" 2>/dev/null
  newkey "$PKI/sa.key"
  openssl pkey -in "$PKI/sa.key" -pubout -out "$PKI/sa.pub" 2>/dev/null
  chmod 600 "$PKI"/*.key
fi
# etcd takes only clients with a certificate of the cluster's CA (the API server's), over TLS, also between peers:
# over plain HTTP any local process could read every Secret in it.
if [[ ! -f $PKI/etcd-server.crt || ! -f $PKI/apiserver-etcd-client.crt ]]; then
  say "generating etcd's serving and client certificates (openssl)"
  gen_cert etcd-server "/CN=k8s-course-etcd" \
    "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost"
  gen_cert apiserver-etcd-client "/CN=kube-apiserver-etcd-client" \
    "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=clientAuth"
  chmod 600 "$PKI"/*.key
fi
chmod 700 "$PKI"

write_kubeconfig() { # write_kubeconfig <file> <user-cert-name>
  cat >"$1" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: k8s-course
  cluster:
    server: https://127.0.0.1:$K8S_COURSE_APISERVER_PORT
    certificate-authority-data: $(base64 -w0 "$PKI/ca.crt")
users:
- name: $2
  user:
    client-certificate-data: $(base64 -w0 "$PKI/$2.crt")
    client-key-data: $(base64 -w0 "$PKI/$2.key")
contexts:
- name: k8s-course
  context:
    cluster: k8s-course
    user: $2
current-context: k8s-course
EOF
  chmod 600 "$1"
}
write_kubeconfig "$KUBECONFIG_OUT" admin
for c in kube-controller-manager kube-scheduler kwok; do
  write_kubeconfig "$STATE/config/$c.kubeconfig" "$c"
done

# ---------------------------------------------------------------- start helpers
start() { # start <component> <binary> <args...>; own session, pid file, log file
  local name=$1; shift
  local log="$LOGS/$name.log"
  : >"$log"
  echo "# $(date -Is) $*" >>"$log"
  # bash -c writes its own pid, then execs the binary (so the pid is the binary's). The two K8S_COURSE_ variables
  # mark it as ours for down.sh and for the reaper (reap.sh).
  # It keeps no descriptor of ours (close_inherited_fds, reap.sh).
  setsid env K8S_COURSE_PROCESS="$STATE" K8S_COURSE_RUN_OWNER="${K8S_COURSE_RUN_OWNER:-}" \
    bash -c 'source "$1"; close_inherited_fds; echo $$ >"$0"; shift; exec "$@"' "$PIDS/$name.pid" "$HERE/reap.sh" "$@" \
    >>"$log" 2>&1 </dev/null &
  local i
  for i in $(seq 50); do [[ -s $PIDS/$name.pid ]] && break; sleep 0.1; done
  say "started $name (pid $(cat "$PIDS/$name.pid" 2>/dev/null), log $log)"
}

fail() { # fail <component> <message>
  local log="$LOGS/$1.log"
  echo "up.sh: ERROR: $2" >&2
  if [[ -f $log ]]; then echo "---- last lines of $log ----" >&2; tail -n 25 "$log" >&2; fi
  echo "up.sh: see $log (all logs: $LOGS)" >&2
  if [[ ${K8S_COURSE_KEEP_ON_FAILURE:-0} == 1 ]]; then
    echo "up.sh: K8S_COURSE_KEEP_ON_FAILURE=1: leaving the processes running; stop with $HERE/down.sh" >&2
  else
    echo "up.sh: stopping what was started (logs are kept)" >&2
    "$HERE/down.sh" >&2 || true
  fi
  exit 1
}

wait_for() { # wait_for <component> <description> <command...>
  local comp=$1 what=$2; shift 2
  local deadline=$(( $(date +%s) + K8S_COURSE_TIMEOUT ))
  until "$@" >/dev/null 2>&1; do
    # Dead only when its process is gone: alive() also reads the process's environment, which reads empty while the
    # kernel still execs the binary (twice on 2026-12-02, etcd on a cold page cache was reported exited before it had
    # logged a line, and down.sh then found and stopped that same etcd, running). A component that did die costs 1 s.
    alive "$comp" || ! exited "$comp" || { sleep 1; ! exited "$comp"; } || fail "$comp" "$comp exited while waiting for $what"
    (( $(date +%s) < deadline )) || fail "$comp" "timed out after ${K8S_COURSE_TIMEOUT}s waiting for $what"
    sleep 0.5
  done
  say "ready: $what"
}

# ---------------------------------------------------------------- etcd
start etcd "$ETCD_BIN" \
  --name=k8s-course \
  --data-dir="$DATA/etcd" \
  --listen-client-urls="https://127.0.0.1:$K8S_COURSE_ETCD_PORT" \
  --advertise-client-urls="https://127.0.0.1:$K8S_COURSE_ETCD_PORT" \
  --cert-file="$PKI/etcd-server.crt" \
  --key-file="$PKI/etcd-server.key" \
  --client-cert-auth=true \
  --trusted-ca-file="$PKI/ca.crt" \
  --listen-peer-urls="https://127.0.0.1:$K8S_COURSE_ETCD_PEER_PORT" \
  --initial-advertise-peer-urls="https://127.0.0.1:$K8S_COURSE_ETCD_PEER_PORT" \
  --initial-cluster="k8s-course=https://127.0.0.1:$K8S_COURSE_ETCD_PEER_PORT" \
  --peer-cert-file="$PKI/etcd-server.crt" \
  --peer-key-file="$PKI/etcd-server.key" \
  --peer-client-cert-auth=true \
  --peer-trusted-ca-file="$PKI/ca.crt" \
  --listen-metrics-urls="" \
  --auto-compaction-retention=1 \
  --quota-backend-bytes=$((2 * 1024 * 1024 * 1024)) \
  --logger=zap --log-outputs=stderr
etcd_curl() { curl -sf --max-time 2 --cacert "$PKI/ca.crt" --cert "$PKI/apiserver-etcd-client.crt" --key "$PKI/apiserver-etcd-client.key" "$@"; }
etcd_healthy() { etcd_curl "https://127.0.0.1:$K8S_COURSE_ETCD_PORT/health" | grep -q '"health":"true"'; }
wait_for etcd "etcd /health" etcd_healthy

# ---------------------------------------------------------------- kube-apiserver
start kube-apiserver "$APISERVER_BIN" \
  --etcd-servers="https://127.0.0.1:$K8S_COURSE_ETCD_PORT" \
  --etcd-cafile="$PKI/ca.crt" \
  --etcd-certfile="$PKI/apiserver-etcd-client.crt" \
  --etcd-keyfile="$PKI/apiserver-etcd-client.key" \
  --bind-address=127.0.0.1 \
  --advertise-address=127.0.0.1 \
  --endpoint-reconciler-type=none \
  --secure-port="$K8S_COURSE_APISERVER_PORT" \
  --cert-dir="$STATE/config/apiserver-certs" \
  --tls-cert-file="$PKI/apiserver.crt" \
  --tls-private-key-file="$PKI/apiserver.key" \
  --client-ca-file="$PKI/ca.crt" \
  --authorization-mode=Node,RBAC \
  --enable-admission-plugins=NodeRestriction \
  --allow-privileged=true \
  --service-cluster-ip-range="$K8S_COURSE_SERVICE_CIDR" \
  --service-account-issuer=https://kubernetes.default.svc.cluster.local \
  --service-account-key-file="$PKI/sa.pub" \
  --service-account-signing-key-file="$PKI/sa.key" \
  --requestheader-client-ca-file="$PKI/front-proxy-ca.crt" \
  --requestheader-allowed-names=front-proxy-client \
  --requestheader-username-headers=X-Remote-User \
  --requestheader-group-headers=X-Remote-Group \
  --requestheader-extra-headers-prefix=X-Remote-Extra- \
  --proxy-client-cert-file="$PKI/front-proxy-client.crt" \
  --proxy-client-key-file="$PKI/front-proxy-client.key" \
  --kubelet-client-certificate="$PKI/apiserver-kubelet-client.crt" \
  --kubelet-client-key="$PKI/apiserver-kubelet-client.key" \
  --kubelet-preferred-address-types=InternalIP,Hostname \
  --profiling=false \
  --v="${K8S_COURSE_LOG_LEVEL:-1}"
apiserver_ready() { [[ $(api_curl /readyz) == ok ]]; }
wait_for kube-apiserver "kube-apiserver /readyz" apiserver_ready

# ---------------------------------------------------------------- controller-manager, scheduler
start kube-controller-manager "$KCM_BIN" \
  --kubeconfig="$STATE/config/kube-controller-manager.kubeconfig" \
  --authentication-kubeconfig="$STATE/config/kube-controller-manager.kubeconfig" \
  --authorization-kubeconfig="$STATE/config/kube-controller-manager.kubeconfig" \
  --bind-address=127.0.0.1 \
  --secure-port="$K8S_COURSE_KCM_PORT" \
  --cert-dir="$STATE/config/kcm-certs" \
  --leader-elect=false \
  --controllers='*' \
  --use-service-account-credentials=true \
  --root-ca-file="$PKI/ca.crt" \
  --service-account-private-key-file="$PKI/sa.key" \
  --cluster-signing-cert-file="$PKI/ca.crt" \
  --cluster-signing-key-file="$PKI/ca.key" \
  --service-cluster-ip-range="$K8S_COURSE_SERVICE_CIDR" \
  --profiling=false \
  --v="${K8S_COURSE_LOG_LEVEL:-1}"

start kube-scheduler "$SCHEDULER_BIN" \
  --kubeconfig="$STATE/config/kube-scheduler.kubeconfig" \
  --authentication-kubeconfig="$STATE/config/kube-scheduler.kubeconfig" \
  --authorization-kubeconfig="$STATE/config/kube-scheduler.kubeconfig" \
  --bind-address=127.0.0.1 \
  --secure-port="$K8S_COURSE_SCHEDULER_PORT" \
  --cert-dir="$STATE/config/scheduler-certs" \
  --leader-elect=false \
  --profiling=false \
  --v="${K8S_COURSE_LOG_LEVEL:-1}"

# ---------------------------------------------------------------- kwok (the simulated kubelet)
# HOME is pointed into the state dir so a personal ~/.kwok/kwok.yaml is not picked up.
# The node's address is 127.0.0.1 and its "kubelet" port is kwok's own server, so anything
# the apiserver sends to the node (logs, exec) stays on loopback.
# Logs and exec are simulated (kwok's ClusterLogs / ClusterExec, which need absolute paths, hence written here):
# `kubectl logs` reads the files that container-logs.sh writes; `kubectl exec` runs the command on this machine, in /,
# as the unprivileged user nobody when we are root (kwok's kubelet port takes any local caller, and kwok needs a user
# that exists here), with HOSTNAME set to the pod's name as in a real container.
CONTAINERS="$STATE/containers"
mkdir -p "$STATE/config/kwok-home" "$CONTAINERS"
exec_user=""
if [[ $(id -u) == 0 ]]; then exec_user=$'\n      securityContext: {runAsUser: 65534, runAsGroup: 65534}'; fi
cat >"$STATE/config/kwok-containers.yaml" <<EOF
# Written by cluster/up.sh: where the simulated containers' logs come from and how exec runs.
apiVersion: kwok.x-k8s.io/v1alpha1
kind: ClusterLogs
metadata:
  name: course-web-with-sidecar
spec:
  selector: {matchNamespaces: [course-pods], matchNames: [web-with-sidecar]}
  logs:
  - {containers: [web], logsFile: "$CONTAINERS/course-pods/web-with-sidecar/web.log", follow: true}
  - {containers: [sidecar], logsFile: "$CONTAINERS/course-pods/web-with-sidecar/sidecar.log", follow: true}
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: ClusterLogs
metadata:
  name: every-other-container
spec:
  logs:
  - {logsFile: "$CONTAINERS/other.log"}
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: ClusterExec
metadata:
  name: course-web-with-sidecar
spec:
  selector: {matchNamespaces: [course-pods], matchNames: [web-with-sidecar]}
  execs:
  - local:
      workDir: /
      envs: [{name: HOSTNAME, value: web-with-sidecar}]$exec_user
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: ClusterExec
metadata:
  name: every-other-container
spec:
  execs:
  - local:
      workDir: /$exec_user
EOF
start container-logs "$HERE/container-logs.sh" "$CONTAINERS"
start kwok env HOME="$STATE/config/kwok-home" "$KWOK_BIN" \
  --config="$HERE/kwok.yaml" \
  --config="$STATE/config/kwok-containers.yaml" \
  --kubeconfig="$STATE/config/kwok.kubeconfig" \
  --manage-nodes-with-label-selector=type=kwok \
  --node-ip=127.0.0.1 \
  --node-port="$K8S_COURSE_KWOK_PORT" \
  --server-address="127.0.0.1:$K8S_COURSE_KWOK_PORT" \
  --tls-cert-file="$PKI/kwok-serving.crt" \
  --tls-private-key-file="$PKI/kwok-serving.key"

kcm_healthy() { curl -sfk --max-time 2 "https://127.0.0.1:$K8S_COURSE_KCM_PORT/healthz" | grep -qx ok; }
sched_healthy() { curl -sfk --max-time 2 "https://127.0.0.1:$K8S_COURSE_SCHEDULER_PORT/healthz" | grep -qx ok; }
kwok_healthy() { curl -sfk --max-time 2 "https://127.0.0.1:$K8S_COURSE_KWOK_PORT/healthz" | grep -qx ok; }
wait_for kube-controller-manager "kube-controller-manager /healthz" kcm_healthy
wait_for kube-scheduler "kube-scheduler /healthz" sched_healthy
wait_for kwok "kwok /healthz" kwok_healthy
logs_written() { [[ -s $CONTAINERS/course-pods/web-with-sidecar/sidecar.log ]]; }
wait_for container-logs "the simulated containers' first log lines" logs_written

# ---------------------------------------------------------------- the simulated node
cat >"$STATE/config/node.yaml" <<EOF
apiVersion: v1
kind: Node
metadata:
  name: $K8S_COURSE_NODE_NAME
  labels:
    type: kwok
    kubernetes.io/hostname: $K8S_COURSE_NODE_NAME
    kubernetes.io/os: linux
    kubernetes.io/arch: amd64
    node-role.kubernetes.io/worker: ""
  annotations:
    kwok.x-k8s.io/node: fake
    node.alpha.kubernetes.io/ttl: "0"
status:
  allocatable: {cpu: "${K8S_COURSE_NODE_CPU:-32}", memory: "${K8S_COURSE_NODE_MEMORY:-256Gi}", pods: "${K8S_COURSE_NODE_PODS:-110}", ephemeral-storage: 1Ti}
  capacity: {cpu: "${K8S_COURSE_NODE_CPU:-32}", memory: "${K8S_COURSE_NODE_MEMORY:-256Gi}", pods: "${K8S_COURSE_NODE_PODS:-110}", ephemeral-storage: 1Ti}
EOF
kc create -f "$STATE/config/node.yaml" >/dev/null 2>&1 || kc get node "$K8S_COURSE_NODE_NAME" >/dev/null \
  || fail kube-apiserver "could not create node $K8S_COURSE_NODE_NAME"
node_ready() {
  kc get node "$K8S_COURSE_NODE_NAME" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}' | grep -qx True
}
wait_for kwok "node $K8S_COURSE_NODE_NAME Ready" node_ready
default_sa() { kc -n default get serviceaccount default; }
wait_for kube-controller-manager "ServiceAccount default/default" default_sa

# ---------------------------------------------------------------- what dist/ needs: SealedSecrets
# The dev environment's sealing key (secrets/dev.pem and its key, public on purpose: dev is this throwaway cluster),
# so the controller opens the SealedSecrets of dist/dev/; then the CRD and the controller (secrets-tooling/).
say "installing the dev sealing key and starting the sealed-secrets controller"
cat >"$STATE/config/dev-sealing-key.yaml" <<EOF
apiVersion: v1
kind: Secret
type: kubernetes.io/tls
metadata:
  name: sealed-secrets-key-course-dev
  namespace: kube-system
  labels: {sealedsecrets.bitnami.com/sealed-secrets-key: active}
data:
  tls.crt: $(base64 -w0 "$REPO_ROOT/secrets/dev.pem")
  tls.key: $(base64 -w0 "$REPO_ROOT/secrets-tooling/dev-sealing-key.pem")
EOF
kc apply --server-side --field-manager=k8s-course-cluster -f "$STATE/config/dev-sealing-key.yaml" >/dev/null \
  || fail kube-apiserver "could not create the dev sealing key Secret kube-system/sealed-secrets-key-course-dev"
KUBECONFIG="$KUBECONFIG_OUT" "${SEALED_SECRETS[@]}" start >/dev/null \
  || fail kube-apiserver "the sealed-secrets controller did not start (log: $STATE/sealed-secrets/controller.log)"

say "cluster is up: kube-apiserver $K8S_VERSION at https://127.0.0.1:$K8S_COURSE_APISERVER_PORT (logs: $LOGS)"
echo "KUBECONFIG=$KUBECONFIG_OUT"
