import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  formatProblem,
  parseClusterConfig,
  resolveClusterConfig,
} from '../src/index.js';

function problemsOf(text: string, fileName = 'cluster.yaml'): string[] {
  try {
    resolveClusterConfig(parseClusterConfig(text, fileName));
  } catch (error) {
    if (ConfigError.is(error)) return error.problems.map(formatProblem);
    throw error;
  }
  return [];
}

describe(parseClusterConfig, () => {
  it('returns what the user wrote, unchanged', () => {
    expect(parseClusterConfig('clusterName: a\nworker:\n  count: 2\n')).toEqual({
      clusterName: 'a',
      worker: { count: 2 },
    });
  });

  it('uses the given file name in every problem', () => {
    expect(problemsOf('clusterName: [', 'clusters/prod.yaml')[0]).toMatch(
      /^clusters\/prod\.yaml:1:\d+ YAML syntax error: /,
    );
  });

  it('reads YAML 1.2: yes is a string, not a boolean', () => {
    expect(parseClusterConfig('createRecordSet: yes\n')).toEqual({ createRecordSet: 'yes' });
  });

  it('locates problems through aliases where the anchored value is written', () => {
    const text =
      'clusterName: c\nexternalDNSName: k.example.com\nregion: us-west-1\navailabilityZone: us-west-1a\nkeyName: k\nkmsKeyArn: arn:aws:kms:us-west-1:123456789012:key/k\nbase: &v\n  count: -1\nworker: *v\n';
    expect(problemsOf(text)).toEqual([
      'cluster.yaml:7:1 base: unknown key',
      'cluster.yaml:8:3 worker.count: must be a whole number ≥ 0 (got -1)',
    ]);
  });

  it('locates items of lists at the item', () => {
    const text = 'sshAccessAllowedSourceCIDRs:\n  - 10.0.0.0/8\n  - nope\n';
    expect(problemsOf(text)).toContain(
      'cluster.yaml:3:5 sshAccessAllowedSourceCIDRs[1]: must be an IPv4 CIDR block such as 10.0.0.0/16 (got "nope")',
    );
  });

  it('rejects a document stream with a located problem', () => {
    expect(problemsOf('clusterName: a\n---\nclusterName: b\n')[0]).toMatch(
      /^cluster\.yaml:2:1 YAML syntax error: /,
    );
  });

  it('handles a byte-order mark and Windows line ends', () => {
    expect(parseClusterConfig('\uFEFFclusterName: a\r\nregion: us-west-1\r\n')).toEqual({
      clusterName: 'a',
      region: 'us-west-1',
    });
  });

  it('counts columns from 1 on the line of the problem', () => {
    expect(problemsOf('controller:\n  count: 1\n  flavour: x\n')).toContain(
      'cluster.yaml:3:3 controller.flavour: unknown key in controller',
    );
  });
});
