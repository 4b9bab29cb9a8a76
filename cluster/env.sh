# Shared settings for build.sh / up.sh / down.sh (sourced, not executed).
# Every value can be overridden from the environment.
CLUSTER_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$CLUSTER_DIR/.." && pwd)"

# Which Kubernetes: K8S_COURSE_K8S_VERSION=<major.minor> (or `up.sh --version <v>`). Each version has its own Go
# module (the release and its staging modules pinned), its own etcd, state dir and loopback ports, so several can
# run at once. K8S_COURSE_K8S_VERSIONS lists them; the first is the default (the course's 1.27).
K8S_COURSE_K8S_VERSIONS="1.27 1.37"
K8S_COURSE_K8S_VERSION="${K8S_COURSE_K8S_VERSION:-1.27}"
K8S_COURSE_K8S_VERSION="${K8S_COURSE_K8S_VERSION#v}"
case "$K8S_COURSE_K8S_VERSION" in
  1.27 | 1.27.16)
    K8S_COURSE_K8S_VERSION=1.27
    K8S_VERSION=v1.27.16
    K8S_BUILD_DATE=2024-07-17T01:44:24Z                       # release time of v1.27.16 (module proxy .info)
    K8S_GIT_COMMIT=cbb86e0d7f4a049666fac0551e8b02ef3d6c3d9a     # commit of the v1.27.16 tag
    K8S_GO_MODULE="$CLUSTER_DIR"                                 # cluster/go.mod
    K8S_BUILD_KUBECTL=0                                          # kubectl.1.27 of the Google Cloud SDK (kubectl.sh)
    ETCD_VERSION=3.4             # Debian 12's etcd-server is 3.4.x
    ETCD_GO_VERSION=v3.5.15      # fallback when apt-get is unavailable
    PORT_OFFSET=0
    STATE_NAME=.cluster
    ;;
  1.37 | 1.37.2)
    K8S_COURSE_K8S_VERSION=1.37
    K8S_VERSION=v1.37.2
    K8S_BUILD_DATE=2026-10-27T12:01:04Z                       # release time of v1.37.2 (module proxy .info)
    K8S_GIT_COMMIT=""                                            # the module proxy does not record the tag's commit
    K8S_GO_MODULE="$CLUSTER_DIR/v1.37"                           # cluster/v1.37/go.mod
    K8S_BUILD_KUBECTL=1                                          # kubectl 1.37 from the same module
    ETCD_VERSION=""              # no Debian package of the etcd 3.7 that v1.37 pins (build/dependencies.yaml)
    ETCD_GO_VERSION=v3.7.3
    PORT_OFFSET=1
    STATE_NAME=.cluster-1.37
    ;;
  *)
    echo "K8S_COURSE_K8S_VERSION=$K8S_COURSE_K8S_VERSION: unknown Kubernetes version;" \
      "this project knows ${K8S_COURSE_K8S_VERSIONS// /, } (set K8S_COURSE_K8S_VERSION or --version to one of them)" >&2
    return 2 2>/dev/null || exit 2
    ;;
esac
PORT_OFFSET="${K8S_COURSE_PORT_OFFSET:-$PORT_OFFSET}"   # another set of ports, e.g. for a second cluster of one version
export K8S_COURSE_K8S_VERSION   # the scripts this one starts (build.sh, down.sh, controller.sh) follow it
K8S_MINOR="${K8S_COURSE_K8S_VERSION#1.}"
KWOK_VERSION="${KWOK_VERSION:-v0.7.0}"

K8S_COURSE_CACHE="${K8S_COURSE_CACHE:-$HOME/.cache/k8s-course-cluster}"
K8S_COURSE_STATE="${K8S_COURSE_STATE:-$REPO_ROOT/$STATE_NAME}"

# etcd: Debian's package (etcd-$ETCD_VERSION) or, when apt is unavailable or
# K8S_COURSE_ETCD_FROM_SOURCE=1, a build from the module proxy (etcd-$ETCD_GO_VERSION).
etcd_bin() {
  if [[ -n $ETCD_VERSION && ${K8S_COURSE_ETCD_FROM_SOURCE:-0} != 1 && -x $K8S_COURSE_CACHE/etcd-$ETCD_VERSION/etcd ]]; then
    echo "$K8S_COURSE_CACHE/etcd-$ETCD_VERSION/etcd"
  else
    echo "$K8S_COURSE_CACHE/etcd-$ETCD_GO_VERSION/etcd"
  fi
}
KWOK_BIN="$K8S_COURSE_CACHE/kwok-$KWOK_VERSION/kwok"
APISERVER_BIN="$K8S_COURSE_CACHE/kube-apiserver-$K8S_VERSION/kube-apiserver"
KCM_BIN="$K8S_COURSE_CACHE/kube-controller-manager-$K8S_VERSION/kube-controller-manager"
SCHEDULER_BIN="$K8S_COURSE_CACHE/kube-scheduler-$K8S_VERSION/kube-scheduler"
BUILT_KUBECTL_BIN="$K8S_COURSE_CACHE/kubectl-$K8S_VERSION/kubectl"   # only when K8S_BUILD_KUBECTL=1

# Loopback ports (chosen away from the usual 2379/6443/10257/10259 so a real cluster can coexist);
# 1.27 keeps the historical ones, each further version adds its PORT_OFFSET.
K8S_COURSE_ETCD_PORT="${K8S_COURSE_ETCD_PORT:-$((23790 + PORT_OFFSET))}"
K8S_COURSE_ETCD_PEER_PORT="${K8S_COURSE_ETCD_PEER_PORT:-$((23800 + PORT_OFFSET))}"
K8S_COURSE_APISERVER_PORT="${K8S_COURSE_APISERVER_PORT:-$((26443 + PORT_OFFSET))}"
K8S_COURSE_KCM_PORT="${K8S_COURSE_KCM_PORT:-$((20257 + PORT_OFFSET))}"
K8S_COURSE_SCHEDULER_PORT="${K8S_COURSE_SCHEDULER_PORT:-$((20259 + PORT_OFFSET * 2))}"
K8S_COURSE_KWOK_PORT="${K8S_COURSE_KWOK_PORT:-$((20247 + PORT_OFFSET))}"

K8S_COURSE_SERVICE_CIDR="${K8S_COURSE_SERVICE_CIDR:-10.96.0.0/16}"
K8S_COURSE_NODE_NAME="${K8S_COURSE_NODE_NAME:-kwok-node-0}"
K8S_COURSE_TIMEOUT="${K8S_COURSE_TIMEOUT:-120}"  # seconds to wait for readiness
