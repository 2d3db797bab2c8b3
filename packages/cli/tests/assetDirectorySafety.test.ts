import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  cpSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { loadClusterConfig } from '@kube-aws/config-schema';
import {
  CertificateAuthority,
  exportPrivateKey,
  generateCredentials,
  planCredentials,
} from '@kube-aws/pki';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from './runCli.js';
import { startMoto } from '../../../testing/motoServer.js';
import type { MotoServer } from '../../../testing/motoServer.js';
import { MOTO_ACCOUNT, prepareMotoAccount } from '../../../testing/motoAccount.js';

// The asset directory may come from someone else (a repository, a pull request) and kube-aws may
// run as root: nothing in it is followed, opened or chmod-ed unless it is the regular file or the
// directory it should be, and what kube-aws makes has its modes whatever the umask.
const REGION = 'us-west-1';
const DAY_MS = 24 * 60 * 60 * 1000;
const directories: string[] = [];
/** A rendered asset directory, copied for each case. */
let rendered: string;

function temporaryDirectory(): string {
  const directory = mkdtempSync(join(tmpdir(), 'kube-aws-safety-'));
  directories.push(directory);
  return directory;
}

function kubeAws(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
    // A FIFO read would block forever: a hang fails the test instead of stalling it.
    timeout: 20_000,
  });
}

/** Runs kube-aws with a umask, as `sh -c 'umask 000; exec node …'` does. */
function kubeAwsWithUmask(
  umask: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
) {
  return spawnSync('sh', ['-c', `umask ${umask}; exec "$0" "$@"`, process.execPath, BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
    timeout: 60_000,
  });
}

/** Path → mode and content hash of everything under `directory` (links as their target text). */
function snapshot(directory: string): Record<string, string> {
  const entries: Record<string, string> = {};
  const visit = (path: string) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const full = join(path, entry.name);
      const stats = lstatSync(full);
      const mode = (stats.mode & 0o777).toString(8);
      const key = relative(directory, full);
      if (entry.isDirectory()) {
        entries[`${key}/`] = mode;
        visit(full);
      } else if (entry.isFile()) {
        entries[key] = `${mode} ${createHash('sha256').update(readFileSync(full)).digest('hex')}`;
      } else {
        entries[key] = `${mode} ${entry.isSymbolicLink() ? 'link' : 'special'}`;
      }
    }
  };
  visit(directory);
  return entries;
}

/** A copy of the rendered asset directory. */
function renderedCopy(): string {
  const directory = join(temporaryDirectory(), 'assets');
  cpSync(rendered, directory, { recursive: true });
  return directory;
}

/** A file outside the asset directory that a planted link points at. */
function victim(content = 'root:x:0:0:root:/root:/bin/bash\n'): string {
  const path = join(temporaryDirectory(), 'passwd');
  writeFileSync(path, content);
  chmodSync(path, 0o644);
  return path;
}

beforeAll(() => {
  rendered = join(temporaryDirectory(), 'assets');
  const init = kubeAws(['init', '--sample', `--asset-dir=${rendered}`], tmpdir());
  expect(init.status, init.stderr).toBe(0);
  const render = kubeAws(['render'], rendered);
  expect(render.status, render.stderr).toBe(0);
});

