import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const deno = join(root, 'node_modules', '.bin', 'deno');
const smoke = fileURLToPath(new URL('../scripts/deno-smoke.ts', import.meta.url));

// The renderer uses Web APIs only: the same build renders, builds and validates a stack on Deno.
describe('@kube-aws/renderer on Deno', () => {
  it('builds and validates the sample cluster', () => {
    // yaml's Node build reads LOG_TOKENS and LOG_STREAM; nothing else of the environment is granted.
    const run = spawnSync(
      deno,
      ['run', '--no-prompt', '--allow-read', '--allow-env=LOG_TOKENS,LOG_STREAM', smoke],
      {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
      },
    );
    expect(run.stderr).toBe('');
    // 43: the worker key no longer travels (ADR 0016); a group, launch template, etcd volume and
    // tools parameter take the place of the controller instance, its alarm and shared template (ADR 0018).
    expect(run.stdout).toMatch(/^deno 2\.\d+\.\d+: built and validated a stack of 43 resources\n$/);
  });
});
