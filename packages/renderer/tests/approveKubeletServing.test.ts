import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTool } from '../../../testing/findTool.js';
import { startApiServerStandIn } from './apiServerStandIn.js';
import type { ApiServerStandIn } from './apiServerStandIn.js';
import { goldenNodes } from './renderedNodes.js';
import { runWithEtcKubernetesAsync, SYSTEMD_PATH } from './runWithEtcKubernetes.js';
import type { NodeRun } from './runWithEtcKubernetes.js';

// Kubelets ask for serving certificates (serverTLSBootstrap) and kube-controller-manager never
// approves those itself (kubernetes pkg/controller/certificates/approver/sarapprove.go approves
// only kube-apiserver-client-kubelet requests). /opt/bin/approve-kubelet-serving runs on the
// controllers every 30 s; here it runs as rendered, with the real kubectl and openssl, against a
// stand-in of the API holding requests openssl made the way a kubelet makes them.

type Json = Record<string, unknown>;

const REGION_DOMAIN = 'us-west-1.compute.internal';
const NODE_A = `ip-10-0-0-5.${REGION_DOMAIN}`;
const NODE_B = `ip-10-0-0-6.${REGION_DOMAIN}`;
const NODE_NEW = `ip-10-0-0-7.${REGION_DOMAIN}`;
const SERVING = 'kubernetes.io/kubelet-serving';

const work = mkdtempSync(join(tmpdir(), 'kube-aws-approve-'));
let standIn: ApiServerStandIn;
let result: NodeRun;
let log: string;

/** A request made by openssl as the kubelet makes its own: O=system:nodes, CN=system:node:<name>. */
function request(subject: string, names: string): string {
  const dir = mkdtempSync(join(work, 'csr-'));
  execFileSync(
    findTool('openssl'),
    [
      'req',
      '-new',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'csr.pem'),
      '-subj',
      subject,
      ...(names === '' ? [] : ['-addext', `subjectAltName=${names}`]),
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  return readFileSync(join(dir, 'csr.pem')).toString('base64');
}

function csr(
  name: string,
  options: {
    username: string;
    groups?: string[];
    subject: string;
    names: string;
    signer?: string;
    approved?: boolean;
  },
): [string, Json] {
  return [
    `/apis/certificates.k8s.io/v1/certificatesigningrequests/${name}`,
    {
      apiVersion: 'certificates.k8s.io/v1',
      kind: 'CertificateSigningRequest',
      metadata: { name, uid: `uid-${name}`, resourceVersion: '1' },
      spec: {
        request: request(options.subject, options.names),
        signerName: options.signer ?? SERVING,
        usages: ['digital signature', 'server auth'],
        username: options.username,
        groups: options.groups ?? ['system:nodes', 'system:authenticated'],
      },
      status:
        options.approved === true
          ? { conditions: [{ type: 'Approved', status: 'True', reason: 'AutoApproved' }] }
          : {},
    },
  ];
}

/** A Node the cloud-controller-manager initialized: providerID and EC2's addresses. */
function node(name: string, ip: string, initialized = true): [string, Json] {
  return [
    `/api/v1/nodes/${name}`,
    {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name },
      spec: initialized ? { providerID: `aws:///us-west-1a/i-0${ip.replaceAll('.', '')}` } : {},
      status: {
        addresses: [
          { type: 'InternalIP', address: ip },
          { type: 'InternalDNS', address: name },
          { type: 'Hostname', address: name },
        ],
      },
    },
  ];
}

const asNode = (name: string) => ({
  username: `system:node:${name}`,
  subject: `/O=system:nodes/CN=system:node:${name}`,
});

