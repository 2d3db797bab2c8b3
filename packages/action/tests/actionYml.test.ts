import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { INPUT_DEFAULTS } from '../src/index.js';
import { ROOT } from './runAction.js';

interface ActionYml {
  inputs: Record<string, { description: string; default: string }>;
  outputs: Record<string, { description: string; value?: string }>;
  runs: { using: string; main?: string; steps?: { id?: string; env?: Record<string, string> }[] };
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

  it('declares the outputs', () => {
    for (const name of [
      'stack-status',
      'controller-ip',
      'api-endpoint',
      'change-count',
      'has-replacements',
    ])
      expect(node.outputs[name]?.description, name).toBeTruthy();
  });
});

describe('deno/action.yml', () => {
  it('has the same inputs and outputs as the Node action', () => {
    expect(deno.inputs).toEqual(node.inputs);
    expect(Object.keys(deno.outputs)).toEqual(Object.keys(node.outputs));
    for (const [name, output] of Object.entries(deno.outputs))
      expect(output.value).toBe(`\${{ steps.kube-aws.outputs.${name} }}`);
  });

  it('hands every input to the Deno step as INPUT_<NAME>', () => {
    const step = deno.runs.steps!.find((each) => each.id === 'kube-aws')!;
    for (const name of Object.keys(node.inputs))
      expect(step.env![`INPUT_${name.toUpperCase()}`], name).toBe(`\${{ inputs.${name} }}`);
  });
});

describe('docs/examples/kube-aws.yml', () => {
  const workflow = parse(readFileSync(join(ROOT, 'docs', 'examples', 'kube-aws.yml'), 'utf8')) as {
    on: Record<string, unknown>;
    concurrency: { group: string; 'cancel-in-progress': string };
    permissions: Record<string, string>;
    jobs: Record<string, { steps: { uses?: string; with?: Record<string, unknown> }[] }>;
  };
  const steps = Object.values(workflow.jobs)[0]!.steps;

  it('plans on pull requests and deploys on pushes, one run at a time', () => {
    expect(Object.keys(workflow.on)).toEqual(['pull_request', 'push']);
    // Deploys share a group and are never cancelled; only pull-request plans are.
    expect(workflow.concurrency.group).toContain("github.event_name == 'push' && 'deploy'");
    expect(workflow.concurrency['cancel-in-progress']).toBe(
      "${{ github.event_name == 'pull_request' }}",
    );
    expect(workflow.permissions).toEqual({
      contents: 'write',
      'id-token': 'write',
      'pull-requests': 'write',
    });
  });

  it('checks out, takes OIDC credentials, then runs the action with inputs it declares', () => {
    expect(steps.map((step) => step.uses?.split('@')[0])).toEqual([
      'actions/checkout',
      'aws-actions/configure-aws-credentials',
      'kube-aws/kube-aws-action',
      undefined,
    ]);
    for (const name of Object.keys(steps[2]!.with ?? {}))
      expect(Object.keys(node.inputs), name).toContain(name);
  });
});
