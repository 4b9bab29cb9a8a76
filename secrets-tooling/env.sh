# Shared settings of build.sh and controller.sh (sourced, not executed). Every value can be
# overridden from the environment.
SEALED_SECRETS_VERSION="${SEALED_SECRETS_VERSION:-v0.29.0}"
K8S_COURSE_CACHE="${K8S_COURSE_CACHE:-$HOME/.cache/k8s-course-cluster}"
SEALED_SECRETS_DIR="$K8S_COURSE_CACHE/sealed-secrets-$SEALED_SECRETS_VERSION"
SEALED_SECRETS_CONTROLLER_BIN="$SEALED_SECRETS_DIR/controller"
SEALED_SECRETS_KUBESEAL_BIN="$SEALED_SECRETS_DIR/kubeseal"
SEALED_SECRETS_CRD="$SEALED_SECRETS_DIR/sealedsecrets.bitnami.com.crd.yaml"