const CASES: [string, Json][] = [
  node(NODE_A, '10.0.0.5'),
  node(NODE_B, '10.0.0.6'),
  node(NODE_NEW, '10.0.0.7', false),
  csr('csr-a', { ...asNode(NODE_A), names: `DNS:${NODE_A},IP:10.0.0.5` }),
  csr('csr-b-ip-only', { ...asNode(NODE_B), names: 'IP:10.0.0.6' }),
  csr('csr-foreign-ip', { ...asNode(NODE_A), names: `DNS:${NODE_A},IP:10.0.0.99` }),
  csr('csr-foreign-name', { ...asNode(NODE_A), names: `DNS:${NODE_A},DNS:kubernetes.default` }),
  csr('csr-wildcard', { ...asNode(NODE_A), names: `DNS:*.${REGION_DOMAIN}` }),
  csr('csr-email', { ...asNode(NODE_A), names: `DNS:${NODE_A},email:root@example.com` }),
  csr('csr-no-names', { ...asNode(NODE_A), names: '' }),
  csr('csr-for-another-node', {
    username: `system:node:${NODE_A}`,
    subject: `/O=system:nodes/CN=system:node:${NODE_B}`,
    names: 'IP:10.0.0.6',
  }),
  csr('csr-not-a-node', {
    username: 'alice',
    subject: '/O=system:nodes/CN=alice',
    names: 'IP:10.0.0.5',
  }),
  csr('csr-not-in-group', {
    ...asNode(NODE_A),
    groups: ['system:authenticated'],
    names: 'IP:10.0.0.5',
  }),
  csr('csr-masters', {
    ...asNode(NODE_A),
    subject: `/O=system:masters/CN=system:node:${NODE_A}`,
    names: 'IP:10.0.0.5',
  }),
  csr('csr-uninitialized', { ...asNode(NODE_NEW), names: `DNS:${NODE_NEW},IP:10.0.0.7` }),
  csr('csr-no-node', { ...asNode(`ip-10-0-0-8.${REGION_DOMAIN}`), names: 'IP:10.0.0.8' }),
  csr('csr-already', { ...asNode(NODE_A), names: `IP:10.0.0.5`, approved: true }),
  csr('csr-client', {
    ...asNode(NODE_A),
    names: '',
    signer: 'kubernetes.io/kube-apiserver-client-kubelet',
  }),
];

beforeAll(async () => {
  const controller = goldenNodes().find(
    (item) => item.caseName === 'guide-init' && item.node === 'controller0',
  )!;
  const content = controller.files.find(
    (file) => file.path === '/opt/bin/approve-kubelet-serving',
  )!.content;
  standIn = await startApiServerStandIn(join(work, 'tls'), CASES);
  const etc = join(work, 'etc-kubernetes');
  mkdirSync(etc);
  copyFileSync(standIn.kubeconfig, join(etc, 'admin.conf'));
  const script = join(work, 'approve-kubelet-serving');
  writeFileSync(script, content, { mode: 0o700 });
  result = await runWithEtcKubernetesAsync(etc, '/etc/kubernetes', [script], {
    PATH: SYSTEMD_PATH,
    HOME: work,
  });
  log = `${result.stdout}${result.stderr}`;
}, 120_000);

afterAll(async () => {
  await standIn?.close();
  rmSync(work, { recursive: true, force: true });
});

const approved = () =>
  standIn.requests
    .filter((request) => request.method === 'PUT' && request.path.endsWith('/approval'))
    .map((request) => request.path.split('/')[5]);

describe('/opt/bin/approve-kubelet-serving against a stand-in of the API', () => {
  it('runs to the end, whatever it refuses', () => {
    expect(result.status, log).toBe(0);
  });

  it("approves a node's request for its own names and addresses, and nothing else", () => {
    expect(approved().sort()).toEqual(['csr-a', 'csr-b-ip-only']);
    // The condition kubectl certificate approve sends (as protobuf: its strings as they are).
    const put = standIn.requests.find((request) => request.path.endsWith('/csr-a/approval'))!;
    expect(put.raw).toContain('Approved');
    expect(put.raw).toContain('KubectlApprove');
  });

  it.each([
    ['csr-foreign-ip', `IPAddress:10.0.0.99 is not an address of Node ${NODE_A}`],
    ['csr-foreign-name', `DNS:kubernetes.default is not an address of Node ${NODE_A}`],
    ['csr-wildcard', `DNS:*.${REGION_DOMAIN} is not an address of Node ${NODE_A}`],
    ['csr-email', `email:root@example.com is not an address of Node ${NODE_A}`],
    ['csr-no-names', 'names nothing'],
    ['csr-for-another-node', `subject=CN=system:node:${NODE_B},O=system:nodes`],
    ['csr-not-a-node', 'asked by alice, not by a node'],
    ['csr-not-in-group', `system:node:${NODE_A} is not in system:nodes`],
    ['csr-masters', `subject=CN=system:node:${NODE_A},O=system:masters`],
    ['csr-uninitialized', `Node ${NODE_NEW} is not initialized by the cloud-controller-manager`],
    ['csr-no-node', `no Node ip-10-0-0-8.${REGION_DOMAIN}`],
  ])('leaves %s pending and says why', (name, reason) => {
    expect(log).toContain(`${name} left pending: ${reason}`);
  });

  it('leaves alone what is decided already and what another signer signs', () => {
    expect(log).not.toContain('csr-already');
    expect(log).not.toContain('csr-client');
    expect(
      standIn.requests.some(
        (request) => request.path.includes('/csr-client') || request.path.includes('/csr-already'),
      ),
    ).toBe(false);
  });

  it('changes nothing but approvals: no deny, no delete, no other write', () => {
    const writes = standIn.requests.filter((request) => request.method !== 'GET');
    expect(
      writes.every((request) => request.method === 'PUT' && request.path.endsWith('/approval')),
    ).toBe(true);
  });
});
