import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseClusterConfig, resolveClusterConfig } from '@kube-aws/config-schema';
import type { ClusterConfig } from '@kube-aws/config-schema';
import type { GeneratedCredentials } from '../src/index.js';

/** The guide's sample cluster, with any keys overridden. */
export function clusterConfig(extra = '', region = 'us-west-1'): ClusterConfig {
  const text = `clusterName: my-cluster
externalDNSName: kube.example.com
region: ${region}
availabilityZone: ${region}a
keyName: my-key
kmsKeyArn: arn:aws:kms:${region}:123456789012:key/00000000-0000-4000-8000-000000000000
${extra}`;
  return resolveClusterConfig(parseClusterConfig(text));
}

/** Runs openssl and returns its stdout; a missing openssl fails the test, loudly. */
export function openssl(args: readonly string[], input?: string): string {
  return execFileSync('openssl', args, {
    encoding: 'utf8',
    input,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

const temporaryDirectories: string[] = [];

/** A new temporary directory, removed by removeTemporaryDirectories. */
export function temporaryDirectory(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kube-aws-pki-'));
  temporaryDirectories.push(dir);
  return dir;
}

/** Call from afterAll in every test file that made temporary directories. */
export function removeTemporaryDirectories(): void {
  for (const dir of temporaryDirectories.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Writes a generated set into a new temporary directory and returns its path. */
export function writeSet(set: GeneratedCredentials): string {
  const dir = temporaryDirectory();
  for (const [name, file] of set.files)
    writeFileSync(join(dir, name), file.content, { mode: file.secret ? 0o600 : 0o644 });
  return dir;
}

/** The files of a generated set as the map generateCredentials and checkCredentials take. */
export function contents(set: GeneratedCredentials): Map<string, string> {
  return new Map([...set.files].map(([name, file]) => [name, file.content]));
}

export const NOW = new Date('2026-11-24T12:00:00Z');
