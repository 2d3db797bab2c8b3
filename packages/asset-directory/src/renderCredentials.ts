import type { ClusterConfig } from '@kube-aws/config-schema';
import { AssetError } from './AssetError.js';
import type { AssetIo } from './AssetIo.js';
import { ExitCode } from './ExitCode.js';
import { renderCredentialFiles } from './renderCredentialFiles.js';
import type { CredentialOptions } from './renderCredentialFiles.js';
import { sealedOnlySecrets } from './sealedOnlySecrets.js';

/**
 * The credentials step of `render`, `up` and `update`: secrets present only sealed (a clone) are
 * opened with KMS first, so the cluster keeps its CA; then what is missing is made and all of it
 * checked (renderCredentialFiles). Without KMS access it refuses, and makes no new CA or key.
 * @throws {AssetError} `CREDENTIALS_INVALID` (exit 1) when the sealed secrets cannot be opened.
 */
export async function renderCredentials(
  config: ClusterConfig,
  assetDirectory: string,
  options: CredentialOptions,
  endpoint: string | undefined,
  io: AssetIo,
): Promise<void> {
  const { forceRegenerate } = options;
  // The AWS SDK loads only when something is sealed, so a plain render starts fast.
  if ((await sealedOnlySecrets(config, assetDirectory, forceRegenerate)).length > 0) {
    const { openSealedCredentials } = await import('./openSealedCredentials.js');
    const { clientsFor } = await import('./prepareDeployment.js');
    try {
      await openSealedCredentials(config, assetDirectory, clientsFor(config, io, endpoint), io, {
        forceRegenerate,
      });
    } catch (error) {
      // No KMS access (a teammate's clone, a plan role): refuse, and make no new CA or keys.
      if (!AssetError.is(error) || error.code !== 'PROVISIONING_FAILED') throw error;
      throw new AssetError(
        'CREDENTIALS_INVALID',
        `cannot open the sealed secrets of credentials/ with KMS: ${error.message}\nNo new CA or key is made for a cluster whose keys are sealed. Get kms:Decrypt on ${config.kmsKeyArn} and run again.`,
        {
          cause: error,
          exitCode: error.exitCode === ExitCode.Interrupted ? error.exitCode : ExitCode.UserError,
        },
      );
    }
  }
  await renderCredentialFiles(config, assetDirectory, options, io);
}
