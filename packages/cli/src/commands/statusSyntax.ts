import { ASSET_DIR_FLAG, ENDPOINT_FLAG, HELP_FLAG, OUTPUT_FLAG } from '../internal/commonFlags.js';
import type { CommandSyntax } from '../internal/CommandSyntax.js';

/** `kube-aws status`. */
export const statusSyntax = {
  subcommands: [],
  flags: {
    'asset-dir': ASSET_DIR_FLAG,
    'endpoint-url': ENDPOINT_FLAG,
    output: OUTPUT_FLAG,
    help: HELP_FLAG,
  },
} as const satisfies CommandSyntax;
