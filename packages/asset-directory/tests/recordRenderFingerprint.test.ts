import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { loadClusterConfig } from '@kube-aws/config-schema';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { recordRenderFingerprint, RENDER_FINGERPRINT_FILE } from '../src/index.js';
import { RENDER_STATE_FILE } from '../src/internal/renderState.js';
import {
  configOf,
  removeRenderedDirectories,
  renderedDirectory,
  TEST_BUILD,
} from './renderedDirectory.js';

afterAll(removeRenderedDirectories);

let dir: string;
const now = new Date();
const DAY_MS = 24 * 60 * 60 * 1000;

async function record(options: { at?: Date; build?: string } = {}): Promise<boolean> {
  return recordRenderFingerprint(await configOf(dir), dir, {
    buildId: 'build' in options ? options.build : TEST_BUILD,
    now: options.at ?? now,
  });
}

beforeEach(async () => {
  dir = await renderedDirectory();
});

describe(recordRenderFingerprint, () => {
  it('records the state a render left, 0644 in credentials/ (which git ignores), with no secret in it', async () => {
    expect(await record()).toBe(true);
    const file = join(dir, RENDER_FINGERPRINT_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o644);
    const text = readFileSync(file, 'utf8');
    expect(JSON.parse(text)).toEqual({
      version: 1,
      build: TEST_BUILD,
      node: process.version,
      paths: [
        '.kube-aws/',
        'cloud-config/',
        'cluster.yaml',
        'credentials/',
        'kubeconfig',
        'stack-template.json',
      ],
      digest: expect.stringMatching(/^[0-9a-f]{64}$/),
      validFrom: expect.any(String),
      validUntil: expect.any(String),
      stderr: '',
    });
    expect(text).not.toContain('PRIVATE KEY');
    expect(readdirSync(join(dir, 'credentials')).filter((name) => name.endsWith('.tmp'))).toEqual(
      [],
    );
    execFileSync('git', ['init', '--quiet', dir]);
    expect(
      execFileSync('git', ['status', '--porcelain', '--ignored', 'credentials/'], {
        cwd: dir,
        encoding: 'utf8',
      }),
    ).toContain('!! credentials/.render-fingerprint.json');
    expect(
      execFileSync('git', ['status', '--porcelain'], { cwd: dir, encoding: 'utf8' }),
    ).not.toContain('render-fingerprint');
  });

  it('records nothing in an unbundled kube-aws, which cannot say which code it is', async () => {
    expect(await record({ build: undefined })).toBe(false);
    expect(existsSync(join(dir, RENDER_FINGERPRINT_FILE))).toBe(false);
  });

  const unsettled: [string, () => void | Promise<void>][] = [
    [
      'a key is readable by others',
      () => chmodSync(join(dir, 'credentials', 'admin-key.pem'), 0o640),
    ],
    [
      'a certificate does not match its key',
      () => {
        const credentials = join(dir, 'credentials');
        writeFileSync(
          join(credentials, 'admin-key.pem'),
          readFileSync(join(credentials, 'worker-key.pem')),
        );
      },
    ],
    [
      'kubeconfig is not the one render writes',
      () => writeFileSync(join(dir, 'kubeconfig'), 'mine\n'),
    ],
    ['credentials/.gitignore is missing', () => rmSync(join(dir, 'credentials', '.gitignore'))],
    [
      'the base of a template is missing: render would write it again',
      () => rmSync(join(dir, '.kube-aws', 'rendered', 'stack-template.json')),
    ],
    [
      'a template is missing: render would write it',
      () => rmSync(join(dir, 'cloud-config', 'cloud-config-worker')),
    ],
    [
      'a link lies in .kube-aws/, where render reads nothing through one',
      () => symlinkSync('render-state.json', join(dir, '.kube-aws', 'elsewhere.json')),
    ],
    [
      'render-state.json is not as render writes it',
      () => writeFileSync(join(dir, RENDER_STATE_FILE), '{}'),
    ],
    [
      'a killed render left a temporary file',
      () => writeFileSync(join(dir, 'cloud-config', '.addons.yaml.0123456789ab.tmp'), ''),
    ],
  ];
  it.each(unsettled)(
    'records nothing when %s: a render would not leave it so',
    async (_, change) => {
      await change();
      expect(await record()).toBe(false);
      expect(existsSync(join(dir, RENDER_FINGERPRINT_FILE))).toBe(false);
    },
  );

  it('records nothing once a certificate has expired, nor before one is valid', async () => {
    expect(await record({ at: new Date(now.getTime() + 400 * DAY_MS) })).toBe(false);
    expect(await record({ at: new Date(now.getTime() - DAY_MS) })).toBe(false);
    expect(await record()).toBe(true);
  });

  it('records nothing when cluster.yaml no longer resolves to the config that was rendered', async () => {
    const config = await configOf(dir);
    writeFileSync(
      join(dir, 'cluster.yaml'),
      readFileSync(join(dir, 'cluster.yaml'), 'utf8') + 'worker:\n  count: 5\n',
    );
    expect(loadClusterConfig(readFileSync(join(dir, 'cluster.yaml'))).config).not.toEqual(config);
    expect(await recordRenderFingerprint(config, dir, { buildId: TEST_BUILD, now })).toBe(false);
  });
});
