import { DecryptCommand } from '@aws-sdk/client-kms';
import type { AwsClients } from './AwsClients.js';
import { awsCall } from './internal/awsCall.js';
import { ProvisionError } from './ProvisionError.js';
import type { SealedAsset } from './sealAssets.js';
import { sha256Hex } from './sealAssets.js';

/**
 * Opens sealed secrets with KMS Decrypt (the key is named inside the ciphertext), so a fresh
 * checkout, a teammate or a CI runner with `kms:Decrypt` reuses the cluster's CA and keys instead of
 * making new ones. Each plaintext must match the fingerprint recorded when it was sealed.
 * @throws {ProvisionError} `SEAL_MISMATCH` when a ciphertext and its fingerprint disagree,
 *   `AWS_ERROR` when KMS refuses (no kms:Decrypt, disabled key).
 */
export async function openSealedAssets(
  clients: AwsClients,
  sealed: ReadonlyMap<string, SealedAsset>,
): Promise<Map<string, string>> {
  const plaintexts = new Map<string, string>();
  for (const [name, asset] of sealed) {
    const { Plaintext } = await awsCall('kms:Decrypt', `secret ${name}`, () =>
      clients.kms.send(new DecryptCommand({ CiphertextBlob: asset.ciphertext })),
    );
    const text = new TextDecoder().decode(Plaintext);
    if ((await sha256Hex(text)) !== asset.fingerprint) {
      throw new ProvisionError(
        'SEAL_MISMATCH',
        `${name}.enc does not open to the secret ${name}.sha256 records; restore both from the same commit, or delete both to make the secret anew`,
      );
    }
    plaintexts.set(name, text);
  }
  return plaintexts;
}
