import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { findTool } from './findTool.js';
import { freePort } from './freePort.js';

export interface MotoServer {
  readonly endpoint: string;
  stop(): Promise<void>;
}

/**
 * How long moto_server may take to answer after it starts: its Python imports take seconds on a
 * quiet machine and many more on a busy one. A bound on a failure, not a race: a live server is
 * used the moment it answers.
 */
const START_LIMIT_MS = 120_000;

/** Starts moto_server on a free loopback port and waits until it answers. */
export async function startMoto(): Promise<MotoServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    findTool('moto_server'),
    ['-H', '127.0.0.1', '-p', String(port)],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + START_LIMIT_MS;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${endpoint}/moto-api/`);
      if (response.ok) {
        return {
          endpoint,
          stop: async () => {
            if (child.exitCode !== null) return;
            const exited = new Promise((resolve) => child.once('exit', resolve));
            child.kill('SIGTERM');
            await exited;
          },
        };
      }
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(
    `moto_server ${child.exitCode === null ? `did not answer within ${START_LIMIT_MS / 1000} s` : `exited (${child.exitCode})`} on ${endpoint}:\n${log.slice(-2000)}`,
  );
}

/** Client settings that point an AWS SDK client at moto with dummy credentials. */
export function motoClientConfig(endpoint: string, region: string) {
  return { endpoint, region, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };
}
