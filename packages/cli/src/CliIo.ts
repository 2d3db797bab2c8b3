import type { AssetIo } from '@kube-aws/asset-directory';

/** What a command may touch of the outside world: @kube-aws/asset-directory's AssetIo. */
export type CliIo = AssetIo;
