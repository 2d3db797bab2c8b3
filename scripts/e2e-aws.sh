#!/usr/bin/env bash
# End-to-end test of kube-aws on real AWS. It creates a cluster with the CLI of this checkout,
# proves that it works (nodes, add-ons, DNS, a load-balanced Service, an EBS volume) and destroys
# it again, whatever happened. The exit code is the result. docs/e2e-aws.md explains each step;
# .github/workflows/e2e-aws.yml runs this same script.
#
#   scripts/e2e-aws.sh            run the test
#   scripts/e2e-aws.sh cleanup    destroy what an interrupted run left in KUBE_AWS_E2E_DIR
#
# Environment:
#   AWS_REGION                  region of the test cluster, such as us-west-2 (required)
#   KUBE_AWS_KEY_NAME           EC2 key pair in that region (required)
#   KUBE_AWS_KMS_KEY_ARN        KMS key in that region that seals the TLS assets (required)
#   KUBE_AWS_CLUSTER_NAME       cluster and stack name; it must not exist yet
#                               (default: e2e-<GITHUB_RUN_ID>-<GITHUB_RUN_ATTEMPT>, else e2e-<random>)
#   KUBE_AWS_AVAILABILITY_ZONE  zone of the cluster's subnet (default: ${AWS_REGION}a)
#   KUBE_AWS_HOSTED_ZONE_ID     Route53 hosted zone: the API gets an A record
#   KUBE_AWS_DOMAIN             <cluster>.<KUBE_AWS_DOMAIN> in it (set both or neither). Without
#                               them the API is reached at the controller's IP; see "API endpoint".
#   KUBE_AWS_E2E_DIR            working directory, absent or empty (default: a new temporary one).
#                               It holds the asset directory, with the cluster's keys; it is
#                               removed once no cluster is left.
#   KUBE_AWS                    the kube-aws command (default: node <this checkout>/packages/cli/dist/bin.js,
#                               so run `npm ci && npm run build` first)
#   AWS credentials come from the AWS SDK's chain: AWS_PROFILE, AWS_ACCESS_KEY_ID/..., web identity.
#
# API endpoint: the API server's certificate names externalDNSName and the controllers' private IPs,
# not their public Elastic IPs (packages/pki/src/planCredentials.ts). Without a hosted zone,
# externalDNSName is <cluster>.kube-aws-e2e.invalid (RFC 2606: it never resolves) and a copy of the
# kubeconfig names the controller IP from `kube-aws status --output=json` as server and
# externalDNSName as tls-server-name, so TLS is verified as strictly as through DNS.
#
# Needs bash 3.2 or later (macOS's works), node, kubectl and curl.
set -euo pipefail

readonly NS=kube-aws-e2e
readonly STORAGE_CLASS=kube-aws-e2e-gp3
# From Kubernetes' own e2e images (test/utils/image/manifest.go, release-1.31).
readonly AGNHOST_IMAGE=registry.k8s.io/e2e-test-images/agnhost:2.52
readonly BUSYBOX_IMAGE=registry.k8s.io/e2e-test-images/busybox:1.36.1-1
# What kube-aws says when a stack is absent (describeCluster.ts, destroyStack.ts).
readonly NO_STACK='there is no stack'

repo=$(cd "$(dirname "$0")/.." && pwd)

step() {
  printf '\n=== [%s, +%dm%02ds] %s\n' "$(date -u +%H:%M:%S)" $((SECONDS / 60)) $((SECONDS % 60)) "$*"
}

fail() {
  echo "e2e-aws: $*" >&2
  exit 1
}

# Runs a command every 10 s until it succeeds, for at most the given seconds.
poll() {
  local what=$1 limit=$2
  shift 2
  local deadline=$((SECONDS + limit))
  until "$@"; do
    if ((SECONDS >= deadline)); then
      echo "e2e-aws: timed out after ${limit}s waiting for $what" >&2
      return 1
    fi
    sleep 10
  done
}

kc() {
  kubectl --kubeconfig="$kubeconfig" "$@"
}

# Prints one string field of the JSON object on stdin; fails when it is missing or empty.
json_field() {
  node -e '
    const value = JSON.parse(require("fs").readFileSync(0, "utf8"))[process.argv[1]];
    if (typeof value !== "string" || value === "") process.exit(1);
    console.log(value);
  ' "$1"
}

# 0: the cluster's stack exists; 1: it does not; 2: unknown (the error is printed).
stack_state() {
  local out
  if out=$("${kube_aws[@]}" status --asset-dir="$assets" --output=json 2>&1); then
    return 0
  fi
  if [[ $out == *"$NO_STACK"* ]]; then
    return 1
  fi
  printf '%s\n' "$out" >&2
  return 2
}

