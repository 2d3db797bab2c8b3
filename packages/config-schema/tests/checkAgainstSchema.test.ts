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
  keyName: fc.constantFrom('k', '', true, ' k', 'k\n', 'k'.repeat(256)),
  kmsKeyArn: fc.constantFrom('arn', 1),
  workerCount: fc.constantFrom(0, 2, -1, 1.5, 'three', 1000, 1001, 1e23, Infinity),
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
    { nodePools: [{ name: 'a', count: 1e6 }] },
    { nodePools: Array.from({ length: 51 }, (_, i) => ({ name: `p${i}` })) },
    { rootVolume: { size: 7 } },
  ),
  subnets: fc.constantFrom([{ availabilityZone: 'a', instanceCIDR: '10.0.0.0/24' }], [{}], 'x', []),
  pki: fc.constantFrom({ keyAlgorithm: 'rsa-2048' }, { keyAlgorithm: 'dsa' }),
  stackTags: fc.constantFrom(
    { a: 'b' },
    { a: 1 },
    [],
    { a: '' },
    { a: 'v'.repeat(257) },
    Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`t${i}`, 'v'])),
  ),
  s3URI: fc.constantFrom(
    's3://my-bucket/p',
    's3://my-bucket/${AWS::AccountId}',
    's3://my-bucket//p',
    's3://my-bucket/../p',
  ),
  createRecordSet: fc.constantFrom(true, 'yes'),
  typo: fc.constant('x'),
  prototype: fc.constant(1),
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

  it('reports __proto__, constructor and prototype as unknown keys, as TypeBox rejects them', () => {
    const minimal = {
      clusterName: 'c',
      externalDNSName: 'k',
      region: 'us-west-1',
      keyName: 'k',
      kmsKeyArn: 'a',
    };
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const value = { ...minimal };
      Object.defineProperty(value, key, { value: {}, enumerable: true });
      const codes: string[] = [];
      checkAgainstSchema(ClusterConfigSchema as never, value, [], (_, code) => codes.push(code));
      expect(codes, key).toEqual(['unknown-key']);
      expect(Value.Check(ClusterConfigSchema, value), key).toBe(false);
    }
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
