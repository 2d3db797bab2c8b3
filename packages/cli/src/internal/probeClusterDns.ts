import { setTimeout as sleep } from 'node:timers/promises';
import type { CheckRow } from './CheckRow.js';
import type { KubeClient } from './createKubeClient.js';
import type { KubePod } from './KubePod.js';

/**
 * The DNS probe's image: agnhost, the Kubernetes e2e tests' own image, built for amd64 and arm64.
 * Its Dockerfile installs bind-tools, whose nslookup exits non-zero when a name does not resolve.
 * Tag as in kubernetes test/utils/image/manifest.go (v1.31); bump it with that file.
 */
export const DNS_PROBE_IMAGE = 'registry.k8s.io/e2e-test-images/agnhost:2.52';

/** The name every pod must resolve: the API's Service, under the kubelet's clusterDomain. */
export const DNS_PROBE_NAME = 'kubernetes.default.svc.cluster.local';

/** The `app.kubernetes.io/name` label of probe pods, so the kube-system check leaves them out. */
export const DNS_PROBE_APP = 'kube-aws-check-dns';

const CHECK = 'cluster DNS';
const PODS = '/api/v1/namespaces/kube-system/pods';
const PULL_FAILURES = new Set(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName']);

export interface DnsProbeOptions {
  /** Makes the pod's name unique: `kube-aws-check-dns-<suffix>`. */
  readonly suffix: string;
  readonly pollMs: number;
  /** How many times to look at the pod before giving up on it. */
  readonly polls: number;
  readonly signal?: AbortSignal;
}

function manifest(name: string): unknown {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'kube-system',
      labels: {
        'app.kubernetes.io/name': DNS_PROBE_APP,
        'app.kubernetes.io/managed-by': 'kube-aws',
      },
    },
    spec: {
      restartPolicy: 'Never',
      // Ends the pod even when kube-aws check is killed before it deletes it.
      activeDeadlineSeconds: 300,
      automountServiceAccountToken: false,
      terminationGracePeriodSeconds: 0,
      // Controllers carry this taint (the renderer's kubelet flags); a cluster without workers still gets probed.
      tolerations: [
        { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
      ],
      containers: [
        {
          name: 'nslookup',
          image: DNS_PROBE_IMAGE,
          command: ['nslookup', DNS_PROBE_NAME],
          resources: { requests: { cpu: '10m', memory: '16Mi' } },
        },
      ],
    },
  };
}

/** Where a pod that has not finished is: its phase, and why it waits. */
function progress(pod: KubePod): string {
  const unscheduled = pod.status?.conditions?.find(
    (condition) => condition.type === 'PodScheduled' && condition.status === 'False',
  );
  const waiting = pod.status?.containerStatuses?.[0]?.state?.waiting?.reason;
  const why = unscheduled?.message ?? unscheduled?.reason ?? waiting;
  return `${pod.status?.phase ?? 'Pending'}${why === undefined ? '' : `: ${why}`}`;
}

async function failure(client: KubeClient, pod: KubePod, signal?: AbortSignal): Promise<string> {
  const name = pod.metadata.name;
  const exitCode = pod.status?.containerStatuses?.[0]?.state?.terminated?.exitCode;
  const log = await client.request('GET', `${PODS}/${name}/log?tailLines=5`, { signal });
  const lastLine =
    log.status === 200
      ? log.text
          .split('\n')
          .map((line) => line.trim())
          .filter((line) => line !== '')
          .at(-1)
      : undefined;
  return [
    `nslookup ${DNS_PROBE_NAME} failed in pod ${name}`,
    ...(pod.spec?.nodeName === undefined ? [] : [` on ${pod.spec.nodeName}`]),
    ...(exitCode === undefined ? [] : [` (exit ${exitCode})`]),
    ...(lastLine === undefined ? [] : [`: ${lastLine.slice(0, 160)}`]),
  ].join('');
}

/**
 * Runs nslookup of the API's Service name in a short-lived pod in kube-system, waits for it to end,
 * and deletes it (also when interrupted).
 * @throws the signal's reason when it aborts; `CliError` `CREDENTIALS_INVALID` as KubeClient does.
 */
export async function probeClusterDns(
  client: KubeClient,
  options: DnsProbeOptions,
): Promise<CheckRow> {
  const { signal } = options;
  const name = `${DNS_PROBE_APP}-${options.suffix}`;
  const created = await client.request('POST', PODS, { body: manifest(name), signal });
  if (created.status === 0 || (created.status >= 300 && created.status !== 409))
    return {
      check: CHECK,
      state: 'FAIL',
      detail: `cannot create the probe pod ${name}: ${created.status === 0 ? '' : `${created.status} `}${created.message}`,
    };
  try {
    let last = 'Pending';
    for (let poll = 1; ; poll += 1) {
      const answer = await client.request('GET', `${PODS}/${name}`, { signal });
      if (answer.status === 200) {
        const pod = answer.body as KubePod;
        const phase = pod.status?.phase;
        if (phase === 'Succeeded') {
          const node = pod.spec?.nodeName === undefined ? '' : ` on ${pod.spec.nodeName}`;
          return {
            check: CHECK,
            state: 'OK',
            detail: `${DNS_PROBE_NAME} resolves (pod ${name}${node})`,
          };
        }
        if (phase === 'Failed')
          return { check: CHECK, state: 'FAIL', detail: await failure(client, pod, signal) };
        const waiting = pod.status?.containerStatuses?.[0]?.state?.waiting?.reason;
        if (waiting !== undefined && PULL_FAILURES.has(waiting))
          return {
            check: CHECK,
            state: 'FAIL',
            detail: `the nodes cannot pull ${DNS_PROBE_IMAGE} (${waiting}); do they reach registry.k8s.io?`,
          };
        last = progress(pod);
      } else {
        last = `${answer.status === 0 ? '' : `${answer.status} `}${answer.message}`;
      }
      if (poll >= options.polls)
        return {
          check: CHECK,
          state: 'WAIT',
          detail: `probe pod ${name} has not finished (${last})`,
        };
      await sleep(options.pollMs, undefined, { signal });
    }
  } finally {
    // No signal: the pod goes also when Ctrl-C ended the wait. A failure here leaves a pod that
    // activeDeadlineSeconds ends and the kube-system check ignores.
    await client.request('DELETE', `${PODS}/${name}?gracePeriodSeconds=0`).catch(() => undefined);
  }
}
