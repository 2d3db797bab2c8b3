import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  checkCredentials,
  encodePem,
  generateCredentials,
  importPrivateKey,
  planCredentials,
} from '../src/index.js';
import {
  clusterConfig,
  contents,
  openssl,
  removeTemporaryDirectories,
  temporaryDirectory,
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
    // An NLB's DNS name is one label under elb.<region>.amazonaws.com: one controller has none.
    expect(sans(dir, 'apiserver').some((name) => name.includes('elb'))).toBe(false);
  });
});

describe('SANs follow the config', () => {
  it('uses other CIDRs, controller IPs and region, and names the load balancer of HA controllers', async () => {
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
      // Three controllers get the load balancer, whose DNS name exists only with the stack.
      'DNS:*.elb.us-west-1.amazonaws.com',
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

describe('a CA the user brings, made by openssl', () => {
  const config = clusterConfig();
  const leaves = planCredentials(config).filter(
    (spec) => spec.kind === 'certificate' && spec.issuer === 'ca',
  );

  it.each([
    ['RSA-2048', ['-newkey', 'rsa:2048']],
    ['ECDSA P-256', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256']],
  ])('%s: signs every leaf, each verifying with -x509_strict', async (_, keyOptions) => {
    const dir = temporaryDirectory();
    // A subject key identifier of another method than ours: the leaves' AKI must follow it. The
    // root itself then carries no AKI, which would name the hash of its key.
    openssl([
      'req',
      '-x509',
      ...keyOptions,
      '-nodes',
      '-keyout',
      join(dir, 'ca-key.pem'),
      '-out',
      join(dir, 'ca.pem'),
      '-subj',
      '/CN=my-own-ca',
      '-days',
      '30',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
      '-addext',
      'subjectKeyIdentifier=0102030405060708',
      '-addext',
      'authorityKeyIdentifier=none',
    ]);
    const brought = new Map(
      ['ca.pem', 'ca-key.pem'].map((name) => [name, readFileSync(join(dir, name), 'utf8')]),
    );
    const set = await generateCredentials(config, brought);
    expect(set.kept).toContain('ca');
    expect(set.files.has('ca.pem')).toBe(false);
    const all = new Map([...brought, ...contents(set)]);
    for (const [name, content] of all) writeFileSync(join(dir, name), content);
    for (const spec of leaves) {
      const leaf = join(dir, spec.certificateFile);
      const purpose = PURPOSE[spec.name] ?? 'sslclient';
      expect(
        openssl([
          'verify',
          '-x509_strict',
          '-purpose',
          purpose,
          '-CAfile',
          join(dir, 'ca.pem'),
          leaf,
        ]).trim(),
      ).toBe(`${leaf}: OK`);
      expect(openssl(['x509', '-noout', '-ext', 'authorityKeyIdentifier', '-in', leaf])).toContain(
        '01:02:03:04:05:06:07:08',
      );
    }
    expect(await checkCredentials(config, all)).toEqual([]);
  });
});

describe(importPrivateKey, () => {
  it.each([
    ['ecdsa-p256', ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256']],
    ['rsa-3072', ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:3072']],
  ])('reads an openssl %s key, with the public key openssl derives', async (algorithm, options) => {
    const dir = temporaryDirectory();
    const file = join(dir, 'key.pem');
    openssl(['genpkey', ...options, '-out', file]);
    const keyPair = await importPrivateKey(readFileSync(file, 'utf8'), 'key.pem');
    expect(keyPair.algorithm).toBe(algorithm);
    expect(keyPair.privateKey.extractable).toBe(true);
    expect(encodePem('PUBLIC KEY', keyPair.publicKeySpki)).toBe(
      openssl(['pkey', '-pubout', '-in', file]),
    );
  });

  it('refuses a key of another curve, naming the file', async () => {
    const pem = openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-384']);
    await expect(importPrivateKey(pem, 'ca-key.pem')).rejects.toMatchObject({
      code: 'PKI_UNSUPPORTED_KEY',
      file: 'ca-key.pem',
      message: 'ca-key.pem: only ECDSA P-256 and RSA keys are supported',
    });
  });

  it('checks an EC key stored without its public point, which WebCrypto then derives', async () => {
    const config = clusterConfig();
    const files = contents(await generateCredentials(config, new Map()));
    const dir = temporaryDirectory();
    writeFileSync(join(dir, 'admin-key.pem'), files.get('admin-key.pem')!);
    const bare = openssl(
      ['pkcs8', '-topk8', '-nocrypt'],
      openssl(['ec', '-no_public', '-in', join(dir, 'admin-key.pem')]),
    );
    expect(bare).not.toBe(files.get('admin-key.pem'));
    expect(await checkCredentials(config, new Map([...files, ['admin-key.pem', bare]]))).toEqual(
      [],
    );
    expect(
      await checkCredentials(config, new Map([...files, ['apiserver-key.pem', bare]])),
    ).toEqual([
      {
        file: 'apiserver-key.pem',
        message: 'does not match apiserver.pem: they hold different public keys',
      },
    ]);
  });
});
