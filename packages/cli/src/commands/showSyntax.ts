import { ASSET_DIR_FLAG, HELP_FLAG, OUTPUT_FLAG } from '../internal/commonFlags.js';
import type { CommandSyntax } from '../internal/CommandSyntax.js';

/** `kube-aws show certificates`. */
export const showSyntax = {
  subcommands: ['certificates'],
  flags: {
    'asset-dir': ASSET_DIR_FLAG,
    output: OUTPUT_FLAG,
    help: HELP_FLAG,
  },
} as const satisfies CommandSyntax;
