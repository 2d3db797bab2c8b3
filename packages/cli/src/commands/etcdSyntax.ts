import {
  ASSET_DIR_FLAG,
  ENDPOINT_FLAG,
  HELP_FLAG,
  OUTPUT_FLAG,
  yesFlag,
} from '../internal/commonFlags.js';
import type { CommandSyntax } from '../internal/CommandSyntax.js';

/** `kube-aws etcd snapshot|list|restore`. */
export const etcdSyntax = {
  subcommands: ['snapshot', 'list', 'restore'],
  flags: {
    'asset-dir': ASSET_DIR_FLAG,
    'endpoint-url': ENDPOINT_FLAG,
    from: {
      type: 'string',
      value: 's3://…',
      description: 'restore: the snapshot to restore (kube-aws etcd list shows them)',
    },
    wait: {
      type: 'string',
      value: '<duration>',
      description: 'snapshot, restore: how long to wait for the controllers (default 10m, 30m)',
    },
    yes: yesFlag('restore: restore without asking'),
    output: OUTPUT_FLAG,
    help: HELP_FLAG,
  },
} as const satisfies CommandSyntax;
