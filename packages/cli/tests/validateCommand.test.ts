import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { validateCommand } from '../src/commands/validateCommand.js';
import { runCli } from './runCli.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kube-aws-validate-'));
  expect(runCli(['init', '--sample'], dir).status).toBe(0);
  expect(runCli(['render'], dir).status).toBe(0);
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function edit(file: string, change: (text: string) => string): void {
  const path = join(dir, file);
  writeFileSync(path, change(readFileSync(path, 'utf8')));
}

function lineOf(file: string, needle: string): number {
  return (
    readFileSync(join(dir, file), 'utf8')
      .split('\n')
      .findIndex((line) => line.includes(needle)) + 1
  );
}

describe(validateCommand.name, () => {
  it('passes a freshly rendered sample cluster, with sizes and cfn-lint', () => {
    const run = runCli(['validate'], dir);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^stack-template\.json: \d+ of 51200 bytes, \d+ resources$/m);
    expect(run.stdout).toMatch(/^userdata controller0: \d+ of 16384 bytes$/m);
    expect(run.stdout).toContain('cfn-lint: no errors');
    expect(run.stdout).toContain(`Valid: ${dir}`);
  });

  it('reports each problem of a hand-broken asset directory with file and line', () => {
    const typo = lineOf('cloud-config/cloud-config-controller', '{{ cluster.podCIDR }}');
    edit('cloud-config/cloud-config-controller', (text) =>
      text.replace('{{ cluster.podCIDR }}', '{{ cluster.podCidr }}'),
    );
    const run = runCli(['validate'], dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      `cloud-config/cloud-config-controller:${typo}: unknown variable "cluster.podCidr"; did you mean cluster.podCIDR?\nvalidate: 1 problem\n`,
    );
  });

  it('reports bad YAML and an unknown key in a cloud-config', () => {
    const unknown = lineOf('cloud-config/cloud-config-worker', 'write_files:');
    edit('cloud-config/cloud-config-worker', (text) => text.replace('write_files:', 'write_file:'));
    expect(runCli(['validate'], dir).stderr).toContain(
      `cloud-config/cloud-config-worker:${unknown}: unknown key write_file; coreos-cloudinit ignores it; did you mean write_files?`,
    );
    edit('cloud-config/cloud-config-worker', (text) =>
      text.replace('write_file:', 'write_files:').replace('  update:\n', '  update:\n   bad: [\n'),
    );
    const run = runCli(['validate'], dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^cloud-config\/cloud-config-worker:\d+: YAML: /m);
  });

  it('reports a dangling Ref at its line in stack-template.json', () => {
    const line = lineOf('stack-template.json', '"Ref": "SecurityGroupWorker"');
    edit('stack-template.json', (text) =>
      text.replace('"Ref": "SecurityGroupWorker"', '"Ref": "SecurityGroupWorkers"'),
    );
    const run = runCli(['validate'], dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      `stack-template.json:${line}: SecurityGroupWorkers is referenced but is no resource or parameter of the template`,
    );
  });

  it('reports userdata over 16 KB and says how to fix it', () => {
    // Data, not comments: comment-only lines reach the node empty and cost next to nothing.
    const filler = Array.from(
      { length: 4000 },
      (_, index) => `      ${((index * 2654435761) % 4294967296).toString(36)}`,
    ).join('\n');
    edit(
      'cloud-config/cloud-config-worker',
      (text) =>
        `${text}  - path: /etc/padding\n    permissions: "0644"\n    content: |\n${filler}\n`,
    );
    const run = runCli(['validate'], dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /^cloud-config\/cloud-config-worker:1: the userdata of worker-default is \d+ bytes gzipped, over EC2's 16384-byte limit; set s3URI in cluster\.yaml/m,
    );
  });

  it('keeps the edited template on the next render and names it', () => {
    edit('stack-template.json', (text) =>
      text.replace(
        '"Description": "kube-aws Kubernetes cluster my-cluster-name"',
        '"Description": "my own words"',
      ),
    );
    const run = runCli(['render'], dir);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Kept your edits of stack-template.json');
    expect(readFileSync(join(dir, 'stack-template.json'), 'utf8')).toContain('my own words');
    const forced = runCli(['render', '--force'], dir);
    expect(forced.stdout).toContain('Wrote stack-template.json');
    expect(readFileSync(join(dir, 'stack-template.json'), 'utf8')).not.toContain('my own words');
  });

  it('keeps counts as placeholders, and re-renders an unedited template for a new pool', () => {
    edit('cluster.yaml', (text) => text.replace('#worker:\n#  count: 1', 'worker:\n  count: 4'));
    const same = runCli(['render'], dir);
    expect(same.stdout).toContain('Templates are up to date.');
    expect(
      JSON.parse(readFileSync(join(dir, 'stack-template.json'), 'utf8')).Resources
        .AutoScaleWorkerDefault.Properties.DesiredCapacity,
    ).toBe("{{ config.pools['default'].count }}");
    edit('cluster.yaml', (text) =>
      text.replace(
        'worker:\n  count: 4',
        'worker:\n  count: 4\n  nodePools:\n    - name: default\n    - name: extra\n',
      ),
    );
    const run = runCli(['render'], dir);
    expect(run.stdout).toContain('Wrote stack-template.json');
    expect(
      Object.keys(JSON.parse(readFileSync(join(dir, 'stack-template.json'), 'utf8')).Resources),
    ).toContain('AutoScaleWorkerExtra');
  });

  it('validates what up would deploy, also when a template is missing', () => {
    rmSync(join(dir, 'stack-template.json'));
    const run = runCli(['validate', '--offline'], dir);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
