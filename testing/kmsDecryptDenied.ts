import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A loopback stand-in for AWS in front of moto that refuses kms:Decrypt, as a plan role does. */
export interface DecryptDeniedEndpoint {
  /** Point AWS_ENDPOINT_URL here. */
  readonly endpoint: string;
  /** Every KMS operation asked for so far (`Decrypt`, `Encrypt`, …), refused or not, in order. */
  kmsCalls(): string[];
  /** Forgets the KMS operations asked for so far. */
  resetCalls(): void;
  stop(): Promise<void>;
}

const SERVER = fileURLToPath(new URL('./kmsDecryptDeniedServer.mjs', import.meta.url));

/**
 * Starts, as its own process (so tests may run kube-aws synchronously), a proxy that forwards every
 * request to moto unchanged except KMS Decrypt, which gets the AccessDenied answer AWS gives a role
 * without kms:Decrypt. moto enforces no IAM; this is how a test holds a role that may plan but not
 * read secrets.
 */
export async function startDecryptDenied(motoEndpoint: string): Promise<DecryptDeniedEndpoint> {
  const dir = mkdtempSync(join(tmpdir(), 'kube-aws-kms-denied-'));
  const log = join(dir, 'kms-calls.log');
  const child = spawn(process.execPath, [SERVER, motoEndpoint, log], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<string>((done, fail) => {
    child.once('exit', (code) => fail(new Error(`the KMS stand-in exited ${code}`)));
    child.stdout.once('data', (data: Buffer) => done(data.toString().trim()));
  });
  const read = () => {
    try {
      return readFileSync(log, 'utf8').split('\n').filter(Boolean);
    } catch {
      return [];
    }
  };
  let seen = 0;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    kmsCalls: () => read().slice(seen),
    resetCalls: () => {
      seen = read().length;
    },
    stop: async () => {
      child.removeAllListeners('exit');
      const exited = new Promise((done) => child.once('exit', done));
      child.kill();
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
