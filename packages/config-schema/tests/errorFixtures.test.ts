import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, formatProblem, loadClusterConfig } from '../src/index.js';
import type { ConfigProblem } from '../src/index.js';

const root = fileURLToPath(new URL('./fixtures/_error_/', import.meta.url));
const cases = readdirSync(root).sort();

/**
 * The bytes of a fixture's cluster.yaml, as the CLI reads them. A fixture too large to keep as text
 * (past the size limit, or tens of thousands of nodes) is kept as cluster.yaml.gz.
 */
function bytesOf(name: string): Uint8Array {
  const plain = join(root, name, 'cluster.yaml');
  if (existsSync(plain)) return new Uint8Array(readFileSync(plain));
  return new Uint8Array(gunzipSync(readFileSync(`${plain}.gz`)));
}

function problemsOf(name: string): readonly ConfigProblem[] {
  try {
    loadClusterConfig(bytesOf(name), 'cluster.yaml');
  } catch (error) {
    if (ConfigError.is(error)) return error.problems;
    throw error;
  }
  throw new Error(`${name}/cluster.yaml was accepted, but every _error_ fixture must fail`);
}

/** Every rule the issue names must be proven by at least one fixture. */
const RULES_THAT_NEED_A_FIXTURE = [
  'yaml-syntax',
  'not-a-mapping',
  'unknown-key',
  'missing-key',
  'wrong-type',
  'out-of-range',
  'not-allowed',
  'bad-format',
  'cidr-invalid',
  'subnet-outside-vpc',
  'subnet-overlap',
  'cidr-overlap',
  'ip-outside-subnets',
  'ip-reserved',
  'ip-outside-cidr',
  'ip-conflict',
  'az-not-in-region',
  'kms-arn-invalid',
  'kms-arn-region',
  'hostname-invalid',
  'cert-outlives-ca',
  'conflicting-keys',
  'iops-required',
  'iops-not-allowed',
  'iops-out-of-range',
  'needs-hosted-zone',
  'needs-vpc-id',
  'duplicate-name',
  'unknown-subnet',
  'no-public-subnet',
  'controller-in-private-subnet',
  'tag-reserved',
  'version-unsupported',
  'cidr-too-small',
  'cidr-size',
  // Input bounds (issue 14, docs/adr/0012-input-bounds.md).
  'file-too-large',
  'invalid-utf8',
  'unsafe-character',
  'too-many-nodes',
  'nesting-too-deep',
  'alias-too-large',
  'alias-cycle',
  'unknown-tag',
  'duplicate-key',
  'too-many',
  'too-long',
  'too-short',
  'tag-invalid',
  'tag-too-long',
  'cluster-too-large',
  // HA (issue 11).
  'needs-load-balancer',
  'needs-s3-location',
  'no-public-subnet-in-zone',
];

describe('error fixtures', () => {
  it('there are at least 40, and the 60 hostile cases of issue 14 on top of the first 94', () => {
    expect(cases.length).toBeGreaterThanOrEqual(94 + 60);
  });

  it.each(cases)('%s fails with located problems', async (name) => {
    const problems = problemsOf(name);
    const errors = problems.filter((problem) => problem.severity === 'error');
    expect(errors.length).toBeGreaterThan(0);
    for (const problem of problems) {
      expect(problem.file).toBe('cluster.yaml');
      expect(problem.line).toBeGreaterThanOrEqual(1);
      expect(problem.column).toBeGreaterThanOrEqual(1);
      expect(formatProblem(problem)).toMatch(/^cluster\.yaml:\d+:\d+ /);
    }
    const text = problems.map(formatProblem).join('\n') + '\n';
    await expect(text).toMatchFileSnapshot(join(root, name, 'expected.txt'));
  });

  it('prove every rule at least once', () => {
    const seen = new Set(cases.flatMap((name) => problemsOf(name).map((problem) => problem.code)));
    expect(RULES_THAT_NEED_A_FIXTURE.filter((code) => !seen.has(code))).toEqual([]);
  });

  it('report the example of the issue exactly', () => {
    const lines = problemsOf('worker-count-not-a-number').map(formatProblem);
    expect(lines).toEqual([
      'cluster.yaml:14:5 worker.count: must be a whole number ≥ 0 (got "three")',
    ]);
  });

  it('report every problem of a file at once, in file order', () => {
    const problems = problemsOf('many-problems-at-once');
    expect(problems.length).toBeGreaterThanOrEqual(8);
    const lines = problems.map((problem) => problem.line ?? 0);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
  });
});
