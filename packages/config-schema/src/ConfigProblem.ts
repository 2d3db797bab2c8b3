/** One thing wrong (or worth a warning) in a cluster.yaml, with where it is. */
export interface ConfigProblem {
  /** Stable identifier of the rule, such as `unknown-key` or `subnet-outside-vpc`. */
  readonly code: string;
  readonly severity: 'error' | 'warning';
  /** File name as given to parseClusterConfig, or a flag such as `--region`. */
  readonly file: string;
  /** 1-based line, when the problem has a place in the file. */
  readonly line: number | undefined;
  /** 1-based column, when the problem has a place in the file. */
  readonly column: number | undefined;
  /** Dotted field path such as `worker.nodePools[0].count`; empty for the file itself. */
  readonly path: string;
  readonly message: string;
}
