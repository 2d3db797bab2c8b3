import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from './runCli.js';
import { startMoto } from '../../../testing/motoServer.js';
import type { MotoServer } from '../../../testing/motoServer.js';
import { MOTO_ACCOUNT, prepareMotoAccount } from '../../../testing/motoAccount.js';
import { startDecryptDenied } from '../../../testing/kmsDecryptDenied.js';
import type { DecryptDeniedEndpoint } from '../../../testing/kmsDecryptDenied.js';

// Issue 15: the GitOps story end to end, against moto, with a bare git repository as the remote.
const REGION = 'us-west-1';
let moto: MotoServer;
let denied: DecryptDeniedEndpoint;
let keyArn: string;
let root: string;
let remote: string;
let work: string;

function kubeAws(args: string[], cwd: string, endpoint = moto.endpoint) {
  return spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      NO_COLOR: '1',
      AWS_ENDPOINT_URL: endpoint,
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_REGION: REGION,
      KUBE_AWS_POLL_INTERVAL_MS: '200',
      KUBE_AWS_FLATCAR_OWNER: MOTO_ACCOUNT,
    },
  });
}

function git(args: string[], cwd: string): string {
  const run = spawnSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@example.com',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@example.com',
    },
  });
  if (run.status !== 0) throw new Error(`git ${args.join(' ')}: ${run.stderr}`);
  return run.stdout;
}

function clone(name: string): string {
  const path = join(root, name);
  git(['clone', '-q', remote, path], root);
  return path;
}

/** Every file under `dir` (outside .git) with its bytes and mtime: what "changes no file" compares. */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (path: string) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      if (entry.name === '.git') continue;
      const full = join(path, entry.name);
      if (entry.isDirectory()) walk(full);
      else
        files.set(
          relative(dir, full),
          `${statSync(full).mtimeMs} ${readFileSync(full).toString('base64')}`,
        );
    }
  };
  walk(dir);
  return files;
}

beforeAll(async () => {
  moto = await startMoto();
  denied = await startDecryptDenied(moto.endpoint);
  ({ keyArn } = await prepareMotoAccount(moto.endpoint, REGION));
  root = mkdtempSync(join(tmpdir(), 'kube-aws-gitops-'));
  remote = join(root, 'remote.git');
  git(['init', '-q', '--bare', '-b', 'main', remote], root);
  work = join(root, 'work');
  git(['init', '-q', '-b', 'main', work], root);
}, 180_000);

