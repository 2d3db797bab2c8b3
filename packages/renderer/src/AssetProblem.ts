/** One problem `kube-aws validate` finds in the asset directory. */
export interface AssetProblem {
  /** The asset file, relative to the asset directory: `cloud-config/cloud-config-worker`. */
  readonly file: string;
  /** 1-based line in that file (for cloud-configs: of the filled-in file, which keeps the template's lines). */
  readonly line: number | undefined;
  readonly message: string;
}

/** `file:line: message`, as compilers print it. */
export function formatAssetProblem(problem: AssetProblem): string {
  return `${problem.file}${problem.line === undefined ? '' : `:${problem.line}`}: ${problem.message}`;
}
