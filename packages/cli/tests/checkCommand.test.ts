import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadClusterConfig } from '@kube-aws/config-schema';
import { renderKubeconfig } from '@kube-aws/pki';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkCommand } from '../src/commands/checkCommand.js';
import { DNS_PROBE_IMAGE } from '../src/internal/probeClusterDns.js';
import { main } from '../src/index.js';
import { freePort } from '../../../testing/freePort.js';
import { makeTestPki, node, pod, startKubeApiStandIn } from './kubeApiStandIn.js';
import type { KubeApiStandIn, StandInScript, TestPki } from './kubeApiStandIn.js';

// controller.count 1 + pools general 1 + spot 1: three nodes expected.
const CLUSTER_YAML = `clusterName: check-cluster
externalDNSName: kube.example.com
region: us-west-1
availabilityZone: us-west-1c
keyName: key-pair-name
kmsKeyArn: arn:aws:kms:us-west-1:123456789012:key/00000000-0000-4000-8000-000000000000
controller:
  count: 1
worker:
  nodePools:
    - name: general
      count: 1
    - name: spot
      count: 1
`;

const NODES = ['ip-10-0-0-50', 'ip-10-0-1-10', 'ip-10-0-2-10'];
const HEALTHY_PODS = ['coredns-6d4b-x7k2p', 'kube-proxy-8fj2k', 'kube-flannel-ds-4kq9z'];
const healthy: StandInScript = {
  nodes: () => NODES.map((name) => node(name)),
  pods: () => HEALTHY_PODS.map((name) => pod(name)),
};

let root: string;
let pki: TestPki;
let api: KubeApiStandIn;
let assetDir: string;
/** Everything any run printed, scanned for key material at the end. */
const printed: string[] = [];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function check(
  args: string[],
  options: { signal?: AbortSignal; cwd?: string } = {},
): Promise<Run> {
  const run = { code: -1, stdout: '', stderr: '' };
  run.code = await main(['check', ...args], {
    stdout: (text) => (run.stdout += text),
    stderr: (text) => (run.stderr += text),
    cwd: options.cwd ?? assetDir,
    env: { KUBE_AWS_POLL_INTERVAL_MS: '1' },
    ...(options.signal && { signal: options.signal }),
  });
  printed.push(run.stdout, run.stderr);
  return run;
}

/** The row of the text table for one check, as `STATE  detail`. */
function row(stdout: string, check: string): string {
  const line = stdout.split('\n').find((text) => text.startsWith(`${check}  `));
  if (line === undefined) throw new Error(`no row ${check} in:\n${stdout}`);
  return line.slice(check.length).trim();
}

function probeRequests(method: string): string[] {
  return api.requests
    .filter(
      (request) =>
        request.method === method &&
        `${request.path} ${JSON.stringify(request.body?.metadata)}`.includes('kube-aws-check-dns-'),
    )
    .map((request) => request.path);
}

/** An asset directory as kube-aws render leaves it: cluster.yaml, credentials/ and kubeconfig. */
function writeAssetDirectory(dir: string, client: { cert: string; key: string }): void {
  mkdirSync(join(dir, 'credentials'), { recursive: true });
  writeFileSync(join(dir, 'cluster.yaml'), CLUSTER_YAML);
  copyFileSync(pki.ca, join(dir, 'credentials', 'ca.pem'));
  copyFileSync(client.cert, join(dir, 'credentials', 'admin.pem'));
  copyFileSync(client.key, join(dir, 'credentials', 'admin-key.pem'));
  const { config } = loadClusterConfig(CLUSTER_YAML, 'cluster.yaml');
  writeFileSync(
    join(dir, 'kubeconfig'),
    renderKubeconfig(config).replace(/server: .*/, `server: ${api.url}`),
  );
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'kube-aws-check-'));
  pki = makeTestPki(join(root, 'pki'));
  api = await startKubeApiStandIn(pki);
  assetDir = join(root, 'cluster');
  writeAssetDirectory(assetDir, { cert: pki.admin, key: pki.adminKey });
});

afterAll(async () => {
  await api?.close();
  rmSync(root, { recursive: true, force: true });
});

beforeEach(() => api.play(healthy));

