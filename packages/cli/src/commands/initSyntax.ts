import { HELP_FLAG } from '../internal/commonFlags.js';
import type { CommandSyntax } from '../internal/CommandSyntax.js';

/** `kube-aws init`: the guide's values of cluster.yaml, as flags. */
export const initSyntax = {
  subcommands: [],
  flags: {
    'cluster-name': {
      type: 'string',
      value: '<name>',
      description: 'Name of the cluster and of its CloudFormation stack',
    },
    'external-dns-name': {
      type: 'string',
      value: '<host>',
      description: 'DNS name of the Kubernetes API',
    },
    region: { type: 'string', value: '<region>', description: 'AWS region, such as us-west-1' },
    'availability-zone': {
      type: 'string',
      value: '<zone>',
      description: 'Availability zone, such as us-west-1c',
    },
    'key-name': { type: 'string', value: '<key-pair>', description: 'EC2 key pair for SSH access' },
    'kms-key-arn': {
      type: 'string',
      value: '<arn>',
      description: 'ARN of the KMS key that encrypts the TLS assets',
    },
    sample: {
      type: 'boolean',
      description: "Fill every value the flags leave out with the guide's sample cluster",
    },
    'schema-url': {
      type: 'string',
      value: '<url>',
      description:
        "JSON Schema that cluster.yaml's first line names for editors (default: the file: URL of the installed @kube-aws/config-schema's schema)",
    },
    force: { type: 'boolean', description: 'Replace an existing cluster.yaml' },
    'asset-dir': {
      type: 'string',
      value: '<dir>',
      path: 'directory',
      description: 'Asset directory (default: the current directory; created if missing)',
    },
    help: HELP_FLAG,
  },
} as const satisfies CommandSyntax;
