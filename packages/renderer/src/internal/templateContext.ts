import type { ClusterConfig } from '@kube-aws/config-schema';
import { RenderError } from '../RenderError.js';
import { encryptedAssetNames, NODE_ASSETS, STAGED_CAS } from '../nodeAssets.js';
import type { NodeAssetList } from '../nodeAssets.js';
import { COMPONENT_VERSIONS } from '../versions.js';
import { rollingNumbers } from './updatePolicies.js';

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
    // With the load balancer, clients other than a controller's own components reach the API at
    // its DNS name, known only once the stack exists: nodes read it from SSM and put it here.
    apiServerAddress: config.controller.loadBalancer
      ? API_ENDPOINT_PLACEHOLDER
      : config.controllerIP,
    loadBalancer: config.controller.loadBalancer,
    apiEndpointParameter: apiEndpointParameterName(config),
    vpcCIDR: config.vpcCIDR,
    kmsKeyArn: config.kmsKeyArn,
    etcdInitialCluster: config.controller.privateIPs
      .map((ip, index) => `controller${index}=https://${ip}:2380`)
      .join(','),
    etcdServers: config.controller.privateIPs.map((ip) => `https://${ip}:2379`).join(','),
    certDurationDays: config.tlsCertDurationDays,
  };
}

/**
 * The `config` block of the stack template's context: the values of cluster.yaml that the stack
 * template names by placeholder (`{{ config.pools['workers'].count }}`) rather than holding, so a
 * template the user edited still receives new counts, instance types and zones (issue 15).
 * Pools are found by name, subnets by their place in cluster.yaml (as their logical ids are).
 */
export function configContext(config: ClusterConfig): Record<string, unknown> {
  const volume = (rootVolume: ClusterConfig['controller']['rootVolume']) => ({
    size: rootVolume.size,
    type: rootVolume.type,
    iops: rootVolume.iops,
  });
  return {
    keyName: config.keyName,
    externalDNSName: config.externalDNSName,
    hostedZoneId: config.hostedZoneId,
    recordSetTTL: config.recordSetTTL,
    vpcCIDR: config.vpcCIDR,
    controller: {
      instanceType: config.controller.instanceType,
      rootVolume: volume(config.controller.rootVolume),
      privateIPs: config.controller.privateIPs,
    },
    etcd: { volume: volume(config.etcd.volume) },
    pools: Object.fromEntries(
      config.worker.nodePools.map((pool) => [
        pool.name,
        {
          count: pool.count,
          // How far the pool grows while it rolls, and how many nodes stay in service.
          ...rollingNumbers(config, pool),
          instanceType: pool.instanceType,
          rootVolume: volume(pool.rootVolume),
        },
      ]),
    ),
    subnets: config.subnets.map((subnet) => ({
      availabilityZone: subnet.availabilityZone,
      instanceCIDR: subnet.instanceCIDR,
    })),
  };
}

function missing(file: string): RenderError {
  return new RenderError(
    'ASSET_MISSING',
    `${file} is needed by the nodes but was not given; run kube-aws render credentials`,
    { file: `credentials/${file}` },
  );
}

/**
 * The certificates a kind of node receives, by name without `.pem`, each staged CA followed by its
 * trust bundle (`ca-trust`: the CA and, during a rotation, the next or previous one).
 */
function certificatesFor(list: NodeAssetList, certificates: ReadonlyMap<string, string>) {
  const plain: Record<string, string> = {};
  for (const file of list.certificates) {
    const pem = certificates.get(file);
    if (pem === undefined) throw missing(file);
    const name = file.replace(/\.pem$/, '');
    plain[name] = pem;
    if ((STAGED_CAS as readonly string[]).includes(name))
      plain[`${name}-trust`] = [
        pem,
        certificates.get(`${name}-next.pem`),
        certificates.get(`${name}-previous.pem`),
      ]
        .filter((item): item is string => item !== undefined)
        .map((item) => `${item.trim()}\n`)
        .join('');
  }
  return plain;
}

/** The assets block of the template context: the certificates each kind of node receives. */
export function assetsContext(certificates: ReadonlyMap<string, string>): Record<string, unknown> {
  return {
    certificates: {
      controller: certificatesFor(NODE_ASSETS.controller, certificates),
      worker: certificatesFor(NODE_ASSETS.worker, certificates),
    },
  };
}

/** Where a cluster's sealed secrets live in SSM Parameter Store: `/kube-aws/<cluster>/`. */
export function secretParameterPath(config: ClusterConfig): string {
  return `/kube-aws/${config.clusterName}/`;
}

/** Where nodes put the load balancer's DNS name in what they fetch: kube-proxy's and flannel's server. */
export const API_ENDPOINT_PLACEHOLDER = '@API_ENDPOINT@';

/** The SSM parameter that holds the API load balancer's DNS name (with controller.loadBalancer). */
export function apiEndpointParameterName(config: ClusterConfig): string {
  return `${secretParameterPath(config)}api-endpoint`;
}

/** The SSM parameter that holds the controllers' etcd tools (cloud-config-etcd), gzipped, in base64. */
export function etcdToolsParameterName(config: ClusterConfig): string {
  return `${secretParameterPath(config)}etcd-tools`;
}

/** The SSM parameter that holds the cluster's add-on manifests, gzipped, in base64. */
export function addonsParameterName(config: ClusterConfig): string {
  return `${secretParameterPath(config)}addons`;
}

async function sha256Hex(text: string): Promise<string> {
  const bytes = new TextEncoder().encode(text);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return [...digest].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * The secrets block of one kind of node: the SSM parameters its fetch-secrets script reads, and
 * their pin: the sha256 of one `<name> <sha256 of the ciphertext>` line per secret, as the script
 * computes it. The pin puts the secrets' identity into the userdata, so a changed key rolls nodes.
 */
export async function secretsContext(
  config: ClusterConfig,
  list: NodeAssetList,
  encrypted: ReadonlyMap<string, string>,
): Promise<Record<string, unknown>> {
  let listing = '';
  for (const name of list.encrypted) {
    const blob = encrypted.get(name);
    if (blob === undefined) throw missing(`${name}.enc`);
    listing += `${name} ${await sha256Hex(blob)}\n`;
  }
  return {
    path: secretParameterPath(config),
    names: [...list.encrypted],
    pin: await sha256Hex(listing),
  };
}

/** The sealed secrets by file name, for the stack's SSM parameters. */
export function sealedContext(encrypted: ReadonlyMap<string, string>): Record<string, string> {
  const sealed: Record<string, string> = {};
  for (const name of encryptedAssetNames()) {
    const blob = encrypted.get(name);
    if (blob === undefined) throw missing(`${name}.enc`);
    sealed[name] = blob;
  }
  return sealed;
}

export const VERSIONS_CONTEXT: Record<string, unknown> = { ...COMPONENT_VERSIONS };

/** Kubeconfigs written on controllers: file name → the credential it uses. */
export const CONTROLLER_KUBECONFIGS: Record<string, string> = {
  admin: 'admin',
  'controller-manager': 'controller-manager',
  scheduler: 'scheduler',
  kubelet: 'kubelet',
};
