import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { loadAssetConfig } from '@kube-aws/asset-directory';
import type { ClusterConfig } from '@kube-aws/config-schema';
import { ActionError } from '../ActionError.js';
import type { RunState } from './RunState.js';

/**
 * cluster.yaml of the asset directory, with the s3-uri input over its s3URI, once the aws-region
 * input (when set) agrees with it.
 * @throws {ActionError} `INPUT_INVALID`; AssetError `CONFIG_INVALID` with the problems' places.
 */
export async function loadActionConfig(state: RunState): Promise<ClusterConfig> {
  const { inputs, assetDirectory } = state;
  if (
    !(await access(join(assetDirectory, 'cluster.yaml')).then(
      () => true,
      () => false,
    ))
  )
    throw new ActionError(
      'INPUT_INVALID',
      `there is no cluster.yaml in ${assetDirectory} (input working-directory: ${inputs.workingDirectory}); commit one made with kube-aws init`,
    );
  const loaded = await loadAssetConfig(assetDirectory, state.io);
  const config = inputs.s3Uri === '' ? loaded : { ...loaded, s3URI: inputs.s3Uri };
  state.outcome.config = config;
  if (inputs.awsRegion !== '' && inputs.awsRegion !== config.region)
    throw new ActionError(
      'INPUT_INVALID',
      `input aws-region is ${inputs.awsRegion}, but cluster.yaml's region is ${config.region}; the cluster lives in one region`,
    );
  return config;
}
