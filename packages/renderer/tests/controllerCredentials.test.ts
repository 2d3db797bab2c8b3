import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { findTool } from '../../../testing/findTool.js';
import { writeCaseCredentials } from './caseCredentials.js';
import type { CaseCredentials } from './caseCredentials.js';
import { directorySnapshot } from './directorySnapshot.js';
import { caseConfig, FIXTURES } from './goldenFixtures.js';
import { build, configFrom } from './helpers.js';
import { goldenNodes, parseRenderedNode } from './renderedNodes.js';
import type { RenderedNode } from './renderedNodes.js';
import { runWithEtcKubernetes } from './runWithEtcKubernetes.js';
import type { NodeRun } from './runWithEtcKubernetes.js';

// /opt/bin/controller-credentials runs before every start of a controller's kubelet and makes the
// certificates of the controller's own components from the cluster CA. It runs here as on the
// node: the rendered script, the real openssl, and /etc/kubernetes as the node has it (the
// cloud-config's files there, the CA and the encryption key fetch-secrets opened) in a private
// mount namespace. openssl, then kubectl, judge what it made.

const SCRIPT = '/opt/bin/controller-credentials';
/** Where the tests put the kubelet's /var/lib/kubelet/pki: under the mounted /etc/kubernetes. */
const KUBELET_PKI = '/etc/kubernetes/kubelet-pki';
/** What the script issues: file name (without .pem). */
const ISSUED = ['kubelet', 'controller-manager', 'scheduler', 'admin'];
const KUBECONFIGS = ['admin', 'controller-manager', 'scheduler', 'kubelet'];
const CASES: readonly (readonly [string, string])[] = [
  ['guide-init', 'controller0'],
  ['ha-private-pools', 'controller1'],
  // An RSA CA signs the ECDSA leaves.
  ['rsa-2048', 'controller0'],
];

const work = mkdtempSync(join(tmpdir(), 'kube-aws-controller-credentials-'));
const credentials: CaseCredentials[] = [];
afterAll(() => {
  for (const item of credentials) item.remove();
  rmSync(work, { recursive: true, force: true });
});

/** The EC2 private DNS name of an address, as node-identity sets it. */
function ec2Name(ip: string, region: string): string {
  const domain = region === 'us-east-1' ? 'ec2.internal' : `${region}.compute.internal`;
  return `ip-${ip.replaceAll('.', '-')}.${domain}`;
}

function openssl(...args: string[]) {
  return spawnSync(findTool('openssl'), args, { encoding: 'utf8', timeout: 30_000 });
}

function opensslOut(...args: string[]): string {
  const result = openssl(...args);
  if (result.status !== 0) throw new Error(`openssl ${args.join(' ')}:\n${result.stderr}`);
  return result.stdout;
}

/** The subject of a certificate as attribute → values: `{ CN: ['system:kube-scheduler'] }`. */
function subjectOf(pem: string): Record<string, string[]> {
  const line = opensslOut('x509', '-in', pem, '-noout', '-subject', '-nameopt', 'RFC2253');
  const subject: Record<string, string[]> = {};
  for (const part of line
    .replace(/^subject=/, '')
    .trim()
    .split(',')) {
    const [key, ...value] = part.split('=');
    (subject[key!] ??= []).push(value.join('='));
  }
  return subject;
}

/** The extended key usages of a certificate, as openssl names them. */
function extendedKeyUsages(pem: string): string[] {
  const text = opensslOut('x509', '-in', pem, '-noout', '-ext', 'extendedKeyUsage');
  return text
    .split('\n')
    .slice(1)
    .flatMap((line) => line.split(','))
    .map((usage) => usage.trim())
    .filter((usage) => usage !== '');
}

