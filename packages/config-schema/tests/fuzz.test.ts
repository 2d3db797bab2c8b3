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
  // Hostile pieces (issue 14): tags, anchors and aliases, prototype keys, look-alike and
  // invisible characters, directives, deep nesting.
  ' !!js/function ',
  ' !!python/object/apply:os.system ',
  ' !foo ',
  ' !!binary ',
  ' &b [*b] ',
  ' *nowhere ',
  '__proto__: ',
  'constructor: ',
  '\u0430',
  '\u202E',
  '\u2028',
  '\u200B',
  '\uFFFD',
  '\uD800',
  '"\\0"',
  '"\\u202e"',
  '%YAML 1.1\n---\n',
  '%TAG !! tag:x,2000:\n---\n',
  '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[',
  '{a: {a: {a: {a: {a: {a: {a: {a: ',
  '\n---\n',
  ': 1e23',
  ': 0x7FFFFFFFFFFFFFFF',
);

let runs = 0;

/** Every outcome must be a config or a ConfigError whose problems all have a line and column. */
function outcomeIsConfigOrLocatedProblems(source: string | Uint8Array): boolean {
  runs++;
  try {
    const { config } = loadClusterConfig(source, 'cluster.yaml');
    return typeof config.clusterName === 'string';
  } catch (error) {
    if (!ConfigError.is(error)) throw error;
    return (
      error.problems.length > 0 &&
      error.problems.every((problem) => (problem.line ?? 0) >= 1 && (problem.column ?? 0) >= 1)
    );
  }
}

const encoder = new TextEncoder();

// 10,000 inputs in all (issue 14), split so that each test stays well inside its timeout on a
// busy machine. Any exception other than a ConfigError fails the property, so a green run is
// 10,000 inputs with no uncaught exception.
describe('parseClusterConfig and resolveClusterConfig under fuzzing', () => {
  afterAll(() => {
    expect(runs).toBeGreaterThanOrEqual(10_000);
  });

  it('truncated fixtures', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...seeds),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (seed, cut) =>
          outcomeIsConfigOrLocatedProblems(seed.slice(0, Math.floor(seed.length * cut))),
      ),
      { numRuns: 1000, seed: 42 },
    );
  });

  const edit = fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), yamlish, fc.nat({ max: 8 }));
  const edited = fc
    .tuple(fc.constantFrom(...seeds), fc.array(edit, { minLength: 1, maxLength: 6 }))
    .map(([seed, edits]) => {
      let text = seed;
      for (const [where, insert, remove] of edits) {
        const at = Math.floor(text.length * where);
        text = text.slice(0, at) + insert + text.slice(at + remove);
      }
      return text;
    });

  it('fixtures with YAML punctuation and hostile pieces inserted and text deleted', () => {
    fc.assert(fc.property(edited, outcomeIsConfigOrLocatedProblems), {
      numRuns: 2500,
      seed: 7,
    });
  });

  it('the same edits, read as bytes with random bytes written over some', () => {
    const overwrite = fc.tuple(
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.integer({ min: 0, max: 255 }),
    );
    fc.assert(
      fc.property(edited, fc.array(overwrite, { maxLength: 4 }), (text, writes) => {
        const bytes = encoder.encode(text);
        for (const [where, byte] of writes) bytes[Math.floor(bytes.length * where)] = byte;
        return outcomeIsConfigOrLocatedProblems(bytes);
      }),
      { numRuns: 2000, seed: 13 },
    );
  });

  it('random text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), outcomeIsConfigOrLocatedProblems),
      { numRuns: 1000, seed: 3 },
    );
  });

  it('random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), outcomeIsConfigOrLocatedProblems), {
      numRuns: 1000,
      seed: 17,
    });
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
      { numRuns: 2500, seed: 11 },
    );
  });
});
