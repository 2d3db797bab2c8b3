import type { CliIo } from './CliIo.js';

/** One kube-aws command. Modules that define commands are loaded only when their command runs. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly help: string;
  run(args: readonly string[], io: CliIo): Promise<number>;
}