afterAll(async () => {
  await denied.stop();
  await moto.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('GitOps with a bare remote', () => {
  it('up needs no render, and after it git add -A stages the sealed files and no plaintext key', () => {
    const init = kubeAws(
      [
        'init',
        '--cluster-name=gitops',
        '--external-dns-name=gitops.example.com',
        `--region=${REGION}`,
        '--availability-zone=us-west-1b',
        '--key-name=key-pair-name',
        `--kms-key-arn=${keyArn}`,
      ],
      work,
    );
    expect(init.status).toBe(0);
    const up = kubeAws(['up', '--yes'], work);
    // moto lacks UpdateTerminationProtection; kube-aws warns and goes on.
    expect(up.stderr).toMatch(
      /^(warning: termination protection could not be turned on[^\n]*\n)?$/,
    );
    expect(up.status).toBe(0);
    expect(up.stdout).toContain('git add -A');
    git(['add', '-A'], work);
    const staged = git(['diff', '--cached', '--name-only'], work).trim().split('\n');
    expect(staged).toContain('credentials/ca-key.pem.enc');
    expect(staged).toContain('credentials/ca-key.pem.sha256');
    expect(staged).toContain('credentials/ca.pem');
    expect(staged).toContain('credentials/encryption-key.enc');
    expect(staged).toContain('.kube-aws/stack.json');
    expect(staged).toContain('stack-template.json');
    expect(
      staged.filter((file) => /-key\.pem$|bootstrap-token$|encryption-key$/.test(file)),
    ).toEqual([]);
    for (const file of staged)
      expect(readFileSync(join(work, file)).toString('latin1'), file).not.toContain(
        ['PRIVATE', 'KEY-----'].join(' '),
      );
    git(['commit', '-q', '-m', 'cluster'], work);
    git(['push', '-q', remote, 'main'], work);
  });

  it('a fresh clone renders with the same ca.pem', () => {
    const teammate = clone('teammate');
    const render = kubeAws(['render'], teammate);
    expect(render.stderr).toBe('');
    expect(render.status).toBe(0);
    expect(render.stdout).toMatch(/^Opened with KMS: ca-key\.pem, /m);
    expect(render.stdout).not.toMatch(/Generated in credentials\/: .*\bca\b/);
    expect(readFileSync(join(teammate, 'credentials', 'ca.pem'), 'utf8')).toBe(
      readFileSync(join(work, 'credentials', 'ca.pem'), 'utf8'),
    );
    expect(git(['status', '--porcelain'], teammate)).toBe('');
  });

  it('a fresh clone without kms:Decrypt is refused, and no new CA appears', () => {
    const outsider = clone('outsider');
    const before = snapshot(outsider);
    const render = kubeAws(['render'], outsider, denied.endpoint);
    expect(render.status).toBe(1);
    expect(render.stderr).toContain('cannot open the sealed secrets of credentials/ with KMS');
    expect(render.stderr).toContain('kms:Decrypt');
    expect(render.stderr).toContain('No new CA or key is made');
    expect(
      readdirSync(join(outsider, 'credentials')).filter((name) => name.endsWith('-key.pem')),
    ).toEqual([]);
    expect(readFileSync(join(outsider, 'credentials', 'ca.pem'), 'utf8')).toBe(
      readFileSync(join(work, 'credentials', 'ca.pem'), 'utf8'),
    );
    expect(snapshot(outsider)).toEqual(before);
  });

  it('a clone that lost the sealed CA key is refused by name, with no new CA', () => {
    const careless = clone('careless');
    rmSync(join(careless, 'credentials', 'ca-key.pem.enc'));
    rmSync(join(careless, 'credentials', 'ca.pem'));
    const render = kubeAws(['render'], careless);
    expect(render.status).toBe(1);
    expect(render.stderr).toContain('refusing to make a new CA');
    expect(render.stderr).toContain('credentials/ca-key.pem.enc is missing');
    expect(readdirSync(join(careless, 'credentials'))).not.toContain('ca.pem');
  });

  it('diff shows a cluster.yaml edit without render (exit 3), with no kms:Decrypt, and changes no file', () => {
    const planner = clone('planner');
    const yaml = join(planner, 'cluster.yaml');
    writeFileSync(
      yaml,
      readFileSync(yaml, 'utf8').replace('#worker:\n#  count: 1', 'worker:\n  count: 2'),
    );
    const before = snapshot(planner);
    denied.resetCalls();
    const diff = kubeAws(['diff'], planner, denied.endpoint);
    expect(diff.stderr).toBe('');
    expect(diff.status).toBe(3);
    expect(diff.stdout).toMatch(/AutoScaleWorkerDefault/);
    expect(denied.kmsCalls()).not.toContain('Encrypt');
    expect(denied.kmsCalls()).not.toContain('Decrypt');
    expect(snapshot(planner)).toEqual(before);
  });

  it('an edited stack template still receives the new count, and a true conflict is refused by path', () => {
    const editor = clone('editor');
    const stack = join(editor, 'stack-template.json');
    const template = JSON.parse(readFileSync(stack, 'utf8'));
    template.Description = 'our cluster, edited';
    writeFileSync(stack, JSON.stringify(template, null, 2) + '\n');
    const yaml = join(editor, 'cluster.yaml');
    writeFileSync(
      yaml,
      readFileSync(yaml, 'utf8').replace('#worker:\n#  count: 1', 'worker:\n  count: 3'),
    );
    const diff = kubeAws(['diff'], editor);
    expect(diff.status).toBe(3);
    expect(diff.stdout).toMatch(/AutoScaleWorkerDefault/);
    // A second pool changes the WorkerAutoScalingGroups output, which the user edited as well.
    template.Outputs.WorkerAutoScalingGroups.Value = 'edited';
    writeFileSync(stack, JSON.stringify(template, null, 2) + '\n');
    writeFileSync(
      yaml,
      readFileSync(yaml, 'utf8').replace(
        'worker:\n  count: 3',
        'worker:\n  count: 3\n  nodePools:\n    - name: default\n    - name: extra\n',
      ),
    );
    const before = snapshot(editor);
    const render = kubeAws(['render'], editor);
    expect(render.status).toBe(1);
    expect(render.stderr).toContain('stack-template.json: Outputs.WorkerAutoScalingGroups.Value');
    expect(snapshot(editor)).toEqual(before);
  });
});
