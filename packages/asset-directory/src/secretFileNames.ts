import type { ClusterConfig } from '@kube-aws/config-schema';
import { GENERATED_SECRETS, planCredentials } from '@kube-aws/pki';

/**
 * The files of credentials/ that are secret: every private key, the bootstrap token and the
 * encryption key of Secrets at rest. Each is
 * sealed with KMS as `<name>.enc` with its fingerprint `<name>.sha256`; the plaintext stays on the
 * machine that rendered it (mode 0600) and is never committed.
 */
export function secretFileNames(config: ClusterConfig): string[] {
  return [
    ...planCredentials(config).map((spec) => spec.keyFile),
    ...GENERATED_SECRETS.map((secret) => secret.file),
  ];
}
