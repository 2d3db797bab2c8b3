import type { ClusterConfig } from '@kube-aws/config-schema';
import { ASSET_FILES } from './nodeAssets.js';
import { DEFAULT_TEMPLATES } from './internal/defaultTemplates.js';
import { sortTemplate } from './internal/sortKeys.js';
import { stackTemplateFor } from './internal/stackTemplateFor.js';

/** The asset files `kube-aws render` writes, by path relative to the asset directory. */
export type RenderedAssets = Readonly<Record<string, string>>;

/**
 * The default templates of a cluster: the two cloud-configs, the add-ons, the controllers' etcd
 * tools and the stack template, with
 * placeholders for what only buildStack knows (userdata, encrypted assets, the AMI). The user may
 * edit any of them before `up`. Pure: the same config gives the same bytes.
 */
export function renderAssets(config: ClusterConfig): RenderedAssets {
  return {
    [ASSET_FILES.controller]: DEFAULT_TEMPLATES.controller,
    [ASSET_FILES.worker]: DEFAULT_TEMPLATES.worker,
    [ASSET_FILES.addons]: DEFAULT_TEMPLATES.addons,
    [ASSET_FILES.etcd]: DEFAULT_TEMPLATES.etcd,
    [ASSET_FILES.stack]: JSON.stringify(sortTemplate(stackTemplateFor(config)), null, 2) + '\n',
  };
}
