export { main } from './main.js';
export { ExitCode } from './ExitCode.js';
export { CliError } from './CliError.js';
export type { CliErrorCode, ProblemLocation } from './CliError.js';
export type { CliIo } from './CliIo.js';
export type { Command } from './Command.js';
