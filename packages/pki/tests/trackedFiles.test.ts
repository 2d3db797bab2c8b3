import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));
// Assembled at run time, so this file itself holds no private-key marker.
const PRIVATE_KEY = new RegExp(['-----BEGIN ([A-Z0-9]+ )*', 'PRIVATE KEY-----'].join(''));

// Keys live in an asset directory's credentials/, which git ignores; tests make theirs at run time
// (the renderer's fixed test PKI is certificates only). So no tracked file may hold one.
describe('the repository', () => {
  it('tracks no file holding a PEM private key', () => {
    const files = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' })
      .split('\0')
      .filter((file) => file !== '');
    expect(files.length).toBeGreaterThan(100);
    const holding = files.filter((file) => {
      try {
        return PRIVATE_KEY.test(readFileSync(join(root, file), 'latin1'));
      } catch {
        return false; // deleted in the work tree, not yet committed
      }
    });
    expect(holding).toEqual([]);
  });
});
