import type { CheckRow } from './CheckRow.js';
import { checkNodesInitialized } from './checkNodesInitialized.js';
import { checkNodesReady } from './checkNodesReady.js';
import { checkSystemPods } from './checkSystemPods.js';
import type { KubeClient, KubeResponse } from './createKubeClient.js';
import type { KubeNode } from './KubeNode.js';
import type { KubePod } from './KubePod.js';
import { DNS_PROBE_APP, probeClusterDns } from './probeClusterDns.js';
import type { DnsProbeOptions } from './probeClusterDns.js';

export interface ClusterCheckOptions {
  /** controller.count plus every node pool's count. */
  readonly expectedNodes: number;
  readonly dnsProbe: Omit<DnsProbeOptions, 'signal'>;
  readonly signal?: AbortSignal;
}

const NODES = '/api/v1/nodes';
const SYSTEM_PODS = '/api/v1/namespaces/kube-system/pods';

function failed(path: string, response: KubeResponse): string | undefined {
  if (response.status === 0) return response.message;
  if (response.status !== 200)
    return `GET ${path} answered ${response.status}: ${response.message}`;
  if (!Array.isArray((response.body as { items?: unknown } | undefined)?.items))
    return `GET ${path} answered without a list of items`;
  return undefined;
}

/**
 * One round of kube-aws check: the API answers, every expected node is Ready and initialized by the
 * cloud-controller-manager, kube-system's pods are well, and a pod can resolve the API's name.
 * @throws {CliError} `CREDENTIALS_INVALID` when the API refuses the kubeconfig; the signal's reason.
 */
export async function runClusterChecks(
  client: KubeClient,
  options: ClusterCheckOptions,
): Promise<readonly CheckRow[]> {
  const { signal } = options;
  const nodes = await client.request('GET', NODES, { signal });
  const down = failed(NODES, nodes);
  if (down !== undefined) {
    const wait = (check: string): CheckRow => ({ check, state: 'WAIT', detail: 'needs the API' });
    return [
      { check: 'API server', state: 'FAIL', detail: down },
      ...['nodes Ready', 'nodes initialized', 'kube-system pods', 'cluster DNS'].map(wait),
    ];
  }
  const nodeList = (nodes.body as { items: KubeNode[] }).items;
  const ready = checkNodesReady(nodeList, options.expectedNodes);
  const initialized = checkNodesInitialized(nodeList);
  const pods = await client.request('GET', SYSTEM_PODS, { signal });
  const podsDown = failed(SYSTEM_PODS, pods);
  const system: CheckRow =
    podsDown === undefined
      ? checkSystemPods(
          (pods.body as { items: KubePod[] }).items,
          (pod) => pod.metadata.labels?.['app.kubernetes.io/name'] === DNS_PROBE_APP,
        )
      : { check: 'kube-system pods', state: 'FAIL', detail: podsDown };
  const dns: CheckRow =
    ready.state === 'OK' && initialized.state === 'OK'
      ? await probeClusterDns(client, { ...options.dnsProbe, signal })
      : {
          check: 'cluster DNS',
          state: 'WAIT',
          detail: 'runs once every node is Ready and initialized',
        };
  return [
    { check: 'API server', state: 'OK', detail: `${client.server} answers` },
    ready,
    initialized,
    system,
    dns,
  ];
}
