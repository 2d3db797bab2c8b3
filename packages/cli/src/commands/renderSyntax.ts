import { ASSET_DIR_FLAG, ENDPOINT_FLAG, HELP_FLAG } from '../internal/commonFlags.js';
import type { CommandSyntax } from '../internal/CommandSyntax.js';

/** `kube-aws render [credentials]`. */
export const renderSyntax = {
  subcommands: ['credentials'],
  flags: {
    'asset-dir': ASSET_DIR_FLAG,
    force: { type: 'boolean', description: 'Replace templates you edited with the defaults' },
    'force-regenerate': {
      type: 'string',
      value: '<name>',
      multiple: true,
      description: 'Make this credential anew although it exists (repeatable), e.g. apiserver',
    },
    'i-understand-this-replaces-the-ca': {
      type: 'boolean',
      description: 'Allow --force-regenerate to replace a CA and everything it signed',
    },
    'i-understand-this-replaces-the-encryption-key': {
      type: 'boolean',
      description:
        'Allow --force-regenerate to replace encryption-key: every Secret stored in etcd is lost',
    },
    'endpoint-url': ENDPOINT_FLAG,
    help: HELP_FLAG,
  },
} as const satisfies CommandSyntax;
