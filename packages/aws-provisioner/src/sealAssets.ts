import { EncryptCommand } from '@aws-sdk/client-kms';
import type { AwsClients } from './AwsClients.js';
import { awsCall } from './internal/awsCall.js';

/** A secret as kept in credentials/: KMS ciphertext, and the SHA-256 of the plaintext it seals. */
export interface SealedAsset {
  readonly ciphertext: Uint8Array;
  readonly fingerprint: string;
}

export interface SealResult {
  /** Ciphertext (base64) by secret name, for buildStack. */
  readonly encryptedAssets: Map<string, string>;
  /** Secrets sealed in this run (new or changed), to write as `<name>.enc` and `<name>.sha256`. */
  readonly sealed: Map<string, SealedAsset>;
  /** Secrets whose existing ciphertext still matches their plaintext. */
  readonly reused: readonly string[];
}

/** The fingerprint of a secret: the SHA-256 of its text, in hex. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(
    await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)),
  );
  return [...digest].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * Seals each secret with KMS, reusing the existing ciphertext when the plaintext's fingerprint is
 * unchanged: KMS ciphertext differs on every call, so sealing again would change the userdata and
 * roll every node for nothing. No plaintext is logged or returned.
 */
export async function sealAssets(
  clients: AwsClients,
  kmsKeyArn: string,
  plaintexts: ReadonlyMap<string, string>,
  existing: ReadonlyMap<string, SealedAsset>,
): Promise<SealResult> {
  const encryptedAssets = new Map<string, string>();
  const sealed = new Map<string, SealedAsset>();
  const reused: string[] = [];
  for (const [name, plaintext] of plaintexts) {
    const fingerprint = await sha256Hex(plaintext);
    const previous = existing.get(name);
    let asset = previous;
    if (previous === undefined || previous.fingerprint !== fingerprint) {
      const { CiphertextBlob } = await awsCall('kms:Encrypt', `secret ${name}`, () =>
        clients.kms.send(
          new EncryptCommand({ KeyId: kmsKeyArn, Plaintext: new TextEncoder().encode(plaintext) }),
        ),
      );
      asset = { ciphertext: CiphertextBlob!, fingerprint };
      sealed.set(name, asset);
    } else {
      reused.push(name);
    }
    encryptedAssets.set(name, Buffer.from(asset!.ciphertext).toString('base64'));
  }
  return { encryptedAssets, sealed, reused };
}
