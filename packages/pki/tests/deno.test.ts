import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openssl, removeTemporaryDirectories, temporaryDirectory } from './helpers.js';

afterAll(removeTemporaryDirectories);

const root = fileURLToPath(new URL('../../..', import.meta.url));
const deno = join(root, 'node_modules', '.bin', 'deno');
const smoke = fileURLToPath(new URL('../scripts/deno-smoke.ts', import.meta.url));

// The same build runs on Deno: the deno npm package runs a smoke script that makes and checks a set.
describe('@kube-aws/pki on Deno', () => {
  it.each([['ecdsa-p256'], ['rsa-2048']])('generates and checks a full %s set', (algorithm) => {
    const dir = temporaryDirectory();
    // yaml's Node build reads LOG_TOKENS and LOG_STREAM; nothing else of the environment is granted.
    const run = spawnSync(
      deno,
      [
        'run',
        '--no-prompt',
        '--allow-read',
        '--allow-env=LOG_TOKENS,LOG_STREAM',
        `--allow-write=${dir}`,
        smoke,
        dir,
        algorithm,
      ],
      {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
      },
    );
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^deno 2\.\d+\.\d+: generated and checked 28 files\n$/);
    // 13 certificates with their keys, the bootstrap token and the encryption key.
    expect(readdirSync(dir)).toHaveLength(28);
    expect(readdirSync(dir)).toContain('encryption-key');
    expect(
      openssl([
        'verify',
        '-x509_strict',
        '-purpose',
        'sslserver',
        '-CAfile',
        join(dir, 'ca.pem'),
        join(dir, 'apiserver.pem'),
      ]).trim(),
    ).toMatch(/: OK$/);
  });
});
