import { join } from 'node:path';
import type { ClusterConfig } from '@kube-aws/config-schema';
import {
  checkCredentials,
  generateCredentials,
  PkiError,
  planCredentials,
  renderKubeconfig,
} from '@kube-aws/pki';
import { CliError } from './CliError.js';
import type { CliIo } from './CliIo.js';
import {
  credentialsDirectory,
  prepareCredentialsDirectory,
  readCredentialFiles,
  restrictKeyFile,
  writeIfChanged,
} from './internal/credentialFiles.js';
import { writeFileAtomic } from './internal/writeFileAtomic.js';
import { secretFileNames } from './secretFileNames.js';

export interface CredentialOptions {
  readonly forceRegenerate: readonly string[];
  readonly allowCaReplacement: boolean;
  /** Allows `forceRegenerate` to replace encryption-key: every Secret stored in etcd is lost. */
  readonly allowEncryptionKeyReplacement: boolean;
}

/**
 * Makes what is missing in credentials/, checks the whole set, and writes kubeconfig.
 * @throws {CliError} `CREDENTIALS_INVALID` naming each bad file.
 */
export async function renderCredentialFiles(
  config: ClusterConfig,
  assetDirectory: string,
  options: CredentialOptions,
  io: CliIo,
): Promise<void> {
  const directory = credentialsDirectory(assetDirectory);
  await prepareCredentialsDirectory(directory);
  const specs = planCredentials(config);
  const secrets = secretFileNames(config);
  const existing = await readCredentialFiles(directory, [
    ...specs.map((spec) => spec.certificateFile),
    ...secrets,
  ]);
  let result;
  try {
    result = await generateCredentials(config, existing, {
      forceRegenerate: options.forceRegenerate,
      allowCaReplacement: options.allowCaReplacement,
      allowEncryptionKeyReplacement: options.allowEncryptionKeyReplacement,
    });
  } catch (error) {
    if (PkiError.is(error))
      throw new CliError('CREDENTIALS_INVALID', error.message, { cause: error });
    throw error;
  }
  for (const [name, file] of result.files) {
    await writeFileAtomic(join(directory, name), file.content, {
      mode: file.secret ? 0o600 : 0o644,
      overwrite: true,
    });
  }
  for (const name of secrets) {
    if (
      existing.has(name) &&
      !result.files.has(name) &&
      (await restrictKeyFile(join(directory, name)))
    ) {
      io.stderr(`credentials/${name} was readable by others; its mode is now 0600\n`);
    }
  }
  const all = new Map([
    ...existing,
    ...[...result.files].map(([name, file]) => [name, file.content] as const),
  ]);
  const problems = await checkCredentials(config, all);
  if (problems.length > 0) {
    const lines = problems.map((problem) => `credentials/${problem.file}: ${problem.message}`);
    throw new CliError(
      'CREDENTIALS_INVALID',
      `the credentials cannot be used:\n${lines.join('\n')}\nReplace the files, or make them anew with --force-regenerate=<name>.`,
    );
  }
  const kubeconfigChanged = await writeIfChanged(
    join(assetDirectory, 'kubeconfig'),
    renderKubeconfig(config),
    0o600,
  );
  if (result.generated.length > 0)
    io.stdout(`Generated in credentials/: ${result.generated.join(', ')}\n`);
  if (result.kept.length > 0) io.stdout(`Kept as they were: ${result.kept.join(', ')}\n`);
  if (kubeconfigChanged) io.stdout('Wrote kubeconfig: kubectl --kubeconfig=kubeconfig get nodes\n');
}
