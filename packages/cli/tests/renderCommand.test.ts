import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadClusterConfig } from '@kube-aws/config-schema';
import { generateCredentials } from '@kube-aws/pki';
import { renderCommand } from '../src/commands/renderCommand.js';
import { runCli } from './runCli.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kube-aws-render-'));
  expect(runCli(['init', '--sample'], dir).status).toBe(0);
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Every file of credentials/ with a hash of its bytes, its mode and its mtime. */
function snapshot(): Record<string, string> {
  const credentials = join(dir, 'credentials');
  return Object.fromEntries(
    readdirSync(credentials).map((name) => {
      const path = join(credentials, name);
      const stats = statSync(path);
      const hash = createHash('sha256').update(readFileSync(path)).digest('hex');
      return [name, `${hash} ${(stats.mode & 0o777).toString(8)} ${stats.mtimeMs}`];
    }),
  );
}

function render(...args: string[]) {
  return runCli(['render', 'credentials', ...args], dir);
}

describe(renderCommand.name, () => {
  it('writes credentials/ mode 0700 with keys 0600, a .gitignore for everything, and kubeconfig', () => {
    const run = render();
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(
      'Generated in credentials/: ca, etcd-ca, front-proxy-ca, apiserver, worker, admin',
    );
    const credentials = join(dir, 'credentials');
    expect(statSync(credentials).mode & 0o777).toBe(0o700);
    for (const name of readdirSync(credentials).filter(
      (file) => file.endsWith('-key.pem') || ['bootstrap-token', 'encryption-key'].includes(file),
    )) {
      expect(statSync(join(credentials, name)).mode & 0o777, name).toBe(0o600);
      const secret = readFileSync(join(credentials, name), 'utf8')
        .split('\n')
        .find((line) => line !== '' && !line.startsWith('-----'))!;
      expect(run.stdout + run.stderr).not.toContain(secret);
    }
    // secretbox's key: 32 bytes, base64.
    const key = readFileSync(join(credentials, 'encryption-key'), 'utf8');
    expect(key).toMatch(/^[A-Za-z0-9+/]{43}=\n$/);
    expect(Buffer.from(key.trim(), 'base64')).toHaveLength(32);
    expect(
      readdirSync(credentials).filter((file) => /^(controller-manager|scheduler)/.test(file)),
    ).toEqual([]);
    expect(readFileSync(join(credentials, '.gitignore'), 'utf8')).toMatch(
      /^\*\n(.*\n)*\*-key\.pem$/m,
    );
    expect(statSync(join(dir, 'kubeconfig')).mode & 0o777).toBe(0o600);
  });

  it('git ignores every plaintext key and token in credentials/, and no certificate', () => {
    render();
    execFileSync('git', ['init', '-q'], { cwd: dir });
    const status = execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], {
      cwd: dir,
      encoding: 'utf8',
    });
    const credentials = status
      .split('\n')
      .filter((line) => line.includes('credentials/'))
      .map((line) => line.slice(3));
    expect(
      credentials.filter((file) => /-key\.pem$|bootstrap-token$|encryption-key$/.test(file)),
    ).toEqual([]);
    expect(credentials).toContain('credentials/ca.pem');
    expect(credentials).toContain('credentials/service-account.pem');
    expect(credentials).toContain('credentials/.gitignore');
    expect(status).toContain('cluster.yaml');
  });

  it('changes no byte, mode or mtime when run twice', () => {
    render();
    const before = snapshot();
    const kubeconfig = statSync(join(dir, 'kubeconfig')).mtimeMs;
    const again = render();
    expect(again.status).toBe(0);
    expect(again.stdout).not.toContain('Generated');
    expect(snapshot()).toEqual(before);
    expect(statSync(join(dir, 'kubeconfig')).mtimeMs).toBe(kubeconfig);
  });

  it('regenerates only a deleted leaf, signed by the same CA', () => {
    render();
    const before = snapshot();
    unlinkSync(join(dir, 'credentials', 'apiserver.pem'));
    unlinkSync(join(dir, 'credentials', 'apiserver-key.pem'));
    const run = render();
    expect(run.stdout).toContain('Generated in credentials/: apiserver\n');
    const after = snapshot();
    const changed = Object.keys(after)
      .filter((name) => after[name] !== before[name])
      .sort();
    expect(changed).toEqual(['apiserver-key.pem', 'apiserver.pem']);
    const credentials = join(dir, 'credentials');
    expect(
      execFileSync(
        'openssl',
        [
          'verify',
          '-x509_strict',
          '-purpose',
          'sslserver',
          '-CAfile',
          join(credentials, 'ca.pem'),
          join(credentials, 'apiserver.pem'),
        ],
        { encoding: 'utf8' },
      ),
    ).toContain(': OK');
  });

  it('refuses to replace the CA without --i-understand-this-replaces-the-ca', () => {
    render();
    const before = snapshot();
    const refused = render('--force-regenerate=ca-key.pem');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('regenerating ca replaces ca-key.pem');
    expect(refused.stderr).toContain('--i-understand-this-replaces-the-ca');
    expect(snapshot()).toEqual(before);
    const replaced = render('--force-regenerate=ca', '--i-understand-this-replaces-the-ca');
    expect(replaced.status).toBe(0);
    expect(snapshot()['ca-key.pem']).not.toBe(before['ca-key.pem']);
    expect(snapshot()['etcd-ca-key.pem']).toBe(before['etcd-ca-key.pem']);
  });

  it('never replaces the encryption key without --i-understand-this-replaces-the-encryption-key', () => {
    render();
    const before = snapshot();
    for (const flags of [[], ['--i-understand-this-replaces-the-ca']]) {
      const refused = render('--force-regenerate=encryption-key', ...flags);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain(
        'regenerating encryption-key replaces it, and every Secret the API server stored in etcd becomes unreadable',
      );
      expect(refused.stderr).toContain('--i-understand-this-replaces-the-encryption-key');
      expect(snapshot()).toEqual(before);
    }
    // Replacing the CA leaves the encryption key alone.
    expect(render('--force-regenerate=ca', '--i-understand-this-replaces-the-ca').status).toBe(0);
    expect(snapshot()['encryption-key']).toBe(before['encryption-key']);
    const replaced = render(
      '--force-regenerate=encryption-key',
      '--i-understand-this-replaces-the-encryption-key',
    );
    expect(replaced.status).toBe(0);
    expect(replaced.stdout).toContain('Generated in credentials/: encryption-key\n');
    const after = snapshot()['encryption-key']!;
    expect(after).not.toBe(before['encryption-key']);
    expect(after).toMatch(/ 600 /);
  });

  it('rejects an encryption key that is not 32 bytes of base64, and keeps it', () => {
    render();
    const path = join(dir, 'credentials', 'encryption-key');
    writeFileSync(path, `${Buffer.alloc(16).toString('base64')}\n`);
    const run = render();
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      'credentials/encryption-key: must hold the base64 of exactly 32 bytes (44 characters ending in =)',
    );
    expect(readFileSync(path, 'utf8')).toBe(`${Buffer.alloc(16).toString('base64')}\n`);
  });

  it('leaves the controller-manager and scheduler files of an older kube-aws alone', () => {
    render();
    const credentials = join(dir, 'credentials');
    const old = ['controller-manager', 'scheduler'].flatMap((name) => [
      `${name}.pem`,
      `${name}-key.pem`,
      `${name}-key.pem.enc`,
      `${name}-key.pem.sha256`,
    ]);
    for (const name of old)
      writeFileSync(join(credentials, name), readFileSync(join(credentials, 'admin.pem')), {
        mode: 0o600,
      });
    const before = snapshot();
    const run = render();
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).not.toMatch(/controller-manager|scheduler/);
    expect(snapshot()).toEqual(before);
  });

  it('keeps a certificate the user brought and rejects it, by file name, when it lacks a SAN', () => {
    render();
    const credentials = join(dir, 'credentials');
    execFileSync('openssl', [
      'req',
      '-new',
      '-key',
      join(credentials, 'apiserver-key.pem'),
      '-subj',
      '/CN=kube-apiserver',
      '-out',
      join(dir, 'api.csr'),
    ]);
    writeFileSync(
      join(dir, 'ext.cnf'),
      'subjectAltName=DNS:kubernetes\nextendedKeyUsage=serverAuth\n',
    );
    execFileSync(
      'openssl',
      [
        'x509',
        '-req',
        '-in',
        join(dir, 'api.csr'),
        '-CA',
        join(credentials, 'ca.pem'),
        '-CAkey',
        join(credentials, 'ca-key.pem'),
        '-set_serial',
        '99',
        '-days',
        '30',
        '-extfile',
        join(dir, 'ext.cnf'),
        '-out',
        join(credentials, 'apiserver.pem'),
      ],
      { stdio: 'ignore' },
    );
    const own = readFileSync(join(credentials, 'apiserver.pem'), 'utf8');
    const run = render();
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      'credentials/apiserver.pem: lacks the subject alternative names DNS:my-cluster-endpoint.example.com',
    );
    expect(readFileSync(join(credentials, 'apiserver.pem'), 'utf8')).toBe(own);
  });

  it('tightens a key file the user left readable by others', () => {
    render();
    chmodSync(join(dir, 'credentials', 'admin-key.pem'), 0o644);
    const run = render();
    expect(run.stderr).toContain(
      'credentials/admin-key.pem was readable by others; its mode is now 0600',
    );
    expect(statSync(join(dir, 'credentials', 'admin-key.pem')).mode & 0o777).toBe(0o600);
  });

  it('writes a kubeconfig that kubectl reads, naming files that exist', () => {
    render();
    const kubeconfig = join(dir, 'kubeconfig');
    const view = JSON.parse(
      execFileSync(
        'kubectl',
        ['config', 'view', `--kubeconfig=${kubeconfig}`, '--raw', '-o', 'json'],
        { encoding: 'utf8' },
      ),
    ) as {
      clusters: { cluster: { server: string; 'certificate-authority': string } }[];
      users: { user: { 'client-certificate': string; 'client-key': string } }[];
      'current-context': string;
    };
    expect(view.clusters[0]!.cluster.server).toBe('https://my-cluster-endpoint.example.com');
    expect(view['current-context']).toBe('my-cluster-name');
    const paths = [
      view.clusters[0]!.cluster['certificate-authority'],
      view.users[0]!.user['client-certificate'],
      view.users[0]!.user['client-key'],
    ];
    for (const path of paths)
      expect(existsSync(resolve(dirname(kubeconfig), path)), path).toBe(true);
  });

  it('says to run init first when there is no cluster.yaml', () => {
    const empty = mkdtempSync(join(tmpdir(), 'kube-aws-empty-'));
    const run = runCli(['render', 'credentials'], empty);
    rmSync(empty, { recursive: true, force: true });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('there is no cluster.yaml in');
    expect(run.stderr).toContain('run kube-aws init first');
  });

  it('shows the certificates with subject, SANs, key type and days left', () => {
    render();
    const run = runCli(['show', 'certificates'], dir);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(
      'credentials/admin.pem\n  subject:  O=system:masters, CN=kube-admin\n  issuer:   CN=kube-ca\n  SANs:     -\n  key:      ECDSA P-256\n',
    );
    expect(run.stdout).toMatch(
      /credentials\/apiserver\.pem[\s\S]*IP:10\.3\.0\.1[\s\S]*\((89|90) days\)/,
    );
  });

  it('warns about a certificate that expires within 30 days', () => {
    writeFileSync(
      join(dir, 'cluster.yaml'),
      readFileSync(join(dir, 'cluster.yaml'), 'utf8') + 'tlsCertDurationDays: 10\n',
    );
    render();
    const run = runCli(['show', 'certificates'], dir);
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(
      /^warning: credentials\/apiserver\.pem expires in (9|10) days; renew it with kube-aws rotate certificates \(before kube-aws up: kube-aws render credentials --force-regenerate=apiserver\)$/m,
    );
  });

  it('fails on an expired certificate, and render refuses to use it', async () => {
    const { config } = loadClusterConfig(readFileSync(join(dir, 'cluster.yaml'), 'utf8'));
    const old = await generateCredentials(config, new Map(), {
      now: new Date(Date.now() - 200 * 86_400_000),
    });
    render();
    for (const name of ['ca.pem', 'ca-key.pem', 'admin.pem', 'admin-key.pem'])
      writeFileSync(join(dir, 'credentials', name), old.files.get(name)!.content);
    const show = runCli(['show', 'certificates'], dir);
    expect(show.status).toBe(1);
    expect(show.stderr).toMatch(/^error: credentials\/admin\.pem expired on /m);
    const again = render();
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/credentials\/admin\.pem: expired on /);
  });
});
