/*
 * kubelet's rule for --node-labels, Kubernetes v1.36:
 *   cmd/kubelet/app/options/options.go ValidateKubeletFlags: a key whose namespace (the part
 *     before "/") is kubernetes.io or k8s.io, or ends in .kubernetes.io or .k8s.io, must pass
 *     kubeletapis.IsKubeletLabel, or kubelet refuses to start ("unknown 'kubernetes.io' or
 *     'k8s.io' labels specified with --node-labels").
 *   k8s.io/kubelet pkg/apis/well_known_labels.go (read at tag v0.36.1): IsKubeletLabel allows the
 *     keys in kubeletLabels and any key whose namespace is, or is a subdomain of, one of
 *     kubeletLabelNamespaces.
 *   k8s.io/api core/v1/well_known_labels.go (read at tag v0.36.1): the values of those constants.
 * The NodeRestriction admission plugin applies the same list to what a kubelet may set on its own
 * Node; node-role.kubernetes.io/* is set through the API by an administrator instead.
 *
 * To refresh: re-read those three files at the new tag.
 */

/** kubeletLabels: keys a kubelet may set on its own Node (well_known_labels.go, v0.36.1). */
const allowedKeys = new Set([
  'kubernetes.io/hostname',
  'topology.kubernetes.io/zone',
  'topology.kubernetes.io/region',
  'failure-domain.beta.kubernetes.io/zone',
  'failure-domain.beta.kubernetes.io/region',
  'beta.kubernetes.io/instance-type',
  'node.kubernetes.io/instance-type',
  'kubernetes.io/os',
  'kubernetes.io/arch',
  'beta.kubernetes.io/os',
  'beta.kubernetes.io/arch',
]);

/** kubeletLabelNamespaces: namespaces (and their subdomains) a kubelet may use. */
const allowedNamespaces = ['kubelet.kubernetes.io', 'node.kubernetes.io'];

function namespaceOf(key: string): string {
  const slash = key.indexOf('/');
  return slash < 0 ? '' : key.slice(0, slash);
}

function isKubernetesNamespace(namespace: string): boolean {
  return ['kubernetes.io', 'k8s.io'].some(
    (domain) => namespace === domain || namespace.endsWith(`.${domain}`),
  );
}

function isKubeletLabel(key: string): boolean {
  if (allowedKeys.has(key)) return true;
  const namespace = namespaceOf(key);
  return allowedNamespaces.some(
    (allowed) => namespace === allowed || namespace.endsWith(`.${allowed}`),
  );
}

/**
 * The label keys kubelet would refuse to start with if given in --node-labels. Each entry is a
 * `key=value` pair as --node-labels takes it, or a bare key.
 */
export function kubeletRefusedLabels(labels: readonly string[]): string[] {
  const refused: string[] = [];
  for (const label of labels) {
    const equals = label.indexOf('=');
    const key = (equals < 0 ? label : label.slice(0, equals)).trim();
    if (key === '') continue;
    if (isKubernetesNamespace(namespaceOf(key)) && !isKubeletLabel(key) && !refused.includes(key)) {
      refused.push(key);
    }
  }
  return refused;
}
