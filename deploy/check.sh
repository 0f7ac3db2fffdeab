#!/usr/bin/env bash
# Offline checks of deploy/: lint, render every kustomization, validate the rendered manifests and
# the compose file against schemas, and run the drift test (deploy-check). Exits non-zero on any
# failure. Needs only Debian's packages, the npm registry and Maven Central; no cluster, no Docker.
#   deploy/check.sh            # from anywhere; installs what is missing (apt-get needs root)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DEPLOY=$ROOT/deploy
OUT=$DEPLOY/.check
step() { printf '\n== %s\n' "$*"; }

step "tools"
missing=()
command -v kubectl >/dev/null || missing+=(kubectl)
command -v yamllint >/dev/null || missing+=(yamllint)
command -v docker-compose >/dev/null || missing+=(docker-compose)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
command -v promtool >/dev/null || missing+=(prometheus)   # only for promtool
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# The project builds on JDK 21+; the machine's default java may be older. Same lookup as ./kinora.
. "$ROOT/tools/find-jdk.sh"
JAVA="$(find_java)" || { echo "deploy/check.sh: needs a JDK 21 or newer (set JAVA_HOME)" >&2; exit 1; }
export JAVA_HOME="$(dirname "$(dirname "$JAVA")")"
kubectl version --client 2>/dev/null | head -2
echo "node $(node --version), $(docker-compose version --short 2>/dev/null || echo docker-compose)"
(cd "$DEPLOY/validate" && npm ci --no-audit --no-fund --loglevel=error 2>&1 | grep -v EBADENGINE || true)
test -d "$DEPLOY/validate/node_modules/kubernetes-models"

step "yamllint"
(cd "$DEPLOY" && yamllint -c .yamllint.yaml .)

step "render (kubectl kustomize)"
rm -rf "$OUT" && mkdir -p "$OUT"
rendered=()
for dir in "$DEPLOY/k8s/base" "$DEPLOY"/k8s/overlays/*/; do
  name=$(basename "$dir")
  kubectl kustomize "$dir" > "$OUT/$name.yaml"
  echo "$name: $(grep -c '^kind:' "$OUT/$name.yaml") objects"
  rendered+=("$OUT/$name.yaml")
done

step "schemas (Kubernetes, Strimzi, KEDA, Prometheus Operator, Compose)"
node "$DEPLOY/validate/validate.mjs" --k8s "${rendered[@]}" --compose "$DEPLOY/compose/compose.yaml"
# docker-compose parses and checks the file without a Docker engine.
docker-compose -f "$DEPLOY/compose/compose.yaml" config -q
echo "docker-compose config: ok"

step "Prometheus rules and dashboard queries (promtool)"
promtool check rules "$DEPLOY/compose/prometheus/alerts.yml"
promtool check config --syntax-only "$DEPLOY/compose/prometheus/prometheus.yml"
promtool test rules "$DEPLOY/validate/alerts-test.yml"
# The dashboard's queries as recording rules, so promtool parses every one ($__rate_interval -> 5m).
node "$DEPLOY/validate/dashboard-rules.mjs" "$DEPLOY"/k8s/base/monitoring/dashboards/*.json > "$OUT/dashboard-rules.yml"
promtool check rules "$OUT/dashboard-rules.yml"

step "drift and Strimzi model (deploy-check: Topics.java, application.properties and io.strimzi:api vs deploy/)"
cd "$ROOT"
./mvnw -B -ntp -q -pl deploy-check -am test \
  -Dtest='dev.kinora.deploycheck.*Test' -Dsurefire.failIfNoSpecifiedTests=false \
  -Dkinora.deploy.requireRendered=true
cat deploy-check/target/surefire-reports/*.txt | grep -h '^Tests run'

step "deploy/check.sh: all checks passed"
