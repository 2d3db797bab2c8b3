import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startApiServerStandIn } from './apiServerStandIn.js';
import type { Answer, ApiServerStandIn, RecordedRequest } from './apiServerStandIn.js';
import { goldenNodes } from './renderedNodes.js';
import type { RenderedNode } from './renderedNodes.js';
import { runWithEtcKubernetesAsync, SYSTEMD_PATH } from './runWithEtcKubernetes.js';

// /opt/bin/drain-node runs on a worker when its group terminates it (drain-on-termination) and on
// a controller when it shuts down (drain-on-shutdown). It runs here as rendered, with the real
// kubectl, against an HTTPS stand-in of the API: the order of its calls is the contract.

const NODE = 'ip-10-0-0-5.us-west-1.compute.internal';
const work = mkdtempSync(join(tmpdir(), 'kube-aws-drain-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

type Json = Record<string, unknown>;

function pod(namespace: string, name: string, node: string, extra: Json = {}): [string, Json] {
  const { metadata, spec } = extra as { metadata?: Json; spec?: Json };
  return [
    `/api/v1/namespaces/${namespace}/pods/${name}`,
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace, uid: `uid-${name}`, ...metadata },
      spec: {
        nodeName: node,
        containers: [{ name: 'main', image: 'registry.k8s.io/pause:3.10.1' }],
        ...spec,
      },
      status: { phase: 'Running' },
    },
  ];
}

const owned = (kind: string, name: string) => ({
  metadata: {
    ownerReferences: [{ apiVersion: 'apps/v1', kind, name, uid: `uid-${name}`, controller: true }],
  },
});

/** A node with what a worker runs: a Deployment's pod, a StatefulSet's with an emptyDir, a bare pod, flannel (DaemonSet) and a static pod's mirror, and a pod of another node. */
function cluster(): [string, Json][] {
  return [
    [
      `/api/v1/nodes/${NODE}`,
      { apiVersion: 'v1', kind: 'Node', metadata: { name: NODE }, spec: {} },
    ],
    pod('default', 'web-5d8f7-abcde', NODE, owned('ReplicaSet', 'web-5d8f7')),
    pod('default', 'db-0', NODE, {
      ...owned('StatefulSet', 'db'),
      spec: { volumes: [{ name: 'scratch', emptyDir: {} }] },
    }),
    pod('default', 'debug', NODE),
    pod('kube-system', 'kube-flannel-x7k2p', NODE, owned('DaemonSet', 'kube-flannel')),
    pod('kube-system', `static-${NODE}`, NODE, {
      metadata: { annotations: { 'kubernetes.io/config.mirror': 'abc123' } },
    }),
    pod(
      'default',
      'web-5d8f7-other',
      'ip-10-0-0-6.us-west-1.compute.internal',
      owned('ReplicaSet', 'web-5d8f7'),
    ),
    [
      '/apis/apps/v1/namespaces/kube-system/daemonsets/kube-flannel',
      {
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        metadata: { name: 'kube-flannel', namespace: 'kube-system' },
      },
    ],
  ];
}

function script(node: RenderedNode): string {
  return node.files.find((file) => file.path === '/opt/bin/drain-node')!.content;
}

let standIn: ApiServerStandIn | undefined;
afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

/** Runs a drain-node script against a fresh stand-in; its kubeconfig is mounted where the script reads it. */
async function drain(
  content: string,
  kubeconfig: string,
  hook?: (request: RecordedRequest) => Answer,
) {
  const dir = mkdtempSync(join(work, 'run-'));
  standIn = await startApiServerStandIn(join(dir, 'tls'), cluster(), hook);
  const etc = join(dir, 'etc-kubernetes');
  rmSync(etc, { recursive: true, force: true });
  const { mkdirSync, copyFileSync } = await import('node:fs');
  mkdirSync(etc);
  copyFileSync(standIn.kubeconfig, join(etc, kubeconfig));
  const path = join(dir, 'drain-node');
  writeFileSync(path, content, { mode: 0o700 });
  const started = Date.now();
  const result = await runWithEtcKubernetesAsync(etc, '/etc/kubernetes', [path], {
    PATH: SYSTEMD_PATH,
    NODE_NAME: NODE,
    HOME: dir,
  });
  return { ...result, seconds: (Date.now() - started) / 1000, requests: standIn.requests };
}

