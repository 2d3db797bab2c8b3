import type { ClusterConfig } from '@kube-aws/config-schema';
import { CLOCK_SKEW_MS } from './CertificateAuthority.js';
import { analyseCredentials } from './internal/analyseCredentials.js';
import { planCredentials } from './planCredentials.js';

/** When a set of credentials is good by the clock: from `validFrom` until before `validUntil`. */
export interface CredentialValidity {
  /** The latest notBefore of its certificates, less the clock skew that checks allow. */
  readonly validFrom: Date;
  /** The earliest notAfter: the first certificate expires then. */
  readonly validUntil: Date;
}

/**
 * The time during which checkCredentials finds no certificate expired or not yet valid in this
 * set, whatever else it finds; undefined when no certificate in it can be read.
 */
export async function credentialValidity(
  config: ClusterConfig,
  files: ReadonlyMap<string, string>,
): Promise<CredentialValidity | undefined> {
  const { findings } = await analyseCredentials(planCredentials(config), files);
  let validFrom = -Infinity;
  let validUntil = Infinity;
  for (const { validity } of findings) {
    if (validity === undefined) continue;
    validFrom = Math.max(validFrom, validity.notBefore.getTime() - CLOCK_SKEW_MS);
    validUntil = Math.min(validUntil, validity.notAfter.getTime());
  }
  if (!Number.isFinite(validFrom) || !Number.isFinite(validUntil)) return undefined;
  return { validFrom: new Date(validFrom), validUntil: new Date(validUntil) };
}
