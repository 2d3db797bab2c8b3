import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configFrom } from './helpers.js';

export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

/** The golden cases: each a directory under tests/fixtures with a cluster.yaml. */
export const GOLDEN_CASES = readdirSync(FIXTURES)
  .filter((name) => !name.startsWith('_'))
  .sort();

export function caseConfig(name: string) {
  return configFrom(readFileSync(join(FIXTURES, name, 'cluster.yaml'), 'utf8'));
}
