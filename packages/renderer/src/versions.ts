/**
 * Versions of everything a node runs besides Kubernetes itself, pinned in one place so an update
 * is one reviewed change. Binaries are checked against the .sha256 files published beside them.
 */
export const COMPONENT_VERSIONS = {
  etcd: '3.6.5-0',
  pause: '3.10.1',
  coredns: 'v1.12.4',
  flannel: 'v0.27.4',
  flannelCniPlugin: 'v1.8.0-flannel1',
  cniPlugins: 'v1.8.0',
  helm: 'v3.19.0',
  awsCli: '2.31.13',
  // cloud-provider-aws releases one minor per Kubernetes minor; the chart (0.0.10) defaults to
  // v1.34.0, so the image is set to the release for the pinned Kubernetes minor
  // (kubernetes/cloud-provider-aws charts/aws-cloud-controller-manager/Chart.yaml, README's
  // compatibility table). A test keeps its minor equal to the default kubernetesVersion's.
  cloudControllerManagerChart: '0.0.10',
  cloudControllerManager: 'v1.36.0',
  ebsCsiDriverChart: '2.50.0',
} as const;
