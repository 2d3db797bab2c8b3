import type { ConfigProblem } from './ConfigProblem.js';
import { formatProblem } from './formatProblem.js';

const BRAND = Symbol.for('@kube-aws/config-schema.ConfigError');

/** Error codes of @kube-aws/config-schema. */
export type ConfigErrorCode =
  /** The user's cluster.yaml (or flags) has problems; see `problems`. */
  | 'CONFIG_INVALID'
  /** kube-aws itself failed while reading a config: a bug to report. */
  | 'CONFIG_INTERNAL';

/** The one error class of @kube-aws/config-schema: every located problem of a config at once. */
export class ConfigError extends Error {
  readonly code: ConfigErrorCode;
  readonly problems: readonly ConfigProblem[];

  constructor(
    code: ConfigErrorCode,
    problems: readonly ConfigProblem[],
    options?: { cause?: unknown },
  ) {
    const errors = problems.filter((problem) => problem.severity === 'error');
    const lines = errors.map(formatProblem);
    const headline =
      code === 'CONFIG_INTERNAL'
        ? 'kube-aws failed while reading the configuration (a bug in kube-aws)'
        : `${errors.length} problem${errors.length === 1 ? '' : 's'} in the cluster configuration`;
    super([headline + ':', ...lines].join('\n'), options);
    this.name = 'ConfigError';
    this.code = code;
    this.problems = problems;
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** True for a ConfigError from any copy of this package. */
  static is(value: unknown): value is ConfigError {
    return typeof value === 'object' && value !== null && BRAND in value;
  }
}