afterAll(() => {
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

describe('a link planted in the asset directory', () => {
  it.each(['credentials/ca-key.pem', 'credentials/bootstrap-token', 'credentials/apiserver.pem'])(
    '%s: refused by name, and the file it points at keeps its mode and content',
    (file) => {
      const directory = renderedCopy();
      const target = victim();
      rmSync(join(directory, file));
      symlinkSync(target, join(directory, file));
      const before = snapshot(directory);
      for (const command of [['render'], ['validate', '--offline']]) {
        const run = kubeAws(command, directory);
        expect(run.status, run.stderr).toBe(1);
        expect(run.stderr).toContain(`${file} is a symbolic link, not a regular file`);
        expect(run.stderr).not.toContain('internal error');
      }
      expect(statSync(target).mode & 0o777).toBe(0o644);
      expect(readFileSync(target, 'utf8')).toBe('root:x:0:0:root:/root:/bin/bash\n');
      expect(snapshot(directory)).toEqual(before);
    },
  );

  it('for a key that is missing: refused, and nothing is written through it', () => {
    const directory = renderedCopy();
    const target = victim('');
    rmSync(join(directory, 'credentials', 'ca-key.pem'));
    rmSync(join(directory, 'credentials', 'ca.pem'));
    symlinkSync(target, join(directory, 'credentials', 'ca-key.pem'));
    const run = kubeAws(['render'], directory);
    expect(run.status, run.stderr).toBe(1);
    expect(run.stderr).toContain('credentials/ca-key.pem is a symbolic link');
    expect(readFileSync(target, 'utf8')).toBe('');
    expect(statSync(target).mode & 0o777).toBe(0o644);
  });

  it.each(['credentials', 'cloud-config'])(
    '%s/ itself: refused by name; the directory it points at is neither chmod-ed nor written',
    (name) => {
      const directory = renderedCopy();
      const elsewhere = join(temporaryDirectory(), name);
      cpSync(join(directory, name), elsewhere, { recursive: true });
      chmodSync(elsewhere, 0o755);
      for (const file of readdirSync(elsewhere)) chmodSync(join(elsewhere, file), 0o644);
      // Edited, so a render would rewrite what it finds if it followed the link.
      for (const file of readdirSync(elsewhere)) writeFileSync(join(elsewhere, file), 'x\n');
      rmSync(join(directory, name), { recursive: true });
      symlinkSync(elsewhere, join(directory, name));
      const before = snapshot(elsewhere);
      const run = kubeAws(['render', '--force'], directory);
      expect(run.status, run.stderr).toBe(1);
      expect(run.stderr).toContain(`${name} is a symbolic link, not a directory`);
      expect(statSync(elsewhere).mode & 0o777).toBe(0o755);
      expect(snapshot(elsewhere)).toEqual(before);
    },
  );

  it.each([
    ['a file elsewhere', () => victim('clusterName: elsewhere\n')],
    ['/dev/zero', () => '/dev/zero'],
  ])('cluster.yaml → %s: refused without reading it', (_, target) => {
    const directory = renderedCopy();
    rmSync(join(directory, 'cluster.yaml'));
    symlinkSync(target(), join(directory, 'cluster.yaml'));
    const run = kubeAws(['render'], directory);
    expect(run.signal).toBeNull();
    expect(run.status, run.stderr).toBe(1);
    expect(run.stderr).toContain('cluster.yaml is a symbolic link, not a regular file');
  });
});

describe('a FIFO named cluster.yaml', () => {
  it('is refused at once by render and validate, never opened (nothing writes to it)', () => {
    const directory = renderedCopy();
    rmSync(join(directory, 'cluster.yaml'));
    execFileSync('mkfifo', [join(directory, 'cluster.yaml')]);
    for (const command of [['render'], ['validate', '--offline']]) {
      const run = kubeAws(command, directory);
      expect(run.signal, 'kube-aws hung on the FIFO').toBeNull();
      expect(run.status, run.stderr).toBe(1);
      expect(run.stderr).toContain('cluster.yaml is a FIFO (named pipe), not a regular file');
    }
  });
});

describe('temporary files left by a killed kube-aws', () => {
  it('are removed when render starts, links among them removed and not followed', () => {
    const directory = renderedCopy();
    const target = victim();
    const planted = [
      'credentials/.ca-key.pem.0123456789ab.tmp',
      'cloud-config/.cloud-config-worker.a1b2c3d4e5f6.tmp',
      '.kubeconfig.ffffffffffff.tmp',
      '.kube-aws/.stack.json.0a0b0c0d0e0f.tmp',
      '.kube-aws/rendered/.stack-template.json.123456789abc.tmp',
      '.kube-aws/rendered/cloud-config/.addons.yaml.d2ab4afc9d85.tmp',
    ];
    // Assembled at run time, so no tracked file holds a private-key marker.
    const marker = ['-----BEGIN', 'PRIVATE KEY-----'].join(' ');
    for (const file of planted) writeFileSync(join(directory, file), `${marker}\n`);
    symlinkSync(target, join(directory, 'credentials', '.bootstrap-token.000000000000.tmp'));
    const run = kubeAws(['render'], directory);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain('Removed the temporary files of an interrupted kube-aws');
    const left = Object.keys(snapshot(directory)).filter((file) => file.endsWith('.tmp'));
    expect(left).toEqual([]);
    expect(readFileSync(target, 'utf8')).toBe('root:x:0:0:root:/root:/bin/bash\n');
  });
});

describe('a CA certificate without its key', () => {
  /** Leaves only these files of credentials/ (and its .gitignore). */
  function keepOnly(directory: string, keep: readonly string[]): void {
    for (const file of readdirSync(join(directory, 'credentials')))
      if (file !== '.gitignore' && !keep.includes(file))
        rmSync(join(directory, 'credentials', file));
  }

  it('left by an interrupted render (nothing sealed, nothing it signed) is made anew', () => {
    const directory = renderedCopy();
    keepOnly(directory, ['ca.pem']);
    const old = readFileSync(join(directory, 'credentials', 'ca.pem'), 'utf8');
    const run = kubeAws(['render'], directory);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain('credentials/ca.pem has no key');
    expect(readFileSync(join(directory, 'credentials', 'ca.pem'), 'utf8')).not.toBe(old);
    const validate = kubeAws(['validate', '--offline'], directory, { PATH: '', HOME: directory });
    expect(validate.status, validate.stderr).toBe(0);
  });

  it('is still refused when something is sealed: the cluster may be live', () => {
    const directory = renderedCopy();
    keepOnly(directory, ['ca.pem', 'bootstrap-token']);
    writeFileSync(join(directory, 'credentials', 'bootstrap-token.enc'), 'sealed');
    writeFileSync(join(directory, 'credentials', 'bootstrap-token.sha256'), 'f'.repeat(64));
    const before = snapshot(directory);
    const run = kubeAws(['render'], directory);
    expect(run.status, run.stderr).toBe(1);
    expect(run.stderr).toContain('refusing to make a new CA: credentials/ holds sealed secrets');
    expect(run.stderr).toContain('ca: credentials/ca-key.pem.enc is missing');
    expect(snapshot(directory)).toEqual(before);
  });

  it('is still refused when a certificate it signed is here (a CA brought without its key)', () => {
    const directory = renderedCopy();
    keepOnly(directory, ['ca.pem', 'apiserver.pem', 'apiserver-key.pem']);
    const run = kubeAws(['render'], directory);
    expect(run.status, run.stderr).toBe(1);
    expect(run.stderr).toContain('ca-key.pem is missing: put the CA key back');
  });
});

describe('a CA that is not valid now', () => {
  /** An asset directory whose credentials/ holds only a CA made by pki as if it were `madeAt`. */
  async function withCa(madeAt: Date, days: number): Promise<string> {
    const directory = join(temporaryDirectory(), 'assets');
    mkdirSync(join(directory, 'credentials'), { recursive: true, mode: 0o700 });
    copyFileSync(join(rendered, 'cluster.yaml'), join(directory, 'cluster.yaml'));
    const { config } = loadClusterConfig(readFileSync(join(directory, 'cluster.yaml')), 'x');
    const spec = planCredentials(config).find((each) => each.name === 'ca')!;
    const ca = await CertificateAuthority.create(spec.profile, {
      days,
      now: madeAt,
      keyAlgorithm: 'ecdsa-p256',
    });
    writeFileSync(join(directory, 'credentials', 'ca.pem'), ca.certificate.pem);
    writeFileSync(
      join(directory, 'credentials', 'ca-key.pem'),
      await exportPrivateKey(ca.keyPair),
      {
        mode: 0o600,
      },
    );
    return directory;
  }

  it('expired: render refuses with the fix and writes nothing, no leaf above all', async () => {
    const directory = await withCa(new Date(Date.now() - 400 * DAY_MS), 365);
    const before = snapshot(directory);
    const run = kubeAws(['render'], directory);
    expect(run.status, run.stderr).toBe(1);
    expect(run.stderr).toMatch(
      /ca\.pem expired on \S+, so nothing it signs would be trusted; make a new CA .*--force-regenerate=ca --i-understand-this-replaces-the-ca/,
    );
    expect(snapshot(directory)).toEqual(before);
  });

  it('expired, with every certificate it signed here: refused with the fix, nothing written', async () => {
    const directory = renderedCopy();
    const { config } = loadClusterConfig(readFileSync(join(directory, 'cluster.yaml')), 'x');
    // The whole set as a render two years ago made it (a CA of one year): all of it has expired.
    const set = await generateCredentials(config, new Map(), {
      now: new Date(Date.now() - 730 * DAY_MS),
    });
    for (const [name, file] of set.files)
      writeFileSync(join(directory, 'credentials', name), file.content, {
        mode: file.secret ? 0o600 : 0o644,
      });
    const before = snapshot(directory);
    const run = kubeAws(['render'], directory);
    expect(run.status, run.stderr).toBe(1);
    expect(run.stderr).toMatch(/^credentials\/ca\.pem: expired on /m);
    expect(run.stderr).toContain(
      'An expired CA is made anew with --force-regenerate=<ca> --i-understand-this-replaces-the-ca',
    );
    expect(snapshot(directory)).toEqual(before);
  });

  it('not yet valid: render refuses, says to check the clock, and writes nothing', async () => {
    const directory = await withCa(new Date(Date.now() + 2 * DAY_MS), 365);
    const before = snapshot(directory);
    const run = kubeAws(['render'], directory);
    expect(run.status, run.stderr).toBe(1);
    expect(run.stderr).toMatch(/ca\.pem is not valid before \S+ .*check this machine's clock/);
    expect(snapshot(directory)).toEqual(before);
  });
});

describe('modes whatever the umask', () => {
  let moto: MotoServer;
  let keyArn: string;

  beforeAll(async () => {
    moto = await startMoto();
    ({ keyArn } = await prepareMotoAccount(moto.endpoint, REGION));
  }, 180_000);

  afterAll(async () => {
    await moto?.stop();
  });

  /** What kube-aws means each path to be: directories 0755 but credentials/ 0700, secrets 0600. */
  function designed(path: string): number {
    if (path.endsWith('/')) return path === 'credentials/' ? 0o700 : 0o755;
    if (/(-key\.pem|^credentials\/(bootstrap-token|encryption-key))$/.test(path)) return 0o600;
    if (path === 'cluster.yaml' || path === 'kubeconfig') return 0o600;
    return 0o644;
  }

  it.each(['000', '077'])(
    'umask %s: init, render and up --export make every directory and file as designed',
    (umask) => {
      const parent = temporaryDirectory();
      const directory = join(parent, 'assets');
      const env = {
        AWS_ENDPOINT_URL: moto.endpoint,
        AWS_ACCESS_KEY_ID: 'testing',
        AWS_SECRET_ACCESS_KEY: 'testing',
        AWS_REGION: REGION,
        KUBE_AWS_FLATCAR_OWNER: MOTO_ACCOUNT,
      };
      const init = kubeAwsWithUmask(
        umask,
        [
          'init',
          '--cluster-name=umask',
          '--external-dns-name=umask.example.com',
          `--region=${REGION}`,
          `--availability-zone=${REGION}b`,
          '--key-name=key-pair-name',
          `--kms-key-arn=${keyArn}`,
          `--asset-dir=${directory}`,
        ],
        parent,
      );
      expect(init.status, init.stderr).toBe(0);
      for (const args of [['render'], ['up', '--export']]) {
        const run = kubeAwsWithUmask(umask, args, directory, env);
        expect(run.status, `${args.join(' ')}: ${run.stderr}`).toBe(0);
      }
      const modes = Object.fromEntries(
        Object.entries(snapshot(directory)).map(([path, entry]) => [
          path,
          Number.parseInt(entry.split(' ')[0]!, 8),
        ]),
      );
      expect(Object.keys(modes)).toEqual(
        expect.arrayContaining([
          '.kube-aws/',
          '.kube-aws/ami.json',
          'cloud-config/',
          'credentials/',
          'credentials/ca-key.pem.enc',
          'umask.stack-template.json',
        ]),
      );
      expect(statSync(directory).mode & 0o777).toBe(0o755);
      for (const [path, mode] of Object.entries(modes)) {
        expect(mode & 0o022, `${path} is writable by others`).toBe(0);
        expect(mode.toString(8), path).toBe(designed(path).toString(8));
      }
    },
    120_000,
  );
});
