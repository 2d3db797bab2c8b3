import type { ClusterConfig } from '@kube-aws/config-schema';
import { CLOCK_SKEW_MS } from './CertificateAuthority.js';
import { analyseCredentials } from './internal/analyseCredentials.js';
import { planCredentials } from './planCredentials.js';

/** One thing wrong with one credential file. */
export interface CredentialProblem {
  readonly file: string;
  readonly message: string;
}

/**
 * Checks a full set of credentials, brought by the user or generated: each chain, that each key
 * matches its certificate, the required SANs and usages, and that nothing has expired. Returns
 * every problem, each naming its file; an empty list means the set is good. A secret named in
 * `sealed` is present only sealed (a plan without KMS Decrypt): its certificate is checked, but
 * not that the key matches it.
 */
export async function checkCredentials(
  config: ClusterConfig,
  files: ReadonlyMap<string, string>,
  now: Date = new Date(),
  sealed: ReadonlySet<string> = new Set(),
): Promise<CredentialProblem[]> {
  const { findings, secrets } = await analyseCredentials(planCredentials(config), files, sealed);
  const problems: CredentialProblem[] = [];
  for (const { spec, before, validity, after } of findings) {
    problems.push(...before);
    if (validity !== undefined) {
      const at = (message: string) => problems.push({ file: spec.certificateFile, message });
      if (validity.notAfter.getTime() <= now.getTime())
        at(`expired on ${validity.notAfter.toISOString()}`);
      if (validity.notBefore.getTime() > now.getTime() + CLOCK_SKEW_MS)
        at(`is not valid before ${validity.notBefore.toISOString()}`);
    }
    problems.push(...after);
  }
  return [...problems, ...secrets];
}
