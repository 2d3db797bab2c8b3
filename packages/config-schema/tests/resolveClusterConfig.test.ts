import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  formatProblem,
  loadClusterConfig,
  parseClusterConfig,
  resolveClusterConfig,
} from '../src/index.js';
import type { ClusterConfigInput, ConfigProblem } from '../src/index.js';

const root = fileURLToPath(new URL('./fixtures/', import.meta.url));
const validCases = readdirSync(root)
  .filter((name) => !name.startsWith('_'))
  .sort();

function load(name: string) {
  return loadClusterConfig(readFileSync(join(root, name, 'cluster.yaml'), 'utf8'), 'cluster.yaml');
}

const minimal: ClusterConfigInput = {
  clusterName: 'my-cluster',
  externalDNSName: 'kube.example.com',
  region: 'us-west-1',
  availabilityZone: 'us-west-1c',
  keyName: 'my-key',
  kmsKeyArn: 'arn:aws:kms:us-west-1:123456789012:key/00000000-0000-4000-8000-000000000000',
};

describe(resolveClusterConfig, () => {
  it.each(validCases)('%s resolves to its golden resolved.json and warnings.txt', async (name) => {
    const { config, warnings } = load(name);
    await expect(JSON.stringify(config, null, 2) + '\n').toMatchFileSnapshot(
      join(root, name, 'resolved.json'),
    );
    await expect(warnings.map(formatProblem).join('\n') + '\n').toMatchFileSnapshot(
      join(root, name, 'warnings.txt'),
    );
  });

  it('fills the guide defaults', () => {
    const { config, warnings } = load('minimal');
    expect(warnings).toEqual([]);
    expect(config.controllerIP).toBe('10.0.0.50');
    expect(config.serviceCIDR).toBe('10.3.0.0/24');
    expect(config.kubernetesServiceIP).toBe('10.3.0.1');
    expect(config.dnsServiceIP).toBe('10.3.0.10');
    expect(config.podCIDR).toBe('10.2.0.0/16');
    expect(config.vpcCIDR).toBe('10.0.0.0/16');
    expect(config.tlsCADurationDays).toBe(365);
    expect(config.tlsCertDurationDays).toBe(90);
    expect(config.pki.keyAlgorithm).toBe('ecdsa-p256');
    expect(config.subnets).toEqual([
      {
        name: 'subnet0',
        availabilityZone: 'us-west-1c',
        instanceCIDR: '10.0.0.0/24',
        private: false,
      },
    ]);
    expect(config.worker.nodePools).toEqual([
      {
        name: 'default',
        count: 1,
        instanceType: 't3.medium',
        rootVolume: { size: 30, type: 'gp3', iops: undefined },
        subnets: ['subnet0'],
      },
    ]);
    expect(config.controller).toMatchObject({
      count: 1,
      privateIPs: ['10.0.0.50'],
      subnet: 'subnet0',
    });
  });

  it('returns a deeply frozen config', () => {
    const { config } = load('minimal');
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.worker.nodePools[0]!.rootVolume)).toBe(true);
    expect(Object.isFrozen(config.subnets)).toBe(true);
  });

  it('maps the guide flat keys onto the nested ones and warns once per key', () => {
    const { config, warnings } = load('guide-flat-keys');
    expect(config.controller.instanceType).toBe('m5.large');
    expect(config.controller.rootVolume.size).toBe(50);
    expect(config.worker.nodePools[0]).toMatchObject({
      count: 3,
      instanceType: 'm5.xlarge',
      rootVolume: { size: 40, type: 'io1', iops: 1000 },
    });
    expect(config.kubernetesVersion).toBe('v1.35.9');
    expect(warnings.map((warning) => warning.code)).toEqual(Array(7).fill('deprecated-key'));
    expect(
      warnings.every((warning) => warning.severity === 'warning' && warning.line !== undefined),
    ).toBe(true);
  });

  it("spreads HA controllers over zones at controllerIP's place, and gives workers the private subnets", () => {
    const { config } = load('ha-private-subnets');
    // public-a holds controllerIP; the second controller takes its place in public-b, eu-central-1b's
    // public subnet, as public-a is public.
    expect(config.controller.privateIPs).toEqual(['10.10.0.20', '10.10.1.20', '10.10.0.21']);
    expect(config.controller.subnets).toEqual(['public-a', 'public-b', 'public-a']);
    expect(config.controller.subnet).toBe('public-a');
    expect(config.controller.loadBalancer).toBe(true);
    expect(config.worker.nodePools[0]!.subnets).toEqual(['private-a', 'private-b']);
    expect(config.kubernetesServiceIP).toBe('10.96.0.1');
  });

  it('lets node pools inherit what they leave out from worker', () => {
    const { config } = load('node-pools');
    const [general, large] = config.worker.nodePools;
    expect(general).toEqual({
      name: 'general',
      count: 2,
      instanceType: 't3.large',
      rootVolume: { size: 40, type: 'gp3', iops: undefined },
      subnets: ['a', 'b'],
    });
    expect(large).toEqual({
      name: 'large',
      count: 1,
      instanceType: 'm7i.xlarge',
      rootVolume: { size: 40, type: 'io2', iops: 4000 },
      subnets: ['b'],
    });
  });

  it('is deterministic: the same input resolves to equal output', () => {
    const text = readFileSync(join(root, 'ha-private-subnets', 'cluster.yaml'), 'utf8');
    expect(JSON.stringify(loadClusterConfig(text).config)).toBe(
      JSON.stringify(loadClusterConfig(text).config),
    );
  });

  it('accepts input built in code, reporting problems without a position', () => {
    expect(resolveClusterConfig(minimal).clusterName).toBe('my-cluster');
    try {
      resolveClusterConfig({ ...minimal, region: 'eu-west-1' });
      expect.unreachable();
    } catch (error) {
      expect(ConfigError.is(error)).toBe(true);
      const lines = (error as ConfigError).problems.map(formatProblem);
      expect(lines).toContain(
        'cluster.yaml availabilityZone: us-west-1c is not in region eu-west-1; zones of eu-west-1 look like eu-west-1a',
      );
    }
  });

  describe('controller placement (issue 11)', () => {
    const zones = {
      subnets: [
        { name: 'a', availabilityZone: 'us-west-1a', instanceCIDR: '10.0.0.0/24' },
        { name: 'b', availabilityZone: 'us-west-1b', instanceCIDR: '10.0.1.0/24' },
        { name: 'a2', availabilityZone: 'us-west-1a', instanceCIDR: '10.0.2.0/24' },
      ],
    };
    const base = Object.fromEntries(
      Object.entries(minimal).filter(([key]) => key !== 'availabilityZone'),
    ) as ClusterConfigInput;
    const problems = (input: ClusterConfigInput): string[] => {
      try {
        resolveClusterConfig(input);
      } catch (error) {
        return (error as ConfigError).problems
          .filter((problem) => problem.severity === 'error')
          .map(formatProblem);
      }
      return [];
    };

    it("spreads controllers over the zones round robin, each at controllerIP's place", () => {
      const config = resolveClusterConfig({ ...base, ...zones, controller: { count: 3 } });
      expect(config.controller.subnets).toEqual(['a', 'b', 'a']);
      expect(config.controller.privateIPs).toEqual(['10.0.0.50', '10.0.1.50', '10.0.0.51']);
      expect(config.controller.loadBalancer).toBe(true);
    });

    it('takes controller.subnets in order, and warns when they share one zone', () => {
      const seen: ConfigProblem[] = [];
      const config = resolveClusterConfig(
        { ...base, ...zones, controller: { count: 3, subnets: ['a', 'a2'] } },
        { onWarning: (warning) => seen.push(warning) },
      );
      expect(config.controller.privateIPs).toEqual(['10.0.0.50', '10.0.2.50', '10.0.0.51']);
      expect(seen.map(formatProblem)).toEqual([
        'cluster.yaml warning[controllers-in-one-zone] controller.subnets: all 3 controllers are in us-west-1a: the control plane is not zone-redundant and does not survive the loss of that zone; list a subnet of another zone in subnets (and controller.subnets)',
      ]);
    });

    it('refuses a first controller subnet without controllerIP, unknown names, and HA without the load balancer', () => {
      expect(
        problems({ ...base, ...zones, controller: { count: 3, subnets: ['b', 'a'] } }),
      ).toEqual([
        'cluster.yaml controller.subnets[0]: b does not hold controllerIP 10.0.0.50 (the default) (a does); the first controller subnet holds controllerIP',
      ]);
      expect(
        problems({ ...base, ...zones, controller: { count: 3, subnets: ['a', 'c'] } }),
      ).toEqual(['cluster.yaml controller.subnets[1]: no subnet is named c; did you mean a?']);
      expect(
        problems({ ...base, ...zones, controller: { count: 3, loadBalancer: false } }),
      ).toEqual([
        'cluster.yaml controller.loadBalancer: 3 controllers need the load balancer: without it workers reach only controller 0, and lose the API with it',
      ]);
    });

    it('names the controller whose place in a further subnet AWS reserves', () => {
      const small = {
        subnets: [
          { name: 'a', availabilityZone: 'us-west-1a', instanceCIDR: '10.0.0.0/23' },
          { name: 'b', availabilityZone: 'us-west-1b', instanceCIDR: '10.0.2.0/24' },
        ],
      };
      expect(
        problems({ ...base, ...small, controllerIP: '10.0.1.200', controller: { count: 2 } }),
      ).toEqual([
        "cluster.yaml controllerIP: controller 1 goes to subnet b (10.0.2.0/24) at controllerIP's place, 10.0.3.200, which runs past it; choose another controllerIP or controller.subnets",
      ]);
    });
  });

  describe('etcd (issue 11)', () => {
    it('keeps snapshots under s3URI by default, or where etcd.backup.s3URI says', () => {
      expect(resolveClusterConfig(minimal).etcd).toEqual({
        volume: { size: 10, type: 'gp3', iops: undefined },
        backup: undefined,
      });
      expect(resolveClusterConfig({ ...minimal, s3URI: 's3://bucket/kube/' }).etcd.backup).toEqual({
        s3URI: 's3://bucket/kube/my-cluster/etcd',
        intervalMinutes: 30,
        retentionDays: 7,
      });
      const own = resolveClusterConfig({
        ...minimal,
        s3URI: 's3://bucket/kube',
        etcd: {
          volume: { size: 20 },
          backup: { s3URI: 's3://backups/etcd', intervalMinutes: 15, retentionDays: 30 },
        },
      }).etcd;
      expect(own).toEqual({
        volume: { size: 20, type: 'gp3', iops: undefined },
        backup: { s3URI: 's3://backups/etcd', intervalMinutes: 15, retentionDays: 30 },
      });
    });

    it('refuses backup settings with nowhere to put the snapshots', () => {
      expect(() =>
        resolveClusterConfig({ ...minimal, etcd: { backup: { intervalMinutes: 10 } } }),
      ).toThrow('etcd.backup: needs etcd.backup.s3URI or s3URI: snapshots go to S3');
    });
  });

  it('hands warnings to onWarning and never fails for them', () => {
    const seen: ConfigProblem[] = [];
    const input = parseClusterConfig(
      readFileSync(join(root, 'minimal', 'cluster.yaml'), 'utf8') +
        'controller:\n  count: 2\nhostedZoneId: Z1\nkubernetesVersion: v1.30.0\n',
    );
    resolveClusterConfig(input, { onWarning: (warning) => seen.push(warning) });
    expect(seen.map((warning) => warning.code)).toEqual([
      'even-controller-count',
      'controllers-in-one-zone',
      'unused-key',
      'version-end-of-life',
    ]);
    expect(formatProblem(seen[0]!)).toBe(
      'cluster.yaml:8:3 warning[even-controller-count] controller.count: 2 controllers survive no more failures than 1; etcd needs a majority, so use an odd count',
    );
  });
});

describe(ConfigError, () => {
  it('is recognised across copies of the package by its brand', () => {
    const foreign = Object.assign(new Error('x'), {
      [Symbol.for('@kube-aws/config-schema.ConfigError')]: true,
    });
    expect(ConfigError.is(foreign)).toBe(true);
    expect(ConfigError.is(new Error('x'))).toBe(false);
    expect(ConfigError.is(undefined)).toBe(false);
  });

  it('says in its message that the fault is in the configuration and lists each problem', () => {
    try {
      loadClusterConfig('clusterName: 1\n');
    } catch (error) {
      expect((error as Error).message).toMatch(
        /^\d+ problems in the cluster configuration:\ncluster\.yaml:1:1 /,
      );
      expect((error as ConfigError).code).toBe('CONFIG_INVALID');
    }
  });
});
