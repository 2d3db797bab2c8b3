import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:tls';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCredentials } from '../src/index.js';
import { freePort } from '../../../testing/freePort.js';
import { ensureDebianPackages } from '../../../testing/ensureDebianPackages.js';
import {
  clusterConfig,
  removeTemporaryDirectories,
  temporaryDirectory,
  writeSet,
} from './helpers.js';

/** Runs etcdctl trusting `dir`'s etcd CA, authenticating with `client` from `certDir`. */
function etcdctl(endpoint: string, dir: string, client: string, args: string[], certDir = dir) {
  return spawnSync(
    'etcdctl',
    [
      '--endpoints',
      endpoint,
      '--cacert',
      join(dir, 'etcd-ca.pem'),
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

/** What the server says to a TLS handshake with this client certificate: 'accepted' or the alert. */
async function handshake(
  endpoint: string,
  caDir: string,
  certDir: string,
  client: string,
): Promise<string> {
  const url = new URL(endpoint);
  return new Promise((resolve) => {
    const socket = connect({
      host: url.hostname,
      port: Number(url.port),
      ca: readFileSync(join(caDir, 'etcd-ca.pem')),
      cert: readFileSync(join(certDir, `${client}.pem`)),
      key: readFileSync(join(certDir, `${client}-key.pem`)),
      ALPNProtocols: ['h2'],
    });
    socket.on('error', (error) => resolve(error.message));
    // With TLS 1.3 the server judges the client certificate after the client's handshake ends.
    socket.on('secureConnect', () =>
      setTimeout(() => (socket.destroy(), resolve('accepted')), 500),
    );
  });
}

afterAll(removeTemporaryDirectories);

// Go's crypto/x509 is stricter than openssl; a real etcd proves it accepts our chain.
describe.each([['ecdsa-p256'], ['rsa-2048']])('etcd over TLS with a %s set', (algorithm) => {
  let etcd: ChildProcess | undefined;
  let dir = '';
  let foreign = '';
  let endpoint = '';
  let log = '';

  beforeAll(async () => {
    ensureDebianPackages(['etcd', 'etcdctl'], ['etcd-server', 'etcd-client']);
    const config = clusterConfig(
      algorithm === 'rsa-2048' ? 'pki:\n  keyAlgorithm: rsa-2048\n' : '',
    );
    dir = writeSet(await generateCredentials(config, new Map()));
    foreign = writeSet(await generateCredentials(config, new Map()));
    const [clientPort, peerPort] = [await freePort(), await freePort()];
    endpoint = `https://127.0.0.1:${clientPort}`;
    const peer = `https://127.0.0.1:${peerPort}`;
    etcd = spawn(
      'etcd',
      [
        '--name',
        'test',
        '--data-dir',
        join(temporaryDirectory(), 'data'),
        '--listen-client-urls',
        endpoint,
        '--advertise-client-urls',
        endpoint,
        '--listen-peer-urls',
        peer,
        '--initial-advertise-peer-urls',
        peer,
        '--initial-cluster',
        `test=${peer}`,
        '--cert-file',
        join(dir, 'etcd-server.pem'),
        '--key-file',
        join(dir, 'etcd-server-key.pem'),
        '--client-cert-auth',
        '--trusted-ca-file',
        join(dir, 'etcd-ca.pem'),
        '--peer-cert-file',
        join(dir, 'etcd-peer.pem'),
        '--peer-key-file',
        join(dir, 'etcd-peer-key.pem'),
        '--peer-client-cert-auth',
        '--peer-trusted-ca-file',
        join(dir, 'etcd-ca.pem'),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    etcd.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    etcd.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    for (let attempt = 0; attempt < 60; attempt++) {
      if (etcdctl(endpoint, dir, 'etcd-client', ['endpoint', 'health']).status === 0) return;
      if (etcd.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`etcd did not become healthy:\n${log.slice(-3000)}`);
  }, 300_000);

  afterAll(async () => {
    if (etcd !== undefined && etcd.exitCode === null) {
      const exited = new Promise((resolve) => etcd!.once('exit', resolve));
      etcd.kill('SIGTERM');
      await exited;
    }
  });

  it('puts and gets with our etcd client certificate', () => {
    const put = etcdctl(endpoint, dir, 'etcd-client', ['put', 'kube-aws', 'works']);
    expect(put.stderr).toBe('');
    expect(put.stdout.trim()).toBe('OK');
    const get = etcdctl(endpoint, dir, 'etcd-client', ['get', 'kube-aws', '--print-value-only']);
    expect(get.stdout.trim()).toBe('works');
  });

  it('accepts the API server etcd client certificate', () => {
    expect(
      etcdctl(endpoint, dir, 'apiserver-etcd-client', [
        'get',
        'kube-aws',
        '--print-value-only',
      ]).stdout.trim(),
    ).toBe('works');
  });

  it('refuses a client certificate from another etcd CA', () => {
    const refused = etcdctl(endpoint, dir, 'etcd-client', ['get', 'kube-aws'], foreign);
    expect(refused.status).not.toBe(0);
    expect(refused.stdout).not.toContain('works');
    expect(refused.stderr).toContain('context deadline exceeded');
  });

  it('rejects the foreign certificate in the TLS handshake, and accepts ours', async () => {
    expect(await handshake(endpoint, dir, foreign, 'etcd-client')).toMatch(
      /alert (bad certificate|unknown ca)/,
    );
    expect(await handshake(endpoint, dir, dir, 'etcd-client')).toBe('accepted');
  });

  it('refuses a Kubernetes CA client certificate, even the admin one', () => {
    const refused = etcdctl(endpoint, dir, 'admin', ['get', 'kube-aws']);
    expect(refused.status).not.toBe(0);
    expect(refused.stdout).not.toContain('works');
  });
});
