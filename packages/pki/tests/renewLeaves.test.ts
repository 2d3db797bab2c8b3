import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCredentials, generateCredentials, planCredentials } from '../src/index.js';
import type { GeneratedCredentials } from '../src/index.js';
import { freePort } from '../../../testing/freePort.js';
import { ensureDebianPackages } from '../../../testing/ensureDebianPackages.js';
import {
  clusterConfig,
  contents,
  openssl,
  removeTemporaryDirectories,
  temporaryDirectory,
  writeSet,
} from './helpers.js';

// `kube-aws rotate certificates` renews every leaf certificate with a new key under the same CAs
// (generateCredentials with every leaf in forceRegenerate). The CAs must stay byte for byte, the
// new leaves must chain to them (openssl), and Debian's etcd must serve and accept the renewed
// etcd certificates on the data it kept (Go's crypto/x509 is stricter than openssl).

afterAll(removeTemporaryDirectories);

const config = clusterConfig();
const leaves = planCredentials(config)
  .filter((spec) => spec.kind === 'certificate')
  .map((spec) => spec.name);

let before: GeneratedCredentials;
let after: Map<string, string>;
let renewed: GeneratedCredentials;
/** Before and after, each a directory of PEM files. */
let oldDir = '';
let newDir = '';

beforeAll(async () => {
  before = await generateCredentials(config, new Map());
  renewed = await generateCredentials(config, contents(before), { forceRegenerate: leaves });
  after = new Map([...contents(before), ...contents(renewed)]);
  oldDir = writeSet(before);
  newDir = temporaryDirectory();
  for (const [name, text] of after) writeFileSync(join(newDir, name), text, { mode: 0o600 });
}, 120_000);

describe('renewing every leaf certificate under the same CAs', () => {
  it('renews exactly the leaves, each with a new key, and nothing else', () => {
    expect([...renewed.generated].sort()).toEqual([...leaves].sort());
    expect(leaves).toEqual(
      expect.arrayContaining(['apiserver', 'etcd-server', 'etcd-peer', 'apiserver-etcd-client']),
    );
    for (const name of leaves) {
      expect(after.get(`${name}.pem`), name).not.toBe(contents(before).get(`${name}.pem`));
      expect(after.get(`${name}-key.pem`), name).not.toBe(contents(before).get(`${name}-key.pem`));
    }
    for (const file of [
      'ca.pem',
      'ca-key.pem',
      'etcd-ca.pem',
      'etcd-ca-key.pem',
      'front-proxy-ca.pem',
      'service-account-key.pem',
      'bootstrap-token',
      'encryption-key',
    ])
      expect(renewed.files.has(file), file).toBe(false);
  });

  it('gives a set that checks, whose leaves chain to the same CAs (openssl verify -x509_strict)', async () => {
    expect(await checkCredentials(config, after)).toEqual([]);
    for (const spec of planCredentials(config).filter((item) => item.kind === 'certificate')) {
      const verified = openssl([
        'verify',
        '-x509_strict',
        '-CAfile',
        join(oldDir, `${spec.issuer}.pem`),
        join(newDir, spec.certificateFile),
      ]);
      expect(verified.trim()).toBe(`${join(newDir, spec.certificateFile)}: OK`);
    }
  });
});

/** Runs etcdctl trusting the etcd CA of `caDir`, as `client` from `certDir`. */
function etcdctl(endpoint: string, caDir: string, certDir: string, client: string, args: string[]) {
  return spawnSync(
    'etcdctl',
    [
      '--endpoints',
      endpoint,
      '--cacert',
      join(caDir, 'etcd-ca.pem'),
      '--cert',
      join(certDir, `${client}.pem`),
      '--key',
      join(certDir, `${client}-key.pem`),
      '--dial-timeout',
      '3s',
      '--command-timeout',
      '5s',
      ...args,
    ],
    { encoding: 'utf8', env: { ...process.env, ETCDCTL_API: '3' } },
  );
}

