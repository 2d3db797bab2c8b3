import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo, Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runAction } from './runAction.js';
import type { Runtime } from './runAction.js';

const CLI = join(ROOT, 'packages', 'cli', 'dist', 'bin.js');
let hanging: Server;
let endpoint: string;
const sockets: Socket[] = [];

// An "AWS" that accepts connections and never answers: the action is caught mid-run, after it
// made the keys, waiting on its first AWS call, as a cancelled job would be.
beforeAll(async () => {
  hanging = createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => hanging.close(resolve));
});

describe.each<Runtime>(['node', 'deno'])('a cancelled job on %s', (runtime) => {
  it('leaves no plaintext key on the runner', async () => {
    const workspace = mkdtempSync(join(tmpdir(), `kube-aws-signal-${runtime}-`));
    try {
      execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: workspace });
      const init = spawnSync(
        process.execPath,
        [
          CLI,
          'init',
          '--cluster-name=cancelled',
          '--external-dns-name=kube.example.com',
          '--region=us-west-1',
          '--availability-zone=us-west-1b',
          '--key-name=k',
          '--kms-key-arn=arn:aws:kms:us-west-1:123456789012:key/00000000-0000-4000-8000-000000000000',
        ],
        { cwd: workspace, encoding: 'utf8' },
      );
      expect(init.status, init.stderr).toBe(0);
      let keysSeen = 0;
      let signalled = false;
      const run = await runAction(
        runtime,
        workspace,
        {
          name: 'push',
          ref: 'refs/heads/main',
          sha: '0'.repeat(40),
          payload: { repository: { default_branch: 'main' } },
        },
        // A deploy: it writes the keys to the runner before sealing them (a plan writes none).
        { 'working-directory': '.', mode: 'deploy', 'github-token': '' },
        {
          AWS_ENDPOINT_URL: endpoint,
          AWS_ACCESS_KEY_ID: 'testing',
          AWS_SECRET_ACCESS_KEY: 'testing',
          GITHUB_API_URL: 'http://127.0.0.1:9',
        },
        (stdout, child) => {
          if (signalled || !stdout.includes('::group::Seal the secrets with KMS')) return;
          signalled = true;
          keysSeen = readdirSync(join(workspace, 'credentials')).filter((name) =>
            name.endsWith('-key.pem'),
          ).length;
          // Give the action a moment to be inside its first AWS call.
          setTimeout(() => child.kill('SIGTERM'), 500);
        },
      );
      expect(keysSeen).toBe(13);
      expect(run.status).toBe(143);
      expect(run.stdout).toContain('Stopped by SIGTERM');
      expect(
        readdirSync(join(workspace, 'credentials')).filter((name) =>
          /-key\.pem$|^bootstrap-token$|^encryption-key$/.test(name),
        ),
      ).toEqual([]);
    } finally {
      rmSync(workspace, { recursive: true, force: true });
    }
  });
});
