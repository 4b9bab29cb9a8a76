# Shared settings for build.sh / up.sh / down.sh (sourced, not executed).
# Every value can be overridden from the environment.
CLUSTER_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$CLUSTER_DIR/.." && pwd)"

K8S_VERSION="${K8S_VERSION:-v1.27.16}"          # must match cluster/go.mod
K8S_BUILD_DATE="${K8S_BUILD_DATE:-2024-07-17T01:44:24Z}"  # release time of v1.27.16
K8S_GIT_COMMIT="${K8S_GIT_COMMIT:-cbb86e0d7f4a049666fac0551e8b02ef3d6c3d9a}"  # commit of the v1.27.16 tag
KWOK_VERSION="${KWOK_VERSION:-v0.7.0}"
ETCD_VERSION="${ETCD_VERSION:-3.4}"             # Debian 12's etcd-server is 3.4.x
ETCD_GO_VERSION="${ETCD_GO_VERSION:-v3.5.15}"   # fallback when apt-get is unavailable

K8S_COURSE_CACHE="${K8S_COURSE_CACHE:-$HOME/.cache/k8s-course-cluster}"
K8S_COURSE_STATE="${K8S_COURSE_STATE:-$REPO_ROOT/.cluster}"

# etcd: Debian's package (etcd-$ETCD_VERSION) or, when apt is unavailable or
# K8S_COURSE_ETCD_FROM_SOURCE=1, a build from the module proxy (etcd-$ETCD_GO_VERSION).
etcd_bin() {
  local d
  for d in "etcd-$ETCD_VERSION" "etcd-$ETCD_GO_VERSION"; do
    [[ ${K8S_COURSE_ETCD_FROM_SOURCE:-0} == 1 && $d == "etcd-$ETCD_VERSION" ]] && continue
    if [[ -x $K8S_COURSE_CACHE/$d/etcd ]]; then echo "$K8S_COURSE_CACHE/$d/etcd"; return; fi
  done
  echo "$K8S_COURSE_CACHE/etcd-$ETCD_VERSION/etcd"
}
KWOK_BIN="$K8S_COURSE_CACHE/kwok-$KWOK_VERSION/kwok"
APISERVER_BIN="$K8S_COURSE_CACHE/kube-apiserver-$K8S_VERSION/kube-apiserver"
KCM_BIN="$K8S_COURSE_CACHE/kube-controller-manager-$K8S_VERSION/kube-controller-manager"
SCHEDULER_BIN="$K8S_COURSE_CACHE/kube-scheduler-$K8S_VERSION/kube-scheduler"

# Loopback ports (chosen away from the usual 2379/6443/10257/10259 so a real cluster can coexist).
K8S_COURSE_ETCD_PORT="${K8S_COURSE_ETCD_PORT:-23790}"
K8S_COURSE_ETCD_PEER_PORT="${K8S_COURSE_ETCD_PEER_PORT:-23800}"
K8S_COURSE_APISERVER_PORT="${K8S_COURSE_APISERVER_PORT:-26443}"
K8S_COURSE_KCM_PORT="${K8S_COURSE_KCM_PORT:-20257}"
K8S_COURSE_SCHEDULER_PORT="${K8S_COURSE_SCHEDULER_PORT:-20259}"
K8S_COURSE_KWOK_PORT="${K8S_COURSE_KWOK_PORT:-20247}"

K8S_COURSE_SERVICE_CIDR="${K8S_COURSE_SERVICE_CIDR:-10.96.0.0/16}"
K8S_COURSE_NODE_NAME="${K8S_COURSE_NODE_NAME:-kwok-node-0}"
K8S_COURSE_TIMEOUT="${K8S_COURSE_TIMEOUT:-120}"  # seconds to wait for readiness