api_answers() {
  [[ -e $kubeconfig ]] && kc get --raw=/version --request-timeout=20s >/dev/null 2>&1
}

load_balancer_hostname() {
  lb_host=$(kc -n "$NS" get service web -o jsonpath='{.status.loadBalancer.ingress[0].hostname}')
  [[ -n $lb_host ]]
}

is_replica() {
  local pod
  for pod in "${replicas[@]}"; do
    [[ $pod != "$1" ]] || return 0
  done
  return 1
}

all_replicas_answered() {
  local pod
  for pod in "${replicas[@]}"; do
    [[ $answered == *" $pod "* ]] || return 1
  done
}

pvc_bound() {
  [[ $(kc -n "$NS" get pvc data -o jsonpath='{.status.phase}') == Bound ]]
}

pod_wrote() {
  [[ $(kc -n "$NS" logs writer) == kube-aws-e2e ]]
}

pv_gone() {
  [[ -z $(kc get pv "$1" --ignore-not-found -o name) ]]
}

# What a failed run leaves to look at, before everything is deleted.
diagnose() {
  "${kube_aws[@]}" status --asset-dir="$assets"
  api_answers || return 0
  kc get nodes -o wide
  kc get pods --all-namespaces -o wide
  kc -n "$NS" describe service,deployment,pvc,pods
  kc get events --all-namespaces --sort-by=.lastTimestamp | tail -n 60
}

# Deletes what Kubernetes made in AWS, which CloudFormation cannot delete: the load balancer
# (blocking the VPC's deletion) first, then the EBS volume.
delete_kubernetes_resources() {
  if [[ ! -e $kubeconfig ]]; then
    echo "Nothing was deployed into the cluster."
    return 0
  fi
  if ! api_answers; then
    echo "The API does not answer, so nothing is deleted through it; kube-aws destroy names what blocks it."
    return 0
  fi
  local ok=0 volumes pv volume
  # The Service's finalizer goes only once the cloud controller has deleted the load balancer.
  kc -n "$NS" delete service web --ignore-not-found --wait --timeout=10m || ok=1
  volumes=$(kc get pv -o jsonpath="{range .items[?(@.spec.claimRef.namespace==\"$NS\")]}{.metadata.name} {.spec.csi.volumeHandle}{\"\\n\"}{end}") || ok=1
  kc delete namespace "$NS" --ignore-not-found --wait --timeout=10m || ok=1
  while read -r pv volume; do
    [[ -n $pv ]] || continue
    if ! poll "PersistentVolume $pv to be deleted" 300 pv_gone "$pv" </dev/null; then
      echo "e2e-aws: EBS volume $volume may be left; delete it: aws ec2 delete-volume --volume-id $volume" >&2
      ok=1
    fi
  done <<<"$volumes"
  kc delete storageclass "$STORAGE_CLASS" --ignore-not-found || ok=1
  return "$ok"
}

# A failed deletion is retried: an ELB's network interfaces can outlive the ELB for a minute.
destroy_cluster() {
  local attempt state
  for attempt in 1 2 3; do
    stack_state
    state=$?
    if ((state == 1)); then
      echo "No stack is left."
      return 0
    fi
    if "${kube_aws[@]}" destroy --asset-dir="$assets" --yes --force; then
      return 0
    fi
    echo "e2e-aws: kube-aws destroy failed (attempt $attempt of 3)" >&2
    if ((attempt < 3)); then sleep 60; fi
  done
  return 1
}

remove_work_dir() {
  rm -rf -- "$assets" "$stack_marker"
  rmdir -- "$work" 2>/dev/null || true
}

# Always runs last: deletes what the test made, destroys the cluster, and exits with the result.
finish() {
  local rc=$1
  set +e
  # An interruption now would leave a cluster running: the current command stops, cleanup goes on.
  trap 'echo "e2e-aws: interrupted; cleanup goes on, or the cluster keeps costing money" >&2' INT TERM
  if [[ -e $stack_marker ]]; then
    if ((rc != 0)); then
      step "Diagnostics (the test failed with exit code $rc)"
      diagnose
    fi
    step "Cleanup: delete the LoadBalancer Service, the PersistentVolumeClaim and namespace $NS"
    delete_kubernetes_resources || rc=$((rc == 0 ? 1 : rc))
    step "Cleanup: kube-aws destroy --yes --force"
    if destroy_cluster; then
      remove_work_dir
    else
      rc=$((rc == 0 ? 1 : rc))
      echo "e2e-aws: the cluster may still exist. Its asset directory is kept: $assets" >&2
      echo "e2e-aws: destroy it with: KUBE_AWS_E2E_DIR=$work $0 cleanup" >&2
    fi
  else
    remove_work_dir
  fi
  if [[ $mode == cleanup ]]; then
    if ((rc == 0)); then step "Cleaned up"; else step "Cleanup FAILED (exit code $rc)"; fi
  elif ((rc == 0)); then
    step "PASSED"
  else
    step "FAILED (exit code $rc)"
  fi
  exit "$rc"
}

