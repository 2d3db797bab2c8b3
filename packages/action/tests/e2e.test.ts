import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CloudFormationClient,
  DescribeStacksCommand,
  GetTemplateCommand,
  ListChangeSetsCommand,
} from '@aws-sdk/client-cloudformation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { MOTO_ACCOUNT, prepareMotoAccount } from '../../../testing/motoAccount.js';
import { startDecryptDenied } from '../../../testing/kmsDecryptDenied.js';
import { motoClientConfig, startMoto } from '../../../testing/motoServer.js';
import type { MotoServer } from '../../../testing/motoServer.js';
import { startGitHubStandIn } from './githubStandIn.js';
import type { GitHubStandIn } from './githubStandIn.js';
import { ROOT, runAction } from './runAction.js';
import type { ActionEvent, ActionRun, Runtime } from './runAction.js';

const REGION = 'us-west-1';
const CLI = join(ROOT, 'packages', 'cli', 'dist', 'bin.js');
const PRIVATE_KEY = /-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY-----/;
// Assembled at run time, so no tracked file holds a private-key header.
const PKCS8_HEADER = ['-----BEGIN', 'PRIVATE KEY-----'].join(' ');
const SECRET_FILE = /^credentials\/([a-z-]+-key\.pem|bootstrap-token|encryption-key)$/;

/** action.yml's inputs with their defaults, as the runner sets them. */
const DEFAULT_INPUTS = Object.fromEntries(
  Object.entries(
    (
      parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
        inputs: Record<string, { default: string }>;
      }
    ).inputs,
  ).map(([name, input]) => [
    name,
    input.default === '${{ github.token }}' ? 'token-for-tests' : input.default,
  ]),
);

function git(cwd: string, args: string[]): string {
  return execFileSync(
    'git',
    ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args],
    { cwd, encoding: 'utf8' },
  );
}

