#!/usr/bin/env node
// TEST ONLY. Makes the fixed test PKI that the golden files are built from: for each golden case
// named (tests/fixtures/<case>/cluster.yaml), a throwaway credential set issued at the tests' NOW,
// of which only the certificates and the service-account public key are written, to
// tests/fixtures/<case>/test-pki/. Every private key is dropped here, unwritten, so nothing these
// certificates name can ever be signed for or used: they exist so that golden files do not change
// from run to run. Never use them for a cluster.
//
// Usage (after building @kube-aws/pki): node packages/renderer/scripts/make-test-pki.mjs [case …]
// With no case, it makes the cases that have no test PKI yet; --all remakes every case. Then
// regenerate the golden files (npm run generate) and commit both.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseClusterConfig, resolveClusterConfig } from '@kube-aws/config-schema';
import { generateCredentials } from '@kube-aws/pki';

/** The tests' clock (tests/helpers.ts NOW): golden certificates are valid then. */
const NOW = new Date('2026-11-24T12:00:00Z');
const FIXTURES = fileURLToPath(new URL('../tests/fixtures/', import.meta.url));
const README = `# TEST ONLY: a fixed test PKI

Certificates made by \`packages/renderer/scripts/make-test-pki.mjs\` for this golden case's
cluster.yaml, issued at ${NOW.toISOString()}. Their private keys were thrown away as they
were made, and are not in this repository: nothing can be signed for these certificates or
authenticated with them. They exist so that the golden files built from them stay the same from run
to run.
`;

const cases = readdirSync(FIXTURES).filter((name) => !name.startsWith('_'));
const args = process.argv.slice(2);
const wanted =
  args[0] === '--all'
    ? cases
    : args.length > 0
      ? args
      : cases.filter((name) => !existsSync(join(FIXTURES, name, 'test-pki')));
for (const name of wanted) {
  if (!cases.includes(name)) throw new Error(`${name} is not a golden case: ${cases.join(', ')}`);
  const text = readFileSync(join(FIXTURES, name, 'cluster.yaml'), 'utf8');
  const config = resolveClusterConfig(parseClusterConfig(text));
  const set = await generateCredentials(config, new Map(), { now: NOW });
  const dir = join(FIXTURES, name, 'test-pki');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'README.md'), README);
  const written = [];
  for (const [file, { content, secret }] of set.files) {
    if (secret) continue;
    writeFileSync(join(dir, file), content);
    written.push(file);
  }
  console.log(`TEST ONLY: tests/fixtures/${name}/test-pki: ${written.join(', ')}`);
}
if (wanted.length === 0) console.log('Every golden case has its test PKI; --all remakes them.');