if [[ -n ${KUBE_AWS:-} ]]; then
  read -r -a kube_aws <<<"$KUBE_AWS"
else
  [[ -e $repo/packages/cli/dist/bin.js ]] ||
    fail "no build of kube-aws in $repo: run npm ci && npm run build (or set KUBE_AWS)"
  kube_aws=(node "$repo/packages/cli/dist/bin.js")
fi

mode=${1:-test}
if [[ $mode == cleanup ]]; then
  [[ -n ${KUBE_AWS_E2E_DIR:-} ]] || fail "cleanup needs KUBE_AWS_E2E_DIR, the directory of the run"
  work=$KUBE_AWS_E2E_DIR
  assets=$work/cluster
  kubeconfig=$assets/kubeconfig-e2e
  stack_marker=$work/stack-started
  if [[ ! -e $stack_marker ]]; then
    echo "Nothing to clean up in $work: no run started a cluster there."
    exit 0
  fi
  finish 0
elif [[ $# -gt 0 ]]; then
  fail "unknown argument $1 (usage: $0 [cleanup])"
fi

step "Check the inputs and tools"
: "${AWS_REGION:?set AWS_REGION, such as us-west-2}"
: "${KUBE_AWS_KEY_NAME:?set KUBE_AWS_KEY_NAME, an EC2 key pair in AWS_REGION}"
: "${KUBE_AWS_KMS_KEY_ARN:?set KUBE_AWS_KMS_KEY_ARN, a KMS key in AWS_REGION}"
zone=${KUBE_AWS_HOSTED_ZONE_ID:-}
domain=${KUBE_AWS_DOMAIN:-}
if [[ -n $zone && -z $domain ]] || [[ -z $zone && -n $domain ]]; then
  fail "set both KUBE_AWS_HOSTED_ZONE_ID and KUBE_AWS_DOMAIN, or neither"
fi
for tool in node kubectl curl; do
  command -v "$tool" >/dev/null || fail "$tool is not installed"
done
if [[ -n ${GITHUB_RUN_ID:-} ]]; then
  default_name=e2e-$GITHUB_RUN_ID-${GITHUB_RUN_ATTEMPT:-1}
else
  default_name=e2e-$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')
fi
cluster=${KUBE_AWS_CLUSTER_NAME:-$default_name}
if [[ -n $zone ]]; then
  dns_name=$cluster.$domain
else
  dns_name=$cluster.kube-aws-e2e.invalid
fi
work=${KUBE_AWS_E2E_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/kube-aws-e2e.XXXXXX")}
mkdir -p -- "$work"
[[ -z $(find "$work" -mindepth 1 -maxdepth 1) ]] ||
  fail "$work is not empty; a previous run may have left a cluster: KUBE_AWS_E2E_DIR=$work $0 cleanup"
assets=$work/cluster
kubeconfig=$assets/kubeconfig-e2e
stack_marker=$work/stack-started
trap 'finish $?' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
echo "kube-aws:     ${kube_aws[*]} ($("${kube_aws[@]}" --version))"
echo "cluster:      $cluster in $AWS_REGION"
echo "API name:     $dns_name"
echo "working dir:  $work"

step "kube-aws init"
"${kube_aws[@]}" init --asset-dir="$assets" \
  --cluster-name="$cluster" \
  --external-dns-name="$dns_name" \
  --region="$AWS_REGION" \
  --availability-zone="${KUBE_AWS_AVAILABILITY_ZONE:-${AWS_REGION}a}" \
  --key-name="$KUBE_AWS_KEY_NAME" \
  --kms-key-arn="$KUBE_AWS_KMS_KEY_ARN"
# Two workers, so the Service's two replicas answer from two nodes (pod network across nodes).
cat >>"$assets/cluster.yaml" <<EOF

# Added by scripts/e2e-aws.sh.
worker:
  count: 2
EOF
if [[ -n $zone ]]; then
  cat >>"$assets/cluster.yaml" <<EOF
createRecordSet: true
hostedZoneId: $zone
recordSetTTL: 60
EOF
fi

step "kube-aws render"
"${kube_aws[@]}" render --asset-dir="$assets"

step "kube-aws validate"
"${kube_aws[@]}" validate --asset-dir="$assets"

step "Check that no stack $cluster exists yet"
state=0
stack_state || state=$?
((state != 0)) || fail "a stack named $cluster exists already; it is not this test's to destroy"
((state == 1)) || fail "cannot tell whether stack $cluster exists (see above)"

step "kube-aws up --yes"
# From here on, the cleanup destroys the stack.
touch "$stack_marker"
"${kube_aws[@]}" up --asset-dir="$assets" --yes

step "kube-aws status"
"${kube_aws[@]}" status --asset-dir="$assets"
controller_ip=$("${kube_aws[@]}" status --asset-dir="$assets" --output=json | json_field controllerIP) ||
  fail "kube-aws status --output=json names no controllerIP"

step "kube-aws diff: a cluster just created has nothing to change"
"${kube_aws[@]}" diff --asset-dir="$assets" || fail "kube-aws diff exited $? right after up"

step "Point a kubeconfig at the API"
cp -- "$assets/kubeconfig" "$kubeconfig"
chmod 600 "$kubeconfig"
if [[ -z $zone ]]; then
  kc config set-cluster "$cluster" --server="https://$controller_ip" --tls-server-name="$dns_name"
fi
kc config view --minify -o jsonpath='{.clusters[0].cluster}'
echo

step "kube-aws check --wait=15m"
"${kube_aws[@]}" check --asset-dir="$assets" --kubeconfig="$kubeconfig" --wait=15m

step "A Deployment of 2 replicas behind a Service of type LoadBalancer"
kc apply -f - <<EOF
apiVersion: v1
kind: Namespace
metadata:
  name: $NS
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: $NS
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels: {app: web}
      containers:
        - name: web
          image: $AGNHOST_IMAGE
          args: [netexec, --http-port=8080]
          ports: [{containerPort: 8080}]
          readinessProbe:
            httpGet: {path: /hostname, port: 8080}
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: $NS
spec:
  type: LoadBalancer
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
EOF
kc -n "$NS" rollout status deployment/web --timeout=5m
kc -n "$NS" get pods -o wide

step "Wait for the load balancer (at most 10 minutes)"
lb_host=
poll "a load balancer for Service web" 600 load_balancer_hostname
echo "Load balancer: $lb_host"

step "curl the load balancer until both replicas have answered (at most 15 minutes)"
read -r -a replicas <<<"$(kc -n "$NS" get pods -l app=web -o jsonpath='{.items[*].metadata.name}')"
answered=" "
for _ in $(seq 1 40); do
  # A new load balancer's name takes minutes to resolve and its instances to be in service.
  answer=$(curl -fsS --retry-all-errors --retry 30 --retry-delay 10 --retry-max-time 900 \
    --connect-timeout 10 --max-time 20 "http://$lb_host/hostname")
  is_replica "$answer" || fail "the load balancer answered \"$answer\", not one of: ${replicas[*]}"
  [[ $answered == *" $answer "* ]] || answered="$answered$answer "
  if all_replicas_answered; then break; fi
done
echo "Answered by:$answered"
all_replicas_answered || fail "only$answered answered, of: ${replicas[*]}"

step "An encrypted gp3 EBS volume through the EBS CSI driver"
kc apply -f - <<EOF
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: $STORAGE_CLASS
provisioner: ebs.csi.aws.com
volumeBindingMode: WaitForFirstConsumer
reclaimPolicy: Delete
parameters:
  type: gp3
  encrypted: "true"
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
  namespace: $NS
spec:
  storageClassName: $STORAGE_CLASS
  accessModes: [ReadWriteOnce]
  resources:
    requests: {storage: 1Gi}
---
apiVersion: v1
kind: Pod
metadata:
  name: writer
  namespace: $NS
spec:
  containers:
    - name: writer
      image: $BUSYBOX_IMAGE
      command: [sh, -c, 'echo kube-aws-e2e > /data/probe && sync && cat /data/probe && sleep 3600']
      volumeMounts: [{name: data, mountPath: /data}]
  volumes:
    - name: data
      persistentVolumeClaim: {claimName: data}
EOF

step "Wait for the PersistentVolumeClaim to be Bound (at most 10 minutes)"
poll "PersistentVolumeClaim data to be Bound" 600 pvc_bound
kc -n "$NS" get pvc data

step "Wait for the pod to write to the volume (at most 5 minutes)"
kc -n "$NS" wait pod/writer --for=condition=Ready --timeout=5m
poll "pod writer to write to its volume" 60 pod_wrote
echo "The pod wrote to and read from its EBS volume."

step "Every check passed; cleanup follows"
