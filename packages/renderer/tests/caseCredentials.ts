import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCredentials } from '@kube-aws/pki';
import { caseConfig } from './goldenFixtures.js';

/** A golden case's credentials, certificates and keys, as files in a temporary directory. */
export interface CaseCredentials {
  readonly dir: string;
  /** File names in `dir`: `ca.pem`, `apiserver-key.pem`, … */
  readonly names: ReadonlySet<string>;
  /** Removes `dir`. */
  remove(): void;
}

/**
 * Makes a fresh credential set for a golden case, with new WebCrypto keys, and writes it out. The
 * golden files hold the fixed test PKI's certificates but no keys, and real peers (openssl, curl,
 * etcd) need both. Issued at the current time, because those peers check validity against the wall
 * clock.
 */
export async function writeCaseCredentials(caseName: string): Promise<CaseCredentials> {
  const set = await generateCredentials(caseConfig(caseName), new Map(), { now: new Date() });
  const dir = mkdtempSync(join(tmpdir(), `kube-aws-${caseName}-`));
  for (const [name, file] of set.files)
    writeFileSync(join(dir, name), file.content, { mode: file.secret ? 0o600 : 0o644 });
  return {
    dir,
    names: new Set(set.files.keys()),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
