import { mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadClusterConfig, SCHEMA_ID } from '@kube-aws/config-schema';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { initCommand } from '../src/commands/initCommand.js';
import { runCli } from './runCli.js';

const GUIDE_FLAGS = [
  '--cluster-name=my-cluster-name',
  '--external-dns-name=my-cluster-endpoint',
  '--region=us-west-1',
  '--availability-zone=us-west-1c',
  '--key-name=key-pair-name',
  '--kms-key-arn=arn:aws:kms:us-west-1:123456789012:key/00000000-0000-4000-8000-000000000000',
];

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kube-aws-init-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/**
 * yaml-language-server's modeline: a comment line `# yaml-language-server: $schema=<value>`, whose
 * value runs to the first whitespace (its src/languageservice/utils/modelineUtil.ts).
 */
const MODELINE = /^#\s+yaml-language-server\s*:\s*\$schema=(\S+)$/;

/** The schema the modeline of a cluster.yaml names: the value, and the file it is on this machine. */
function modelineSchema(text: string): { value: string; file: string } {
  const lines = text.split('\n');
  expect(lines.filter((line) => /^#\s+yaml-language-server\b/.test(line))).toHaveLength(1);
  const value = MODELINE.exec(lines[0]!)?.[1];
  expect(value, lines[0]).toBeDefined();
  return { value: value!, file: fileURLToPath(value!) };
}

describe(initCommand.name, () => {
  it('writes a cluster.yaml from the guide flags that resolves, with the schema comment, mode 0600', () => {
    const run = runCli(['init', ...GUIDE_FLAGS], dir);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Wrote cluster.yaml (mode 0600)');
    const path = join(dir, 'cluster.yaml');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const text = readFileSync(path, 'utf8');
    expect(text.split('\n')[0]).toMatch(/^# yaml-language-server: \$schema=file:\/\/\//);
    const { config, warnings } = loadClusterConfig(text, 'cluster.yaml');
    expect(warnings).toEqual([]);
    expect(config).toMatchObject({
      clusterName: 'my-cluster-name',
      externalDNSName: 'my-cluster-endpoint',
      region: 'us-west-1',
      keyName: 'key-pair-name',
      subnets: [{ availabilityZone: 'us-west-1c' }],
    });
  });

  it("names the installed @kube-aws/config-schema's schema file by a file: URL that exists", () => {
    expect(runCli(['init', '--sample'], dir).status).toBe(0);
    const { file } = modelineSchema(readFileSync(join(dir, 'cluster.yaml'), 'utf8'));
    const repository = fileURLToPath(new URL('../../config-schema/', import.meta.url));
    expect(realpathSync(file)).toBe(realpathSync(join(repository, 'schema/cluster.schema.json')));
    const schema = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(schema).toMatchObject({
      $id: SCHEMA_ID,
      title: 'kube-aws cluster.yaml',
      type: 'object',
    });
  });

  it('names another schema with --schema-url, and refuses one with a space', () => {
    const url = 'https://example.com/schemas/cluster.schema.json';
    expect(runCli(['init', '--sample', `--schema-url=${url}`], dir).status).toBe(0);
    expect(readFileSync(join(dir, 'cluster.yaml'), 'utf8').split('\n')[0]).toBe(
      `# yaml-language-server: $schema=${url}`,
    );
    const spaced = runCli(['init', '--sample', '--force', '--schema-url=/my schemas/x.json'], dir);
    expect(spaced.status).toBe(1);
    expect(spaced.stderr).toMatch(
      /^kube-aws init: --schema-url must be one URL or path without spaces/,
    );
  });

  it('refuses to overwrite an existing cluster.yaml and leaves it untouched', () => {
    const path = join(dir, 'cluster.yaml');
    writeFileSync(path, 'mine\n');
    const run = runCli(['init', ...GUIDE_FLAGS], dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      'kube-aws init: cluster.yaml already exists; init never replaces it. Edit it, or run init again with --force to start over.\n',
    );
    expect(readFileSync(path, 'utf8')).toBe('mine\n');
  });

  it('refuses a second init, and replaces with --force keeping mode 0600', () => {
    expect(runCli(['init', ...GUIDE_FLAGS], dir).status).toBe(0);
    expect(runCli(['init', ...GUIDE_FLAGS], dir).status).toBe(1);
    const path = join(dir, 'cluster.yaml');
    writeFileSync(path, 'old\n', { mode: 0o644 });
    const forced = runCli(['init', ...GUIDE_FLAGS, '--force'], dir);
    expect(forced.status).toBe(0);
    expect(readFileSync(path, 'utf8')).toContain('clusterName: my-cluster-name');
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('points problems at the flags that caused them, all at once', () => {
    const run = runCli(
      [
        'init',
        ...GUIDE_FLAGS,
        '--availability-zone=us-east-1a',
        '--kms-key-arn=arn:aws:kms:us-west-1:xxxxxxxxxx:key/xxxxxxxx',
        '--cluster-name=my_cluster',
      ],
      dir,
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      [
        'kube-aws init: the flags do not make a valid cluster:',
        '--cluster-name=my_cluster clusterName: must be a CloudFormation stack name such as my-cluster (got "my_cluster")',
        '--availability-zone=us-east-1a availabilityZone: us-east-1a is not in region us-west-1; zones of us-west-1 look like us-west-1a',
        '--kms-key-arn=arn:aws:kms:us-west-1:xxxxxxxxxx:key/xxxxxxxx kmsKeyArn: has account id "xxxxxxxxxx"; an AWS account id is 12 digits',
        '',
      ].join('\n'),
    );
    expect(() => statSync(join(dir, 'cluster.yaml'))).toThrow();
  });

  it('names every missing flag', () => {
    const run = runCli(['init', '--cluster-name=x'], dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      'missing --external-dns-name, --region, --availability-zone, --key-name, --kms-key-arn',
    );
  });

  it('suggests the closest flag for a typo', () => {
    const run = runCli(['init', '--regoin=us-west-1'], dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      'kube-aws init: unknown flag --regoin; did you mean --region? (see kube-aws init --help)\n',
    );
  });

  it('writes the sample cluster into a new asset directory with --sample', () => {
    const run = runCli(['init', '--sample', '--asset-dir=assets/sample'], dir);
    expect(run.status).toBe(0);
    const { config } = loadClusterConfig(
      readFileSync(join(dir, 'assets/sample/cluster.yaml'), 'utf8'),
    );
    expect(config.clusterName).toBe('my-cluster-name');
  });

  it('shows help with every flag', () => {
    const run = runCli(['init', '--help'], dir);
    expect(run.status).toBe(0);
    for (const flag of [
      '--cluster-name',
      '--external-dns-name',
      '--region',
      '--availability-zone',
      '--key-name',
      '--kms-key-arn',
      '--force',
    ]) {
      expect(run.stdout).toContain(flag);
    }
  });
});
