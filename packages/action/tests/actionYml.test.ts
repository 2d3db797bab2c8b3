import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { INPUT_DEFAULTS } from '../src/index.js';
import { ROOT } from './runAction.js';

interface ActionYml {
  inputs: Record<string, { description: string; default: string }>;
  outputs: Record<string, { description: string; value?: string }>;
  runs: {
    using: string;
    main?: string;
    steps?: { id?: string; uses?: string; env?: Record<string, string> }[];
  };
}

const node = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as ActionYml;
const deno = parse(readFileSync(join(ROOT, 'deno', 'action.yml'), 'utf8')) as ActionYml;

describe('action.yml', () => {
  it('runs the committed bundle on node24', () => {
    expect(node.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
  });

  it('declares each input the issue names, with a description and the default the code uses', () => {
    expect(Object.keys(node.inputs)).toEqual(Object.keys(INPUT_DEFAULTS));
    for (const [name, input] of Object.entries(node.inputs)) {
      expect(input.description.length, name).toBeGreaterThan(20);
      expect(input.default, name).toBe(INPUT_DEFAULTS[name]);
    }
  });

  it('declares the outputs, kebab-case only, the stack outputs as one JSON output', () => {
    expect(Object.keys(node.outputs)).toEqual([
      'stack-status',
      'controller-ip',
      'api-endpoint',
      'stack-outputs',
      'change-count',
      'has-replacements',
      'assets-commit',
      'drifted',
      'drifted-resources',
    ]);
    for (const [name, output] of Object.entries(node.outputs)) {
      expect(name).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(output.description.length, name).toBeGreaterThan(20);
    }
  });

  it('names each mode and its refusals in the mode input', () => {
    for (const word of ['plan', 'deploy', 'drift', 'auto', 'pull_request_target'])
      expect(node.inputs.mode!.description).toContain(word);
  });
});

describe('deno/action.yml', () => {
  it('has the same inputs and outputs as the Node action', () => {
    expect(deno.inputs).toEqual(node.inputs);
    expect(Object.keys(deno.outputs)).toEqual(Object.keys(node.outputs));
    for (const [name, output] of Object.entries(deno.outputs))
      expect(output.value).toBe(`\${{ steps.kube-aws.outputs.${name} }}`);
  });

  it('pins setup-deno to a full commit SHA', () => {
    const uses = deno.runs.steps!.map((step) => step.uses).filter((each) => each !== undefined);
    expect(uses).toEqual([expect.stringMatching(/^denoland\/setup-deno@[0-9a-f]{40}$/)]);
  });

  it('hands every input to the Deno step as INPUT_<NAME>', () => {
    const step = deno.runs.steps!.find((each) => each.id === 'kube-aws')!;
    for (const name of Object.keys(node.inputs))
      expect(step.env![`INPUT_${name.toUpperCase()}`], name).toBe(`\${{ inputs.${name} }}`);
  });
});

describe('docs/examples/kube-aws.yml', () => {
  const text = readFileSync(join(ROOT, 'docs', 'examples', 'kube-aws.yml'), 'utf8');
  interface Step {
    id?: string;
    if?: string;
    uses?: string;
    run?: string;
    with?: Record<string, unknown>;
    env?: Record<string, string>;
  }
  interface Job {
    if: string;
    permissions: Record<string, string>;
    concurrency: { group: string; 'cancel-in-progress': string | boolean };
    steps: Step[];
  }
  const workflow = parse(text) as {
    on: Record<string, unknown>;
    permissions: Record<string, string>;
    jobs: { 'kube-aws': Job; drift: Job };
  };
  const { 'kube-aws': job, drift } = workflow.jobs;
  const steps = job.steps;

  it('plans on pull requests and deploys on pushes, one run at a time', () => {
    expect(Object.keys(workflow.on)).toEqual([
      'pull_request',
      'push',
      'schedule',
      'workflow_dispatch',
    ]);
    expect(job.if).toBe("github.event_name == 'pull_request' || github.event_name == 'push'");
    // Deploys share a group and are never cancelled; only pull-request plans are.
    expect(job.concurrency.group).toContain("github.event_name == 'push' && 'deploy'");
    expect(job.concurrency['cancel-in-progress']).toBe(
      "${{ github.event_name == 'pull_request' }}",
    );
    expect(workflow.permissions).toEqual({});
    expect(job.permissions).toEqual({
      contents: 'write',
      'id-token': 'write',
      'pull-requests': 'write',
    });
  });

  it('checks out, takes OIDC credentials, then runs the action with inputs it declares', () => {
    expect(steps.map((step) => step.uses?.split('@')[0])).toEqual([
      'actions/checkout',
      'aws-actions/configure-aws-credentials',
      '<owner>/kube-aws',
      undefined,
    ]);
    for (const name of Object.keys(steps[2]!.with ?? {}))
      expect(Object.keys(node.inputs), name).toContain(name);
  });

  it('checks drift on a schedule, with read-only permissions, and fails the run when it finds any', () => {
    expect(workflow.on.schedule).toEqual([{ cron: expect.stringMatching(/^\d+ \d+ \* \* \*$/) }]);
    expect(drift.if).toBe(
      "github.event_name == 'schedule' || github.event_name == 'workflow_dispatch'",
    );
    expect(drift.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    expect(drift.concurrency).toEqual({
      group: 'kube-aws-my-cluster-drift',
      'cancel-in-progress': false,
    });
    const action = drift.steps.find((step) => step.uses?.startsWith('<owner>/kube-aws@'))!;
    expect(action.with).toEqual({ 'working-directory': 'cluster', mode: 'drift' });
    expect(drift.steps.at(-1)!.if).toBe("failure() && steps.drift.outputs.drifted == 'true'");
  });

  it("pins every other action to a full commit SHA, its version in a comment, and this repository's action to a commit", () => {
    const pins = [...text.matchAll(/^\s+(?:- )?uses: (\S+)(.*)$/gm)];
    expect(pins).toHaveLength(6);
    for (const [, uses, comment] of pins) {
      if (uses!.startsWith('<owner>/kube-aws@')) expect(uses).toBe('<owner>/kube-aws@<commit>');
      else {
        expect(uses).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
        expect(comment).toMatch(/^ # v\d+\.\d+\.\d+$/);
      }
    }
  });

  it('passes outputs to scripts through env:, never into a run: script', () => {
    for (const step of [...steps, ...drift.steps]) expect(step.run ?? '').not.toContain('${{');
    const show = steps.find((step) => step.run !== undefined)!;
    expect(show.env).toMatchObject({
      STACK_STATUS: '${{ steps.kube-aws.outputs.stack-status }}',
      VPC_ID: '${{ fromJSON(steps.kube-aws.outputs.stack-outputs).VpcId }}',
    });
  });
});
