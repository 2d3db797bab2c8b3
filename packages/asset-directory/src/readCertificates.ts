import type { ClusterConfig } from '@kube-aws/config-schema';
import { decodePem, planCredentials, readCertificateDer, readCertificateInfo } from '@kube-aws/pki';
import type { CertificateInfo, CredentialSpec } from '@kube-aws/pki';
import { credentialsDirectory, readCredentialFiles } from './credentialFiles.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A certificate of credentials/, or the fact that it is missing. */
export interface CertificateOnDisk {
  readonly spec: CredentialSpec;
  /** Undefined when the file is missing. */
  readonly info: CertificateInfo | undefined;
  /** Whole days until it expires (negative once expired). */
  readonly daysLeft: number;
}

/** Every certificate the cluster has in credentials/, in plan order. */
export async function readCertificates(
  config: ClusterConfig,
  assetDirectory: string,
  now = Date.now(),
): Promise<CertificateOnDisk[]> {
  const specs = planCredentials(config).filter((spec) => spec.kind !== 'key-pair');
  const files = await readCredentialFiles(
    credentialsDirectory(assetDirectory),
    specs.map((spec) => spec.certificateFile),
  );
  return specs.map((spec) => {
    const text = files.get(spec.certificateFile);
    if (text === undefined) return { spec, info: undefined, daysLeft: Number.NaN };
    const info = readCertificateInfo(
      readCertificateDer(decodePem('CERTIFICATE', text, spec.certificateFile)).certificate,
    );
    return { spec, info, daysLeft: Math.floor((info.notAfter.getTime() - now) / DAY_MS) };
  });
}
