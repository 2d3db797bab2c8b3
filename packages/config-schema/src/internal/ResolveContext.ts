import type { ConfigProblem } from '../ConfigProblem.js';
import { INPUT_LIMITS } from '../inputLimits.js';
import type { FieldPath, SourceInfo } from './SourceInfo.js';
import { formatPath } from './SourceInfo.js';

/** Collects problems while a config is resolved, and knows which fields are already known bad. */
export class ResolveContext {
  readonly problems: ConfigProblem[] = [];
  private readonly badPaths = new Set<string>();
  private readonly reportedByCode = new Map<string, number>();

  constructor(
    readonly input: Record<string, unknown>,
    private readonly source: SourceInfo | undefined,
  ) {}

  /** Records a problem at a path. Errors mark the path bad, so later rules leave it alone. */
  report(
    path: FieldPath,
    code: string,
    message: string,
    options: { severity?: 'error' | 'warning' } = {},
  ): void {
    const severity = options.severity ?? 'error';
    if (severity === 'error') this.badPaths.add(formatPath(path));
    // A file with thousands of unknown keys gets the first of them, not thousands of lines.
    const seen = (this.reportedByCode.get(code) ?? 0) + 1;
    this.reportedByCode.set(code, seen);
    if (seen > INPUT_LIMITS.maxProblemsPerKind) return;
    const at = this.source?.locate(path);
    this.problems.push({
      code,
      severity,
      file: this.source?.fileName ?? 'cluster.yaml',
      line: at?.line,
      column: at?.column,
      path: formatPath(path),
      message,
    });
  }

  /** True when no error was reported at, above or below any of these paths. */
  allValid(...paths: FieldPath[]): boolean {
    return paths.every((path) => {
      const text = formatPath(path);
      for (const bad of this.badPaths) {
        if (bad === text || isWithin(bad, text) || isWithin(text, bad)) return false;
      }
      return true;
    });
  }

  /** True when an error was reported at the path itself or at a path that holds it. */
  reportedAtOrAbove(path: FieldPath): boolean {
    const text = formatPath(path);
    for (const bad of this.badPaths) if (bad === text || isWithin(text, bad)) return true;
    return false;
  }

  /** The value the user wrote at a path, or undefined when absent or already reported bad. */
  valueAt(path: FieldPath): unknown {
    return this.allValid(path) ? this.rawAt(path) : undefined;
  }

  /** What the user wrote at a path, whether or not it was reported bad. */
  rawAt(path: FieldPath): unknown {
    let node: unknown = this.input;
    for (const segment of path) {
      if (typeof node !== 'object' || node === null) return undefined;
      node = (node as Record<string | number, unknown>)[segment];
    }
    return node;
  }

  /** True when the user wrote something at the path, good or bad. */
  has(path: FieldPath): boolean {
    let node: unknown = this.input;
    for (const segment of path) {
      if (typeof node !== 'object' || node === null || !(segment in node)) return false;
      node = (node as Record<string | number, unknown>)[segment];
    }
    return true;
  }

  get hasErrors(): boolean {
    return this.problems.some((problem) => problem.severity === 'error');
  }
}

function isWithin(inner: string, outer: string): boolean {
  return outer === '' || inner.startsWith(outer + '.') || inner.startsWith(outer + '[');
}
