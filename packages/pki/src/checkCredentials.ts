import type { ClusterConfig } from '@kube-aws/config-schema';
import * as pkijs from 'pkijs';
import type { IssuedCertificate } from './issueCertificate.js';
import { readCertificateDer } from './issueCertificate.js';
import { importPrivateKey } from './importPrivateKey.js';
import { decodePem } from './pem.js';
import { PkiError } from './PkiError.js';
import { GENERATED_SECRETS } from './generatedSecrets.js';
import { planCredentials } from './planCredentials.js';
import type { CredentialSpec } from './planCredentials.js';
import { readCertificateInfo } from './readCertificateInfo.js';
import { CLOCK_SKEW_MS } from './CertificateAuthority.js';
import { pkcs8PublicMembers, spkiPublicMembers } from './internal/publicKeyMembers.js';
import { readPrivateKeyInfo } from './internal/readPrivateKeyInfo.js';

/** One thing wrong with one credential file. */
export interface CredentialProblem {
  readonly file: string;
  readonly message: string;
}

/**
 * Whether the key file holds the private key of this public key. The public key written in the
 * PKCS#8 is compared, by parsing alone: checking imports no key, so a render that changes nothing
 * does no key work. Only an EC key stored without its public point is imported, for WebCrypto to
 * derive it.
 */
async function keyMatches(
  keyText: string,
  keyFile: string,
  publicKey: pkijs.PublicKeyInfo,
): Promise<boolean> {
  const pkcs8 = decodePem('PRIVATE KEY', keyText, keyFile);
  const fromKey =
    pkcs8PublicMembers(readPrivateKeyInfo(pkcs8, keyFile).info) ??
    spkiPublicMembers(
      pkijs.PublicKeyInfo.fromBER(
        (await importPrivateKey(keyText, keyFile)).publicKeySpki as BufferSource,
      ),
    );
  return fromKey !== undefined && fromKey === spkiPublicMembers(publicKey);
}

async function checkOne(
  spec: CredentialSpec,
  files: ReadonlyMap<string, string>,
  certificates: Map<string, IssuedCertificate>,
  now: Date,
): Promise<CredentialProblem[]> {
  const problems: CredentialProblem[] = [];
  const at = (file: string, message: string) => problems.push({ file, message });
  const certificateText = files.get(spec.certificateFile);
  const keyText = files.get(spec.keyFile);
  if (certificateText === undefined) at(spec.certificateFile, 'is missing');
  if (keyText === undefined) at(spec.keyFile, 'is missing');
  if (certificateText === undefined || keyText === undefined) return problems;
  if (spec.kind === 'key-pair') {
    const der = decodePem('PUBLIC KEY', certificateText, spec.certificateFile);
    let publicKey: pkijs.PublicKeyInfo;
    try {
      publicKey = pkijs.PublicKeyInfo.fromBER(der as BufferSource);
    } catch {
      at(spec.certificateFile, 'is not a SubjectPublicKeyInfo "PUBLIC KEY"');
      return problems;
    }
    if (!(await keyMatches(keyText, spec.keyFile, publicKey)))
      at(spec.certificateFile, `is not the public key of ${spec.keyFile}`);
    return problems;
  }
  const issued = readCertificateDer(
    decodePem('CERTIFICATE', certificateText, spec.certificateFile),
  );
  certificates.set(spec.name, issued);
  const { certificate } = issued;
  const info = readCertificateInfo(certificate);
  if (!(await keyMatches(keyText, spec.keyFile, certificate.subjectPublicKeyInfo)))
    at(spec.keyFile, `does not match ${spec.certificateFile}: they hold different public keys`);
  const issuer = spec.issuer === undefined ? issued : certificates.get(spec.issuer);
  if (issuer === undefined) {
    at(spec.certificateFile, `cannot be checked: its CA ${spec.issuer}.pem is not valid`);
  } else if (
    !certificate.issuer.isEqual(issuer.certificate.subject) ||
    !(await certificate.verify(issuer.certificate))
  ) {
    at(spec.certificateFile, `is not signed by ${spec.issuer ?? spec.name}.pem`);
  }
  if (info.notAfter.getTime() <= now.getTime())
    at(spec.certificateFile, `expired on ${info.notAfter.toISOString()}`);
  if (info.notBefore.getTime() > now.getTime() + CLOCK_SKEW_MS)
    at(spec.certificateFile, `is not valid before ${info.notBefore.toISOString()}`);
  if (spec.kind === 'ca' && !info.isCA)
    at(spec.certificateFile, 'is not a CA certificate (BasicConstraints CA:TRUE is missing)');
  if (info.multiValuedRdn)
    at(
      spec.certificateFile,
      `has a multi-valued name (${info.subject}); Kubernetes reads it wrongly`,
    );
  for (const usage of spec.profile.extendedKeyUsages ?? []) {
    if (!info.extendedKeyUsages.includes(usage))
      at(spec.certificateFile, `lacks the ${usage} extended key usage`);
  }
  const missing = [
    ...(spec.profile.dnsNames ?? [])
      .filter((name) => !info.dnsNames.includes(name))
      .map((name) => `DNS:${name}`),
    ...(spec.profile.ipAddresses ?? [])
      .filter((address) => !info.ipAddresses.includes(address))
      .map((address) => `IP:${address}`),
  ];
  if (missing.length > 0)
    at(spec.certificateFile, `lacks the subject alternative names ${missing.join(', ')}`);
  return problems;
}

function checkGeneratedSecrets(files: ReadonlyMap<string, string>): CredentialProblem[] {
  const problems: CredentialProblem[] = [];
  for (const secret of GENERATED_SECRETS) {
    const text = files.get(secret.file);
    if (text === undefined) problems.push({ file: secret.file, message: 'is missing' });
    else if (!secret.pattern.test(text.trim()))
      problems.push({ file: secret.file, message: `must hold ${secret.format}` });
  }
  return problems;
}

/**
 * Checks a full set of credentials, brought by the user or generated: each chain, that each key
 * matches its certificate, the required SANs and usages, and that nothing has expired. Returns
 * every problem, each naming its file; an empty list means the set is good.
 */
export async function checkCredentials(
  config: ClusterConfig,
  files: ReadonlyMap<string, string>,
  now: Date = new Date(),
): Promise<CredentialProblem[]> {
  const certificates = new Map<string, IssuedCertificate>();
  const problems: CredentialProblem[] = [];
  for (const spec of planCredentials(config)) {
    try {
      problems.push(...(await checkOne(spec, files, certificates, now)));
    } catch (error) {
      if (!PkiError.is(error)) throw error;
      problems.push({
        file: error.file ?? spec.certificateFile,
        message: error.message.replace(/^[^:]+: /, ''),
      });
    }
  }
  problems.push(...checkGeneratedSecrets(files));
  return problems;
}
