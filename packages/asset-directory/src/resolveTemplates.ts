import type { ClusterConfig } from '@kube-aws/config-schema';
import { mergeTemplates, renderAssets, RenderError } from '@kube-aws/renderer';
import type { TemplateMerge } from '@kube-aws/renderer';
import { AssetError } from './AssetError.js';
import { readAssetFile } from './readAssetFile.js';
import { readRenderState, sha256 } from './internal/renderState.js';

/** Where render keeps each template as it last wrote it: the base of the next merge. */
export const BASE_DIRECTORY = '.kube-aws/rendered';

export interface ResolvedTemplates extends TemplateMerge {
  /** The templates in the asset directory now (undefined: missing). */
  readonly current: Readonly<Record<string, string | undefined>>;
  /** The templates of the config alone, without the user's edits. */
  readonly fresh: Readonly<Record<string, string>>;
}

/**
 * The templates of the config as it is now, with the user's edits of the asset directory carried
 * over (mergeTemplates), in memory: `render` writes them, `up`, `update` and `diff` deploy or plan
 * exactly these, so an edit of cluster.yaml counts without a render. Reads only.
 * @throws {AssetError} `CONFIG_INVALID` naming each place where an edit and a new value disagree.
 */
export async function resolveTemplates(
  config: ClusterConfig,
  assetDirectory: string,
): Promise<ResolvedTemplates> {
  const fresh = renderAssets(config);
  const state = await readRenderState(assetDirectory);
  const current: Record<string, string | undefined> = {};
  const base: Record<string, string | undefined> = {};
  for (const file of Object.keys(fresh)) {
    current[file] = (await readAssetFile(assetDirectory, file))?.toString('utf8');
    base[file] = (await readAssetFile(assetDirectory, `${BASE_DIRECTORY}/${file}`))?.toString(
      'utf8',
    );
    // An asset directory from before BASE_DIRECTORY: a template still as render wrote it is its own base.
    if (
      base[file] === undefined &&
      current[file] !== undefined &&
      state[file] === sha256(current[file])
    )
      base[file] = current[file];
  }
  let merge: TemplateMerge;
  try {
    merge = mergeTemplates({ fresh, current, base });
  } catch (error) {
    if (!RenderError.is(error)) throw error;
    throw new AssetError('CONFIG_INVALID', error.message, { cause: error });
  }
  if (merge.conflicts.length > 0) {
    const lines = merge.conflicts.map((conflict) =>
      conflict.path === ''
        ? `${conflict.file}: you edited it, and kube-aws's template changed too`
        : `${conflict.file}: ${conflict.path}: your edit and the value cluster.yaml gives now disagree`,
    );
    throw new AssetError(
      'CONFIG_INVALID',
      `your edits of the templates conflict with changes of the config:\n${lines.join('\n')}\nMake each edit agree with cluster.yaml (the template kube-aws would write now is made by render --force), then run again.`,
      {
        locations: merge.conflicts.map((conflict) => ({
          file: conflict.file,
          line: undefined,
          column: undefined,
          message:
            conflict.path === ''
              ? 'edited, and the default changed'
              : `${conflict.path}: edit and config disagree`,
        })),
      },
    );
  }
  return { ...merge, current, fresh };
}