describe.each<Runtime>(['node', 'deno'])(
  'the action on %s, against moto and a bare repo',
  (runtime) => {
    const clusterName = `gitops-${runtime}`;
    let moto: MotoServer;
    let github: GitHubStandIn;
    let keyArn: string;
    let scratch: string;
    let origin: string;
    let cloudFormation: CloudFormationClient;
    /** Every line the action printed, scanned for secrets at the end. */
    const transcript: string[] = [];
    const masked: string[] = [];

    /** A fresh runner: a clone of the bare repository at `branch`, as actions/checkout leaves it. */
    function checkout(branch = 'main'): string {
      const workspace = mkdtempSync(join(scratch, 'workspace-'));
      git(scratch, ['clone', '-q', '--branch', branch, origin, workspace]);
      return workspace;
    }

    function head(workspace: string): string {
      return git(workspace, ['rev-parse', 'HEAD']).trim();
    }

    function pushEvent(workspace: string): ActionEvent {
      return {
        name: 'push',
        ref: 'refs/heads/main',
        sha: head(workspace),
        payload: { ref: 'refs/heads/main', repository: { default_branch: 'main' } },
      };
    }

    async function act(
      workspace: string,
      event: ActionEvent,
      inputs: Record<string, string> = {},
      endpoint = moto.endpoint,
    ): Promise<ActionRun> {
      const run = await runAction(
        runtime,
        workspace,
        event,
        { ...DEFAULT_INPUTS, ...inputs },
        {
          AWS_ENDPOINT_URL: endpoint,
          AWS_ACCESS_KEY_ID: 'testing',
          AWS_SECRET_ACCESS_KEY: 'testing',
          AWS_REGION: REGION,
          GITHUB_API_URL: github.url,
          KUBE_AWS_POLL_INTERVAL_MS: '200',
          KUBE_AWS_FLATCAR_OWNER: MOTO_ACCOUNT,
        },
      );
      // ::add-mask:: hands each secret to the runner, which hides it and never prints the command:
      // the one place a secret may pass. Everything else must be free of them.
      const lines = run.stdout.split('\n');
      masked.push(...lines.filter((line) => line.startsWith('::add-mask::')));
      const printed = lines.filter((line) => !line.startsWith('::add-mask::')).join('\n');
      transcript.push(printed, run.stderr, run.summary, JSON.stringify(run.outputs));
      return run;
    }

    function initCluster(workspace: string): void {
      const init = spawnSync(
        process.execPath,
        [
          CLI,
          'init',
          `--cluster-name=${clusterName}`,
          '--external-dns-name=kube.example.com',
          `--region=${REGION}`,
          '--availability-zone=us-west-1b',
          '--key-name=key-pair-name',
          `--kms-key-arn=${keyArn}`,
        ],
        { cwd: workspace, encoding: 'utf8' },
      );
      expect(init.stderr).toBe('');
    }

    function pullRequestEvent(workspace: string, number: number, branch: string): ActionEvent {
      return {
        name: 'pull_request',
        ref: `refs/pull/${number}/merge`,
        sha: head(workspace),
        payload: {
          action: 'synchronize',
          number,
          pull_request: { number, head: { ref: branch } },
          repository: {
            default_branch: 'main',
            name: 'infrastructure',
            owner: { login: 'example' },
          },
        },
      };
    }

    function commitAndPush(workspace: string, message: string, branch = 'main'): void {
      git(workspace, ['add', 'cluster.yaml']);
      git(workspace, ['commit', '-q', '-m', message]);
      git(workspace, ['push', '-q', 'origin', `HEAD:refs/heads/${branch}`]);
    }

    function editWorkerCount(workspace: string, count: number): void {
      const path = join(workspace, 'cluster.yaml');
      const text = readFileSync(path, 'utf8');
      const edited = text.includes('#worker:\n#  count: 1')
        ? text.replace('#worker:\n#  count: 1', `worker:\n  count: ${count}`)
        : text.replace(/^worker:\n {2}count: \d+$/m, `worker:\n  count: ${count}`);
      expect(edited).not.toBe(text);
      writeFileSync(path, edited);
    }

    async function stackState() {
      const { Stacks } = await cloudFormation.send(
        new DescribeStacksCommand({ StackName: clusterName }),
      );
      const { TemplateBody } = await cloudFormation.send(
        new GetTemplateCommand({ StackName: clusterName }),
      );
      return {
        status: Stacks![0]!.StackStatus,
        updated: Stacks![0]!.LastUpdatedTime?.toISOString(),
        template: TemplateBody,
      };
    }

    beforeAll(async () => {
      moto = await startMoto();
      github = await startGitHubStandIn();
      ({ keyArn } = await prepareMotoAccount(moto.endpoint, REGION));
      cloudFormation = new CloudFormationClient(motoClientConfig(moto.endpoint, REGION));
      scratch = mkdtempSync(join(tmpdir(), `kube-aws-action-${runtime}-`));
      origin = join(scratch, 'origin.git');
      git(scratch, ['init', '-q', '--bare', '-b', 'main', origin]);
      // The repository before kube-aws: a README on main.
      const first = mkdtempSync(join(scratch, 'seed-'));
      git(first, ['init', '-q', '-b', 'main']);
      writeFileSync(join(first, 'README.md'), '# infrastructure\n');
      git(first, ['add', 'README.md']);
      git(first, ['commit', '-q', '-m', 'Start']);
      git(first, ['remote', 'add', 'origin', origin]);
      git(first, ['push', '-q', 'origin', 'main']);
    }, 120_000);

    afterAll(async () => {
      await moto?.stop();
      await github?.stop();
      if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
    });

    it('a pull request adding cluster.yaml plans the create, leaves no stack, commits nothing', async () => {
      const workspace = checkout();
      git(workspace, ['checkout', '-q', '-b', 'add-cluster']);
      initCluster(workspace);
      commitAndPush(workspace, 'Add the cluster', 'add-cluster');
      const commitsBefore = git(origin, ['rev-list', '--all']);
      github.requests.length = 0;

      const run = await act(workspace, pullRequestEvent(workspace, 6, 'add-cluster'));
      expect(run.stderr).toBe('');
      expect(run.status, run.stdout).toBe(0);
      expect(run.outputs['stack-status']).toBe('NONE');
      expect(Number(run.outputs['change-count'])).toBeGreaterThan(20);
      expect(run.summary).toContain(`Create \`${clusterName}\`: `);
      // The change set's REVIEW_IN_PROGRESS stack went with it.
      const statuses = await cloudFormation
        .send(new DescribeStacksCommand({ StackName: clusterName }))
        .then(
          ({ Stacks }) => (Stacks ?? []).map((stack) => stack.StackStatus),
          () => [],
        );
      expect(statuses.filter((status) => status !== 'DELETE_COMPLETE')).toEqual([]);
      expect(git(origin, ['rev-list', '--all'])).toBe(commitsBefore);
      const writes = github.requests.filter((request) => request.method !== 'GET');
      expect(writes.map((request) => `${request.method} ${request.path}`)).toEqual([
        'POST /repos/example/infrastructure/issues/6/comments',
      ]);
      // A plan writes nothing: no credentials/, no key, no template, in the checkout.
      expect(git(workspace, ['status', '--porcelain', '--untracked-files=all'])).toBe('');
      expect(existsSync(join(workspace, 'credentials'))).toBe(false);
    });

    it('a push with a new cluster.yaml creates the stack and commits the sealed assets once', async () => {
      const workspace = checkout();
      initCluster(workspace);
      commitAndPush(workspace, 'Add the cluster');
      const before = git(origin, ['rev-list', '--count', 'main']).trim();

      const run = await act(workspace, pushEvent(workspace));
      expect(run.stderr).toBe('');
      expect(run.status, run.stdout).toBe(0);
      expect(run.outputs['stack-status']).toBe('CREATE_COMPLETE');
      expect(run.outputs['controller-ip']).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
      expect(run.outputs['api-endpoint']).toBe('https://kube.example.com');
      expect(Number(run.outputs['change-count'])).toBeGreaterThan(20);
      expect(run.outputs['has-replacements']).toBe('false');
      expect(run.summary).toMatch(/^\| Change \| Resource \| Type \| Properties \|$/m);
      expect(run.summary).toMatch(
        /^\| add \| `AutoScaleController0` \| `AWS::AutoScaling::AutoScalingGroup` \| {2}\|$/m,
      );
      // Outputs are kebab-case; the stack's own outputs are one JSON object.
      expect(Object.keys(run.outputs).filter((name) => !/^[a-z]+(-[a-z]+)*$/.test(name))).toEqual(
        [],
      );
      expect(JSON.parse(run.outputs['stack-outputs']!)).toMatchObject({
        ControllerIP: run.outputs['controller-ip'],
      });
      expect(run.summary).toContain(`Create \`${clusterName}\`: `);
      expect(run.stdout).toMatch(
        runtime === 'node' ? / on Node v\d+\.\d+\.\d+$/m : / on Deno 2\.\d+\.\d+$/m,
      );
      expect(run.stdout).toMatch(/^Generated in credentials\/: ca, etcd-ca, /m);
      expect(run.stdout).toMatch(/^Sealed with KMS: ca-key\.pem, /m);

      // One commit, pushed to the bare repository, with the rendered and sealed assets.
      expect(Number(git(origin, ['rev-list', '--count', 'main']).trim())).toBe(Number(before) + 1);
      const files = git(origin, ['ls-tree', '-r', '--name-only', 'main']).trim().split('\n');
      for (const file of [
        'cluster.yaml',
        'cloud-config/cloud-config-controller',
        'cloud-config/cloud-config-worker',
        'stack-template.json',
        'kubeconfig',
        '.kube-aws/ami.json',
        'credentials/ca.pem',
        'credentials/ca-key.pem.enc',
        'credentials/ca-key.pem.sha256',
        'credentials/bootstrap-token.enc',
        'credentials/encryption-key.enc',
        'credentials/encryption-key.sha256',
      ])
        expect(files, file).toContain(file);
      expect(files.filter((file) => SECRET_FILE.test(file))).toEqual([]);
      expect(files.filter((file) => file.endsWith('.enc'))).toHaveLength(15);
      const message = git(origin, ['log', '-1', '--format=%s%n%an', 'main']);
      expect(message).toBe(
        'kube-aws: render and seal the cluster assets [skip ci]\ngithub-actions[bot]\n',
      );
      expect(run.outputs['assets-commit']).toBe(git(origin, ['rev-parse', 'main']).trim());
      // The runner keeps no plaintext secret once the step is over.
      expect(
        readdirSync(join(workspace, 'credentials')).filter((name) =>
          SECRET_FILE.test(`credentials/${name}`),
        ),
      ).toEqual([]);
    });

    it('no plaintext key is anywhere in the repository: tree, history or objects', () => {
      const objects = git(origin, ['rev-list', '--objects', '--all'])
        .trim()
        .split('\n')
        .map((line) => line.split(' ')[0]!);
      expect(objects.length).toBeGreaterThan(20);
      for (const object of objects) {
        const type = git(origin, ['cat-file', '-t', object]).trim();
        if (type !== 'blob') continue;
        const content = execFileSync('git', ['cat-file', 'blob', object], { cwd: origin });
        expect(PRIVATE_KEY.test(content.toString('latin1')), object).toBe(false);
      }
      const history = git(origin, ['log', '--all', '--name-only', '--format=']);
      expect(history.split('\n').filter((file) => SECRET_FILE.test(file))).toEqual([]);
    });

    it('a second push changing the worker count plans one modification, seals nothing anew, deploys', async () => {
      const workspace = checkout();
      editWorkerCount(workspace, 2);
      commitAndPush(workspace, 'Two workers');
      const sealedBefore = git(origin, ['ls-tree', '-r', 'main', '--', 'credentials']);

      const run = await act(workspace, pushEvent(workspace));
      expect(run.stderr).toBe('');
      expect(run.status, run.stdout).toBe(0);
      expect(run.stdout).toMatch(/^Opened with KMS: ca-key\.pem, /m);
      expect(run.stdout).not.toContain('Sealed with KMS');
      expect(run.stdout).not.toContain('Generated in credentials/');
      expect(run.outputs['change-count']).toBe('1');
      expect(run.outputs['has-replacements']).toBe('false');
      expect(run.summary).toContain(
        `Update \`${clusterName}\`: 0 to add, 1 to modify, 0 to replace, 0 to remove.`,
      );
      expect(run.summary).toMatch(
        /^\| modify \| `AutoScaleWorkerDefault` \| `AWS::AutoScaling::AutoScalingGroup` \| {2}\|$/m,
      );
      expect(run.outputs['stack-status']).toBe('UPDATE_COMPLETE');
      // The credentials in git are byte for byte those of the first run: same CA, same ciphertexts.
      expect(git(origin, ['ls-tree', '-r', 'main', '--', 'credentials'])).toBe(sealedBefore);
      const template = JSON.parse((await stackState()).template!) as {
        Resources: Record<string, { Properties: Record<string, unknown> }>;
      };
      expect(template.Resources['AutoScaleWorkerDefault']!.Properties['DesiredCapacity']).toBe('2');
    });

    it('a pull request runs in plan mode with a role that may not decrypt: one comment, no write, no stack change, no commit', async () => {
      const workspace = checkout();
      git(workspace, ['checkout', '-q', '-b', 'three-workers']);
      editWorkerCount(workspace, 3);
      commitAndPush(workspace, 'Three workers', 'three-workers');
      const before = await stackState();
      const commitsBefore = git(origin, ['rev-list', '--all']);
      github.requests.length = 0;

      // The plan role of docs/gitops.md: KMS Decrypt is refused, as AWS refuses it.
      const planRole = await startDecryptDenied(moto.endpoint);
      let run: ActionRun;
      let kmsCalls: string[];
      try {
        run = await act(
          workspace,
          pullRequestEvent(workspace, 7, 'three-workers'),
          {},
          planRole.endpoint,
        );
        kmsCalls = planRole.kmsCalls();
      } finally {
        await planRole.stop();
      }
      expect(run.stderr).toBe('');
      expect(run.status, run.stdout).toBe(0);
      // Read-only: no key opened or sealed, nothing written to the checkout.
      expect(kmsCalls.filter((call) => call !== 'DescribeKey')).toEqual([]);
      expect(git(workspace, ['status', '--porcelain', '--untracked-files=all'])).toBe('');
      expect(run.stdout).not.toContain('Opened with KMS');
      expect(run.stdout).not.toContain('Sealed with KMS');
      expect(run.stdout).toContain(`kube-aws plan (pull_request refs/pull/7/merge)`);
      expect(run.outputs['change-count']).toBe('1');
      expect(run.outputs['stack-status']).toBe('UPDATE_COMPLETE');
      expect(await stackState()).toEqual(before);
      const { Summaries } = await cloudFormation.send(
        new ListChangeSetsCommand({ StackName: clusterName }),
      );
      // moto lists executed change sets too; none may be left waiting.
      expect(
        (Summaries ?? []).filter((summary) => summary.ExecutionStatus !== 'EXECUTE_COMPLETE'),
      ).toEqual([]);
      expect(git(origin, ['rev-list', '--all'])).toBe(commitsBefore);

      const writes = github.requests.filter((request) => request.method !== 'GET');
      expect(writes).toHaveLength(1);
      expect(writes[0]!.method).toBe('POST');
      expect(writes[0]!.path).toBe('/repos/example/infrastructure/issues/7/comments');
      expect(writes[0]!.authorization).toBe('token token-for-tests');
      const body = (writes[0]!.body as { body: string }).body;
      expect(body).toContain('<!-- kube-aws-plan -->');
      expect(body).toMatch(
        /^\| modify \| `AutoScaleWorkerDefault` \| `AWS::AutoScaling::AutoScalingGroup` \| {2}\|$/m,
      );
      expect(body.startsWith(`<!-- kube-aws-plan -->\n### kube-aws plan: \`${clusterName}\``)).toBe(
        true,
      );
      expect(run.summary).toContain(body.split('\n').find((line) => line.startsWith('| modify'))!);
    });

    it('refuses mode deploy on a pull request, and pull_request_target in any mode, before anything runs', async () => {
      const workspace = checkout();
      editWorkerCount(workspace, 4);
      const before = await stackState();
      const commitsBefore = git(origin, ['rev-list', '--all']);
      github.requests.length = 0;

      const deploy = await act(workspace, pullRequestEvent(workspace, 9, 'main'), {
        mode: 'deploy',
      });
      expect(deploy.status).toBe(1);
      expect(deploy.stdout).toMatch(/^kube-aws deploy \(pull_request refs\/pull\/9\/merge\) in /m);
      expect(deploy.stdout).toContain(
        '::error::kube-aws: refusing mode deploy on a pull_request event: a pull request is not merged yet',
      );
      const target = await act(workspace, {
        ...pullRequestEvent(workspace, 9, 'main'),
        name: 'pull_request_target',
      });
      expect(target.status).toBe(1);
      expect(target.stdout).toContain(
        "::error::kube-aws: refusing to run on pull_request_target: it gives a pull request's run the base repository's secrets",
      );
      for (const run of [deploy, target]) {
        expect(run.outputs).toEqual({});
        expect(run.stdout).not.toContain('Render the asset directory');
      }
      expect(await stackState()).toEqual(before);
      expect(git(origin, ['rev-list', '--all'])).toBe(commitsBefore);
      expect(github.requests).toEqual([]);
    });

    it('a pull request whose template tries to run code fails its plan at that line; nothing runs', async () => {
      const workspace = checkout();
      git(workspace, ['checkout', '-q', '-b', 'escape']);
      const marker = join(scratch, `pwned-${runtime}`);
      const path = join(workspace, 'cloud-config', 'cloud-config-controller');
      const write = `globalThis.process.getBuiltinModule('fs').writeFileSync('${marker}', 'x')`;
      writeFileSync(
        path,
        readFileSync(path, 'utf8').replace('\n', `\n# {{ range.constructor("${write}")() }}\n`),
      );
      git(workspace, ['add', 'cloud-config/cloud-config-controller']);
      commitAndPush(workspace, 'A template that runs code', 'escape');
      const run = await act(workspace, pullRequestEvent(workspace, 8, 'escape'));
      expect(existsSync(marker)).toBe(false);
      expect(run.status).toBe(1);
      expect(run.stdout).toContain('calling a function is not allowed in a kube-aws template');
      expect(run.stdout).toContain('cloud-config/cloud-config-controller');
    });

    it('a broken cluster.yaml fails the step with an annotation at its line', async () => {
      const workspace = checkout();
      const path = join(workspace, 'cluster.yaml');
      writeFileSync(
        path,
        readFileSync(path, 'utf8').replace(/^worker:\n {2}count: \d+$/m, 'worker:\n  count: three'),
      );
      const line = readFileSync(path, 'utf8').split('\n').indexOf('  count: three') + 1;
      expect(line).toBeGreaterThan(0);
      commitAndPush(workspace, 'Oops');
      const run = await act(workspace, pushEvent(workspace));
      expect(run.status).toBe(1);
      expect(run.stdout).toContain(
        `::error file=cluster.yaml,line=${line},col=3::worker.count: must be a whole number ≥ 0 (got "three")`,
      );
      expect(run.stdout).toMatch(/^::error::kube-aws: cluster.yaml has problems:/m);
      // Stopped before anything was opened or rendered: no plaintext secret on the runner.
      expect(
        readdirSync(join(workspace, 'credentials')).filter((name) =>
          SECRET_FILE.test(`credentials/${name}`),
        ),
      ).toEqual([]);
    });

    it('printed no private key and no plaintext secret', () => {
      const text = transcript.join('\n');
      expect(text.length).toBeGreaterThan(1000);
      expect(text).not.toMatch(PRIVATE_KEY);
      // Each run that rendered masked every key, the whole PEM text and each of its lines.
      expect(
        masked.filter((line) => line.startsWith(`::add-mask::${PKCS8_HEADER}`)).length,
      ).toBeGreaterThanOrEqual(15);
    });
  },
);
