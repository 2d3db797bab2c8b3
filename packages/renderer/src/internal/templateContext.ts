import type { ClusterConfig } from '@kube-aws/config-schema';
import { RenderError } from '../RenderError.js';
import { NODE_ASSETS } from '../nodeAssets.js';
import type { NodeAssetList } from '../nodeAssets.js';
import { COMPONENT_VERSIONS } from '../versions.js';

/** What the cluster's templates may use besides the per-node values. */
export function clusterContext(config: ClusterConfig): Record<string, unknown> {
  return {
    name: config.clusterName,
    region: config.region,
    externalDNSName: config.externalDNSName,
    kubernetesVersion: config.kubernetesVersion,
    serviceCIDR: config.serviceCIDR,
    podCIDR: config.podCIDR,
    dnsServiceIP: config.dnsServiceIP,
    kubernetesServiceIP: config.kubernetesServiceIP,
    controllerCount: config.controller.count,
    controllerIPs: config.controller.privateIPs,
    apiServerAddress: config.controllerIP,
    etcdInitialCluster: config.controller.privateIPs
      .map((ip, index) => `controller${index}=https://${ip}:2380`)
      .join(','),
    etcdServers: config.controller.privateIPs.map((ip) => `https://${ip}:2379`).join(','),
    certDurationDays: config.tlsCertDurationDays,
  };
}

function pick(
  list: NodeAssetList,
  certificates: ReadonlyMap<string, string>,
  encrypted: ReadonlyMap<string, string>,
) {
  const missing = (file: string) =>
    new RenderError(
      'ASSET_MISSING',
      `${file} is needed by the nodes but was not given; run kube-aws render credentials`,
      { file: `credentials/${file}` },
    );
  const plain: Record<string, string> = {};
  for (const file of list.certificates) {
    const pem = certificates.get(file);
    if (pem === undefined) throw missing(file);
    plain[file.replace(/\.pem$/, '')] = pem;
  }
  const sealed: Record<string, string> = {};
  for (const file of list.encrypted) {
    const blob = encrypted.get(file);
    if (blob === undefined) throw missing(`${file}.enc`);
    sealed[file] = blob;
  }
  return { plain, sealed };
}

/** The assets block of the template context: certificates as base64 of their PEM, secrets as KMS ciphertext. */
export function assetsContext(
  certificates: ReadonlyMap<string, string>,
  encrypted: ReadonlyMap<string, string>,
): Record<string, unknown> {
  const controller = pick(NODE_ASSETS.controller, certificates, encrypted);
  const worker = pick(NODE_ASSETS.worker, certificates, encrypted);
  return {
    certificates: { controller: controller.plain, worker: worker.plain },
    encrypted: { controller: controller.sealed, worker: worker.sealed },
  };
}

export const VERSIONS_CONTEXT: Record<string, unknown> = { ...COMPONENT_VERSIONS };

/** Kubeconfigs written on controllers: file name → the credential it uses. */
export const CONTROLLER_KUBECONFIGS: Record<string, string> = {
  admin: 'admin',
  'controller-manager': 'controller-manager',
  scheduler: 'scheduler',
  kubelet: 'kubelet',
};