const evictions = (requests: readonly RecordedRequest[]) =>
  requests.filter((request) => request.method === 'POST' && request.path.endsWith('/eviction'));

const nodes = goldenNodes().filter((node) => node.caseName === 'guide-init');
const worker = nodes.find((node) => node.node === 'worker-default')!;
const controller = nodes.find((node) => node.node === 'controller0')!;

describe.each([
  ['worker-default', worker, 'kubelet.conf'],
  ['controller0', controller, 'admin.conf'],
] as const)(
  'guide-init %s: /opt/bin/drain-node against a stand-in of the API',
  (_, node, kubeconfig) => {
    it('names the kubeconfig it is given here', () => {
      expect(script(node)).toContain(`export KUBECONFIG=/etc/kubernetes/${kubeconfig} `);
    });

    it('cordons the node first, then evicts each of its pods but the DaemonSet and mirror pods', async () => {
      const result = await drain(script(node), kubeconfig);
      expect(result.status, `${result.stdout}${result.stderr}`).toBe(0);
      const cordon = result.requests.findIndex(
        (request) => request.method === 'PATCH' && request.path === `/api/v1/nodes/${NODE}`,
      );
      expect(cordon).toBeGreaterThanOrEqual(0);
      expect(result.requests[cordon]!.body).toEqual({ spec: { unschedulable: true } });
      const evicted = evictions(result.requests);
      expect(evicted.map((request) => request.path).sort()).toEqual([
        '/api/v1/namespaces/default/pods/db-0/eviction',
        '/api/v1/namespaces/default/pods/debug/eviction',
        '/api/v1/namespaces/default/pods/web-5d8f7-abcde/eviction',
      ]);
      for (const request of evicted) {
        expect(result.requests.indexOf(request)).toBeGreaterThan(cordon);
        // The Eviction API, which honours PodDisruptionBudgets: never a plain DELETE.
        expect(request.body).toMatchObject({ apiVersion: 'policy/v1', kind: 'Eviction' });
      }
      expect(result.requests.some((request) => request.method === 'DELETE')).toBe(false);
      // Only its own node's pods were listed.
      const list = result.requests.find((request) => request.path === '/api/v1/pods')!;
      expect(list.query.get('fieldSelector')).toBe(`spec.nodeName=${NODE}`);
      expect(standIn!.objects.get(`/api/v1/nodes/${NODE}`)).toMatchObject({
        spec: { unschedulable: true },
      });
    });
  },
);

describe('guide-init worker-default: /opt/bin/drain-node and a PodDisruptionBudget', () => {
  const refuse = (times: number) => {
    let refused = 0;
    return (request: RecordedRequest): Answer => {
      if (request.method !== 'POST' || !request.path.endsWith('/pods/db-0/eviction'))
        return undefined;
      if (refused >= times) return undefined;
      refused += 1;
      // What the API answers when an eviction would break a budget.
      return {
        status: 429,
        body: {
          kind: 'Status',
          apiVersion: 'v1',
          status: 'Failure',
          reason: 'TooManyRequests',
          message: "Cannot evict pod as it would violate the pod's disruption budget.",
          code: 429,
          details: { causes: [{ reason: 'DisruptionBudget', message: 'db needs 2 healthy pods' }] },
        },
      };
    };
  };

  it('tries a refused eviction again until the budget allows it', async () => {
    const result = await drain(script(worker), 'kubelet.conf', refuse(1));
    expect(result.status, `${result.stdout}${result.stderr}`).toBe(0);
    const db = evictions(result.requests).filter((request) => request.path.includes('/db-0/'));
    expect(db).toHaveLength(2);
  }, 60_000);

  // The bound, shortened from the script's 300 s to keep the test short: the only change made.
  it('gives up after its timeout when the budget never allows it, and says so', async () => {
    const content = script(worker);
    expect(content).toContain('--timeout=300s');
    const result = await drain(
      content.replace('--timeout=300s', '--timeout=8s'),
      'kubelet.conf',
      refuse(1000),
    );
    expect(result.status).not.toBe(0);
    expect(result.seconds).toBeLessThan(40);
    expect(`${result.stdout}${result.stderr}`).toMatch(/db-0/);
    expect(`${result.stdout}${result.stderr}`).toMatch(/timed out|global timeout/i);
  }, 90_000);
});
