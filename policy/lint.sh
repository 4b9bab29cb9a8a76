#!/usr/bin/env bash
# Lint the synthesized manifests with kube-score and Polaris.
#   policy/lint.sh [env...]     (default: every folder under dist/)
# An argument with a slash is taken as a folder of manifests instead (e.g. /tmp/try/dev).
# Builds the linters on first use (policy/build.sh), then for each environment runs
#   kube-score score --output-format json dist/<env>/*.yaml
#   polaris audit --audit-path dist/<env> --format json --disallow-config-exemptions
# (and once more with --disallow-annotation-exemptions too, for the checks an exemption hides and the score without
# exemptions) and prints each kube-score CRITICAL and Polaris danger, warning counts and Polaris' score.
# Exit status: 0 clean; 1 a CRITICAL or danger remains, or a tool-exemption annotation lacks
# policy.k8s-course.io/exemption-reason; 2 usage or tool error.
# POLICY_REPORT_DIR=<dir> keeps the tools' raw JSON there (<env>.kube-score.json, <env>.polaris.json,
# <env>.polaris-unexempted.json).
set -euo pipefail

POLICY_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=policy/env.sh
source "$POLICY_DIR/env.sh"
args=()
for a in "$@"; do
  if [[ $a == */* ]]; then
    [[ -d $a ]] || { echo "policy/lint.sh: $a is not a folder" >&2; exit 2; }
    a="$(cd "$a" && pwd)/"
  fi
  args+=("$a")
done
if [[ -n ${POLICY_REPORT_DIR:-} ]]; then mkdir -p "$POLICY_REPORT_DIR"; POLICY_REPORT_DIR="$(cd "$POLICY_REPORT_DIR" && pwd)"; fi
cd "$REPO_ROOT"

command -v node >/dev/null || { echo "policy/lint.sh: node is not installed" >&2; exit 2; }
[[ -d node_modules/yaml ]] || { echo "policy/lint.sh: node_modules/yaml is missing: run npm ci first" >&2; exit 2; }

# kube-score checks API versions against a Kubernetes release (its default is v1.18); use the
# release the project targets, from cluster/env.sh (v1.27.16 -> v1.27).
if [[ -z ${KUBE_SCORE_K8S_VERSION:-} ]]; then
  k8s=$(bash -c 'source cluster/env.sh >/dev/null 2>&1; echo "${K8S_VERSION:-}"')
  KUBE_SCORE_K8S_VERSION=$(sed -n 's/^\(v[0-9]*\.[0-9]*\).*/\1/p' <<<"${k8s:-v1.27}")
fi

if [[ ${#args[@]} -gt 0 ]]; then
  envs=("${args[@]}")
else
  envs=()
  for d in dist/*/; do [[ -d $d ]] && envs+=("$(basename "$d")"); done
fi
[[ ${#envs[@]} -gt 0 ]] || { echo "policy/lint.sh: no environments under dist/" >&2; exit 2; }
dir_of() { if [[ $1 == */* ]]; then echo "${1%/}"; else echo "dist/$1"; fi; }
for e in "${envs[@]}"; do
  [[ -d $(dir_of "$e") ]] || { echo "policy/lint.sh: $(dir_of "$e") does not exist (environments: $(ls dist | xargs))" >&2; exit 2; }
done

bash "$POLICY_DIR/build.sh" >&2

out="${POLICY_REPORT_DIR:-}"
if [[ -z $out ]]; then out=$(mktemp -d); trap 'rm -rf "$out"' EXIT; else mkdir -p "$out"; fi
"$KUBE_SCORE_BIN" list >"$out/kube-score-checks.csv"

status=0
for arg in "${envs[@]}"; do
  dir=$(dir_of "$arg"); e=$(basename "$dir")
  shopt -s nullglob
  files=("$dir"/*.yaml "$dir"/*.yml)
  shopt -u nullglob
  if [[ ${#files[@]} -eq 0 ]]; then echo "policy/lint.sh: no YAML files in $dir" >&2; status=2; continue; fi

  # kube-score exits 1 when it finds a CRITICAL; only a missing/invalid JSON is an error.
  set +e
  "$KUBE_SCORE_BIN" score --output-format json --kubernetes-version "$KUBE_SCORE_K8S_VERSION" \
    "${files[@]}" >"$out/$e.kube-score.json" 2>"$out/$e.kube-score.err"
  ks_rc=$?
  "$POLARIS_BIN" audit --audit-path "$dir" --format json --disallow-config-exemptions \
    --log-level warning >"$out/$e.polaris.json" 2>"$out/$e.polaris.err"
  pol_rc=$?
  if [[ $pol_rc -eq 0 ]]; then
    "$POLARIS_BIN" audit --audit-path "$dir" --format json --disallow-config-exemptions --disallow-annotation-exemptions \
      --log-level warning >"$out/$e.polaris-unexempted.json" 2>>"$out/$e.polaris.err"
    pol_rc=$?
  fi
  set -e
  if [[ $ks_rc -gt 1 || ! -s $out/$e.kube-score.json ]]; then
    echo "policy/lint.sh: kube-score failed on $dir (exit $ks_rc):" >&2; cat "$out/$e.kube-score.err" >&2; status=2; continue
  fi
  if [[ $pol_rc -ne 0 || ! -s $out/$e.polaris.json || ! -s $out/$e.polaris-unexempted.json ]]; then
    echo "policy/lint.sh: polaris failed on $dir (exit $pol_rc):" >&2; cat "$out/$e.polaris.err" >&2; status=2; continue
  fi

  set +e
  node "$POLICY_DIR/report.mjs" --env "$e ($dir)" --kube-score "$out/$e.kube-score.json" \
    --polaris "$out/$e.polaris.json" --polaris-unexempted "$out/$e.polaris-unexempted.json" \
    --kube-score-checks "$out/kube-score-checks.csv" "${files[@]}"
  rc=$?
  set -e
  echo
  if [[ $rc -eq 2 ]]; then status=2; elif [[ $rc -ne 0 && $status -eq 0 ]]; then status=1; fi
done

case $status in
  0) echo "policy/lint.sh: all clean (${envs[*]})" ;;
  1) echo "policy/lint.sh: FAILED: CRITICAL/danger findings or exemption-rule violations above" ;;
  *) echo "policy/lint.sh: ERROR: a tool or input failed (see above)" ;;
esac
exit "$status"
