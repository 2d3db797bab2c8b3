import * as pkijs from 'pkijs';
import type { CredentialProblem } from '../checkCredentials.js';
import type { IssuedCertificate } from '../issueCertificate.js';
import { readCertificateDer } from '../issueCertificate.js';
import { importPrivateKey } from '../importPrivateKey.js';
import { decodePem } from '../pem.js';
import { PkiError } from '../PkiError.js';
import { GENERATED_SECRETS } from '../generatedSecrets.js';
import type { CredentialSpec } from '../planCredentials.js';
import { readCertificateInfo } from '../readCertificateInfo.js';
import { pkcs8PublicMembers, spkiPublicMembers } from './publicKeyMembers.js';
import { readPrivateKeyInfo } from './readPrivateKeyInfo.js';

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

/** What is found of one credential without the clock, and its certificate's validity. */
interface Findings {
  /** Problems that come before the validity's in checkCredentials' order, and after. */
  readonly before: CredentialProblem[];
  readonly validity?: { readonly notBefore: Date; readonly notAfter: Date };
  readonly after: CredentialProblem[];
}

async function checkOne(
  spec: CredentialSpec,
  read: Read,
  certificates: ReadonlyMap<string, IssuedCertificate>,
): Promise<Findings> {
  if ('problems' in read) return { before: read.problems, after: [] };
  const before: CredentialProblem[] = [];
  const after: CredentialProblem[] = [];
  if ('publicKey' in read) {
    if (
      read.keyText !== undefined &&
      !(await keyMatches(read.keyText, spec.keyFile, read.publicKey))
    )
      before.push({
        file: spec.certificateFile,
        message: `is not the public key of ${spec.keyFile}`,
      });
    return { before, after };
  }
  const { issued } = read;
  const { certificate } = issued;
  const info = readCertificateInfo(certificate);
  if (
    read.keyText !== undefined &&
    !(await keyMatches(read.keyText, spec.keyFile, certificate.subjectPublicKeyInfo))
  )
    before.push({
      file: spec.keyFile,
      message: `does not match ${spec.certificateFile}: they hold different public keys`,
    });
  const issuer = spec.issuer === undefined ? issued : certificates.get(spec.issuer);
  if (issuer === undefined) {
    before.push({
      file: spec.certificateFile,
      message: `cannot be checked: its CA ${spec.issuer}.pem is not valid`,
    });
  } else if (
    !certificate.issuer.isEqual(issuer.certificate.subject) ||
    !(await certificate.verify(issuer.certificate))
  ) {
    before.push({
      file: spec.certificateFile,
      message: `is not signed by ${spec.issuer ?? spec.name}.pem`,
    });
  }
  const at = (file: string, message: string) => after.push({ file, message });
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
  return { before, validity: { notBefore: info.notBefore, notAfter: info.notAfter }, after };
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

/** What checkCredentials finds in a set without the clock: every problem but the time's. */
export interface CredentialAnalysis {
  /** Per credential of the plan, in its order. */
  readonly findings: readonly {
    readonly spec: CredentialSpec;
    readonly before: readonly CredentialProblem[];
    readonly validity?: { readonly notBefore: Date; readonly notAfter: Date };
    readonly after: readonly CredentialProblem[];
  }[];
  /** The bootstrap token's and the encryption key's. */
  readonly secrets: readonly CredentialProblem[];
}

async function analyse(
  specs: readonly CredentialSpec[],
  files: ReadonlyMap<string, string>,
  sealed: ReadonlySet<string>,
): Promise<CredentialAnalysis> {
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
  const findings = await Promise.all(
    specs.map(async (spec, index) => {
      try {
        return { spec, ...(await checkOne(spec, reads[index]!, certificates)) };
      } catch (error) {
        return { spec, before: asProblems(spec, error), after: [] };
      }
    }),
  );
  return { findings, secrets: checkGeneratedSecrets(files, sealed) };
}

/** The last sets analysed, by a digest of the plan, the files and the sealed: no file's text is kept. */
const recent = new Map<string, Promise<CredentialAnalysis>>();
const RECENT_SETS = 4;

async function digestOf(
  specs: readonly CredentialSpec[],
  files: ReadonlyMap<string, string>,
  sealed: ReadonlySet<string>,
) {
  const sorted = [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const bytes = new TextEncoder().encode(JSON.stringify([specs, sorted, [...sealed].sort()]));
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * Checks a set of credentials in every way that does not depend on the clock. The same plan and
 * files give the same analysis, so the last few are kept by digest: a set checked again (a render
 * checks what it wrote, then what it fingerprints) costs a digest, not a second parse.
 */
export async function analyseCredentials(
  specs: readonly CredentialSpec[],
  files: ReadonlyMap<string, string>,
  sealed: ReadonlySet<string> = new Set(),
): Promise<CredentialAnalysis> {
  const key = await digestOf(specs, files, sealed);
  let analysis = recent.get(key);
  if (analysis === undefined) {
    analysis = analyse(specs, files, sealed);
    recent.set(key, analysis);
    analysis.catch(() => recent.delete(key));
    while (recent.size > RECENT_SETS) recent.delete(recent.keys().next().value!);
  }
  return analysis;
}