/** `openssl verify` against a CA, strictly: its exit status and what it printed. */
function verify(ca: string, pem: string, ...options: string[]) {
  const result = openssl('verify', '-x509_strict', '-CAfile', ca, ...options, pem);
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}`.trim() };
}

function publicKeyOfCertificate(pem: string): string {
  return opensslOut('x509', '-in', pem, '-noout', '-pubkey');
}

function publicKeyOfKey(key: string): string {
  return opensslOut('pkey', '-in', key, '-pubout');
}

function mode(path: string): number {
  return statSync(path).mode & 0o777;
}

function file(node: RenderedNode, path: string) {
  const found = node.files.find((item) => item.path === path);
  if (found === undefined) throw new Error(`${node.caseName} ${node.node} writes no ${path}`);
  return found;
}

/** A controller as it is when its kubelet is about to start, and the script that runs then. */
interface Controller {
  readonly node: RenderedNode;
  /** The node's /etc/kubernetes. */
  readonly etc: string;
  readonly ssl: string;
  readonly script: string;
  readonly nodeName: string;
  readonly ip: string;
  readonly encryptionKey: string;
}

/**
 * Lays out /etc/kubernetes as the cloud-config writes it, with the case's CA in place of the
 * golden one (whose key no test has) and the secrets fetch-secrets leaves there.
 */
function prepare(node: RenderedNode, ca: CaseCredentials, name: string): Controller {
  const base = mkdtempSync(join(work, `${node.caseName}-${node.node}-`));
  const etc = join(base, 'etc-kubernetes');
  for (const item of node.files) {
    if (!item.path.startsWith('/etc/kubernetes/')) continue;
    const target = join(etc, relative('/etc/kubernetes', item.path));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, item.content, { mode: Number.parseInt(item.permissions ?? '0644', 8) });
  }
  const ssl = join(etc, 'ssl');
  mkdirSync(ssl, { recursive: true });
  copyFileSync(join(ca.dir, 'ca.pem'), join(ssl, 'ca.pem'));
  // The trust bundle the renderer makes of it: the CA alone while no rotation is staged.
  copyFileSync(join(ca.dir, 'ca.pem'), join(ssl, 'ca-trust.pem'));
  copyFileSync(join(ca.dir, 'ca-key.pem'), join(ssl, 'ca-key.pem'));
  // What @kube-aws/pki makes: base64 of 32 random bytes.
  const encryptionKey = randomBytes(32).toString('base64');
  writeFileSync(join(ssl, 'encryption-key'), encryptionKey, { mode: 0o600 });
  const script = join(base, 'controller-credentials');
  const source = file(node, SCRIPT);
  writeFileSync(script, source.content, { mode: Number.parseInt(source.permissions!, 8) });
  const config = caseConfig(node.caseName);
  const ip = config.controller.privateIPs[Number(node.node.replace('controller', ''))]!;
  return { node, etc, ssl, script, nodeName: name, ip, encryptionKey };
}

function run(controller: Controller, etc = controller.etc, name = controller.nodeName): NodeRun {
  return runWithEtcKubernetes(etc, '/etc/kubernetes', [controller.script], { NODE_NAME: name });
}

/** A copy of the controller's /etc/kubernetes, for a test that changes it. */
function copyEtc(controller: Controller): string {
  const copy = mkdtempSync(join(work, 'copy-'));
  cpSync(controller.etc, copy, { recursive: true, preserveTimestamps: true });
  return copy;
}

const golden = goldenNodes();

describe.each(CASES)('%s %s: /opt/bin/controller-credentials', (caseName, nodeLabel) => {
  let controller: Controller;
  let first: NodeRun;
  beforeAll(async () => {
    const ca = await writeCaseCredentials(caseName);
    credentials.push(ca);
    const node = golden.find((item) => item.caseName === caseName && item.node === nodeLabel)!;
    const config = caseConfig(caseName);
    const ip = config.controller.privateIPs[Number(nodeLabel.replace('controller', ''))]!;
    controller = prepare(node, ca, ec2Name(ip, config.region));
    first = run(controller);
  }, 60_000);

  const pem = (name: string) => join(controller.ssl, `${name}.pem`);
  const ca = () => join(controller.ssl, 'ca.pem');

  it('runs with only openssl, the CA and the encryption key', () => {
    expect(first.stderr, first.stderr).not.toMatch(/error|unable|cannot/i);
    expect(first.status, first.stderr).toBe(0);
  });

  it('makes the kubelet a client certificate for this node: system:node:<name> in system:nodes', () => {
    expect(subjectOf(pem('kubelet'))).toEqual({
      CN: [`system:node:${controller.nodeName}`],
      O: ['system:nodes'],
    });
    expect(extendedKeyUsages(pem('kubelet'))).toEqual(['TLS Web Client Authentication']);
    const asClient = verify(ca(), pem('kubelet'), '-purpose', 'sslclient');
    expect(asClient.ok, asClient.output).toBe(true);
    expect(verify(ca(), pem('kubelet'), '-purpose', 'sslserver').ok).toBe(false);
  });

  // Its serving certificate comes through the CSR API (serverTLSBootstrap), for the names and
  // addresses its Node holds, approved by approve-kubelet-serving: nothing to make here.
  it('leaves the kubelet serving certificate to the CSR API', () => {
    const kubelet = parse(readFileSync(join(controller.etc, 'kubelet.yaml'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(kubelet).toMatchObject({ serverTLSBootstrap: true, rotateCertificates: true });
    expect(kubelet.tlsCertFile).toBeUndefined();
    expect(existsSync(pem('kubelet-serving'))).toBe(false);
  });

  it('makes client certificates for the controller manager, the scheduler and the local admin', () => {
    expect(subjectOf(pem('controller-manager')).CN).toEqual(['system:kube-controller-manager']);
    expect(subjectOf(pem('scheduler')).CN).toEqual(['system:kube-scheduler']);
    expect(subjectOf(pem('admin')).O).toEqual(['system:masters']);
    for (const name of ['controller-manager', 'scheduler', 'admin']) {
      expect(extendedKeyUsages(pem(name)), name).toEqual(['TLS Web Client Authentication']);
      const result = verify(ca(), pem(name), '-purpose', 'sslclient');
      expect(result.ok, `${name}: ${result.output}`).toBe(true);
    }
  });

  it('keeps every key 0600 and matching its certificate, and leaves no work files behind', () => {
    for (const name of ['ca', ...ISSUED]) {
      const key = join(controller.ssl, `${name}-key.pem`);
      expect(mode(key).toString(8), key).toBe('600');
      expect(publicKeyOfKey(key), name).toBe(publicKeyOfCertificate(pem(name)));
    }
    const leftovers = readdirSync(controller.ssl).filter((name) => /\.(csr|ext|tmp)$/.test(name));
    expect(leftovers).toEqual([]);
    expect(existsSync(join(controller.etc, 'encryption-config.yaml.tmp'))).toBe(false);
  });

  it("writes the API server's encryption configuration, 0600, with the key", () => {
    const path = join(controller.etc, 'encryption-config.yaml');
    expect(mode(path).toString(8)).toBe('600');
    expect(parse(readFileSync(path, 'utf8'))).toEqual({
      apiVersion: 'apiserver.config.k8s.io/v1',
      kind: 'EncryptionConfiguration',
      resources: [
        {
          resources: ['secrets'],
          providers: [
            { secretbox: { keys: [{ name: 'key1', secret: controller.encryptionKey }] } },
            { identity: {} },
          ],
        },
      ],
    });
  });

  it.each(KUBECONFIGS)(
    '/etc/kubernetes/%s.conf names files it made: kubectl reads them',
    (name) => {
      const kubectl = findTool('kubectl');
      const kubeconfig = `/etc/kubernetes/${name}.conf`;
      const view = (...flags: string[]) => {
        const result = runWithEtcKubernetes(
          controller.etc,
          '/etc/kubernetes',
          [kubectl, 'config', 'view', '--raw', ...flags, '-o', 'json', '--kubeconfig', kubeconfig],
          { HOME: work },
        );
        expect(result.status, result.stderr).toBe(0);
        return JSON.parse(result.stdout) as {
          clusters: { cluster: Record<string, string> }[];
          users: { user: Record<string, string> }[];
        };
      };
      const paths = view();
      const user = paths.users[0]!.user;
      const onHost = (path: string) => join(controller.etc, relative('/etc/kubernetes', path));
      for (const path of [user['client-certificate']!, user['client-key']!])
        expect(existsSync(onHost(path)), path).toBe(true);
      expect(publicKeyOfKey(onHost(user['client-key']!))).toBe(
        publicKeyOfCertificate(onHost(user['client-certificate']!)),
      );
      // --flatten reads every file the kubeconfig names, as a client loading it does.
      const flat = view('--flatten');
      const data = (value: string | undefined) => Buffer.from(value ?? '', 'base64').toString();
      expect(data(flat.users[0]!.user['client-certificate-data'])).toBe(
        readFileSync(onHost(user['client-certificate']!), 'utf8'),
      );
      expect(data(flat.clusters[0]!.cluster['certificate-authority-data'])).toBe(
        readFileSync(ca(), 'utf8'),
      );
    },
  );

  it('run again, changes nothing', () => {
    const before = directorySnapshot(controller.etc);
    const again = run(controller);
    expect(again.status, again.stderr).toBe(0);
    expect(directorySnapshot(controller.etc)).toEqual(before);
  });

  it("run with another node name, makes the node's certificates again for it", () => {
    const etc = copyEtc(controller);
    const renamed = ec2Name('10.0.3.99', caseConfig(caseName).region);
    const result = run(controller, etc, renamed);
    expect(result.status, result.stderr).toBe(0);
    const copy = (name: string) => join(etc, 'ssl', name);
    expect(subjectOf(copy('kubelet.pem'))).toEqual({
      CN: [`system:node:${renamed}`],
      O: ['system:nodes'],
    });
    for (const name of ISSUED) {
      expect(readFileSync(copy(`${name}-key.pem`), 'utf8'), name).not.toBe(
        readFileSync(pem(`${name}-key`), 'utf8'),
      );
      expect(publicKeyOfKey(copy(`${name}-key.pem`))).toBe(
        publicKeyOfCertificate(copy(`${name}.pem`)),
      );
    }
  });

  // controller-credentials.timer runs the script daily: a certificate in the last third of its
  // life is made again with a new key, the others are left as they are.
  it('renews a certificate due for renewal, with a new key, and nothing else', () => {
    const etc = copyEtc(controller);
    const copy = (name: string) => join(etc, 'ssl', name);
    const due = 'controller-manager';
    // The same subject and key, certified for 10 days: due, as 90-day certificates are renewed
    // in their last 30.
    const csr = join(etc, 'due.csr');
    opensslOut(
      'x509',
      '-in',
      copy(`${due}.pem`),
      '-x509toreq',
      '-signkey',
      copy(`${due}-key.pem`),
      '-out',
      csr,
    );
    opensslOut(
      'x509',
      '-req',
      '-in',
      csr,
      '-CA',
      copy('ca.pem'),
      '-CAkey',
      copy('ca-key.pem'),
      '-CAcreateserial',
      '-days',
      '10',
      '-copy_extensions',
      'copy',
      '-out',
      copy(`${due}.pem`),
    );
    rmSync(csr);
    const before = directorySnapshot(join(etc, 'ssl'));
    const result = run(controller, etc);
    expect(result.status, result.stderr).toBe(0);
    const after = directorySnapshot(join(etc, 'ssl'));
    const changed = Object.keys(after).filter((name) => after[name] !== before[name]);
    // ca.srl: openssl's serial counter.
    expect(changed.sort()).toEqual(['ca.srl', `${due}-key.pem`, `${due}.pem`]);
    // 90 days again, and the new key matches it.
    const checkend = (seconds: number) =>
      openssl('x509', '-in', copy(`${due}.pem`), '-noout', '-checkend', String(seconds)).status;
    expect(checkend(80 * 86400)).toBe(0);
    expect(publicKeyOfKey(copy(`${due}-key.pem`))).toBe(publicKeyOfCertificate(copy(`${due}.pem`)));
    const check = verify(copy('ca.pem'), copy(`${due}.pem`), '-purpose', 'sslclient');
    expect(check.ok, check.output).toBe(true);
  });
});

describe('guide-init controller0: /opt/bin/controller-credentials after the CA is replaced', () => {
  let controller: Controller;
  let result: NodeRun;
  beforeAll(async () => {
    const node = golden.find(
      (item) => item.caseName === 'guide-init' && item.node === 'controller0',
    )!;
    const before = await writeCaseCredentials('guide-init');
    const after = await writeCaseCredentials('guide-init');
    credentials.push(before, after);
    controller = prepare(node, before, ec2Name('10.0.0.50', 'us-west-1'));
    // The kubelet's own directory, moved under the mounted /etc/kubernetes (the one change made).
    const script = readFileSync(controller.script, 'utf8');
    expect(script).toContain('/var/lib/kubelet/pki/kubelet-client-current.pem');
    writeFileSync(controller.script, script.replaceAll('/var/lib/kubelet/pki', KUBELET_PKI));
    const first = run(controller);
    if (first.status !== 0) throw new Error(first.stderr);
    // What the kubelet rotated: a client certificate of the old CA, a serving one of the new.
    mkdirSync(join(controller.etc, 'kubelet-pki'));
    copyFileSync(
      join(controller.ssl, 'kubelet.pem'),
      join(controller.etc, 'kubelet-pki', 'kubelet-client-current.pem'),
    );
    copyFileSync(
      join(after.dir, 'apiserver.pem'),
      join(controller.etc, 'kubelet-pki', 'kubelet-server-current.pem'),
    );
    for (const name of ['ca.pem', 'ca-key.pem'])
      copyFileSync(join(after.dir, name), join(controller.ssl, name));
    result = run(controller);
  }, 60_000);

  it('runs', () => {
    expect(result.status, result.stderr).toBe(0);
  });

  // Otherwise the kubelet would go on presenting the old CA's certificate, which the API server
  // stops trusting when the rotation's last stage drops the old CA.
  it('drops what the kubelet rotated under the old CA, and keeps what the new CA signed', () => {
    expect(readdirSync(join(controller.etc, 'kubelet-pki'))).toEqual([
      'kubelet-server-current.pem',
    ]);
  });

  // A controller keeps its disk when its userdata changes (CloudFormation stops and starts it), so
  // after `render credentials --i-understand-this-replaces-the-ca` its own certificates must be
  // made again from the new CA, or the API server (--client-ca-file) refuses them.
  it('makes every certificate again from the new CA', () => {
    for (const name of ISSUED) {
      const check = verify(join(controller.ssl, 'ca.pem'), join(controller.ssl, `${name}.pem`));
      expect(check.ok, `${name}: ${check.output}`).toBe(true);
    }
  });
});

describe('guide-init controller0 with tlsCertDurationDays: 20: /opt/bin/controller-credentials', () => {
  let controller: Controller;
  let before: Record<string, string>;
  let second: NodeRun;
  beforeAll(async () => {
    const text = readFileSync(join(FIXTURES, 'guide-init', 'cluster.yaml'), 'utf8');
    const built = await build(configFrom(`${text}\ntlsCertDurationDays: 20\n`));
    const controller0 = built.userdata.find((item) => item.node === 'controller0')!;
    const node = parseRenderedNode('guide-init', 'controller0', controller0.cloudConfig);
    const ca = await writeCaseCredentials('guide-init');
    credentials.push(ca);
    controller = prepare(node, ca, ec2Name('10.0.0.50', 'us-west-1'));
    const first = run(controller);
    if (first.status !== 0) throw new Error(first.stderr);
    before = directorySnapshot(controller.etc);
    second = run(controller);
  }, 60_000);

  it('runs twice', () => {
    expect(second.status, second.stderr).toBe(0);
  });

  // A certificate is renewed in the last third of its life, not a fixed 30 days before: with
  // tlsCertDurationDays of 30 or less (the schema allows 1) a second start changes nothing.
  it('run again, changes nothing', () => {
    expect(directorySnapshot(controller.etc)).toEqual(before);
  });
});
