import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadClusterConfig } from '@kube-aws/config-schema';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActionError, commitAssets, committedAssetFiles } from '../src/index.js';

const CLUSTER_YAML = `clusterName: unit
externalDNSName: kube.example.com
region: us-west-1
availabilityZone: us-west-1b
keyName: k
kmsKeyArn: arn:aws:kms:us-west-1:123456789012:key/00000000-0000-4000-8000-000000000000
`;
const { config } = loadClusterConfig(CLUSTER_YAML);
const MARKER = ['-----BEGIN', 'PRIVATE KEY-----'].join(' ');

let scratch: string;
let origin: string;
let work: string;

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.com', ...args], {
    cwd,
    encoding: 'utf8',
  });
}

function write(path: string, content: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
}

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'kube-aws-commit-'));
  origin = join(scratch, 'origin.git');
  work = join(scratch, 'work');
  git(scratch, 'init', '-q', '--bare', '-b', 'main', origin);
  git(scratch, 'clone', '-q', origin, work);
  write(join(work, 'infra', 'cluster.yaml'), CLUSTER_YAML);
  // As kube-aws render leaves credentials/: ignored as a whole.
  write(join(work, 'infra', 'credentials', '.gitignore'), '*\n');
  write(join(work, 'infra', 'credentials', 'ca.pem'), '-----BEGIN CERTIFICATE-----\n');
  write(join(work, 'infra', 'credentials', 'ca-key.pem'), `${MARKER}\n`);
  write(join(work, 'infra', 'credentials', 'ca-key.pem.enc'), 'sealed');
  write(join(work, 'infra', 'credentials', 'ca-key.pem.sha256'), 'ab\n');
});

afterEach(() => rmSync(scratch, { recursive: true, force: true }));

const options = () => ({
  repositoryRoot: work,
  assetDirectory: join(work, 'infra'),
  config,
  message: 'assets [skip ci]',
  ref: 'refs/heads/main',
});

describe('commitAssets', () => {
  it('commits the listed assets of a subdirectory (sealed ones despite .gitignore) and pushes', async () => {
    const result = await commitAssets(options());
    expect(result.files).toEqual([
      'infra/cluster.yaml',
      'infra/credentials/ca-key.pem.enc',
      'infra/credentials/ca-key.pem.sha256',
      'infra/credentials/ca.pem',
    ]);
    expect(git(origin, 'rev-parse', 'main').trim()).toBe(result.commit);
    expect(git(origin, 'log', '-1', '--format=%an <%ae>%n%s')).toBe(
      'github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>\nassets [skip ci]\n',
    );
    expect(git(origin, 'ls-tree', '-r', '--name-only', 'main')).not.toContain('ca-key.pem\n');
  });

  it('makes no commit when nothing changed', async () => {
    await commitAssets(options());
    const again = await commitAssets(options());
    expect(again).toEqual({ commit: undefined, files: [] });
    expect(git(origin, 'rev-list', '--count', 'main').trim()).toBe('1');
  });

  it('refuses, unstages everything and commits nothing when a staged file holds a private key', async () => {
    write(join(work, 'infra', 'cluster.yaml'), `${CLUSTER_YAML}# ${MARKER}\n`);
    let error: unknown;
    await commitAssets(options()).catch((caught: unknown) => (error = caught));
    expect(ActionError.is(error) && error.code).toBe('PLAINTEXT_SECRET');
    expect((error as Error).message).toBe(
      'refusing to commit: infra/cluster.yaml would put a plaintext secret in git. Nothing was committed or deployed.',
    );
    expect(git(work, 'diff', '--cached', '--name-only')).toBe('');
    expect(() => git(origin, 'rev-parse', '--verify', '-q', 'main')).toThrow();
  });

  it('commits only its own files, leaving what another step staged', async () => {
    write(join(work, 'notes.txt'), 'staged by someone else\n');
    git(work, 'add', 'notes.txt');
    const result = await commitAssets(options());
    expect(result.files).not.toContain('notes.txt');
    expect(git(origin, 'ls-tree', '-r', '--name-only', 'main')).not.toContain('notes.txt');
    expect(git(work, 'diff', '--cached', '--name-only')).toBe('notes.txt\n');
  });

  it('refuses to push to something that is not a branch, before staging anything', async () => {
    let error: unknown;
    await commitAssets({ ...options(), ref: 'refs/pull/7/merge' }).catch(
      (caught: unknown) => (error = caught),
    );
    expect(ActionError.is(error) && error.code).toBe('INPUT_INVALID');
    expect((error as Error).message).toContain('refs/pull/7/merge is not a branch');
    expect(git(work, 'diff', '--cached', '--name-only')).toBe('');
  });

  it('lists no plaintext secret among the files it would ever add', () => {
    const files = committedAssetFiles(config);
    expect(
      files.filter((file) => /-key\.pem$|bootstrap-token$|encryption-key$/.test(file)),
    ).toEqual([]);
    // 13 keys, the bootstrap token and the encryption key.
    expect(files.filter((file) => file.endsWith('.enc'))).toHaveLength(15);
    expect(files).toContain('credentials/encryption-key.enc');
    expect(files.filter((file) => /controller-manager|scheduler/.test(file))).toEqual([]);
  });

  it("fails with git's words when the push is refused", async () => {
    rmSync(origin, { recursive: true, force: true });
    let error: unknown;
    await commitAssets(options()).catch((caught: unknown) => (error = caught));
    expect(ActionError.is(error) && error.code).toBe('GIT_FAILED');
    expect((error as Error).message).toMatch(/^git push failed: /);
  });
});
