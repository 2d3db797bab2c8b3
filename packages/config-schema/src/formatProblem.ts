import type { ConfigProblem } from './ConfigProblem.js';

/**
 * Formats a problem the way compilers do:
 * `cluster.yaml:14:5 worker.count: must be a whole number ≥ 0 (got "three")`.
 */
export function formatProblem(problem: ConfigProblem): string {
  const where =
    problem.line === undefined
      ? problem.file
      : `${problem.file}:${problem.line}:${problem.column ?? 1}`;
  const severity = problem.severity === 'warning' ? ` warning[${problem.code}]` : '';
  const path = problem.path === '' ? '' : ` ${problem.path}:`;
  return `${where}${severity}${path} ${problem.message}`;
}
