import {
  ASSET_DIR_FLAG,
  ENDPOINT_FLAG,
  HELP_FLAG,
  OUTPUT_FLAG,
  S3_URI_FLAG,
  yesFlag,
} from '../internal/commonFlags.js';
import type { CommandSyntax } from '../internal/CommandSyntax.js';

/** The flags up, update and diff share. */
const COMMON = {
  'asset-dir': ASSET_DIR_FLAG,
  's3-uri': S3_URI_FLAG,
  'endpoint-url': ENDPOINT_FLAG,
  help: HELP_FLAG,
} as const;

/** `kube-aws up`, `update` and `diff`: the flags of each. */
export const deploySyntax = {
  up: {
    subcommands: [],
    flags: {
      ...COMMON,
      yes: yesFlag('Create without asking'),
      export: {
        type: 'boolean',
        description:
          'Write <clusterName>.stack-template.json (sealed assets included) instead of creating the stack',
      },
      recreate: {
        type: 'boolean',
        description: 'Delete a stack left in ROLLBACK_COMPLETE and create it again',
      },
    },
  },
  update: {
    subcommands: [],
    flags: {
      ...COMMON,
      yes: yesFlag('Apply without asking, replacements included'),
    },
  },
  diff: {
    subcommands: [],
    flags: {
      ...COMMON,
      output: OUTPUT_FLAG,
      drift: {
        type: 'boolean',
        description:
          'Report resources changed outside CloudFormation (drift detection) instead of planning; exit 3 when something drifted',
      },
      upload: {
        type: 'boolean',
        description:
          'Upload a stack template too large to send inline to s3URI, so CloudFormation can plan it (diff writes nothing otherwise)',
      },
    },
  },
} as const satisfies Record<'up' | 'update' | 'diff', CommandSyntax>;