describe("Debian's etcd, restarted on its data with the renewed certificates", () => {
  let etcd: ChildProcess | undefined;
  let log = '';
  const data = () => join(temporaryDirectory(), 'data');
  let dataDir = '';
  let endpoint = '';
  let peer = '';

  /** Starts etcd with the server and peer certificates of `dir`, and waits until it is healthy. */
  async function start(dir: string): Promise<void> {
    log = '';
    etcd = spawn(
      'etcd',
      [
        ...['--name', 'controller0', '--data-dir', dataDir],
        ...['--listen-client-urls', endpoint, '--advertise-client-urls', endpoint],
        ...['--listen-peer-urls', peer, '--initial-advertise-peer-urls', peer],
        ...['--initial-cluster', `controller0=${peer}`, '--initial-cluster-state', 'new'],
        ...['--client-cert-auth', '--trusted-ca-file', join(dir, 'etcd-ca.pem')],
        ...[
          '--cert-file',
          join(dir, 'etcd-server.pem'),
          '--key-file',
          join(dir, 'etcd-server-key.pem'),
        ],
        ...['--peer-client-cert-auth', '--peer-trusted-ca-file', join(dir, 'etcd-ca.pem')],
        ...[
          '--peer-cert-file',
          join(dir, 'etcd-peer.pem'),
          '--peer-key-file',
          join(dir, 'etcd-peer-key.pem'),
        ],
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    etcd.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    etcd.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    for (let attempt = 0; attempt < 80; attempt++) {
      if (etcdctl(endpoint, dir, dir, 'apiserver-etcd-client', ['endpoint', 'health']).status === 0)
        return;
      if (etcd.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`etcd did not become healthy:\n${log.slice(-3000)}`);
  }

  async function stop(): Promise<void> {
    if (etcd !== undefined && etcd.exitCode === null) {
      const exited = new Promise((resolve) => etcd!.once('exit', resolve));
      etcd.kill('SIGTERM');
      await exited;
    }
    etcd = undefined;
  }

  beforeAll(async () => {
    ensureDebianPackages(['etcd', 'etcdctl'], ['etcd-server', 'etcd-client']);
    dataDir = data();
    endpoint = `https://127.0.0.1:${await freePort()}`;
    peer = `https://127.0.0.1:${await freePort()}`;
    // The controller before the rotation: a member with data.
    await start(oldDir);
    const put = etcdctl(endpoint, oldDir, oldDir, 'apiserver-etcd-client', [
      'put',
      'kube-aws',
      'kept',
    ]);
    expect(put.stdout.trim(), put.stderr).toBe('OK');
    await stop();
    // The same controller after the update: its disk kept, its certificates renewed.
    await start(newDir);
  }, 300_000);

  afterAll(stop);

  it('is a healthy member, serving the renewed certificate', () => {
    const health = etcdctl(endpoint, newDir, newDir, 'apiserver-etcd-client', [
      'endpoint',
      'health',
    ]);
    expect(health.status, health.stderr).toBe(0);
    expect(`${health.stdout}${health.stderr}`).toMatch(/is healthy/);
    const served = openssl(
      [
        ...['s_client', '-connect', new URL(endpoint).host, '-showcerts'],
        ...['-cert', join(newDir, 'etcd-client.pem'), '-key', join(newDir, 'etcd-client-key.pem')],
      ],
      '',
    ).match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/)![0];
    expect(`${served}\n`).toBe(readFileSync(join(newDir, 'etcd-server.pem'), 'utf8'));
    const members = etcdctl(endpoint, newDir, newDir, 'etcd-client', ['member', 'list']);
    expect(members.stdout).toMatch(/, started, controller0, /);
  });

  it('keeps its data, read with the renewed API server client certificate', () => {
    const get = etcdctl(endpoint, newDir, newDir, 'apiserver-etcd-client', [
      'get',
      'kube-aws',
      '--print-value-only',
    ]);
    expect(get.stdout.trim(), get.stderr).toBe('kept');
  });

  // While the controllers roll one at a time, an API server not yet restarted still holds the old
  // client certificate: the same CA, so it still gets in.
  it('still accepts the client certificate from before the rotation, and the old CA file trusts it', () => {
    const get = etcdctl(endpoint, oldDir, oldDir, 'apiserver-etcd-client', [
      'get',
      'kube-aws',
      '--print-value-only',
    ]);
    expect(get.stdout.trim(), get.stderr).toBe('kept');
  });
});
