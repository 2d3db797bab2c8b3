import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkCredentials, generateCredentials, planCredentials } from '../src/index.js';
import {
  clusterConfig,
  contents,
  openssl,
  removeTemporaryDirectories,
  writeSet,
} from './helpers.js';

afterAll(removeTemporaryDirectories);

const PURPOSE: Record<string, string> = {
  apiserver: 'sslserver',
  worker: 'sslserver',
  'etcd-server': 'sslserver',
  'etcd-peer': 'sslserver',
};

function sans(dir: string, name: string): string[] {
  const text = openssl([
    'x509',
    '-noout',
    '-ext',
    'subjectAltName',
    '-in',
    join(dir, `${name}.pem`),
  ]);
  return text
    .split('\n')
    .slice(1)
    .join(',')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

describe.each([
  ['ecdsa-p256', ''],
  ['rsa-2048', 'pki:\n  keyAlgorithm: rsa-2048\n'],
])('a full %s set, checked by openssl', (algorithm, extra) => {
  const config = clusterConfig(extra);
  const ready = generateCredentials(config, new Map()).then((set) => ({ set, dir: writeSet(set) }));

  it.each(
    planCredentials(config)
      .filter((spec) => spec.kind === 'certificate')
      .map((spec) => [spec.name, spec.issuer!]),
  )('%s verifies against its CA with -x509_strict and the right -purpose', async (name, issuer) => {
    const { dir } = await ready;
    const purpose = PURPOSE[name] ?? 'sslclient';
    const out = openssl([
      'verify',
      '-x509_strict',
      '-purpose',
      purpose,
      '-CAfile',
      join(dir, `${issuer}.pem`),
      join(dir, `${name}.pem`),
    ]);
    expect(out.trim()).toBe(`${join(dir, `${name}.pem`)}: OK`);
  });

  it('every key matches its certificate and is a PKCS#8 PRIVATE KEY of the chosen type', async () => {
    const { dir, set } = await ready;
    for (const spec of planCredentials(config)) {
      const key = set.files.get(spec.keyFile)!.content;
      expect(key).toMatch(/^-{5}BEGIN PRIVATE KEY-{5}\n/);
      const fromKey = openssl(['pkey', '-pubout', '-in', join(dir, spec.keyFile)]);
      const fromCert =
        spec.kind === 'key-pair'
          ? set.files.get(spec.certificateFile)!.content
          : openssl(['x509', '-noout', '-pubkey', '-in', join(dir, spec.certificateFile)]);
      expect(fromKey, spec.name).toBe(fromCert);
      expect(openssl(['pkey', '-noout', '-text', '-in', join(dir, spec.keyFile)])).toContain(
        algorithm === 'rsa-2048' ? 'Private-Key: (2048 bit' : 'NIST CURVE: P-256',
      );
    }
  });

  it('the CAs are CA:TRUE, critical, and only they are', async () => {
    const { dir } = await ready;
    for (const spec of planCredentials(config).filter((item) => item.kind !== 'key-pair')) {
      const text = openssl([
        'x509',
        '-noout',
        '-ext',
        'basicConstraints,keyUsage',
        '-in',
        join(dir, spec.certificateFile),
      ]);
      expect(text).toContain('X509v3 Basic Constraints: critical');
      expect(text).toContain(spec.kind === 'ca' ? 'CA:TRUE' : 'CA:FALSE');
      expect(text).toContain(
        spec.kind === 'ca' ? 'Certificate Sign, CRL Sign' : 'Digital Signature',
      );
    }
  });

  it('names the admin with one attribute per RDN', async () => {
    const { dir } = await ready;
    expect(
      openssl([
        'x509',
        '-noout',
        '-subject',
        '-nameopt',
        'RFC2253',
        '-in',
        join(dir, 'admin.pem'),
      ]).trim(),
    ).toBe('subject=CN=kube-admin,O=system:masters');
    expect(openssl(['x509', '-noout', '-subject', '-in', join(dir, 'admin.pem')])).not.toContain(
      '+',
    );
  });

  it('passes its own credential checks', async () => {
    const { set } = await ready;
    expect(await checkCredentials(config, contents(set))).toEqual([]);
  });

  it('has the exact SANs of the guide for the default config', async () => {
    const { dir } = await ready;
    expect(sans(dir, 'apiserver')).toEqual([
      'DNS:kube.example.com',
      'DNS:kubernetes',
      'DNS:kubernetes.default',
      'DNS:kubernetes.default.svc',
      'DNS:kubernetes.default.svc.cluster.local',
      'IP Address:127.0.0.1',
      'IP Address:10.0.0.50',
      'IP Address:10.3.0.1',
    ]);
    expect(sans(dir, 'worker')).toEqual(['DNS:*.us-west-1.compute.internal']);
  });
});

describe('SANs follow the config', () => {
  it('uses other CIDRs, controller IPs and region', async () => {
    const config = clusterConfig(
      'vpcCIDR: 10.20.0.0/16\ninstanceCIDR: 10.20.1.0/24\ncontrollerIP: 10.20.1.10\nserviceCIDR: 10.100.0.0/16\ndnsServiceIP: 10.100.0.10\npodCIDR: 10.200.0.0/16\ncontroller:\n  count: 3\n',
    );
    const dir = writeSet(await generateCredentials(config, new Map()));
    expect(sans(dir, 'apiserver')).toEqual([
      'DNS:kube.example.com',
      'DNS:kubernetes',
      'DNS:kubernetes.default',
      'DNS:kubernetes.default.svc',
      'DNS:kubernetes.default.svc.cluster.local',
      'IP Address:127.0.0.1',
      'IP Address:10.20.1.10',
      'IP Address:10.20.1.11',
      'IP Address:10.20.1.12',
      'IP Address:10.100.0.1',
    ]);
    expect(sans(dir, 'etcd-server')).toEqual([
      'DNS:localhost',
      'IP Address:127.0.0.1',
      'IP Address:10.20.1.10',
      'IP Address:10.20.1.11',
      'IP Address:10.20.1.12',
    ]);
  });

  it('adds *.ec2.internal to the worker certificate in us-east-1', async () => {
    const config = clusterConfig('', 'us-east-1');
    const dir = writeSet(await generateCredentials(config, new Map()));
    expect(sans(dir, 'worker')).toEqual(['DNS:*.ec2.internal', 'DNS:*.us-east-1.compute.internal']);
  });
});
