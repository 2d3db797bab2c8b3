import { ASSET_DIR_FLAG, HELP_FLAG, OUTPUT_FLAG } from '../internal/commonFlags.js';
import type { CommandSyntax } from '../internal/CommandSyntax.js';

/** `kube-aws check`. */
export const checkSyntax = {
  subcommands: [],
  flags: {
    'asset-dir': ASSET_DIR_FLAG,
    kubeconfig: {
      type: 'string',
      value: '<path>',
      path: 'file',
      description:
        'Kubeconfig to use (default: the kubeconfig kube-aws render wrote in the asset directory)',
    },
    wait: {
      type: 'string',
      value: '<duration>',
      description: 'Check every 10 s until every check passes or this time is up, e.g. 15m or 90s',
    },
    output: OUTPUT_FLAG,
    help: HELP_FLAG,
  },
} as const satisfies CommandSyntax;
