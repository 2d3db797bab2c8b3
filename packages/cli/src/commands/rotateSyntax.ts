import { ASSET_DIR_FLAG, ENDPOINT_FLAG, HELP_FLAG } from '../internal/commonFlags.js';
import type { CommandSyntax } from '../internal/CommandSyntax.js';

/** `kube-aws rotate certificates`. */
export const rotateSyntax = {
  subcommands: ['certificates'],
  flags: {
    'asset-dir': ASSET_DIR_FLAG,
    yes: { type: 'boolean', description: 'Apply the update without asking' },
    's3-uri': {
      type: 'string',
      value: '<s3://bucket/prefix>',
      description: "Upload the template and userdata here (overrides cluster.yaml's s3URI)",
    },
    'endpoint-url': ENDPOINT_FLAG,
    help: HELP_FLAG,
  },
} as const satisfies CommandSyntax;
