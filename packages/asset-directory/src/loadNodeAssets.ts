import { basename, dirname } from 'node:path';
import { encryptedAssetNames, fakeKmsCiphertext, NODE_ASSETS } from '@kube-aws/renderer';
import { AssetError } from './AssetError.js';
import { readAssetFile } from './readAssetFile.js';
import { readTrustExtras } from './internal/readTrustExtras.js';

export interface NodeAssets {
  readonly certificates: Map<string, string>;
  readonly encryptedAssets: Map<string, string>;
  /** Names of the secrets for which no `.enc` exists yet, so a same-sized placeholder stands in. */
  readonly placeholders: readonly string[];
}

/**
 * What buildStack needs from credentials/: the certificates, and each secret's KMS ciphertext
 * (`<name>.enc`, written by `up`). Offline, before any encryption, a placeholder of the size the
 * ciphertext will have stands in, so sizes and layout can still be checked.
 * @throws {AssetError} `FILE_NOT_FOUND` when a credential has not been rendered.
 */
export async function loadNodeAssets(credentialsDirectory: string): Promise<NodeAssets> {
  const missing = (name: string) =>
    new AssetError('FILE_NOT_FOUND', `credentials/${name} is missing; run kube-aws render first`);
  // Each file is read as a regular file of the asset directory, never through a link.
  const read = (name: string) =>
    readAssetFile(dirname(credentialsDirectory), `${basename(credentialsDirectory)}/${name}`);
  const certificates = new Map<string, string>();
  for (const name of new Set([
    ...NODE_ASSETS.controller.certificates,
    ...NODE_ASSETS.worker.certificates,
  ])) {
    const text = await read(name);
    if (text === undefined) throw missing(name);
    certificates.set(name, text.toString('utf8'));
  }
  for (const [name, pem] of await readTrustExtras(credentialsDirectory))
    certificates.set(name, pem);
  const encryptedAssets = new Map<string, string>();
  const placeholders: string[] = [];
  for (const name of encryptedAssetNames()) {
    const sealed = await read(`${name}.enc`);
    if (sealed !== undefined) {
      encryptedAssets.set(name, sealed.toString('base64'));
      continue;
    }
    const plain = await read(name);
    if (plain === undefined) throw missing(name);
    encryptedAssets.set(name, await fakeKmsCiphertext(name, Buffer.byteLength(plain)));
    placeholders.push(name);
  }
  return { certificates, encryptedAssets, placeholders };
}
