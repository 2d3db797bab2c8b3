import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadClusterConfig } from '../src/index.js';

const root = fileURLToPath(new URL('./fixtures/', import.meta.url));
const seeds = readdirSync(root, { recursive: true, encoding: 'utf8' })
  .filter((path) => path.endsWith('cluster.yaml'))
  .map((path) => readFileSync(join(root, path), 'utf8'));
const keys = [
  'clusterName',
  'region',
  'availabilityZone',
  'worker',
  'controller',
  'subnets',
  'vpcCIDR',
  'controllerIP',
  'podCIDR',
  'stackTags',
  'pki',
  'workerCount',
  'kmsKeyArn',
];
const yamlish = fc.constantFrom(
  ':',
  '-',
  ' ',
  '\n',
  '\t',
  '[',
  ']',
  '{',
  '}',
  '#',
  '&a',
  '*a',
  '!',
  '|',
  '>',
  "'",
  '"',
  '%',
  '@',
  '`',
  '?',
  ',',
  '0',
  'x',
  ': ',
  '\n  ',
  '\n- ',
  '\uFEFF',
  '\u0000',
);

let runs = 0;

/** Every outcome must be a config or a ConfigError whose problems all have a line and column. */
function outcomeIsConfigOrLocatedProblems(text: string): boolean {
  runs++;
  try {
    const { config } = loadClusterConfig(text, 'cluster.yaml');
    return typeof config.clusterName === 'string';
  } catch (error) {
    if (!ConfigError.is(error)) throw error;
    return (
      error.problems.length > 0 &&
      error.problems.every((problem) => (problem.line ?? 0) >= 1 && (problem.column ?? 0) >= 1)
    );
  }
}

describe('parseClusterConfig and resolveClusterConfig under fuzzing', () => {
  afterAll(() => {
    expect(runs).toBeGreaterThanOrEqual(2000);
  });

  it('truncated fixtures', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...seeds),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (seed, cut) =>
          outcomeIsConfigOrLocatedProblems(seed.slice(0, Math.floor(seed.length * cut))),
      ),
      { numRuns: 600, seed: 42 },
    );
  });

  it('fixtures with YAML punctuation inserted and text deleted', () => {
    const edit = fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), yamlish, fc.nat({ max: 8 }));
    fc.assert(
      fc.property(
        fc.constantFrom(...seeds),
        fc.array(edit, { minLength: 1, maxLength: 6 }),
        (seed, edits) => {
          let text = seed;
          for (const [where, insert, remove] of edits) {
            const at = Math.floor(text.length * where);
            text = text.slice(0, at) + insert + text.slice(at + remove);
          }
          return outcomeIsConfigOrLocatedProblems(text);
        },
      ),
      { numRuns: 600, seed: 7 },
    );
  });

  it('random text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), outcomeIsConfigOrLocatedProblems),
      { numRuns: 400, seed: 3 },
    );
  });

  it('valid YAML of random structure under known keys', () => {
    const value = fc.anything({
      maxDepth: 3,
      withNullPrototype: false,
      withBigInt: false,
      withDate: false,
      withMap: false,
      withSet: false,
      withTypedArray: false,
      withSparseArray: false,
      withBoxedValues: false,
    });
    const config = fc.dictionary(fc.constantFrom(...keys), value, { maxKeys: 6 });
    fc.assert(
      fc.property(fc.constantFrom(...seeds), config, (seed, overrides) => {
        let text: string;
        try {
          text = stringify(overrides);
        } catch {
          return true;
        }
        const base = seed
          .split('\n')
          .filter((line) => !keys.some((key) => line.startsWith(`${key}:`)))
          .join('\n');
        return outcomeIsConfigOrLocatedProblems(`${base}\n${text}`);
      }),
      { numRuns: 600, seed: 11 },
    );
  });
});
