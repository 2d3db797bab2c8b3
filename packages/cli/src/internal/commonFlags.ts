/** Flags several commands share, spelled and explained once. */
export const ASSET_DIR_FLAG = {
  type: 'string',
  value: '<dir>',
  path: 'directory',
  description: 'Asset directory holding cluster.yaml (default: the current directory)',
} as const;

export const ENDPOINT_FLAG = {
  type: 'string',
  value: '<url>',
  description: 'Send AWS calls here, e.g. a local emulator (default: AWS_ENDPOINT_URL)',
} as const;

/** `--s3-uri` of the commands that deploy: where templates and userdata go. */
export const S3_URI_FLAG = {
  type: 'string',
  value: '<s3://bucket/prefix>',
  description: "Upload the template and userdata here (overrides cluster.yaml's s3URI)",
} as const;

export const HELP_FLAG = { type: 'boolean', short: 'h', description: 'Show this help' } as const;

/** `-y/--yes`: do it without asking. */
export function yesFlag(description: string) {
  return { type: 'boolean', short: 'y', description } as const;
}

/** The formats `-o/--output` prints, the first the default. */
export const OUTPUT_FORMATS = ['text', 'json', 'yaml'] as const;

/** `-o/--output text|json|yaml`. */
export const OUTPUT_FLAG = {
  type: 'string',
  short: 'o',
  choices: OUTPUT_FORMATS,
  description: 'Output format (default: text); json and yaml hold what text shows, and more',
} as const;

/** The flags of `kube-aws` itself, before any command. */
export const GLOBAL_FLAGS = {
  help: { type: 'boolean', short: 'h', description: 'Show help (also: kube-aws <command> --help)' },
  version: { type: 'boolean', short: 'v', description: 'Show the version' },
} as const;
