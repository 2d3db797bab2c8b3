import { ASSET_DIR_FLAG, ENDPOINT_FLAG, HELP_FLAG, S3_URI_FLAG } from '../internal/commonFlags.js';
import type { CommandSyntax } from '../internal/CommandSyntax.js';

/** `kube-aws rotate certificates`. */
export const rotateSyntax = {
  subcommands: ['certificates'],
  flags: {
    'asset-dir': ASSET_DIR_FLAG,
    yes: { type: 'boolean', description: 'Apply the update without asking' },
    's3-uri': S3_URI_FLAG,
    'endpoint-url': ENDPOINT_FLAG,
    help: HELP_FLAG,
  },
} as const satisfies CommandSyntax;
