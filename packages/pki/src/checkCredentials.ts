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

/** A credential's files as read, before the checks that need their CA or WebCrypto. */
type Read =
  | { readonly problems: CredentialProblem[] }
  | { readonly keyText: string | undefined; readonly publicKey: pkijs.PublicKeyInfo }
  | { readonly keyText: string | undefined; readonly issued: IssuedCertificate };

/** Reads one credential's files; problems when they are missing or not what they should be. */
function readOne(
  spec: CredentialSpec,
  files: ReadonlyMap<string, string>,
  sealed: ReadonlySet<string>,
): Read {
  const problems: CredentialProblem[] = [];
  const certificateText = files.get(spec.certificateFile);
  const keyText = files.get(spec.keyFile);
  const keyless = keyText === undefined && !sealed.has(spec.keyFile);
  if (certificateText === undefined)
    problems.push({ file: spec.certificateFile, message: 'is missing' });
  if (keyless) problems.push({ file: spec.keyFile, message: 'is missing' });
  if (certificateText === undefined || keyless) return { problems };
  if (spec.kind === 'key-pair') {
    const der = decodePem('PUBLIC KEY', certificateText, spec.certificateFile);
    try {
      return { keyText, publicKey: pkijs.PublicKeyInfo.fromBER(der as BufferSource) };
    } catch {
      const message = 'is not a SubjectPublicKeyInfo "PUBLIC KEY"';
      return { problems: [{ file: spec.certificateFile, message }] };
    }
  }
  const der = decodePem('CERTIFICATE', certificateText, spec.certificateFile);
  return { keyText, issued: readCertificateDer(der) };
}

async function checkOne(
  spec: CredentialSpec,
  read: Read,
  certificates: ReadonlyMap<string, IssuedCertificate>,
  now: Date,
): Promise<CredentialProblem[]> {
  if ('problems' in read) return read.problems;
  const problems: CredentialProblem[] = [];
  const at = (file: string, message: string) => problems.push({ file, message });
  if ('publicKey' in read) {
    if (
      read.keyText !== undefined &&
      !(await keyMatches(read.keyText, spec.keyFile, read.publicKey))
    )
      at(spec.certificateFile, `is not the public key of ${spec.keyFile}`);
    return problems;
  }
  const { issued } = read;
  const { certificate } = issued;
  const info = readCertificateInfo(certificate);
  if (
    read.keyText !== undefined &&
    !(await keyMatches(read.keyText, spec.keyFile, certificate.subjectPublicKeyInfo))
  )
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

/** A PkiError as the problem of the file it names; anything else is a bug, and thrown. */
function asProblems(spec: CredentialSpec, error: unknown): CredentialProblem[] {
  if (!PkiError.is(error)) throw error;
  return [
    { file: error.file ?? spec.certificateFile, message: error.message.replace(/^[^:]+: /, '') },
  ];
}

function checkGeneratedSecrets(
  files: ReadonlyMap<string, string>,
  sealed: ReadonlySet<string>,
): CredentialProblem[] {
  const problems: CredentialProblem[] = [];
  for (const secret of GENERATED_SECRETS) {
    const text = files.get(secret.file);
    if (text === undefined && sealed.has(secret.file)) continue;
    if (text === undefined) problems.push({ file: secret.file, message: 'is missing' });
    else if (!secret.pattern.test(text.trim()))
      problems.push({ file: secret.file, message: `must hold ${secret.format}` });
  }
  return problems;
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
  const specs = planCredentials(config);
  // Every file is read first, so each check finds its CA's certificate; then all checks run at
  // once, their signature verifications in WebCrypto's thread pool.
  const reads = specs.map((spec): Read => {
    try {
      return readOne(spec, files, sealed);
    } catch (error) {
      return { problems: asProblems(spec, error) };
    }
  });
  const certificates = new Map<string, IssuedCertificate>();
  for (const [index, read] of reads.entries())
    if ('issued' in read) certificates.set(specs[index]!.name, read.issued);
  const problems = await Promise.all(
    specs.map((spec, index) =>
      checkOne(spec, reads[index]!, certificates, now).catch((error: unknown) =>
        asProblems(spec, error),
      ),
    ),
  );
  return [...problems.flat(), ...checkGeneratedSecrets(files, sealed)];
}
