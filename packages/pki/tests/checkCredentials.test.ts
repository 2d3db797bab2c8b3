import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkCredentials, generateCredentials } from '../src/index.js';
import { clusterConfig, contents, removeTemporaryDirectories, writeSet } from './helpers.js';

afterAll(removeTemporaryDirectories);

const config = clusterConfig();
// openssl signs with the real clock, so these checks run at the real time too.
const now = new Date();
const good = generateCredentials(config, new Map(), { now }).then(contents);

/** Signs a certificate for `key` with openssl, the way a user's own PKI would. */
function opensslLeaf(dir: string, subject: string, extensions: string, days = 30): string {
  writeFileSync(join(dir, 'ext.cnf'), extensions);
  execFileSync('openssl', [
    'req',
    '-new',
    '-key',
    join(dir, 'apiserver-key.pem'),
    '-subj',
    subject,
    '-out',
    join(dir, 'leaf.csr'),
  ]);
  execFileSync(
    'openssl',
    [
      'x509',
      '-req',
      '-in',
      join(dir, 'leaf.csr'),
      '-CA',
      join(dir, 'ca.pem'),
      '-CAkey',
      join(dir, 'ca-key.pem'),
      '-set_serial',
      '4660',
      '-days',
      String(days),
      '-extfile',
      join(dir, 'ext.cnf'),
      '-out',
      join(dir, 'leaf.pem'),
    ],
    { stdio: 'ignore' },
  );
  return readFileSync(join(dir, 'leaf.pem'), 'utf8');
}

const API_SANS =
  'subjectAltName=DNS:kube.example.com,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,IP:127.0.0.1,IP:10.0.0.50,IP:10.3.0.1\nextendedKeyUsage=serverAuth\n';

describe(checkCredentials, () => {
  it('accepts a certificate made by openssl with the required names and usage (bring your own PKI)', async () => {
    const files = await good;
    const dir = writeSet({
      files: new Map([...files].map(([name, content]) => [name, { content, secret: false }])),
      generated: [],
      kept: [],
    });
    const own = opensslLeaf(dir, '/CN=my-own-apiserver', API_SANS);
    expect(
      await checkCredentials(config, new Map([...files, ['apiserver.pem', own]]), now),
    ).toEqual([]);
  });

  it('names the file and each missing SAN and usage', async () => {
    const files = await good;
    const dir = writeSet({
      files: new Map([...files].map(([name, content]) => [name, { content, secret: false }])),
      generated: [],
      kept: [],
    });
    const own = opensslLeaf(
      dir,
      '/CN=kube-apiserver',
      'subjectAltName=DNS:kubernetes\nextendedKeyUsage=clientAuth\n',
    );
    expect(
      await checkCredentials(config, new Map([...files, ['apiserver.pem', own]]), now),
    ).toEqual([
      { file: 'apiserver.pem', message: 'lacks the serverAuth extended key usage' },
      {
        file: 'apiserver.pem',
        message:
          'lacks the subject alternative names DNS:kube.example.com, DNS:kubernetes.default, DNS:kubernetes.default.svc, DNS:kubernetes.default.svc.cluster.local, IP:127.0.0.1, IP:10.0.0.50, IP:10.3.0.1',
      },
    ]);
  });

  it('flags a multi-valued RDN such as CN=x+O=y', async () => {
    const files = await good;
    const dir = writeSet({
      files: new Map([...files].map(([name, content]) => [name, { content, secret: false }])),
      generated: [],
      kept: [],
    });
    const own = opensslLeaf(dir, '/CN=kube-apiserver+O=oops', API_SANS);
    const problems = await checkCredentials(
      config,
      new Map([...files, ['apiserver.pem', own]]),
      now,
    );
    expect(problems.map((problem) => problem.message)).toEqual([
      expect.stringContaining('has a multi-valued name'),
    ]);
  });

  it('reports an expired certificate', async () => {
    const files = await good;
    const later = new Date(now.getTime() + 100 * 86_400_000);
    const problems = await checkCredentials(config, files, later);
    expect(
      problems
        .filter((problem) => problem.file === 'apiserver.pem')
        .map((problem) => problem.message),
    ).toEqual([expect.stringMatching(/^expired on \d{4}-\d\d-\d\dT/)]);
  });

  it('reports a key that does not match its certificate', async () => {
    const files = new Map(await good);
    files.set('admin-key.pem', files.get('worker-key.pem')!);
    expect(await checkCredentials(config, files, now)).toEqual([
      {
        file: 'admin-key.pem',
        message: 'does not match admin.pem: they hold different public keys',
      },
    ]);
  });

  it('checks a set changed since it was last checked anew, and the same set alike every time', async () => {
    const files = new Map(await good);
    expect(await checkCredentials(config, files, now)).toEqual([]);
    const key = files.get('admin-key.pem')!;
    files.set('admin-key.pem', files.get('worker-key.pem')!);
    expect(await checkCredentials(config, files, now)).toHaveLength(1);
    files.set('admin-key.pem', key);
    expect(await checkCredentials(config, files, now)).toEqual([]);
    files.set('admin-key.pem', files.get('worker-key.pem')!);
    expect(await checkCredentials(config, files, now)).toHaveLength(1);
  });

  it('reports a certificate signed by another CA', async () => {
    const files = new Map(await good);
    const other = contents(await generateCredentials(config, new Map(), { now }));
    files.set('admin.pem', other.get('admin.pem')!);
    files.set('admin-key.pem', other.get('admin-key.pem')!);
    expect(await checkCredentials(config, files, now)).toEqual([
      { file: 'admin.pem', message: 'is not signed by ca.pem' },
    ]);
  });

  it('reports missing and unreadable files by name', async () => {
    const files = new Map(await good);
    files.delete('etcd-client-key.pem');
    files.delete('encryption-key');
    files.set('worker.pem', 'not a certificate');
    expect(await checkCredentials(config, files, now)).toEqual([
      { file: 'worker.pem', message: 'no PEM block "CERTIFICATE" found' },
      { file: 'etcd-client-key.pem', message: 'is missing' },
      { file: 'encryption-key', message: 'is missing' },
    ]);
  });

  it('reports an encryption key that is not the base64 of 32 bytes, and a bad bootstrap token', async () => {
    const key = btoa('x'.repeat(32));
    const files = new Map(await good);
    files.set('encryption-key', `${key}\n`);
    expect(await checkCredentials(config, files, now)).toEqual([]);
    for (const wrong of [
      btoa('x'.repeat(16)),
      btoa('x'.repeat(33)),
      `${key.slice(0, 43)}`,
      'secret',
    ])
      expect(
        await checkCredentials(config, new Map([...files, ['encryption-key', wrong]]), now),
      ).toEqual([
        {
          file: 'encryption-key',
          message: 'must hold the base64 of exactly 32 bytes (44 characters ending in =)',
        },
      ]);
    files.set('bootstrap-token', 'ABCDEF.0123456789abcdef');
    expect(await checkCredentials(config, files, now)).toEqual([
      {
        file: 'bootstrap-token',
        message:
          'must hold one token of the form abcdef.0123456789abcdef (6 and 16 lower-case letters or digits)',
      },
    ]);
  });
});
