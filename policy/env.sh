# Shared settings for policy/build.sh and policy/lint.sh (sourced, not executed).
# Every value can be overridden from the environment.
POLICY_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$POLICY_DIR/.." && pwd)"

KUBE_SCORE_VERSION="${KUBE_SCORE_VERSION:-v1.20.0}"
KUBE_SCORE_COMMIT="${KUBE_SCORE_COMMIT:-N/A}"
# Polaris: pseudo-version of commit 47c7deddfd66 (master, 2026-04-01, after release 10.1.x),
# the same version FairwindsOps/insights-plugins (plugins/admission) builds against.
POLARIS_VERSION="${POLARIS_VERSION:-v0.0.0-20260401181752-47c7deddfd66}"
POLARIS_COMMIT="${POLARIS_COMMIT:-47c7deddfd66a762729f0d3b94d72e55871a4970}"
POLARIS_RELEASE_NOTE="master@47c7deddfd66, 2026-04-01"
# go.sum hashes of that version (as in insights-plugins' go.sum); checked before building.
POLARIS_SUM="${POLARIS_SUM:-h1:3q+OuVEZ6xowXMVNtEd3XTxEt3X8tyuWZDsaOu72FvU=}"
POLARIS_GOMOD_SUM="${POLARIS_GOMOD_SUM:-h1:sx3fqGtcV96tr7MSchhRcbwBDJ0BLx1Le+ToTQpzfA4=}"

K8S_COURSE_CACHE="${K8S_COURSE_CACHE:-$HOME/.cache/k8s-course-cluster}"
KUBE_SCORE_BIN="$K8S_COURSE_CACHE/kube-score-$KUBE_SCORE_VERSION/kube-score"
POLARIS_BIN="$K8S_COURSE_CACHE/polaris-$POLARIS_VERSION/polaris"
