import type { CredentialSpec } from '@kube-aws/pki';

/** Certificates that expire sooner than this are flagged by `show certificates` and `status`. */
export const WARN_DAYS = 30;

/**
 * What to tell about a certificate that expires within WARN_DAYS, or undefined: a leaf is renewed
 * by `kube-aws rotate certificates` (or, before the cluster is up, made anew by render), a CA by
 * the staged procedure of docs/operations.md.
 */
export function expiryWarning(spec: CredentialSpec, daysLeft: number): string | undefined {
  if (!(daysLeft < WARN_DAYS)) return undefined;
  const file = `credentials/${spec.certificateFile}`;
  return spec.kind === 'ca'
    ? `${file} expires in ${daysLeft} days, and every certificate it signed with it; rotate the CA as docs/operations.md describes ("Rotating a CA")`
    : `${file} expires in ${daysLeft} days; renew it with kube-aws rotate certificates (before kube-aws up: kube-aws render credentials --force-regenerate=${spec.name})`;
}
