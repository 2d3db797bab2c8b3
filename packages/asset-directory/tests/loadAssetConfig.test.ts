import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AssetError } from '../src/index.js';
import { loadAssetConfig } from '../src/index.js';

const HEADER =
  'clusterName: c\nexternalDNSName: k.example.com\nregion: us-west-1\navailabilityZone: us-west-1a\nkeyName: k\nkmsKeyArn: arn:aws:kms:us-west-1:123456789012:key/k\n';
const io = { stdout: () => {}, stderr: () => {}, cwd: '/', env: {} };
const directories: string[] = [];

async function failureOf(bytes: Uint8Array): Promise<AssetError> {
  const directory = mkdtempSync(join(tmpdir(), 'kube-aws-load-'));
  directories.push(directory);
  writeFileSync(join(directory, 'cluster.yaml'), bytes);
  const error = await loadAssetConfig(directory, io).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AssetError);
  return error as AssetError;
}

describe(loadAssetConfig, () => {
  afterEach(() => {
    for (const directory of directories.splice(0)) rmSync(directory, { recursive: true });
  });

  it('reads cluster.yaml as bytes, so invalid UTF-8 has a line and column', async () => {
    const bytes = new Uint8Array([
      ...new TextEncoder().encode(`${HEADER}stackTags:\n  team: x`),
      0xe9,
      0x0a,
    ]);
    const error = await failureOf(bytes);
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toContain(
      'cluster.yaml:8:10 stackTags.team: has bytes that are not valid UTF-8 (0xE9)',
    );
  });

  it('refuses a cluster.yaml over 1 MiB by its size', async () => {
    const bytes = new TextEncoder().encode(
      `${HEADER}stackTags:\n  note: ${'a'.repeat(2 * 1024 * 1024)}\n`,
    );
    const error = await failureOf(bytes);
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toMatch(/^cluster\.yaml:8:\d+ the file is larger than 1 MiB/m);
  });
});
