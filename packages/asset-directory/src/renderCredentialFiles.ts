import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { ClusterConfig } from '@kube-aws/config-schema';
import {
  checkCredentials,
  generateCredentials,
  PkiError,
  planCredentials,
  renderKubeconfig,
} from '@kube-aws/pki';
import type { CredentialProblem, CredentialSpec } from '@kube-aws/pki';
import { AssetError } from './AssetError.js';
import type { AssetIo } from './AssetIo.js';
import {
  credentialsDirectory,
  ensureCredentialsDirectory,
  listSealedFiles,
  prepareCredentialsDirectory,
  readCredentialFiles,
  restrictKeyFile,
  writeIfChanged,
} from './credentialFiles.js';
import { refuseNewCa } from './internal/refuseNewCa.js';
import { removeStaleTemporaryFiles } from './internal/removeStaleTemporaryFiles.js';
import { writeFileAtomic } from './writeFileAtomic.js';
import { secretFileNames } from './secretFileNames.js';

export interface CredentialOptions {
  readonly forceRegenerate: readonly string[];
  readonly allowCaReplacement: boolean;
  /** Allows `forceRegenerate` to replace encryption-key: every Secret stored in etcd is lost. */
  readonly allowEncryptionKeyReplacement: boolean;
}

/**
 * The CA certificates left without a key by an interrupted render of an older kube-aws (it wrote
 * ca.pem before ca-key.pem): no key, nothing sealed (so no stack was ever made from here: `up`
 * seals every key before it creates one), and no certificate on disk that it signed (so it is
 * not a CA brought without its key on purpose). Such a CA can sign nothing and nothing trusts
 * it yet, so it is made anew rather than refused forever.
 */
function orphanedCas(
  specs: readonly CredentialSpec[],
  existing: ReadonlyMap<string, string>,
): CredentialSpec[] {
  return specs.filter(
    (spec) =>
      spec.kind === 'ca' &&
      existing.has(spec.certificateFile) &&
      !existing.has(spec.keyFile) &&
      !specs.some((leaf) => leaf.issuer === spec.name && existing.has(leaf.certificateFile)),
  );
}

function refusal(problems: readonly CredentialProblem[], specs: readonly CredentialSpec[]): string {
  const lines = problems.map((problem) => `credentials/${problem.file}: ${problem.message}`);
  const fixes = ['Replace the files, or make them anew with --force-regenerate=<name>.'];
  const cas = new Set(
    specs.filter((spec) => spec.kind === 'ca').map((spec) => spec.certificateFile),
  );
  if (problems.some((problem) => cas.has(problem.file) && /expired/.test(problem.message)))
    fixes.push(
      'An expired CA is made anew with --force-regenerate=<ca> --i-understand-this-replaces-the-ca (everything it signed is made anew too; then update the cluster).',
    );
  if (problems.some((problem) => /not valid before/.test(problem.message)))
    fixes.push(
      `A certificate that is not valid yet: check this machine's clock (it says ${new Date().toISOString()}).`,
    );
  return `the credentials cannot be used:\n${lines.join('\n')}\n${fixes.join('\n')}`;
}

/**
 * Makes what is missing in credentials/, checks the whole set, and only then writes it, keys
 * before certificates, and kubeconfig. A kill at any moment leaves the old set or one the next
 * render completes: a key on disk never has a certificate of another key (a certificate being
 * replaced is removed first), and temporary files of a killed render are removed at start.
 * @throws {AssetError} `CREDENTIALS_INVALID` naming each bad file, before anything is written;
 * `UNSAFE_FILE` naming a link, FIFO or device in credentials/, before any mode is changed.
 */
export async function renderCredentialFiles(
  config: ClusterConfig,
  assetDirectory: string,
  options: CredentialOptions,
  io: AssetIo,
): Promise<void> {
  const directory = credentialsDirectory(assetDirectory);
  await ensureCredentialsDirectory(directory);
  const stale = await removeStaleTemporaryFiles(assetDirectory);
  if (stale.length > 0)
    io.stderr(`Removed the temporary files of an interrupted kube-aws: ${stale.join(', ')}\n`);
  const specs = planCredentials(config);
  const secrets = secretFileNames(config);
  const onDisk = await readCredentialFiles(directory, [
    ...specs.map((spec) => spec.certificateFile),
    ...secrets,
  ]);
  const existing = new Map(onDisk);
  const sealedFiles = await listSealedFiles(directory);
  if (sealedFiles.size === 0) {
    for (const spec of orphanedCas(specs, existing)) {
      existing.delete(spec.certificateFile);
      io.stderr(
        `credentials/${spec.certificateFile} has no key, nothing is sealed and nothing it signed is here: it was left by an interrupted render, so ${spec.name} is made anew\n`,
      );
    }
  }
  await refuseNewCa(
    assetDirectory,
    specs,
    existing,
    sealedFiles,
    options.allowCaReplacement ? options.forceRegenerate : [],
  );
  let result;
  try {
    result = await generateCredentials(config, existing, {
      forceRegenerate: options.forceRegenerate,
      allowCaReplacement: options.allowCaReplacement,
      allowEncryptionKeyReplacement: options.allowEncryptionKeyReplacement,
    });
  } catch (error) {
    if (PkiError.is(error))
      throw new AssetError('CREDENTIALS_INVALID', error.message, { cause: error });
    throw error;
  }
  const all = new Map([
    ...existing,
    ...[...result.files].map(([name, file]) => [name, file.content] as const),
  ]);
  const problems = await checkCredentials(config, all);
  if (problems.length > 0) throw new AssetError('CREDENTIALS_INVALID', refusal(problems, specs));

  // Certificates being replaced go first, then keys, then certificates: a key is never on disk
  // beside a certificate of another key, so an interrupted write leaves a set the next render
  // completes (a key without its certificate is certified again).
  await prepareCredentialsDirectory(directory);
  const files = [...result.files];
  for (const [name, file] of files)
    if (!file.secret && onDisk.has(name)) await unlink(join(directory, name));
  for (const [name, file] of [
    ...files.filter(([, file]) => file.secret),
    ...files.filter(([, file]) => !file.secret),
  ]) {
    await writeFileAtomic(join(directory, name), file.content, {
      mode: file.secret ? 0o600 : 0o644,
      overwrite: true,
      name: `credentials/${name}`,
    });
  }
  for (const name of secrets) {
    if (
      onDisk.has(name) &&
      !result.files.has(name) &&
      (await restrictKeyFile(join(directory, name), `credentials/${name}`))
    ) {
      io.stderr(`credentials/${name} was readable by others; its mode is now 0600\n`);
    }
  }
  const kubeconfigChanged = await writeIfChanged(
    assetDirectory,
    'kubeconfig',
    renderKubeconfig(config),
    0o600,
  );
  if (result.generated.length > 0)
    io.stdout(`Generated in credentials/: ${result.generated.join(', ')}\n`);
  if (result.kept.length > 0) io.stdout(`Kept as they were: ${result.kept.join(', ')}\n`);
  if (kubeconfigChanged) io.stdout('Wrote kubeconfig: kubectl --kubeconfig=kubeconfig get nodes\n');
}
