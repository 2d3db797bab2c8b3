import { ASSET_DIR_FLAG, ENDPOINT_FLAG, HELP_FLAG, yesFlag } from '../internal/commonFlags.js';
import type { CommandSyntax } from '../internal/CommandSyntax.js';

/** `kube-aws destroy`. */
export const destroySyntax = {
  subcommands: [],
  flags: {
    'asset-dir': ASSET_DIR_FLAG,
    'endpoint-url': ENDPOINT_FLAG,
    yes: yesFlag('Destroy without asking'),
    force: { type: 'boolean', description: 'Turn termination protection off first' },
    help: HELP_FLAG,
  },
} as const satisfies CommandSyntax;
