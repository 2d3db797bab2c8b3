import { parseClusterConfig, resolveClusterConfig } from '@kube-aws/config-schema';
import type { ClusterConfig } from '@kube-aws/config-schema';
import { buildStack, encryptedAssetNames, fakeKmsCiphertext, renderAssets } from '../src/index.js';
import type { BuiltStack } from '../src/index.js';
import { readTestPki, testPkiCaseFor } from './testPki.js';

export const NOW = new Date('2026-11-24T12:00:00Z');
export const AMI = 'ami-0123456789abcdef0';
export const BOOTSTRAP_TOKEN = 'abcdef.0123456789abcdef';
/** A fixed test-only key of Secrets at rest: base64 of 32 bytes, as @kube-aws/pki makes them. */
export const ENCRYPTION_KEY = 'a2F3cy10ZXN0LW9ubHktZW5jcnlwdGlvbi1rZXkhISE=';

export function configFrom(text: string): ClusterConfig {
  return resolveClusterConfig(parseClusterConfig(text));
}

/**
 * The length of a PKCS#8 PEM key as WebCrypto writes it (an RSA key's varies by a few bytes): what
 * a fake KMS blob stands in for.
 */
const KEY_PEM_LENGTH = { 'ecdsa-p256': 241, 'rsa-2048': 1704, 'rsa-4096': 3272 } as const;

/**
 * The certificates of a fixed test PKI (tests/fixtures/<case>/test-pki: TEST ONLY, made once by
 * scripts/make-test-pki.mjs), and fake KMS blobs of the right size for every secret, so builds are
 * byte-identical from run to run. No key is involved: nodes get keys only as KMS ciphertext.
 */
export async function pinnedAssets(config: ClusterConfig, testPkiCase = testPkiCaseFor(config)) {
  const certificates = readTestPki(testPkiCase);
  const plaintextLength = (name: string) =>
    name === 'bootstrap-token'
      ? BOOTSTRAP_TOKEN.length
      : name === 'encryption-key'
        ? ENCRYPTION_KEY.length
        : KEY_PEM_LENGTH[config.pki.keyAlgorithm];
  const encryptedAssets = new Map<string, string>();
  for (const name of encryptedAssetNames())
    encryptedAssets.set(name, await fakeKmsCiphertext(name, plaintextLength(name)));
  return { certificates, encryptedAssets };
}

/** renderAssets then buildStack, with pinned assets. */
export async function build(
  config: ClusterConfig,
  templates = renderAssets(config),
): Promise<BuiltStack> {
  return buildStack({ config, templates, amiId: AMI, ...(await pinnedAssets(config)) });
}
