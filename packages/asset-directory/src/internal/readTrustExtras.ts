import { basename, dirname } from 'node:path';
import { decodePem, readCertificateDer, readCertificateInfo } from '@kube-aws/pki';
import { trustExtraFiles } from '@kube-aws/renderer';
import { AssetError } from '../AssetError.js';
import { readAssetFile } from '../readAssetFile.js';

/**
 * The CA certificates credentials/ holds for a staged CA rotation (`ca-next.pem`,
 * `ca-previous.pem`, and the same for etcd-ca and front-proxy-ca; docs/operations.md): nodes
 * trust them beside the CA itself. Absent files are left out; each present one must be a CA
 * certificate that has not expired.
 * @throws {AssetError} `CREDENTIALS_INVALID` naming the file, or `UNSAFE_FILE` for a link.
 */
export async function readTrustExtras(
  credentialsDirectory: string,
  now = Date.now(),
): Promise<Map<string, string>> {
  const extras = new Map<string, string>();
  for (const name of trustExtraFiles()) {
    const file = `${basename(credentialsDirectory)}/${name}`;
    const bytes = await readAssetFile(dirname(credentialsDirectory), file);
    if (bytes === undefined) continue;
    const text = bytes.toString('utf8');
    let problem: string | undefined;
    try {
      const info = readCertificateInfo(
        readCertificateDer(decodePem('CERTIFICATE', text, file)).certificate,
      );
      if (!info.isCA) problem = 'is not a CA certificate';
      else if (info.notAfter.getTime() <= now)
        problem = `expired on ${info.notAfter.toISOString()}`;
    } catch (error) {
      problem = error instanceof Error ? error.message.replace(`${file}: `, '') : String(error);
    }
    if (problem !== undefined)
      throw new AssetError(
        'CREDENTIALS_INVALID',
        `${file}: ${problem}; during a CA rotation it holds the certificate of the next or previous CA (docs/operations.md)`,
      );
    extras.set(name, text);
  }
  return extras;
}