describe(checkCommand.name, () => {
  it('passes a healthy cluster: exit 0, a table of OK rows, and the DNS probe pod made and deleted', async () => {
    const run = await check([]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toMatch(/^CHECK +STATE +DETAIL$/);
    expect(row(run.stdout, 'API server')).toBe(`OK     ${api.url} answers`);
    expect(row(run.stdout, 'nodes Ready')).toBe('OK     3 of 3 expected nodes Ready');
    expect(row(run.stdout, 'nodes initialized')).toMatch(/^OK /);
    expect(row(run.stdout, 'kube-system pods')).toBe(
      'OK     3 pods Running and ready, or Succeeded',
    );
    expect(row(run.stdout, 'cluster DNS')).toMatch(
      /^OK +kubernetes\.default\.svc\.cluster\.local resolves \(pod kube-aws-check-dns-[0-9a-f]{6} on ip-10-0-0-50\)$/,
    );
    expect(run.stdout).toContain('check-cluster: every check passed.');
    expect(api.requests.every((request) => request.clientName === 'kube-admin')).toBe(true);
    const created = api.requests.find((request) => request.method === 'POST')!.body as {
      metadata: { name: string };
      spec: { restartPolicy: string; containers: { image: string; command: string[] }[] };
    };
    expect(created.metadata.name).toMatch(/^kube-aws-check-dns-[0-9a-f]{6}$/);
    expect(created.spec.restartPolicy).toBe('Never');
    expect(created.spec.containers[0]).toMatchObject({
      image: DNS_PROBE_IMAGE,
      command: ['nslookup', 'kubernetes.default.svc.cluster.local'],
    });
    expect(probeRequests('DELETE')).toEqual([
      `/api/v1/namespaces/kube-system/pods/${created.metadata.name}?gracePeriodSeconds=0`,
    ]);
  });

  it('fails naming the nodes the cloud-controller-manager has not initialized, and probes no DNS', async () => {
    api.play({
      ...healthy,
      nodes: () => [
        node(NODES[0]!),
        node(NODES[1]!, { uninitialized: true }),
        node(NODES[2]!, { providerID: null }),
      ],
    });
    const run = await check([]);
    expect(run.code).toBe(5);
    expect(row(run.stdout, 'nodes initialized')).toBe(
      'FAIL   not initialized by the cloud-controller-manager: ip-10-0-1-10 (uninitialized taint), ip-10-0-2-10 (no aws:// providerID)',
    );
    expect(row(run.stdout, 'cluster DNS')).toBe(
      'WAIT   runs once every node is Ready and initialized',
    );
    expect(probeRequests('POST')).toEqual([]);
    expect(run.stderr).toBe(
      'kube-aws check: 2 of 5 checks did not pass; a new cluster needs some minutes: kube-aws check --wait 15m\n',
    );
  });

  it('fails when fewer nodes than cluster.yaml asks for are Ready', async () => {
    api.play({
      ...healthy,
      nodes: () => [node(NODES[0]!), node(NODES[1]!, { ready: false })],
    });
    const run = await check([]);
    expect(run.code).toBe(5);
    expect(row(run.stdout, 'nodes Ready')).toBe(
      'FAIL   1 of 3 expected nodes Ready; not Ready: ip-10-0-1-10; 1 not registered yet',
    );
  });

  it('fails naming a kube-system pod in CrashLoopBackOff, and leaves its own probe pods out', async () => {
    api.play({
      ...healthy,
      pods: () => [
        ...HEALTHY_PODS.map((name) => pod(name)),
        pod('aws-cloud-controller-manager-5x7qz', { waiting: 'CrashLoopBackOff' }),
        pod('kube-aws-check-dns-0a1b2c', {
          phase: 'Failed',
          labels: { 'app.kubernetes.io/name': 'kube-aws-check-dns' },
        }),
      ],
    });
    const run = await check([]);
    expect(run.code).toBe(5);
    expect(row(run.stdout, 'kube-system pods')).toBe(
      'FAIL   1 of 4 not ready: aws-cloud-controller-manager-5x7qz (CrashLoopBackOff)',
    );
    expect(row(run.stdout, 'cluster DNS')).toMatch(/^OK /);
  });

  it('fails when the DNS probe pod fails, with nslookup’s last line, and deletes the pod', async () => {
    api.play({
      ...healthy,
      dnsPhases: ['Pending', 'Running', 'Failed'],
      dnsLog: 'Server:\t\t10.3.0.10\n;; connection timed out; no servers could be reached\n\n',
    });
    const run = await check([]);
    expect(run.code).toBe(5);
    expect(row(run.stdout, 'cluster DNS')).toMatch(
      /^FAIL +nslookup kubernetes\.default\.svc\.cluster\.local failed in pod kube-aws-check-dns-[0-9a-f]{6} on ip-10-0-0-50 \(exit 1\): ;; connection timed out; no servers could be reached$/,
    );
    expect(probeRequests('GET').filter((path) => !path.includes('/log'))).toHaveLength(3);
    expect(probeRequests('DELETE')).toHaveLength(1);
  });

  it('--wait checks round after round until every check passes', async () => {
    // Rounds 1 and 2 see a worker missing and one uninitialized; round 3 sees the healthy cluster.
    api.play({
      ...healthy,
      nodes: (round) =>
        round < 3
          ? [node(NODES[0]!), node(NODES[1]!, { uninitialized: true })]
          : healthy.nodes(round),
      dnsPhases: ['Pending', 'Succeeded'],
    });
    const run = await check(['--wait', '15m']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const waiting = run.stdout.split('\n').filter((line) => /^\[\d\d:\d\d\] waiting: /.test(line));
    expect(waiting).toHaveLength(2);
    expect(waiting[1]).not.toContain('cluster DNS');
    expect(waiting[0]).toContain(
      'nodes Ready FAIL (2 of 3 expected nodes Ready; 1 not registered yet)',
    );
    expect(waiting[0]).toContain(
      'nodes initialized FAIL (not initialized by the cloud-controller-manager: ip-10-0-1-10 (uninitialized taint))',
    );
    expect(api.requests.filter((request) => request.path === '/api/v1/nodes')).toHaveLength(3);
    expect(probeRequests('POST')).toHaveLength(1);
    expect(run.stdout).toContain('check-cluster: every check passed.');
  });

  it('--wait gives up when the time is up, with exit 5', async () => {
    api.play({ ...healthy, nodes: () => [node(NODES[0]!)] });
    const run = await check(['--wait=0s']);
    expect(run.code).toBe(5);
    expect(run.stderr).toBe('kube-aws check: 2 of 5 checks did not pass within 0s\n');
  });

  it('stops on Ctrl-C with exit 130, and still deletes the DNS probe pod', async () => {
    const interrupt = new AbortController();
    api.play({
      ...healthy,
      dnsPhases: ['Pending'],
      onRequest: (request) => {
        if (request.method === 'GET' && request.path.includes('kube-aws-check-dns-'))
          interrupt.abort(new Error('interrupted'));
      },
    });
    const run = await check(['--wait', '15m'], { signal: interrupt.signal });
    expect(run.code).toBe(130);
    expect(run.stderr).toBe('kube-aws check: interrupted\n');
    expect(probeRequests('DELETE')).toHaveLength(1);
  });

  it('prints JSON with --output json', async () => {
    const run = await check(['--output', 'json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as {
      healthy: boolean;
      expectedNodes: number;
      checks: { check: string; state: string }[];
    };
    expect(report).toMatchObject({
      cluster: 'check-cluster',
      server: api.url,
      healthy: true,
      expectedNodes: 3,
      rounds: 1,
    });
    expect(report.checks.map((entry) => `${entry.check}:${entry.state}`)).toEqual([
      'API server:OK',
      'nodes Ready:OK',
      'nodes initialized:OK',
      'kube-system pods:OK',
      'cluster DNS:OK',
    ]);
  });

  it('reads inline -data credentials and a token from --kubeconfig', async () => {
    const base64 = (path: string): string => readFileSync(path).toString('base64');
    const path = join(root, 'inline-kubeconfig');
    writeFileSync(
      path,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        `  - name: c`,
        '    cluster:',
        `      server: ${api.url}/`,
        `      certificate-authority-data: ${base64(pki.ca)}`,
        'users:',
        '  - name: u',
        '    user:',
        `      client-certificate-data: ${base64(pki.admin)}`,
        `      client-key-data: ${base64(pki.adminKey)}`,
        '      token: abcdef.0123456789abcdef',
        'contexts:',
        '  - name: ctx',
        '    context: { cluster: c, user: u }',
        'current-context: ctx',
        '',
      ].join('\n'),
    );
    const run = await check(['--asset-dir', assetDir, '--kubeconfig', 'inline-kubeconfig'], {
      cwd: root,
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(api.requests[0]!.authorization).toBe('Bearer abcdef.0123456789abcdef');

    api.play({ ...healthy, refusedToken: 'abcdef.0123456789abcdef' });
    const refused = await check(['--kubeconfig', path]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      `kube-aws check: the API server at ${api.url} does not accept the credentials of ${path} (401 Unauthorized); is it the kubeconfig kube-aws render wrote for this cluster?\n`,
    );
  });

  it('says the API refuses a client certificate of another CA: exit 1, the kubeconfig’s fault', async () => {
    const rogueDir = join(root, 'rogue');
    writeAssetDirectory(rogueDir, { cert: pki.rogue, key: pki.rogueKey });
    const run = await check(['--asset-dir', rogueDir]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      new RegExp(
        `^kube-aws check: the API server at ${api.url.replace(/\./g, '\\.')} (closed every connection right after the TLS handshake|refused the TLS handshake \\(alert [a-z ]+\\)): it does not accept the kubeconfig's client certificate`,
      ),
    );
    expect(run.stderr).toContain(
      `is ${join(rogueDir, 'kubeconfig')} the one kube-aws render wrote for this cluster`,
    );
  });

  it('says the server’s certificate is not from the kubeconfig’s CA: exit 1', async () => {
    const strangerDir = join(root, 'stranger');
    writeAssetDirectory(strangerDir, { cert: pki.admin, key: pki.adminKey });
    copyFileSync(join(pki.dir, 'other-ca.pem'), join(strangerDir, 'credentials', 'ca.pem'));
    const run = await check(['--asset-dir', strangerDir]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `kube-aws check: the API server at ${api.url} presented a certificate that the kubeconfig's certificate-authority does not trust (SELF_SIGNED_CERT_IN_CHAIN); is ${join(strangerDir, 'kubeconfig')} the one kube-aws render wrote for this cluster, and does 127.0.0.1 point at it?\n`,
    );
  });

  it('refuses a kubeconfig it cannot use without quoting it: bad YAML, a plugin user', async () => {
    const path = join(root, 'broken-kubeconfig');
    const keyData = readFileSync(pki.adminKey).toString('base64');
    writeFileSync(
      path,
      `users:\n  - name: u\n    user:\n      client-key-data: ${keyData}\n   bad: [\n`,
    );
    const broken = await check(['--kubeconfig', path]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(
      new RegExp(`^kube-aws check: kubeconfig ${path}:\\d+:\\d+: not valid YAML \\([A-Z_]+\\)\\n$`),
    );
    writeFileSync(
      path,
      [
        'clusters: [{ name: c, cluster: { server: "https://127.0.0.1:1" } }]',
        'users: [{ name: u, user: { exec: { command: aws-iam-authenticator } } }]',
        'contexts: [{ name: ctx, context: { cluster: c, user: u } }]',
        'current-context: ctx',
        '',
      ].join('\n'),
    );
    const plugin = await check(['--kubeconfig', path]);
    expect(plugin.code).toBe(1);
    expect(plugin.stderr).toContain('signs in through a plugin (exec or auth-provider)');
  });

  it('says an unreachable API server is not up yet: exit 5, no stack trace', async () => {
    const port = await freePort();
    const downDir = join(root, 'down');
    writeAssetDirectory(downDir, { cert: pki.admin, key: pki.adminKey });
    const kubeconfig = join(downDir, 'kubeconfig');
    writeFileSync(
      kubeconfig,
      readFileSync(kubeconfig, 'utf8').replace(/server: .*/, `server: https://127.0.0.1:${port}`),
    );
    const run = await check(['--asset-dir', downDir]);
    expect(run.code).toBe(5);
    expect(row(run.stdout, 'API server')).toMatch(/^FAIL +cannot reach/);
    expect(run.stderr).toBe(
      `kube-aws check: cannot reach https://127.0.0.1:${port}: ECONNREFUSED; is the stack up? kube-aws status shows it, and the API answers a few minutes after CREATE_COMPLETE\n`,
    );
  });

  it('explains a missing kubeconfig and a bad --wait as the user’s input: exit 1', async () => {
    const missing = await check(['--kubeconfig', 'nowhere/kubeconfig']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(
      `kube-aws check: there is no kubeconfig at ${join(assetDir, 'nowhere/kubeconfig')}; kube-aws render writes it into the asset directory, or pass --kubeconfig\n`,
    );
    const wait = await check(['--wait', '15']);
    expect(wait.code).toBe(1);
    expect(wait.stderr).toBe(
      'kube-aws check: --wait=15: give a duration such as 15m, 90s or 1h30m (see kube-aws check --help)\n',
    );
  });

  it('never printed key material', () => {
    const output = printed.join('\n');
    expect(output.length).toBeGreaterThan(0);
    expect(output).not.toContain('PRIVATE KEY');
    for (const key of [pki.adminKey, pki.rogueKey]) {
      const body = readFileSync(key, 'utf8').split('\n')[1]!;
      expect(output).not.toContain(body.slice(0, 32));
      expect(output).not.toContain(readFileSync(key).toString('base64').slice(0, 32));
    }
  });
});
