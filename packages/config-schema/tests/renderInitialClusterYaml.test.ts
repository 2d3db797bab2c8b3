import { describe, expect, it } from 'vitest';
import { loadClusterConfig, renderInitialClusterYaml, schemaUrlFor } from '../src/index.js';

const values = {
  clusterName: 'my-cluster',
  externalDNSName: 'kube.example.com',
  region: 'us-west-1',
  availabilityZone: 'us-west-1c',
  keyName: 'my-key',
  kmsKeyArn: 'arn:aws:kms:us-west-1:123456789012:key/00000000-0000-4000-8000-000000000000',
};
// What kube-aws init passes: the schema file of the installed package, as a file: URL.
const SCHEMA_FILE =
  'file:///usr/lib/node_modules/@kube-aws/config-schema/schema/cluster.schema.json';
const text = renderInitialClusterYaml(values, { schemaUrl: SCHEMA_FILE });

describe(renderInitialClusterYaml, () => {
  it('starts with the yaml-language-server schema comment', () => {
    expect(text.split('\n')[0]).toBe(`# yaml-language-server: $schema=${SCHEMA_FILE}`);
  });

  it('names the published schema of one version on unpkg through schemaUrlFor', () => {
    const published = renderInitialClusterYaml(values, { schemaUrl: schemaUrlFor('1.2.3') });
    expect(published.split('\n')[0]).toBe(
      '# yaml-language-server: $schema=https://unpkg.com/@kube-aws/config-schema@1.2.3/schema/cluster.schema.json',
    );
  });

  it('resolves to the given values with no warning', () => {
    const { config, warnings } = loadClusterConfig(text);
    expect(warnings).toEqual([]);
    const { availabilityZone, ...rest } = values;
    expect(config).toMatchObject({ ...rest, subnets: [{ availabilityZone }] });
  });

  it('writes each optional key commented out, and uncommented they still resolve to the defaults', () => {
    const uncommented = text
      .split('\n')
      .map((line) => (/^#([a-zA-Z]| {2})/.test(line) ? line.slice(1) : line))
      .join('\n');
    // subnets[] replaces availabilityZone and instanceCIDR, so it alone stays commented.
    const withoutSubnets = uncommented.replace(/\nsubnets:\n( {2}.*\n)+/, '\n');
    const { config } = loadClusterConfig(withoutSubnets);
    const { config: plain } = loadClusterConfig(text);
    expect(config.controllerIP).toBe(plain.controllerIP);
    expect(config.amiId).toBe('ami-0123456789abcdef0');
    expect(config.worker.nodePools.map((pool) => pool.name)).toEqual(['general', 'large']);
    expect(config.stackTags).toEqual({ team: 'platform', environment: 'staging' });
  });

  it('shows the subnets example in the chosen zone', () => {
    expect(text).toContain('#    availabilityZone: us-west-1c');
  });

  it('quotes values that YAML would otherwise misread', () => {
    const odd = renderInitialClusterYaml({ ...values, keyName: '1234' }, { schemaUrl: 'x' });
    expect(loadClusterConfig(odd).config.keyName).toBe('1234');
  });

  it('leaves out the deprecated flat keys', () => {
    expect(text).not.toMatch(/workerCount|controllerInstanceType/);
  });
});
