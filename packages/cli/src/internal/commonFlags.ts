/** Flags several commands share, spelled and explained once. */
export const ASSET_DIR_FLAG = {
  type: 'string',
  value: '<dir>',
  description: 'Asset directory holding cluster.yaml (default: the current directory)',
} as const;

export const ENDPOINT_FLAG = {
  type: 'string',
  value: '<url>',
  description: 'Send AWS calls here, e.g. a local emulator (default: AWS_ENDPOINT_URL)',
} as const;

export const HELP_FLAG = { type: 'boolean', description: 'Show this help' } as const;
