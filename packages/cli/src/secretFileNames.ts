import type { ClusterConfig } from '@kube-aws/config-schema';
import { BOOTSTRAP_TOKEN_FILE, planCredentials } from '@kube-aws/pki';

/**
 * The files of credentials/ that are secret: every private key and the bootstrap token. Each is
 * sealed with KMS as `<name>.enc` with its fingerprint `<name>.sha256`; the plaintext stays on the
 * machine that rendered it (mode 0600) and is never committed.
 */
export function secretFileNames(config: ClusterConfig): string[] {
  return [...planCredentials(config).map((spec) => spec.keyFile), BOOTSTRAP_TOKEN_FILE];
}
