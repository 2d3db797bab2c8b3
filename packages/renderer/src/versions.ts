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
  cloudControllerManagerChart: '0.0.9',
  ebsCsiDriverChart: '2.50.0',
} as const;
