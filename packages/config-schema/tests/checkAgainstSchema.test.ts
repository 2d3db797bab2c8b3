import { Value } from '@sinclair/typebox/value';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClusterConfigSchema } from '../src/index.js';
import { checkAgainstSchema } from '../src/internal/checkAgainstSchema.js';

function walkerAccepts(value: unknown): boolean {
  let ok = true;
  checkAgainstSchema(ClusterConfigSchema as never, value, [], () => {
    ok = false;
  });
  return ok;
}

const fields = {
  clusterName: fc.constantFrom('c', 'my-cluster', '1x', 3),
  externalDNSName: fc.constantFrom('k.example.com', 7),
  region: fc.constantFrom('us-west-1', 'US', null),
  keyName: fc.constantFrom('k', '', true),
  kmsKeyArn: fc.constantFrom('arn', 1),
  workerCount: fc.constantFrom(0, 2, -1, 1.5, 'three'),
  controller: fc.constantFrom(
    { count: 1 },
    { count: 0 },
    { count: 3, rootVolume: { type: 'gp4' } },
    { nope: 1 },
    'x',
  ),
  worker: fc.constantFrom(
    { nodePools: [{ name: 'a' }] },
    { nodePools: [] },
    { nodePools: [{ count: 1 }] },
    { rootVolume: { size: 7 } },
  ),
  subnets: fc.constantFrom([{ availabilityZone: 'a', instanceCIDR: '10.0.0.0/24' }], [{}], 'x', []),
  pki: fc.constantFrom({ keyAlgorithm: 'rsa-2048' }, { keyAlgorithm: 'dsa' }),
  stackTags: fc.constantFrom({ a: 'b' }, { a: 1 }, []),
  createRecordSet: fc.constantFrom(true, 'yes'),
  typo: fc.constant('x'),
};

// The walker words messages for people; this proves it judges exactly as a JSON Schema validator does.
describe(checkAgainstSchema, () => {
  it('accepts and rejects exactly what TypeBox Value.Check does', () => {
    fc.assert(
      fc.property(
        fc.record(fields, { requiredKeys: [] }),
        (value) => walkerAccepts(value) === Value.Check(ClusterConfigSchema, value),
      ),
      { numRuns: 1000, seed: 5 },
    );
  });

  it('accepts a minimal valid document', () => {
    const minimal = {
      clusterName: 'c',
      externalDNSName: 'k',
      region: 'us-west-1',
      keyName: 'k',
      kmsKeyArn: 'a',
    };
    expect(walkerAccepts(minimal)).toBe(true);
    expect(Value.Check(ClusterConfigSchema, minimal)).toBe(true);
  });
});
