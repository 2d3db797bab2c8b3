import { ASSET_DIR_FLAG, ENDPOINT_FLAG, HELP_FLAG, OUTPUT_FLAG } from '../internal/commonFlags.js';
import type { CommandSyntax } from '../internal/CommandSyntax.js';

/** `kube-aws validate`. */
export const validateSyntax = {
  subcommands: [],
  flags: {
    'asset-dir': ASSET_DIR_FLAG,
    offline: {
      type: 'boolean',
      description:
        'Do not call CloudFormation ValidateTemplate even when AWS credentials are present',
    },
    'endpoint-url': ENDPOINT_FLAG,
    output: OUTPUT_FLAG,
    help: HELP_FLAG,
  },
} as const satisfies CommandSyntax;
