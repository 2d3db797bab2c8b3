import { parseClusterConfig, resolveClusterConfig } from '@kube-aws/config-schema';
import type { ClusterConfig } from '@kube-aws/config-schema';
import { createSeededRandom, generateCredentials } from '@kube-aws/pki';
import { buildStack, encryptedAssetNames, fakeKmsCiphertext, renderAssets } from '../src/index.js';
import type { BuiltStack } from '../src/index.js';

export const NOW = new Date('2026-11-24T12:00:00Z');
export const AMI = 'ami-0123456789abcdef0';
export const BOOTSTRAP_TOKEN = 'abcdef.0123456789abcdef';
/** A fixed test-only key of Secrets at rest: base64 of 32 bytes, as @kube-aws/pki makes them. */
export const ENCRYPTION_KEY = 'a2F3cy10ZXN0LW9ubHktZW5jcnlwdGlvbi1rZXkhISE=';

export function configFrom(text: string): ClusterConfig {
  return resolveClusterConfig(parseClusterConfig(text));
}

/** Certificates from a pinned seed and clock, and fake KMS blobs of the right size for every secret. */
export async function pinnedAssets(config: ClusterConfig) {
  const set = await generateCredentials(config, new Map(), {
    now: NOW,
    random: createSeededRandom(42),
  });
  const plain = new Map([...set.files].map(([name, file]) => [name, file.content]));
  plain.set('bootstrap-token', BOOTSTRAP_TOKEN);
  if (!plain.has('encryption-key')) plain.set('encryption-key', ENCRYPTION_KEY);
  const encryptedAssets = new Map<string, string>();
  for (const name of encryptedAssetNames())
    encryptedAssets.set(name, await fakeKmsCiphertext(name, plain.get(name)!.length));
  const certificates = new Map(
    [...plain].filter(([name]) => name.endsWith('.pem') && !name.endsWith('-key.pem')),
  );
  return { certificates, encryptedAssets };
}

/** renderAssets then buildStack, with pinned assets. */
export async function build(
  config: ClusterConfig,
  templates = renderAssets(config),
): Promise<BuiltStack> {
  return buildStack({ config, templates, amiId: AMI, ...(await pinnedAssets(config)) });
}
