import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sweepPlaintextSecrets } from '../src/internal/sweepPlaintextSecrets.js';

describe('sweepPlaintextSecrets', () => {
  it('deletes every key, the bootstrap token, the encryption key and temporary files, and keeps certificates and sealed files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kube-aws-sweep-'));
    try {
      mkdirSync(join(dir, 'credentials'));
      for (const name of [
        'ca.pem',
        'ca-key.pem',
        'ca-key.pem.enc',
        'ca-key.pem.sha256',
        'my-own-key.pem',
        'bootstrap-token',
        'bootstrap-token.enc',
        'encryption-key',
        'encryption-key.enc',
        'encryption-key.sha256',
        'bootstrap-token-notes.txt',
        '.gitignore',
        '.ca-key.pem.0123456789ab.tmp',
        '.encryption-key.a1b2c3d4e5f6.tmp',
        '.notes.tmp',
      ])
        writeFileSync(join(dir, 'credentials', name), 'x');
      const { removed, failed } = sweepPlaintextSecrets(dir);
      expect(removed.sort()).toEqual([
        '.ca-key.pem.0123456789ab.tmp',
        '.encryption-key.a1b2c3d4e5f6.tmp',
        'bootstrap-token',
        'ca-key.pem',
        'encryption-key',
        'my-own-key.pem',
      ]);
      expect(failed).toEqual([]);
      expect(readdirSync(join(dir, 'credentials')).sort()).toEqual([
        '.gitignore',
        '.notes.tmp',
        'bootstrap-token-notes.txt',
        'bootstrap-token.enc',
        'ca-key.pem.enc',
        'ca-key.pem.sha256',
        'ca.pem',
        'encryption-key.enc',
        'encryption-key.sha256',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is quiet when there is no credentials/ directory', () => {
    expect(sweepPlaintextSecrets(join(tmpdir(), 'kube-aws-no-such-dir'))).toEqual({
      removed: [],
      failed: [],
    });
  });
});
